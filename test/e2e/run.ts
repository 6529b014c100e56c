/**
 * `npm run test:e2e`: the runner that works on this machine. VS Code desktop needs a download and
 * Node 22+ (@vscode/test-electron); where that is not possible (no network beyond the npm registry,
 * Node 20), code-server is used. HINDSIGHT_E2E_RUNNER=electron|code-server overrides the choice.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const codeServerReady = existsSync(path.join(__dirname, '../../.e2e-cache/node_modules/code-server'));
const choice = process.env.HINDSIGHT_E2E_RUNNER ?? (Number(process.versions.node.split('.')[0]) >= 22 && !codeServerReady ? 'electron' : 'code-server');
const electron = choice === 'electron';
const script = path.join(__dirname, electron ? 'run-electron.ts' : 'run-code-server.ts');
try {
  execFileSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
