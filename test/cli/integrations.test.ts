import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };

describe('pre-commit', () => {
  it('the hook entry, run on the staged files as pre-commit runs it, fails on a hazard and passes without one', () => {
    const [hook] = parse(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string }[];
    assert.equal(hook.id, 'hindsight');
    assert.equal(hook.language, 'node');
    const [program, ...args] = hook.entry.split(' ');
    const bin = path.join(root, packageJson.bin[program]);
    const repo = mkdtempSync(path.join(tmpdir(), 'hindsight-pre-commit-'));
    try {
      const git = (...gitArgs: string[]) => execFileSync('git', ['-C', repo, ...gitArgs], { encoding: 'utf8' });
      git('init', '-q');
      writeFileSync(path.join(repo, 'user-data'), '#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1\n');
      writeFileSync(path.join(repo, 'README.md'), '# infra\n');
      const run = () => {
        const staged = git('diff', '--cached', '--name-only').trim().split('\n').filter(Boolean);
        return spawnSync(process.execPath, [bin, ...args, ...staged], { cwd: repo, encoding: 'utf8' });
      };
      git('add', 'README.md');
      assert.equal(run().status, 0);
      git('add', 'user-data');
      const failing = run();
      assert.equal(failing.status, 1);
      assert.match(failing.stdout, /^user-data:3:5 warning non-persistent-route /m);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('GitHub Action', () => {
  it('action.yml runs the shipped CLI with inputs that exist, uploads SARIF and annotates with --format github', () => {
    const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      runs: { using: string; steps: { run?: string; uses?: string }[] };
    };
    assert.equal(action.runs.using, 'composite');
    const runs = action.runs.steps.flatMap((step) => (step.run ? [step.run] : []));
    for (const run of runs.filter((each) => each.includes('bin/'))) {
      const script = /\$GITHUB_ACTION_PATH\/(bin\/[\w.-]+)/.exec(run)![1];
      assert.ok(existsSync(path.join(root, script)), script);
      for (const input of run.matchAll(/inputs\.([\w-]+)/g)) assert.ok(input[1] in action.inputs, input[1]);
    }
    assert.ok(runs.some((run) => run.includes('--format github')));
    assert.ok(action.runs.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif')));
  });
});

describe('baseline', () => {
  it('records today’s findings, reports only new ones (a moved line is still known), prunes what no longer occurs, and is read from the config', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'hindsight-baseline-'));
    const hindsight = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), ...args], { cwd: repo, encoding: 'utf8' });
    try {
      writeFileSync(path.join(repo, 'user-data'), '#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1\n  - ip route add 10.2.0.0/16 via 10.1.1.1\n');
      const written = hindsight('scan', '.', '--baseline-write', 'baseline.json');
      assert.equal(written.status, 0);
      assert.match(written.stderr, /recorded 2 findings in baseline\.json/);
      assert.equal(hindsight('scan', '.', '--baseline', 'baseline.json').status, 0);

      // Lines move; one known route stays, one goes, a new one comes.
      writeFileSync(path.join(repo, 'user-data'), '#cloud-config\n# moved down\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1\n  - ip route add 10.9.0.0/16 via 10.1.1.1\n');
      const scan = hindsight('scan', '.', '--baseline', 'baseline.json', '--format', 'json');
      assert.equal(scan.status, 1);
      assert.deepEqual(
        JSON.parse(scan.stdout).findings.map((finding: { range: { start: { line: number } } }) => finding.range.start.line),
        [4],
      );
      assert.match(scan.stderr, /1 findings in baseline\.json no longer occur and were pruned from it/);
      assert.equal((JSON.parse(readFileSync(path.join(repo, 'baseline.json'), 'utf8')) as { entries: unknown[] }).entries.length, 1, 'the new finding is never taken in');

      // The same baseline named by .hindsight.yaml, as the editor reads it.
      writeFileSync(path.join(repo, '.hindsight.yaml'), 'baseline: baseline.json\n');
      const configured = hindsight('scan', '.', '--format', 'json');
      assert.equal(JSON.parse(configured.stdout).findings.length, 1);
      writeFileSync(path.join(repo, '.hindsight.yaml'), 'baseline: missing.json\n');
      assert.match(hindsight('scan', '.').stdout, /missing\.json: note: baseline not read: ENOENT/);
      assert.equal(hindsight('scan', '.', '--baseline', 'missing.json').status, 2);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
