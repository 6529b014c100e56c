/**
 * `npm run test:e2e`: the runner that works on this machine. VS Code desktop needs a download and
 * Node 22+; where that is not possible (no network beyond the npm registry), code-server is used.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const electron = process.env.HINDSIGHT_E2E_RUNNER === 'electron';
const script = path.join(__dirname, electron ? 'run-electron.ts' : 'run-code-server.ts');
try {
  execFileSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
