// The quick-fix oracles (`npm run test:fixes`): every rule fixture and the examples are fixed with
// `hindsight scan --fix`, and each result is handed to the tool that consumes it. A tool that accepted
// the original must accept the fixed file; the route and apt fixes must also take effect.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CollectedFixture } from '../rules/spec';
import { testEngine } from '../helpers';
import { effects, judge, nicsNamedByRoutes, routeEffectProblems, type Verdict } from './oracles';

const root = path.resolve(__dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-oracles-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The rule fixtures, read from test/rules/*.test.ts without registering their tests. */
function ruleFixtures(): CollectedFixture[] {
  process.env.HINDSIGHT_COLLECT_FIXTURES = '1';
  for (const name of readdirSync(path.join(root, 'test/rules')).filter((file) => file.endsWith('.test.ts'))) require(path.join(root, 'test/rules', name));
  return (require('../rules/spec') as typeof import('../rules/spec')).COLLECTED;
}

function fix(dir: string): void {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), 'scan', '.', '--fix', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
}

/** Tools that accepted the original but reject the fixed file. */
export function regressions(original: Verdict[], fixed: Verdict[]): string[] {
  return fixed.filter((verdict, i) => original[i]?.accepted && !verdict.accepted).map((verdict) => `${verdict.tool}: ${verdict.detail.slice(0, 400)}`);
}

interface Case {
  label: string;
  fileName: string;
  before: string;
  file: string;
}

async function judged(cases: Case[]): Promise<{ failures: string[]; judged: number; unjudged: number }> {
  const engine = await testEngine();
  const failures: string[] = [];
  let judgedCount = 0;
  let unjudged = 0;
  for (const [index, item] of cases.entries()) {
    const after = readFileSync(item.file, 'utf8');
    if (after === item.before) continue;
    const format = engine.parse(item.fileName, item.before)?.format ?? '';
    const work = path.join(scratch, 'judge', String(index));
    mkdirSync(work, { recursive: true });
    const nics = format === 'cloud-init' ? nicsNamedByRoutes(item.before) : [];
    const original = judge(format, item.fileName, item.before, work, nics);
    const fixed = judge(format, item.fileName, after, work, nics);
    if (original.length === 0 || !original.some((verdict) => verdict.accepted)) unjudged++;
    else judgedCount++;
    for (const problem of regressions(original, fixed)) failures.push(`${item.label} (${item.fileName}): ${problem}\n--- fixed ---\n${after}`);
    for (const problem of routeEffectProblems(item.before, after, nics)) failures.push(`${item.label}: ${problem}\n--- fixed ---\n${after}`);
    const { apt } = effects(after, []);
    if (apt !== undefined && /99-hindsight-no-unattended-upgrades/.test(after) && !/APT::Periodic::Unattended-Upgrade "0";/.test(apt)) {
      failures.push(`${item.label}: apt-config does not see Unattended-Upgrade "0":\n${apt}`);
    }
  }
  return { failures, judged: judgedCount, unjudged };
}

describe('quick fixes judged by the tools that consume them', () => {
  const fixtures: Case[] = [];
  before(() => {
    for (const [index, fixture] of ruleFixtures().entries()) {
      const file = path.join(scratch, 'fixtures', String(index), fixture.fileName);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, fixture.text);
      fixtures.push({ label: `${fixture.ruleId}: ${fixture.name}`, fileName: fixture.fileName, before: fixture.text, file });
    }
    fix(path.join(scratch, 'fixtures'));
  });

  it('every rule fixture, fixed, is accepted by every tool that accepted it before', async () => {
    const { failures, judged: count, unjudged } = await judged(fixtures);
    console.log(`rule fixtures: ${fixtures.length}, fixed and judged: ${count}, fixed but rejected before fixing (not judged): ${unjudged}`);
    assert.ok(count > 10, 'the oracles judged too few fixed files');
    assert.deepEqual(failures, []);
  });

  it('the examples, fixed, are accepted by every tool that accepted them before', async () => {
    const dir = path.join(scratch, 'examples');
    cpSync(path.join(root, 'examples'), dir, { recursive: true });
    const originals = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .map((file) => ({ label: 'examples', fileName: path.relative(dir, file), before: readFileSync(file, 'utf8'), file }));
    fix(dir);
    const { failures, judged: count } = await judged(originals);
    console.log(`examples: ${originals.length} files, fixed and judged: ${count}`);
    assert.ok(count >= 2);
    assert.deepEqual(failures, []);
  });

  it('a fixed file a tool rejects fails the suite', () => {
    const work = path.join(scratch, 'bad');
    mkdirSync(work, { recursive: true });
    const good = '#cloud-config\npackages: [frr]\n';
    const badSchema = '#cloud-config\npackages: 3\n';
    const badNetplan =
      '#cloud-config\nwrite_files:\n  - path: /etc/netplan/60-routes.yaml\n    content: |\n      network:\n        version: 2\n        ethernets:\n          eth0:\n            routes:\n              - to: not-an-address\n';
    assert.deepEqual(regressions(judge('cloud-init', 'user-data', good, work), judge('cloud-init', 'user-data', good, work)), []);
    assert.equal(regressions(judge('cloud-init', 'user-data', good, work), judge('cloud-init', 'user-data', badSchema, work)).length, 1);
    const netplanVerdicts = judge('cloud-init', 'user-data', badNetplan, work);
    assert.equal(netplanVerdicts.find((verdict) => verdict.tool === 'netplan generate')?.accepted, false);
    const routed = '#cloud-config\nruncmd:\n  - ip route replace 10.9.0.0/16 via 10.0.0.1 dev eth0\n';
    const declared = (id: string, match: string) =>
      `${routed}write_files:\n  - path: /etc/netplan/60-r.yaml\n    content: |\n      network:\n        version: 2\n        ethernets:\n          ${id}:${match}\n            routes:\n              - to: 10.9.0.0/16\n                via: 10.0.0.1\n`;
    assert.deepEqual(routeEffectProblems(routed, declared('eth0', ''), ['eth0']), []);
    assert.match(routeEffectProblems(routed, declared('routes0', '\n            match: {name: eth0}'), ['eth0']).join('\n'), /eth0 is now matched by/);
    assert.match(routeEffectProblems(routed, declared('eth1', ''), ['eth0']).join('\n'), /does not get the route to 10\.9\.0\.0\/16 on eth0/);
    const unit = '[Service]\nType=oneshot\nExecStart=/sbin/ip route replace 10.9.0.0/16 via 10.0.0.1 dev eth0\n[Install]\nWantedBy=multi-user.target\n';
    assert.deepEqual(regressions(judge('systemd-unit', 'routes.service', unit, work), judge('systemd-unit', 'routes.service', unit, work)), []);
    assert.equal(regressions(judge('systemd-unit', 'routes.service', unit, work), judge('systemd-unit', 'routes.service', unit.replace('Type=', 'Typ='), work)).length, 1);
    const writtenUnit = `#cloud-config\nwrite_files:\n  - path: /etc/systemd/system/routes.service\n    content: |\n${unit.replace(/^/gm, '      ').trimEnd()}\n`;
    assert.equal(judge('cloud-init', 'user-data', writtenUnit, work).find((verdict) => verdict.tool === 'systemd-analyze verify')?.accepted, true);
    assert.equal(
      judge('cloud-init', 'user-data', writtenUnit.replace('ExecStart=', 'ExecStart=ip'), work).find((verdict) => verdict.tool === 'systemd-analyze verify')?.accepted,
      false,
    );
    const playbook = '- hosts: all\n  tasks:\n    - ansible.builtin.command: echo hi\n';
    assert.equal(regressions(judge('ansible', 'site.yml', playbook, work), judge('ansible', 'site.yml', playbook.replace('tasks:', 'tasks: ['), work)).length, 1);
  });
});
