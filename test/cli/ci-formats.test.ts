import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-ci-formats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Twelve one-shot routes (warnings) and a first-boot upgrade (info), in a file whose name needs escaping. */
const routes = Array.from({ length: 12 }, (_, i) => `  - ip route add 10.${i}.0.0/16 via 10.0.0.1 # 100%`).join('\n');
writeFileSync(path.join(dir, 'edge,a:b-user-data'), `#cloud-config\npackage_upgrade: true\nruncmd:\n${routes}\n`);
writeFileSync(path.join(dir, 'clean-user-data'), '#cloud-config\nruncmd:\n  - echo hello\n');

function hindsight(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CI formats', () => {
  it('github: escaped workflow commands, at most ten per level, the rest in the job summary with the version', () => {
    const summary = path.join(dir, 'summary.md');
    const { code, stdout } = hindsight(['scan', '.', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    const warnings = lines.filter((line) => line.startsWith('::warning '));
    assert.equal(warnings.length, 10);
    assert.equal(lines.filter((line) => line.startsWith('::notice file=')).length, 1);
    assert.match(
      warnings[0],
      /^::warning file=edge%2Ca%3Ab-user-data,line=4,endLine=4,col=5,endColumn=\d+,title=Hindsight non-persistent-route::`ip route add 10\.0\.0\.0\/16 via 10\.0\.0\.1`/,
    );
    assert.match(lines[lines.length - 1], /^::notice title=Hindsight::2 more findings than GitHub annotates in one step/);
    const table = readFileSync(summary, 'utf8');
    assert.match(table, /^### Hindsight \d+\.\d+\.\d+: 13 findings/);
    assert.equal(table.split('\n').filter((line) => line.startsWith('| warning |')).length, 12);
  });

  it('gitlab: a Code Quality report with severities and fingerprints unique per finding', () => {
    const { code, stdout } = hindsight(['scan', '.', '--format', 'gitlab']);
    assert.equal(code, 1);
    const issues = JSON.parse(stdout) as { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
    assert.equal(issues.length, 13);
    assert.deepEqual(new Set(issues.map((issue) => issue.severity)), new Set(['minor', 'major']));
    assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, 13);
    assert.deepEqual(issues[1].location, { path: 'edge,a:b-user-data', lines: { begin: 4, end: 4 } });
  });

  it('junit: one failed test case per finding, XML-escaped; a clean scan is one passing case', () => {
    const { stdout } = hindsight(['scan', '.', '--format', 'junit']);
    assert.match(stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="hindsight" tests="13" failures="13">/);
    assert.equal((stdout.match(/<failure /g) ?? []).length, 13);
    assert.doesNotMatch(stdout.replace(/<[^>]*>/g, ''), /[<>]/);
    const clean = hindsight(['scan', 'clean-user-data', '--format', 'junit']);
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /tests="1" failures="0"[\s\S]*<testcase classname="hindsight" name="no hazards found"\/>/);
  });
});

describe('the rule catalog in the terminal', () => {
  it('rules lists every rule; explain prints a page, and suggests the id a typo meant', () => {
    const rules = hindsight(['rules']);
    assert.equal(rules.code, 0);
    assert.match(rules.stdout, /^apt-lock-race +warning +apt at boot/m);
    const page = hindsight(['explain', 'automatic-reboot']);
    assert.equal(page.code, 0);
    assert.match(page.stdout, /^automatic-reboot \(warning\): Hosts reboot themselves after updates\n\n\*\*Why this is a hazard\.\*\*/);
    assert.match(page.stdout, /Incidents:\n {2}- GOV\.UK, 2020-10-30/);
    const typo = hindsight(['explain', 'networkd-restrat']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /no rule "networkd-restrat"; did you mean networkd-restart\?/);
  });
});

/** The escape character that starts an ANSI colour sequence. */
const ESC = String.fromCharCode(27);

describe('terminal manners', () => {
  it('a code frame under each finding, a count per rule, and colour only when asked or on a terminal without NO_COLOR', () => {
    const plain = hindsight(['scan', 'edge,a:b-user-data']);
    const lines = plain.stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('edge,a:b-user-data:4:5 warning non-persistent-route '));
    assert.deepEqual(lines.slice(at + 1, at + 3), [
      '  4 |   - ip route add 10.0.0.0/16 via 10.0.0.1 # 100%',
      `    |     ${'^'.repeat('ip route add 10.0.0.0/16 via 10.0.0.1'.length)}`,
    ]);
    assert.match(plain.stdout, /\nBy rule:\n {5}12 {2}non-persistent-route\n {6}1 {2}first-boot-package-upgrade\n13 findings \(1 info, 12 warning\)\.\n$/);
    assert.ok(!plain.stdout.includes(`${ESC}[`));
    const coloured = hindsight(['scan', 'edge,a:b-user-data', '--color', 'always']);
    assert.ok(coloured.stdout.includes(`:4:5 ${ESC}[33mwarning${ESC}[39m ${ESC}[2mnon-persistent-route${ESC}[22m `));
    assert.ok(!hindsight(['scan', 'edge,a:b-user-data', '--color', 'auto'], { NO_COLOR: '1' }).stdout.includes(`${ESC}[`));
    assert.equal(hindsight(['scan', '.', '--color', 'sometimes']).code, 2);
  });
});
