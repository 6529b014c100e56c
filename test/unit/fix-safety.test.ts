import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import type { Analysis } from '../../server/src/core/engine';
import { statementOf } from '../../server/src/core/fixes';
import { whatAFixLoses } from '../../server/src/core/fixes/guard';
import type { Fix } from '../../server/src/core/fixes/types';
import { applyEdits, dedent, testEngine } from '../helpers';

async function analysed(fileName: string, text: string): Promise<Analysis> {
  return (await testEngine()).analyse(fileName, text);
}

function only(analysis: Analysis, ruleId: string) {
  const found = analysis.findings.filter((finding) => finding.ruleId === ruleId);
  assert.equal(found.length, 1, `expected one ${ruleId} finding, got ${found.length}`);
  return found[0];
}

async function preferredFix(fileName: string, text: string, ruleId: string): Promise<Fix | undefined> {
  const analysis = await analysed(fileName, text);
  return (await testEngine()).fixes(analysis, only(analysis, ruleId))[0];
}

async function ignoreLine(fileName: string, text: string, ruleId: string): Promise<string | undefined> {
  const engine = await testEngine();
  const analysis = await analysed(fileName, text);
  const [line] = engine.ignoreFixes(analysis, only(analysis, ruleId));
  return line && applyEdits(text, line.edits);
}

/** The pragma was placed so that it covers the finding, and everything the file runs still runs. */
async function assertSuppressedAndKept(fileName: string, before: string, after: string | undefined, ruleId: string, commands: string[]): Promise<void> {
  assert.ok(after, 'an ignore action is offered');
  const analysis = await analysed(fileName, after);
  assert.deepEqual(analysis.problems, [], after);
  assert.deepEqual(
    analysis.findings.filter((finding) => finding.ruleId === ruleId),
    [],
    `the pragma does not cover the finding:\n${after}`,
  );
  const run = analysis.doc!.steps.flatMap((step) =>
    step.kind === 'command' ? step.flat.map((command) => [command.program, ...command.args.map((arg) => arg.value)].join(' ')) : [],
  );
  for (const command of commands) assert.ok(run.includes(command), `"${command}" no longer runs:\n${after}`);
  const untouched = before.split('\n').filter((line) => !after.split('\n').includes(line));
  assert.deepEqual(untouched, [], 'every line of the file is still there');
}

describe('quick fixes never destroy text', () => {
  it('ignore-line goes above a multi-line double-quoted scalar, not inside it', async () => {
    const text = '#cloud-config\nruncmd:\n  - "echo hello;\n    ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0"\n';
    await assertSuppressedAndKept('user-data', text, await ignoreLine('user-data', text, 'non-persistent-route'), 'non-persistent-route', [
      'echo hello',
      'ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0',
    ]);
  });

  it('ignore-line goes above a multi-line plain scalar and a folded block, where a comment cannot go inside', async () => {
    for (const text of [
      '#cloud-config\nruncmd:\n  - echo hello;\n    ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n',
      '#cloud-config\nruncmd:\n  - >\n    echo hello;\n    ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n',
    ]) {
      await assertSuppressedAndKept('user-data', text, await ignoreLine('user-data', text, 'non-persistent-route'), 'non-persistent-route', [
        'echo hello',
        'ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0',
      ]);
    }
  });

  it('inside a literal block of shell, the pragma is a shell comment line right above the command', async () => {
    const text = '#cloud-config\nruncmd:\n  - |\n    echo hello\n    ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n';
    const after = await ignoreLine('user-data', text, 'non-persistent-route');
    assert.equal(after, '#cloud-config\nruncmd:\n  - |\n    echo hello\n    # hindsight ignore=non-persistent-route -- \n    ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n');
    await assertSuppressedAndKept('user-data', text, after, 'non-persistent-route', ['echo hello', 'ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0']);
  });

  it('a shell comment pragma inside a block scalar is read, and suppresses only the next command', async () => {
    const text =
      '#cloud-config\nruncmd:\n  - |\n    # hindsight ignore=non-persistent-route -- re-added by the dispatcher hook\n    ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n    ip route add 10.2.0.0/16 via 10.1.1.1 dev eth0\n';
    const analysis = await analysed('user-data', text);
    assert.deepEqual(
      analysis.findings.map((finding) => text.slice(finding.span.start, finding.span.end)),
      ['ip route add 10.2.0.0/16 via 10.1.1.1 dev eth0'],
    );
    assert.deepEqual(analysis.pragmaProblems, []);
  });

  it('a pragma with an empty reason gets the same hint as one without --, and never reads the next line as its reason', async () => {
    for (const pragma of ['# hindsight ignore=non-persistent-route -- ', '# hindsight ignore=non-persistent-route', '# hindsight ignore=non-persistent-route --\r']) {
      const analysis = await analysed('user-data', `#cloud-config\nruncmd:\n  ${pragma}\n  - ip route add 10.0.0.0/8 via 10.1.1.1\n`);
      assert.deepEqual(
        analysis.pragmaProblems.map((problem) => problem.message),
        ['Say why this is suppressed: add `-- <reason>` after the rule ids.'],
        JSON.stringify(pragma),
      );
      assert.deepEqual(analysis.findings, []);
    }
  });

  it('the netplan route fix keeps a second runcmd key and everything between', async () => {
    const text = '#cloud-config\nruncmd:\n  - echo first\npackages: [frr]\nhostname: edge\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n';
    const fix = await preferredFix('user-data', text, 'non-persistent-route');
    const after = applyEdits(text, fix!.edits);
    for (const kept of ['  - echo first\n', 'packages: [frr]\n', 'hostname: edge\n', '  - ip route replace 10.0.0.0/8 via 10.1.1.1 dev eth0\n'])
      assert.ok(after.includes(kept), `${kept} is gone:\n${after}`);
  });

  it('the guard rejects a fix that deletes more than its statement, or drops a template tag', async () => {
    const engine = await testEngine();
    const text =
      '## template: jinja\n#cloud-config\nruncmd:\n  - echo first\npackages: [frr]\nruncmd:\n{% if x %}\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n{% endif %}\n';
    const analysis = engine.analyse('user-data', text);
    const finding = only(analysis, 'non-persistent-route');
    const greedy = { title: 'greedy', edits: [{ span: { start: text.indexOf('runcmd:'), end: text.indexOf('{% endif %}') }, newText: '' }], removes: [statementOf(finding)] };
    assert.match(
      whatAFixLoses(analysis.doc!, engine.reparse(analysis, applyEdits(text, greedy.edits)), greedy, [statementOf(finding)]) ?? '',
      /^it would change or remove (command|package)/,
    );
    const tagless = { title: 'tagless', edits: [{ span: { start: text.indexOf('{% if x %}'), end: text.indexOf('  - ip route') }, newText: '' }] };
    assert.equal(whatAFixLoses(analysis.doc!, engine.reparse(analysis, applyEdits(text, tagless.edits)), tagless, []), 'it would drop the template tag {% if x %}');
  });

  it('a route in a unit file on its own: the fix is withheld, saying where the route belongs', async () => {
    const text = '[Service]\nType=oneshot\nExecStart=/sbin/ip route add 10.9.0.0/16 via 10.0.0.1 dev eth0\n[Install]\nWantedBy=multi-user.target\n';
    const analysis = await analysed('files/routes.service', text);
    const report = (await testEngine()).fixReport(analysis, only(analysis, 'non-persistent-route'));
    assert.deepEqual(report.fixes, []);
    assert.match(
      report.withheld[0].reason,
      /does not say which netplan or \.network file configures eth0; add the route there \(a \[Route\] section with Destination=10\.9\.0\.0\/16\)/,
    );
  });

  it('a withheld fix says why', async () => {
    const text = '#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\nbroken: [\n';
    const analysis = await analysed('user-data', text);
    const report = (await testEngine()).fixReport(analysis, only(analysis, 'non-persistent-route'));
    assert.deepEqual(report.fixes, []);
    assert.deepEqual(report.withheld, [{ id: 'route-to-netplan', reason: 'the file does not parse, so added lines could land anywhere' }]);
  });

  it('the netplan route fix never drops a Jinja control line', async () => {
    const text = '## template: jinja\n#cloud-config\npackages: [frr]\nruncmd:\n{% if v1.region == "eu" %}\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n{% endif %}\n';
    const fix = await preferredFix('user-data', text, 'non-persistent-route');
    if (fix) {
      const after = applyEdits(text, fix.edits);
      assert.equal((after.match(/\{%/g) ?? []).length, 2, after);
    }
  });

  it('allow-ssh-first never moves a task into another play or a handler into tasks, and keeps blank lines', async () => {
    const crossPlay = dedent(`
      - hosts: web
        tasks:
          - ufw: state=enabled policy=deny

      - hosts: db
        tasks:
          - ufw: rule=allow name=OpenSSH
    `);
    const fix = await preferredFix('site.yml', crossPlay, 'firewall-before-ssh-allow');
    assert.equal(fix, undefined, 'the allow is in another play');
    const handler = dedent(`
      - hosts: web
        tasks:
          - ufw: state=enabled policy=deny
        handlers:
          - name: allow ssh
            ufw: rule=allow name=OpenSSH
    `);
    const analysis = await analysed('site.yml', handler);
    for (const finding of analysis.findings.filter((candidate) => candidate.ruleId === 'firewall-before-ssh-allow')) {
      assert.deepEqual((await testEngine()).fixes(analysis, finding), [], 'a handler is not moved into tasks');
    }
    const spaced = dedent(`
      - hosts: web
        tasks:
          - name: deny by default
            ufw: state=enabled policy=deny

          - name: allow ssh
            ufw: rule=allow name=OpenSSH
    `);
    const moved = await preferredFix('site.yml', spaced, 'firewall-before-ssh-allow');
    assert.equal(
      applyEdits(spaced, moved!.edits),
      dedent(`
        - hosts: web
          tasks:
            - name: allow ssh
              ufw: rule=allow name=OpenSSH

            - name: deny by default
              ufw: state=enabled policy=deny
      `),
    );
  });

  it('the secret-mount fix keeps the file where a later instruction needs it, keeps numeric ownership, and never targets a directory', async () => {
    const needed = 'FROM node:22\nCOPY .npmrc /root/.npmrc\nRUN npm ci\nRUN cat /root/.npmrc\n';
    assert.equal(await preferredFix('Dockerfile', needed, 'secret-in-image-layer'), undefined, 'a later RUN reads the file');
    const dotTarget = 'FROM node:22\nWORKDIR /app\nCOPY .npmrc .\nRUN npm ci\n';
    assert.equal(await preferredFix('Dockerfile', dotTarget, 'secret-in-image-layer'), undefined, 'target=. is the working directory');
    const owned = 'FROM node:22\nCOPY --chown=1000:1000 --chmod=0600 .npmrc /home/node/.npmrc\nRUN npm ci\n';
    const fix = await preferredFix('Dockerfile', owned, 'secret-in-image-layer');
    assert.equal(applyEdits(owned, fix!.edits), 'FROM node:22\nRUN --mount=type=secret,id=.npmrc,target=/home/node/.npmrc,uid=1000,gid=1000,mode=0600 npm ci\n');
    assert.match(fix!.title, /--secret id=\.npmrc,src=\.npmrc/);
    const named = 'FROM node:22\nCOPY --chown=node:node .npmrc /home/node/.npmrc\nRUN npm ci\n';
    assert.equal(await preferredFix('Dockerfile', named, 'secret-in-image-layer'), undefined, 'a named owner cannot be given to a secret mount');
  });
});

describe('quick fixes that are right', () => {
  it('the end-of-life fix keeps the variant and moves an end-of-life distribution to its successor', async () => {
    const cases: [string, string | undefined][] = [
      ['FROM python:3.9-alpine3.18\n', 'python:3.14-alpine3.24'],
      ['FROM python:3.8-slim-buster\n', 'python:3.14-slim-trixie'],
      ['FROM python:3.8-windowsservercore\n', undefined],
    ];
    for (const [text, expected] of cases) {
      const fix = await preferredFix('Dockerfile', text, 'eol-base-image');
      assert.equal(
        fix &&
          applyEdits(text, fix.edits)
            .trim()
            .replace(/^FROM /, ''),
        expected,
        text,
      );
    }
  });

  it('the periodic-off file sorts after every other apt.conf.d file', async () => {
    const text = '#cloud-config\npackages: [unattended-upgrades]\n';
    const fix = await preferredFix('user-data', text, 'unattended-upgrades-enabled');
    const after = applyEdits(text, fix!.edits);
    assert.match(after, /path: \/etc\/apt\/apt\.conf\.d\/99-hindsight-no-unattended-upgrades\n/);
    assert.deepEqual(parseDocument(after).errors, []);
  });

  it('the route fix is withheld, saying why, where it would define a link netplan does not already define', async () => {
    const engine = await testEngine();
    for (const [dev, why] of [
      ['bond0', /bond0 is not an Ethernet NIC that cloud-init names/],
      ['eth0.100', /eth0\.100 is not an Ethernet NIC/],
    ] as const) {
      const text = `#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev ${dev}\n`;
      const analysis = await analysed('user-data', text);
      const report = engine.fixReport(analysis, only(analysis, 'non-persistent-route'));
      assert.deepEqual(report.fixes, []);
      assert.match(report.withheld.map((entry) => entry.reason).join('\n'), why);
    }
  });

  it('the foreign-routes and networkd-restart fixes give the same protected host in either order', async () => {
    const text = '#cloud-config\npackages: [frr]\nruncmd:\n  - systemctl restart systemd-networkd\n';
    const applyFix = async (current: string, ruleId: string) => applyEdits(current, (await preferredFix('user-data', current, ruleId))!.edits);
    const dropInFirst = await applyFix(text, 'networkd-foreign-routes');
    const reloadFirst = await applyFix(await applyFix(text, 'networkd-restart'), 'networkd-foreign-routes');
    assert.equal(reloadFirst, dropInFirst);
    assert.match(dropInFirst, /ManageForeignRoutes=no/);
    assert.match(dropInFirst, /- systemctl restart systemd-networkd\n/, 'a restart after the drop-in is what makes networkd read it');
    const left = (await analysed('user-data', dropInFirst)).findings.map((finding) => finding.ruleId);
    assert.deepEqual(
      left.filter((id) => id === 'networkd-foreign-routes' || id === 'networkd-restart'),
      [],
    );
  });

  it('the networkd reload fix is withheld where a networkd.conf drop-in written before needs the restart', async () => {
    const text = dedent(`
      #cloud-config
      write_files:
        - path: /etc/systemd/networkd.conf.d/90-keep-foreign.conf
          content: |
            [Network]
            ManageForeignRoutes=no
            ManageForeignRoutingPolicyRules=no
      runcmd:
        - systemctl restart systemd-networkd
    `);
    const analysis = await analysed('user-data', text);
    assert.deepEqual(
      analysis.findings.filter((finding) => finding.ruleId === 'networkd-restart'),
      [],
      'a restart that loads the drop-in is the remedy, not the hazard',
    );
  });
});
