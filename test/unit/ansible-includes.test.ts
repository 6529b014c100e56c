import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Pipeline } from '../../server/src/core/pipeline';
import { testEngine } from '../helpers';

const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-includes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A tree of files under a fresh folder; returns the folder. */
function tree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function findings(root: string, file: string, ruleId: string) {
  const full = path.join(root, file);
  const text = readFileSync(full, 'utf8');
  const analysis = (await testEngine()).analyse(full, text, { relativePath: file });
  return analysis.findings
    .filter((finding) => finding.ruleId === ruleId)
    .map((finding) => ({ text: text.slice(finding.span.start, finding.span.end), message: finding.message, related: finding.related ?? [] }));
}

const RESTART = '- name: restart nginx\n  service: name=nginx state=restarted\n';

describe('Ansible as Ansible runs it', () => {
  it('a role runs the roles its meta/main.yml depends on, first; a dependency cycle stops', async () => {
    const root = tree('role-dependencies', {
      'site.yml': '- hosts: web\n  roles: [app]\n',
      'roles/app/meta/main.yml': 'dependencies:\n  - role: base\n  - common\n',
      'roles/app/tasks/main.yml': '- debug: msg=app\n',
      'roles/base/meta/main.yml': 'dependencies: [app]\n',
      'roles/base/tasks/main.yml': RESTART,
      'roles/common/tasks/main.yml': '- reboot:\n',
    });
    const [play] = await findings(root, 'site.yml', 'play-without-serial');
    assert.deepEqual(
      play.related.map((related) => path.relative(root, related.file!)),
      ['roles/base/tasks/main.yml', 'roles/common/tasks/main.yml'],
    );
  });

  it('a role shared by two plays is judged in each play', async () => {
    const root = tree('shared-role', {
      'site.yml': '- hosts: web\n  serial: 1\n  roles: [common]\n\n- hosts: db\n  roles: [common]\n',
      'roles/common/tasks/main.yml': RESTART,
    });
    assert.deepEqual(
      (await findings(root, 'site.yml', 'play-without-serial')).map((finding) => finding.text),
      ['hosts: db'],
    );
  });

  it('task files named by import_tasks and include_tasks are followed from a playbook, and the finding points into them', async () => {
    const root = tree('imports', {
      'site.yml': '- hosts: web\n  tasks:\n    - import_tasks: includes/common.yml\n    - ansible.builtin.include_tasks:\n        file: includes/more.yml\n',
      'includes/common.yml': RESTART,
      'includes/more.yml': '- reboot:\n',
    });
    const [finding] = await findings(root, 'site.yml', 'play-without-serial');
    assert.match(finding.message, /2 tasks that change running services/);
    assert.deepEqual(
      finding.related.map((place) => path.relative(root, place.file!)),
      ['includes/common.yml', 'includes/more.yml'],
    );
  });

  it('an imported file that allows SSH before the firewall closes counts; one imported after does not', async () => {
    const root = tree('ssh-import', {
      'roles/fw/tasks/main.yml': '- import_tasks: ssh.yml\n- ufw: state=enabled policy=deny\n',
      'roles/fw/tasks/late.yml': '- ufw: state=enabled policy=deny\n- import_tasks: ssh.yml\n',
      'roles/fw/tasks/ssh.yml': '- ufw: rule=allow name=OpenSSH\n',
    });
    assert.deepEqual(await findings(root, 'roles/fw/tasks/main.yml', 'firewall-before-ssh-allow'), []);
    assert.equal((await findings(root, 'roles/fw/tasks/late.yml', 'firewall-before-ssh-allow')).length, 1);
  });

  it('roles are found as Ansible finds them: roles_path in ansible.cfg, a roles/ folder above the playbook, tasks_from', async () => {
    const root = tree('role-paths', {
      'ansible.cfg': '[defaults]\nroles_path = ./shared-roles\n',
      'shared-roles/net/tasks/main.yml': RESTART,
      'ansible/roles/apt/tasks/main.yml': '- apt: upgrade=dist\n',
      'ansible/roles/web/tasks/restart.yml': RESTART,
      'ansible/playbooks/service/apt.yml': '- hosts: [debops_all_hosts, debops_service_apt]\n  roles:\n    - role: apt\n',
      'ansible/playbooks/service/web.yml': '- hosts: web\n  tasks:\n    - include_role:\n        name: web\n        tasks_from: restart\n',
      'net.yml': '- hosts: routers\n  roles: [net]\n',
    });
    for (const playbook of ['ansible/playbooks/service/apt.yml', 'ansible/playbooks/service/web.yml', 'net.yml']) {
      assert.equal((await findings(root, playbook, 'play-without-serial')).length, 1, playbook);
    }
  });

  it('a cycle of imports is cut, and a collection role that is not in the repository is not guessed', async () => {
    const root = tree('cycle', {
      'site.yml': '- hosts: web\n  roles: [community.general.nginx]\n  tasks:\n    - import_tasks: a.yml\n',
      'a.yml': '- import_tasks: b.yml\n' + RESTART,
      'b.yml': '- import_tasks: a.yml\n',
      'roles/nginx/tasks/main.yml': '- reboot:\n',
    });
    const [finding] = await findings(root, 'site.yml', 'play-without-serial');
    assert.match(finding.message, /1 task that changes running services \("restart nginx" restarts nginx\)/);
  });

  it('a playbook indented with four spaces is a playbook', async () => {
    const root = tree('four-spaces', { 'deploy.yml': '-   name: web\n    hosts: web\n    tasks:\n    -   service: name=nginx state=restarted\n' });
    assert.deepEqual(
      (await findings(root, 'deploy.yml', 'play-without-serial')).map((finding) => finding.text),
      ['hosts: web'],
    );
  });
});

describe('a finding in a shared file names the plays that run it', () => {
  it('related places point at each play that runs the role, once per finding', async () => {
    const root = tree('runs-file', {
      'site.yml': '- hosts: web\n  serial: 1\n  roles: [net]\n\n- hosts: db\n  serial: 1\n  roles: [net]\n',
      'roles/net/tasks/main.yml': '- command: ip route add 10.0.0.0/8 via 10.1.1.1\n',
    });
    const pipeline = new Pipeline(await testEngine(), { roots: [root] });
    const delivered: { file: string; findings: { ruleId: string; related?: { file?: string; message: string }[] }[] }[] = [];
    await pipeline.scan(
      [path.join(root, 'roles/net/tasks/main.yml'), path.join(root, 'site.yml')].map((file) => ({ file })),
      (outcome) => {
        if (outcome.kind === 'linted') delivered.push({ file: path.relative(root, outcome.file), findings: outcome.findings });
      },
    );
    const role = delivered.find((outcome) => outcome.file === 'roles/net/tasks/main.yml')!;
    assert.deepEqual(
      role.findings.map((finding) => [finding.ruleId, (finding.related ?? []).map((place) => `${path.relative(root, place.file!)}: ${place.message}`)]),
      [['non-persistent-route', ['site.yml: this file runs in the play for web', 'site.yml: this file runs in the play for db']]],
    );
  });
});

describe('a file named by an import is read as what the import says it is', () => {
  it('a task file whose name and content say nothing is read because a play runs it', async () => {
    const root = tree('named-by-import', {
      'site.yml': '- hosts: web\n  serial: 1\n  tasks:\n    - import_tasks: setup/steps.yml\n',
      'setup/steps.yml': '- my_org.tools.prepare: {}\n- my_org.tools.notify: {}\n- command: ip route add 10.0.0.0/8 via 10.1.1.1\n',
    });
    const pipeline = new Pipeline(await testEngine(), { roots: [root] });
    const found: string[] = [];
    await pipeline.scan(
      ['setup/steps.yml', 'site.yml'].map((file) => ({ file: path.join(root, file) })),
      (outcome) => {
        if (outcome.kind === 'linted') for (const finding of outcome.findings) found.push(`${path.relative(root, outcome.file)} ${finding.ruleId}`);
      },
    );
    assert.deepEqual(found, ['setup/steps.yml non-persistent-route']);
  });
});
