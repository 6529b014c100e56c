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
