// Bundles the in-editor suite: dist/e2e/suite.js (test-electron's extensionTestsPath) and the
// runner extension for code-server.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], logLevel: 'warning' };

export async function bundleSuite(runnerExtensionDir) {
  await build({ ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'dist/e2e/suite.js' });
  if (runnerExtensionDir) await build({ ...common, entryPoints: ['test/e2e/runner-extension.ts'], outfile: `${runnerExtensionDir}/extension.js` });
}
