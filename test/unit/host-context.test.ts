import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { contextFromPath, describeContext, stepContext } from '../../server/src/core/host-context';
import { dedent, testEngine } from '../helpers';

/** The context of each finding of a rule, as the hover says it. */
async function contexts(fileName: string, text: string, ruleId: string, relativePath?: string): Promise<(string | undefined)[]> {
  const engine = await testEngine();
  const analysis = engine.analyse(fileName, dedent(text), { relativePath });
  return analysis.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.context);
}

describe('where a step runs, as inferred', () => {
  it('paths: a role’s tests/ folder and Molecule are test harnesses, Multipass and Vagrant folders developer VMs, setup-RedHat.yml the RHEL family', () => {
    assert.equal(contextFromPath('roles/web/tests/test.yml').role?.value, 'test-harness');
    assert.equal(contextFromPath('molecule/default/converge.yml').role?.value, 'test-harness');
    assert.equal(contextFromPath('data/multipass-blueprints/dev.yaml').role?.value, 'single-host');
    assert.equal(contextFromPath('roles/web/tasks/setup-RedHat.yml').os?.value, 'rhel');
    assert.equal(contextFromPath('roles/web/tasks/autoupdate-Debian.yml').os?.value, 'debian');
    // The project's own test/ folder and a role named for a protocol are not evidence.
    assert.deepEqual(contextFromPath('test/fixtures/user-data'), {});
    assert.deepEqual(contextFromPath('roles/redhat_sso/tasks/main.yml'), {});
  });

  it('the hover says what was inferred and why; a fleet play, its package manager, and a task condition', async () => {
    const found = await contexts(
      'site.yml',
      `
        - hosts: web
          tasks:
            - apt: {name: "*", state: latest}
            - dnf: {name: "*", state: latest}
              when: ansible_facts['os_family'] == "RedHat"
      `,
      'blanket-package-upgrade',
    );
    assert.deepEqual(found, [
      'fleet host (the play targets the group web)',
      `fleet host (the play targets the group web); RHEL family (the task runs when ansible_facts['os_family'] == "RedHat"); NetworkManager (the task runs when ansible_facts['os_family'] == "RedHat", and RHEL-family hosts manage links with NetworkManager)`,
    ]);
  });

  it('a playbook a Vagrantfile provisions is a lab VM: fleet rules stay quiet; without the Vagrantfile they report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-vagrant-'));
    mkdirSync(path.join(dir, 'provisioning'));
    const playbook = path.join(dir, 'provisioning', 'playbook.yml');
    const text = '- hosts: all\n  tasks:\n    - service: name=nginx state=restarted\n';
    writeFileSync(playbook, text);
    const engine = await testEngine();
    const before = engine.analyse(playbook, text).findings.filter((finding) => finding.ruleId === 'play-without-serial');
    assert.equal(before.length, 1);
    writeFileSync(
      path.join(dir, 'Vagrantfile'),
      'Vagrant.configure("2") do |config|\n  config.vm.provision "ansible" do |ansible|\n    ansible.playbook = "provisioning/playbook.yml"\n  end\nend\n',
    );
    engine.forgetFiles();
    const after = engine.analyse(playbook, text).findings.filter((finding) => finding.ruleId === 'play-without-serial');
    assert.deepEqual(after, []);
    const doc = engine.parse(playbook, text)!;
    assert.deepEqual(describeContext(stepContext(doc, doc.steps[0])), 'single machine (the Vagrantfile 1 folder up provisions it (a lab VM))');
  });

  it('a role every play runs in batches is batched; one play without serial is enough to report it', async () => {
    const engine = await testEngine();
    const text = '- apt: {upgrade: dist}\n';
    const upgrades = (batched: boolean) =>
      engine
        .analyse('roles/upgrade/tasks/main.yml', text, { readAs: { format: 'ansible', ...(batched ? { batched } : {}) } })
        .findings.filter((finding) => finding.ruleId === 'blanket-package-upgrade').length;
    assert.equal(upgrades(true), 0);
    assert.equal(upgrades(false), 1);
  });

  it('unknown context keeps every rule on', async () => {
    const found = await contexts('user-data', '#cloud-config\npackage_upgrade: true\n', 'first-boot-package-upgrade');
    assert.deepEqual(found, [undefined]);
  });
});
