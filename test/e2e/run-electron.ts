/**
 * The in-editor suite in VS Code desktop, for machines that can download it (@vscode/test-electron
 * needs Node 22 or newer). Runs the same suite as the code-server runner.
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
// @ts-expect-error a plain ES module of the project's own
import { bundleSuite } from './bundle.mjs';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  await bundleSuite();
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist', 'e2e', 'suite.js'),
    launchArgs: [path.join(root, 'test', 'e2e', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: Error) => {
  console.error(`e2e (electron): ${error.message}`);
  process.exit(1);
});
