import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleCodeFor } from '../../server/src/core/rules/code-registry';
import { testEngine } from '../helpers';

describe('crash isolation', () => {
  it('a rule that throws is reported with its id; the other rules still report', async () => {
    const engine = await testEngine();
    const code = ruleCodeFor('remote-script-piped-to-shell')!;
    const original = code.check;
    code.check = () => {
      throw new Error('boom');
    };
    try {
      const analysis = engine.analyse('user-data', '#cloud-config\npackage_upgrade: true\nruncmd:\n  - curl x | sh\n');
      assert.deepEqual(
        analysis.failures.map((failure) => [failure.ruleId, failure.error.message]),
        [['remote-script-piped-to-shell', 'boom']],
      );
      assert.deepEqual(
        analysis.findings.map((finding) => finding.ruleId),
        ['first-boot-package-upgrade'],
      );
    } finally {
      code.check = original;
    }
  });
});
