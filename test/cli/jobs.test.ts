import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MIN_FILES_PER_WORKER } from '../../server/src/core/scan/lanes';

const root = path.join(__dirname, '..', '..');

function hindsight(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr || String(result.error ?? '') };
}

describe('hindsight scan --jobs', () => {
  let tree: string;

  before(() => {
    // Enough copies of the examples (plays and roles, Terraform, Packer, units and scripts) for two workers.
    tree = mkdtempSync(path.join(tmpdir(), 'hindsight-cli-jobs-'));
    for (let i = 0; i <= (2 * MIN_FILES_PER_WORKER) / 16 + 1; i++) cpSync(path.join(root, 'examples'), path.join(tree, `copy-${i}`), { recursive: true });
  });
  after(() => rmSync(tree, { recursive: true, force: true }));

  it('reports exactly what one thread reports, in every format', () => {
    for (const format of ['text', 'sarif']) {
      const one = hindsight(['scan', '.', '--jobs', '1', '--format', format, '--color', 'never'], tree);
      const three = hindsight(['scan', '.', '--jobs', '3', '--format', format, '--color', 'never'], tree);
      assert.equal(one.code, 1, one.stderr);
      assert.equal(three.code, one.code, three.stderr);
      assert.equal(three.stdout, one.stdout);
      assert.equal(three.stderr, one.stderr);
    }
  });

  it('takes a whole number of threads, at least one', () => {
    for (const jobs of ['0', 'two', '1.5']) {
      const { code, stderr } = hindsight(['scan', '.', '--jobs', jobs], tree);
      assert.equal(code, 2);
      assert.match(stderr, /--jobs must be a whole number of threads, at least 1/);
    }
  });
});
