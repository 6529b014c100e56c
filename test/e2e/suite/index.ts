import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

/**
 * Runs the in-editor suite inside VS Code's extension host. Both runners call it: test-electron
 * through `extensionTestsPath`, the code-server runner through the runner extension. Results are
 * also written as JSON when HINDSIGHT_E2E_RESULTS names a file.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 45_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  // Loaded after pre-require, so `suite` and `test` exist as globals when it runs.
  require('./extension.test');
  return new Promise((resolve, reject) => {
    const results: { title: string; state: string; error?: string }[] = [];
    const runner = mocha.run((failures) => {
      const file = process.env.HINDSIGHT_E2E_RESULTS;
      if (file) writeFileSync(file, JSON.stringify({ failures, results }, null, 2));
      if (failures > 0) reject(new Error(`${failures} in-editor test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed' }));
    runner.on('fail', (test, error: Error) => results.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? error.message }));
  });
}
