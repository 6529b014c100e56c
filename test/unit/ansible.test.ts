import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detectFormat } from '../../server/src/core/formats/registry';
import type { Step } from '../../server/src/core/model';
import { initParsers } from '../../server/src/core/grammars';
import { dedent, parsePlaybook, parseTasksFile, testEngine } from '../helpers';

before(() => initParsers());
const noFiles = () => undefined;

function ofKind<K extends Step['kind']>(steps: Step[], kind: K): Extract<Step, { kind: K }>[] {
  return steps.filter((step): step is Extract<Step, { kind: K }> => step.kind === kind);
}

describe('Ansible detection', () => {
  it('playbooks by content, task and handler files by place', () => {
    assert.deepEqual(detectFormat('site.yml', '- hosts: all\n  tasks: []\n'), { format: 'ansible', ansible: 'playbook' });
    assert.deepEqual(detectFormat('site.yml', '---\n- name: x\n  hosts: web\n'), { format: 'ansible', ansible: 'playbook' });
    assert.deepEqual(detectFormat('all.yml', '- import_playbook: site.yml\n'), { format: 'ansible', ansible: 'playbook' });
    assert.deepEqual(detectFormat('roles/web/tasks/main.yml', '- apt: name=x\n'), { format: 'ansible', ansible: 'tasks' });
    assert.deepEqual(detectFormat('roles/web/handlers/main.yaml', '- service: name=x\n'), { format: 'ansible', ansible: 'handlers' });
    assert.deepEqual(detectFormat('deploy/tasks/setup.yml', '- apt: name=x\n'), { format: 'ansible', ansible: 'tasks' });
  });

  it('leaves vars, defaults, inventories, galaxy and molecule files alone', () => {
    assert.equal(detectFormat('roles/web/defaults/main.yml', 'web_port: 80\n'), undefined);
    assert.equal(detectFormat('roles/web/vars/main.yml', 'packages: [a]\n'), undefined);
    assert.equal(detectFormat('inventory/hosts.yml', 'all:\n  hosts:\n    web1:\n'), undefined);
    assert.equal(detectFormat('galaxy.yml', 'namespace: x\nname: y\n'), undefined);
    assert.equal(detectFormat('roles/web/molecule/default/converge.yml', '- hosts: all\n  tasks: []\n'), undefined);
    assert.equal(detectFormat('.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    steps:\n      - run: make\n'), undefined);
  });

  it('takes the editor language and the user setting for other files', () => {
    assert.deepEqual(detectFormat('deploy.yml', '- my_module: name=x\n', 'ansible'), { format: 'ansible' });
    assert.deepEqual(detectFormat('deploy.yml', '- my_module: name=x\n', 'yaml', true), { format: 'ansible' });
    assert.equal(detectFormat('deploy.yml', '- my_module: name=x\n', 'yaml'), undefined);
  });

  it('reads a list of plays or tasks by content, whatever its folder and indentation', () => {
    assert.deepEqual(detectFormat('provisioning/setup.yml', '- apt: name=x\n- service: name=x state=restarted\n'), { format: 'ansible', ansible: 'tasks' });
    assert.deepEqual(detectFormat('deploy.yml', '-   name: web\n    hosts: web\n    tasks:\n    -   service: name=nginx state=restarted\n'), {
      format: 'ansible',
      ansible: 'playbook',
    });
    assert.equal(detectFormat('requirements.yml', '- src: geerlingguy.nginx\n  version: 3.1.0\n- name: local\n  src: ./roles/local\n'), undefined);
    assert.equal(detectFormat('list.yml', '- a\n- b\n'), undefined);
  });
});

describe('Ansible adapter', () => {
  it('reads plays: hosts, serial, strategy, connection, roles', () => {
    const doc = parsePlaybook(
      'site.yml',
      dedent(`
      - name: web
        hosts: web:&prod
        serial: "20%"
        max_fail_percentage: 10
        strategy: free
        roles: [common, {role: nginx}]
      - hosts: localhost
        connection: local
    `),
      noFiles,
    );
    assert.deepEqual(
      doc.plays!.map((play) => [play.hosts, play.serial, play.maxFailPercentage, play.strategy, play.connection, play.roles.map((role) => role.name)]),
      [
        ['web:&prod', '20%', '10', 'free', undefined, ['common', 'nginx']],
        ['localhost', undefined, undefined, undefined, 'local', []],
      ],
    );
  });

  it('maps modules in key: value, free-form and args: forms, FQCN and short names', () => {
    const doc = parseTasksFile(
      'roles/x/tasks/main.yml',
      dedent(`
      - ansible.builtin.apt: name=nginx,curl state=latest update_cache=yes
      - package:
          name: [vim, git]
      - yum:
        args:
          name: httpd
          state: absent
      - ansible.builtin.systemd_service: {name: nginx, state: reloaded, enabled: true, masked: false}
      - block:
          - reboot:
        rescue:
          - debconf: name=tzdata question=tzdata/Areas value=Etc vtype=select
        always:
          - shell: systemctl restart systemd-networkd
    `),
      noFiles,
      'converge',
    );
    assert.deepEqual(
      ofKind(doc.steps, 'package').map((step) => [step.action, step.packages.map((pkg) => pkg.name), step.latest]),
      [
        ['update-index', [], undefined],
        ['install', ['nginx', 'curl'], true],
        ['install', ['vim', 'git'], false],
        ['remove', ['httpd'], false],
      ],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'service').map((step) => [step.unit, step.action]),
      [
        ['nginx', 'reload'],
        ['nginx', 'enable'],
        ['nginx', 'unmask'],
        ['systemd-networkd', 'restart'],
      ],
    );
    assert.equal(ofKind(doc.steps, 'reboot').length, 1);
    assert.deepEqual(
      ofKind(doc.steps, 'debconf').map((step) => step.question),
      ['tzdata/Areas'],
    );
  });

  it('file modules write their target path: copy, lineinfile, get_url, templates over a loop', () => {
    const doc = parseTasksFile(
      'roles/x/tasks/main.yml',
      dedent(`
      - copy: {dest: /etc/motd, content: hello}
      - lineinfile: path=/etc/hosts line="10.0.0.1 db"
      - get_url: {url: "https://example.com/x", dest: /usr/local/bin/x}
      - template: {src: "{{ item }}.j2", dest: "/etc/apt/apt.conf.d/{{ item }}"}
        loop: [10periodic, 50unattended-upgrades]
    `),
      noFiles,
      'converge',
    );
    assert.deepEqual(
      ofKind(doc.steps, 'file').map((step) => [step.path, step.fileKind, step.content]),
      [
        ['/etc/motd', 'other', 'hello'],
        ['/etc/hosts', 'other', '10.0.0.1 db'],
        ['/usr/local/bin/x', 'other', undefined],
        ['/etc/apt/apt.conf.d/10periodic', 'apt-conf', undefined],
        ['/etc/apt/apt.conf.d/50unattended-upgrades', 'apt-conf', undefined],
      ],
    );
  });

  it('ranges: a finding lands on the module line or the exact command, never the whole file', async () => {
    const engine = await testEngine();
    const text = dedent(`
      - name: Routes
        ansible.builtin.shell: |
          set -e
          ip route add 10.9.0.0/16 via 10.0.0.1
      - name: Install
        apt:
          name: unattended-upgrades
    `);
    const analysis = engine.analyse('roles/net/tasks/main.yml', text);
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.ruleId, text.slice(finding.span.start, finding.span.end)]),
      [
        ['non-persistent-route', 'ip route add 10.9.0.0/16 via 10.0.0.1'],
        ['unattended-upgrades-enabled', 'unattended-upgrades'],
      ],
    );
  });

  it('a stream of YAML documents keeps those that parse, and says the consumer rejects it', async () => {
    const engine = await testEngine();
    const playbook =
      '---\n- hosts: web\n  tasks:\n    - command: echo [x\n      x: : y\n---\n- hosts: db\n  serial: 1\n  tasks:\n    - command: ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0\n';
    const analysis = engine.analyse('site.yml', playbook);
    assert.deepEqual(
      analysis.findings.map((finding) => finding.ruleId),
      ['non-persistent-route'],
    );
    assert.match(analysis.problems.map((problem) => problem.message).join('\n'), /2 documents in one file; Ansible reads a file as one document/);
    const userData = '#cloud-config\nruncmd: [echo [\n---\n#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0\n';
    const cloud = engine.analyse('user-data', userData);
    assert.deepEqual(
      cloud.findings.map((finding) => finding.ruleId),
      ['non-persistent-route'],
    );
    assert.match(cloud.problems.map((problem) => problem.message).join('\n'), /cloud-init reads a file as one document/);
  });

  it('a module that only looks like a package module is not one', () => {
    const doc = parseTasksFile('roles/x/tasks/main.yml', '- kube:\n    name: calico\n    state: latest\n', noFiles, 'converge');
    assert.deepEqual(doc.steps, []);
  });

  it('Jinja in values neither breaks parsing nor ranges', async () => {
    const engine = await testEngine();
    const text = '- command: "ip route add {{ cidr }} via {{ gw }}"\n  when: "{{ add_routes | bool }}"\n';
    const analysis = engine.analyse('roles/x/tasks/main.yml', text);
    assert.deepEqual(analysis.problems, []);
    assert.deepEqual(
      analysis.findings.map((finding) => text.slice(finding.span.start, finding.span.end)),
      ['ip route add {{ cidr }} via {{ gw }}'],
    );
  });
});

describe('roles and templates from the workspace', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hindsight-ansible-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('relates a play to the risky tasks of the roles it uses, and reads templates by their src', async () => {
    mkdirSync(path.join(root, 'roles/web/tasks'), { recursive: true });
    mkdirSync(path.join(root, 'roles/web/templates'), { recursive: true });
    writeFileSync(
      path.join(root, 'roles/web/tasks/main.yml'),
      '- name: Restart nginx\n  service: name=nginx state=restarted\n- template: {src: auto.j2, dest: /etc/apt/apt.conf.d/20auto-upgrades}\n',
    );
    writeFileSync(path.join(root, 'roles/web/templates/auto.j2'), 'APT::Periodic::Unattended-Upgrade "1";\n');
    const site = path.join(root, 'site.yml');
    const text = '- hosts: web\n  roles:\n    - web\n';
    writeFileSync(site, text);
    const engine = await testEngine();
    const play = engine.analyse(site, text).findings.find((finding) => finding.ruleId === 'play-without-serial')!;
    assert.deepEqual(
      play.related!.map((related) => [path.relative(root, related.file!), related.message]),
      [['roles/web/tasks/main.yml', '"Restart nginx" restarts nginx']],
    );
    const roleFile = path.join(root, 'roles/web/tasks/main.yml');
    const roleText = '- template: {src: auto.j2, dest: /etc/apt/apt.conf.d/20auto-upgrades}\n';
    const role = engine.analyse(roleFile, roleText).findings;
    assert.deepEqual(
      role.map((finding) => [finding.ruleId, roleText.slice(finding.span.start, finding.span.end)]),
      [['unattended-upgrades-enabled', 'auto.j2']],
    );
  });

  it('a play whose inventory beside it holds only the controller or containers is test scaffolding', async () => {
    const engine = await testEngine();
    const text = '- hosts: all\n  tasks:\n    - service: name=nginx state=restarted\n';
    const verdict = (dir: string, inventory: [string, string] | undefined) => {
      mkdirSync(path.join(root, dir), { recursive: true });
      if (inventory) writeFileSync(path.join(root, dir, inventory[0]), inventory[1]);
      const playbook = path.join(root, dir, 'test.yml');
      writeFileSync(playbook, text);
      return engine.analyse(playbook, text).findings.some((finding) => finding.ruleId === 'play-without-serial');
    };
    assert.equal(verdict('role-a/tests', ['inventory', 'localhost\n']), false);
    assert.equal(verdict('ci-b', ['hosts', '[nodes]\nnode1 ansible_connection=docker\nnode2 ansible_connection=community.docker.docker\n']), false);
    assert.equal(verdict('ci-c', ['inventory.yml', 'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n']), false);
    assert.equal(verdict('fleet-d', ['inventory', '[web]\nweb1 ansible_host=10.0.0.1\nlocalhost\n']), true, 'a real host among them: a fleet');
    assert.equal(verdict('fleet-e', undefined), true, 'no inventory beside it: as before');
  });
});
