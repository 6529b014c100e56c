import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/cli');

/** Writes a file, creating its folders. */
function writeFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function hindsight(args: string[], cwd = fixtures) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hindsight scan', () => {
  it('text: file:line:col severity rule message, with the incident link; exit 1 at warning', () => {
    const { code, stdout } = hindsight(['scan', '.']);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.ok(
      lines.includes(
        'user-data:4:5 warning non-persistent-route `ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0` adds a route or policy rule that only this command puts in place (runcmd[0]; runs once, at the first boot of the instance): when systemd-networkd restarts or reconfigures the link, it is gone and nothing puts it back.',
      ),
      stdout,
    );
    assert.ok(lines.includes('    see https://www.heroku.com/blog/summary-of-june-10-outage/'));
    assert.ok(lines.some((line) => line.startsWith('user-data:2:1 info first-boot-package-upgrade ')));
    assert.ok(!stdout.includes('ignored/'), 'the .gitignore must be honoured');
    assert.ok(!stdout.includes('pod.yaml'), 'a Kubernetes manifest is not user-data');
  });

  it('json: exactly the documented shape, 0-based positions, paths relative to the working directory', () => {
    const { code, stdout } = hindsight(['scan', 'test/fixtures/cli/user-data', '--format', 'json'], root);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report), ['version', 'findings']);
    assert.equal(report.version, 1);
    const route = report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'non-persistent-route');
    assert.deepEqual(route, {
      ruleId: 'non-persistent-route',
      severity: 'warning',
      file: 'test/fixtures/cli/user-data',
      range: { start: { line: 3, character: 4 }, end: { line: 3, character: 51 } },
      message: route.message,
      incidents: [{ id: 'heroku-2025-06-10', url: 'https://www.heroku.com/blog/summary-of-june-10-outage/' }],
    });
  });

  it('sarif: 2.1.0 with rules, help markdown linking incidents, and line-hash fingerprints', () => {
    const { stdout } = hindsight(['scan', '.', '--format', 'sarif']);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'hindsight');
    const rule = run.tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'non-persistent-route');
    assert.match(rule.help.markdown, /\(https:\/\/www\.heroku\.com\/blog\/summary-of-june-10-outage\/\)/);
    const result = run.results.find((candidate: { ruleId: string }) => candidate.ruleId === 'non-persistent-route');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'non-persistent-route');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 52 });
    assert.match(result.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{16}:1$/);
  });

  it('--fail-on decides the exit code', () => {
    assert.equal(hindsight(['scan', 'info-only.yaml']).code, 0);
    assert.equal(hindsight(['scan', 'info-only.yaml', '--fail-on', 'info']).code, 1);
    assert.equal(hindsight(['scan', 'user-data', '--fail-on', 'error']).code, 0);
    assert.equal(hindsight(['scan', 'nested/clean.yaml']).code, 0);
  });

  it('names file, line and column of content it cannot read, and goes on', () => {
    const { code, stdout } = hindsight(['scan', 'nested']);
    assert.equal(code, 1, 'content it could not read fails CI');
    assert.match(stdout, /^nested\/broken-encoding\.yaml:5:14 warning parse-error write_files content could not be decoded as gz\+b64/m);
  });

  it('scans an Ansible tree: playbooks, role tasks, and files declared with --ansible', () => {
    const tree = path.join(root, 'test/fixtures/ansible');
    const { code, stdout } = hindsight(['scan', '.', '--format', 'json'], tree);
    assert.equal(code, 1);
    const found = JSON.parse(stdout).findings.map(
      (finding: { file: string; ruleId: string; range: { start: { line: number } } }) => `${finding.file}:${finding.range.start.line + 1} ${finding.ruleId}`,
    );
    assert.deepEqual(found, ['roles/web/tasks/main.yml:3 non-persistent-route', 'site.yml:1 play-without-serial']);
    const declared = hindsight(['scan', '.', '--ansible', 'deploy/*.yml'], tree);
    assert.match(declared.stdout, /^deploy\/steps\.yml:4:5 warning blanket-package-upgrade /m);
  });

  it('scans Dockerfiles by name, with severities per stage', () => {
    const { code, stdout } = hindsight(['scan', '.', '--format', 'json'], path.join(root, 'test/fixtures/docker'));
    assert.equal(code, 1);
    const found = JSON.parse(stdout).findings.map(
      (finding: { file: string; ruleId: string; severity: string; range: { start: { line: number } } }) =>
        `${finding.file}:${finding.range.start.line + 1} ${finding.severity} ${finding.ruleId}`,
    );
    assert.deepEqual(found, ['api/Dockerfile:1 info eol-base-image', 'api/Dockerfile:6 warning secret-in-image-layer']);
  });

  it('exits 2 with a message on usage errors and missing paths', () => {
    const missing = hindsight(['scan', 'no-such-dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such-dir: no such file or directory/);
    assert.equal(hindsight(['lint']).code, 2);
    assert.equal(hindsight(['scan', '--format', 'xml']).code, 2);
    assert.equal(hindsight(['scan', '--fail-on', 'never']).code, 2);
    assert.match(hindsight(['scan', '--bogus']).stderr, /Unknown option/);
  });
});

describe('what a file is does not depend on which folder is named', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-roots-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const count = (args: string[], cwd: string) => JSON.parse(hindsight([...args, '--format', 'json'], cwd).stdout).findings.length as number;

  it('the repository’s .hindsight.yaml applies when a subfolder is scanned, or scanned from', () => {
    const repo = path.join(scratch, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    writeFile(path.join(repo, '.hindsight.yaml'), 'rules:\n  non-persistent-route: off\n');
    writeFile(path.join(repo, 'sub', 'user-data'), '#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n');
    assert.equal(count(['scan', 'sub'], repo), 0);
    assert.equal(count(['scan', '.'], path.join(repo, 'sub')), 0);
    assert.equal(count(['scan', path.join(repo, 'sub')], scratch), 0);
  });

  it('a role’s task file, a molecule scenario and a file under a folder named tasks/ read the same whichever folder is named', () => {
    const tree = path.join(root, 'test/fixtures/ansible');
    assert.equal(count(['scan', 'roles/web/tasks'], tree), 1);
    assert.equal(count(['scan', '.', 'roles/web/tasks'], tree), 2);
    const project = path.join(scratch, 'tasks', 'proj');
    writeFile(path.join(project, 'vars.yml'), '- shell: ip route add 10.0.0.0/8 via 10.1.1.1\n');
    writeFile(path.join(project, 'molecule', 'default', 'converge.yml'), '- hosts: all\n  tasks:\n    - apt: upgrade=dist\n');
    const outside = path.join(scratch, 'elsewhere');
    mkdirSync(outside, { recursive: true });
    // vars.yml is a task list by its content, wherever it is and however it is named.
    for (const [args, cwd] of [
      [['scan', path.join(project, 'vars.yml')], outside],
      [['scan', project], outside],
      [['scan', 'vars.yml'], project],
    ] as const) {
      assert.equal(count([...args], cwd), 1, `${args.join(' ')} from ${cwd}`);
    }
    assert.equal(count(['scan', 'molecule/default'], project), 0, 'a molecule scenario named explicitly is still test scaffolding');
  });
});

describe('nothing passes silently', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-silent-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a recognised file that does not parse is a finding in every format; a named file no format reads gets a notice', () => {
    writeFileSync(path.join(scratch, 'user-data'), '#cloud-config\nruncmd: [echo\n');
    writeFileSync(path.join(scratch, 'notes.txt'), 'hello\n');
    const text = hindsight(['scan', 'user-data', 'notes.txt'], scratch);
    assert.equal(text.code, 1, 'CI does not pass on a file it could not read');
    assert.match(text.stdout, /^user-data:3:1 warning parse-error YAML: /m);
    assert.match(text.stderr, /notes\.txt: not read: no format recognises it/);
    const json = JSON.parse(hindsight(['scan', 'user-data', '--format', 'json'], scratch).stdout) as { findings: { ruleId: string }[] };
    assert.deepEqual(
      json.findings.map((finding) => finding.ruleId),
      ['parse-error'],
    );
    const sarif = JSON.parse(hindsight(['scan', 'user-data', '--format', 'sarif'], scratch).stdout);
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, 'parse-error');
  });
});

describe('what a play names but Hindsight cannot follow is said', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-unfollowed-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('collection roles, templated names and missing task files are notes with file, line and why; free-form file= is followed', () => {
    writeFile(path.join(scratch, 'roles/web/defaults/main/main.yml'), 'port: 80\n');
    writeFile(path.join(scratch, 'tasks/routes.yml'), '- command: ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0\n');
    writeFile(
      path.join(scratch, 'site.yml'),
      [
        '- hosts: all',
        '  serial: 1',
        '  roles:',
        '    - web',
        '    - community.general.thing',
        '  tasks:',
        '    - include_role:',
        '        name: "{{ extra_role }}"',
        '    - import_tasks: file=tasks/routes.yml',
        '    - import_tasks: tasks/missing.yml',
        '    - include_tasks: "{{ os_family }}.yml"',
        '',
      ].join('\n'),
    );
    const { code, stdout } = hindsight(['scan', 'site.yml'], scratch);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^site\.yml:5:7: note: role community\.general\.thing not followed: a collection role, not in this repository$/m);
    assert.match(stdout, /^site\.yml:7:7: note: role \{\{ extra_role \}\} not followed: its name is a template$/m);
    assert.match(stdout, /^site\.yml:10:7: note: task file tasks\/missing\.yml not followed: /m);
    assert.match(stdout, /^site\.yml:11:7: note: task file \{\{ os_family \}\}\.yml not followed: its path is a template$/m);
    assert.doesNotMatch(stdout, /role web not followed/, 'a role with only defaults/main/ is a role');
    assert.match(stdout, /^tasks\/routes\.yml:1:\d+ warning non-persistent-route /m, 'the task file named with file= is read');
  });
});

describe('files Terraform hands to instances as user-data', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-terraform-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('templatefile(…) and file(…) make the named file user-data, whatever its name, with template syntax masked', () => {
    const write = (file: string, text: string) => writeFile(path.join(scratch, file), text);
    write(
      'main.tf',
      [
        'resource "aws_launch_template" "nodes" {',
        '  user_data = base64encode(templatefile("${path.module}/templates/init.tftpl", { gateway = var.gw }))',
        '}',
        'resource "aws_launch_template" "workers" {',
        '  user_data = var.custom != "" ? var.custom : base64encode(templatefile("${path.module}/templates/worker.cloudcfg", {}))',
        '}',
        'resource "hcloud_server" "gw" {',
        '  user_data = file("${path.module}/scripts/boot.sh")',
        '}',
        'resource "aws_launch_template" "lt" {',
        '  user_data = filebase64("${path.module}/scripts/lt.sh")',
        '}',
        'data "cloudinit_config" "c" {',
        '  part {',
        '    content_type = "text/cloud-config"',
        '    content      = templatefile("${path.module}/templates/headerless.yaml.tpl", { frag = "" })',
        '  }',
        '  part {',
        '    content_type = "text/x-shellscript"',
        '    content      = templatefile("${path.module}/templates/eks.tpl", {})',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    // A line that is only `${…}` splices in lines of YAML; a template may start with a directive.
    write('templates/headerless.yaml.tpl', 'runcmd:\n\n${frag}\n\n- curl -fsSL https://example.com/install.sh | sh\n');
    write('templates/eks.tpl', '%{ if enabled ~}\n#!/bin/bash\nexport NEEDRESTART_MODE=a\n%{ endif ~}\n');
    write('scripts/lt.sh', '#!/bin/bash\nip route add 10.7.0.0/16 via 10.0.0.1 dev eth0\n');
    write('templates/init.tftpl', '#cloud-config\nruncmd:\n%{ for cidr in routes ~}\n  - ip route add ${cidr} via ${gateway} dev eth0\n%{ endfor ~}\n');
    write('scripts/boot.sh', '#!/bin/bash\nexport NEEDRESTART_MODE=a\n');
    // No name of its own makes a walk read this one: only the reference does.
    write('templates/worker.cloudcfg', '#cloud-config\nruncmd:\n%{ if true ~}\n  - curl -fsSL https://example.com/i.sh | sh\n%{ endif ~}\n');
    write('scripts/unused.sh', '#!/bin/bash\nexport NEEDRESTART_MODE=a\n');
    const { findings } = JSON.parse(hindsight(['scan', '.', '--format', 'json'], scratch).stdout) as {
      findings: { file: string; ruleId: string; range: { start: { line: number } } }[];
    };
    assert.deepEqual(findings.map((finding) => [finding.file, finding.ruleId, finding.range.start.line + 1]).sort(), [
      ['scripts/boot.sh', 'needrestart-auto-restart', 2],
      ['scripts/lt.sh', 'non-persistent-route', 2],
      ['templates/eks.tpl', 'needrestart-auto-restart', 3],
      ['templates/headerless.yaml.tpl', 'remote-script-piped-to-shell', 5],
      ['templates/init.tftpl', 'non-persistent-route', 4],
      ['templates/worker.cloudcfg', 'remote-script-piped-to-shell', 4],
    ]);
    const listed = hindsight(['scan', '.', '--list-files'], scratch).stdout;
    assert.match(listed, /^templates\/worker\.cloudcfg: cloud-init \(its #cloud-config header; run or handed over by main\.tf\)$/m);
    assert.match(listed, /^main\.tf: terraform \(its \.tf or \.tf\.json name\)$/m);
  });
});

describe('Packer image builds', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-packer-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('judges provisioners and the scripts and playbooks they run as an image build', () => {
    const write = (file: string, text: string) => writeFile(path.join(scratch, file), text);
    write(
      'ubuntu.pkr.hcl',
      [
        'build {',
        '  provisioner "shell" {',
        '    inline = [',
        '      "sudo DEBIAN_FRONTEND=noninteractive apt-get -y dist-upgrade",',
        '      "sudo apt-get install -y unattended-upgrades",',
        '    ]',
        '  }',
        '  provisioner "shell" {',
        '    scripts = ["${path.root}/scripts/harden.sh"]',
        '  }',
        '  provisioner "ansible" {',
        '    playbook_file = "./ansible/image.yml"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    write('scripts/harden.sh', '#!/bin/bash\nip route add 10.0.0.0/8 via 10.0.0.1 dev eth0\ncurl -sSL https://example.com/x.sh | bash\n');
    // By its content alone this is a rollout to every host; Packer runs it on one build machine.
    write('ansible/image.yml', '- hosts: all\n  tasks:\n    - apt: upgrade=dist\n    - service: name=nginx state=restarted\n');
    write('legacy.json', '{\n  "builders": [{ "type": "amazon-ebs" }],\n  "provisioners": [{ "type": "shell", "inline": ["sudo apt-get install -y unattended-upgrades"] }]\n}\n');
    const { findings } = JSON.parse(hindsight(['scan', '.', '--format', 'json'], scratch).stdout) as {
      findings: { file: string; ruleId: string; range: { start: { line: number } } }[];
    };
    assert.deepEqual(findings.map((finding) => [finding.file, finding.ruleId, finding.range.start.line + 1]).sort(), [
      ['legacy.json', 'apt-lock-race', 3],
      ['legacy.json', 'unattended-upgrades-enabled', 3],
      ['scripts/harden.sh', 'remote-script-piped-to-shell', 3],
      ['ubuntu.pkr.hcl', 'apt-lock-race', 4],
      ['ubuntu.pkr.hcl', 'apt-lock-race', 5],
      ['ubuntu.pkr.hcl', 'unattended-upgrades-enabled', 5],
    ]);
  });
});

describe('hindsight scan --fix and --diff', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-fix-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const copyOfExamples = (name: string): string => {
    const dir = path.join(scratch, name);
    cpSync(path.join(root, 'examples'), dir, { recursive: true });
    return dir;
  };
  const texts = (dir: string) =>
    Object.fromEntries(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => {
          const file = path.join(entry.parentPath, entry.name);
          return [path.relative(dir, file), readFileSync(file, 'utf8')];
        }),
    );
  const keys = (stdout: string) => JSON.parse(stdout).findings.map((f: { file: string; ruleId: string; message: string }) => `${f.file} ${f.ruleId} ${f.message}`);

  it('--diff prints the fixes as a unified diff and changes nothing', () => {
    const dir = copyOfExamples('diff');
    const before = texts(dir);
    const { code, stdout } = hindsight(['scan', '.', '--diff'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^--- a\/k8s-node\.yaml\n\+\+\+ b\/k8s-node\.yaml\n/m);
    assert.match(stdout, /^- {6}\$nrconf\{restart\} = 'a';\n\+ {6}\$nrconf\{restart\} = 'l';$/m);
    assert.deepEqual(texts(dir), before);
  });

  it('--fix writes every safe fix, keeps every comment, leaves only what has no fix, and is a fixed point', () => {
    const dir = copyOfExamples('fix');
    const before = texts(dir);
    const scanned = keys(hindsight(['scan', '.', '--format', 'json'], dir).stdout);
    const fixed = hindsight(['scan', '.', '--fix', '--format', 'json'], dir);
    assert.equal(fixed.code, 1, fixed.stderr);
    assert.match(fixed.stderr, /applied \d+ fixes in 8 files/);
    const left = keys(fixed.stdout);
    assert.ok(left.length < scanned.length, 'fewer findings after --fix');
    assert.deepEqual(keys(hindsight(['scan', '.', '--format', 'json'], dir).stdout), left, 'the report is a re-scan of the fixed files');
    for (const [file, text] of Object.entries(before)) {
      const after = texts(dir)[file];
      for (const comment of text.split('\n').filter((line) => line.trim().startsWith('#'))) assert.ok(after.includes(comment), `${file} lost the comment ${comment}`);
    }
    assert.match(texts(dir)['k8s-node.yaml'], /ManageForeignRoutes=no[\s\S]*- systemctl restart systemd-networkd/, 'the restart that loads the new drop-in is kept');
    assert.match(texts(dir)[path.join('terraform', 'main.tf')], /^ {4}package_upgrade: false$/m, 'an in-place fix inside a heredoc edits the .tf file');
    const again = hindsight(['scan', '.', '--diff'], dir);
    assert.equal(again.stdout, '');
    assert.equal(again.code, 0);
  });

  it('--fix and --diff exclude each other', () => {
    assert.equal(hindsight(['scan', '.', '--fix', '--diff']).code, 2);
  });
});

describe('scripts and units are read with the lifecycle of what runs them, across files', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-runners-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  writeFile(path.join(scratch, 'site.yml'), '- hosts: routers\n  serial: 1\n  roles:\n    - routes\n');
  writeFile(
    path.join(scratch, 'roles/routes/tasks/main.yml'),
    [
      '- name: Install the route script',
      '  copy:',
      '    src: add-routes.sh',
      '    dest: /usr/local/sbin/',
      '    mode: "0755"',
      '- name: Install the unit',
      '  copy:',
      '    src: static-routes.service',
      '    dest: /etc/systemd/system/static-routes.service',
      '- name: Run a script once',
      '  script: once.sh --verbose',
      '- name: Install a script nothing runs',
      '  copy:',
      '    src: unused.sh',
      '    dest: /usr/local/sbin/unused.sh',
      '- name: Turn upgrades on',
      '  copy: src=20auto-upgrades dest=/etc/apt/apt.conf.d/20auto-upgrades',
      '- name: Routes at reboot',
      '  copy:',
      '    src: routes.cron',
      '    dest: /etc/cron.d/routes',
      '- name: A templated unit',
      '  template:',
      '    src: net.service.j2',
      '    dest: /etc/systemd/system/net.service',
      '',
    ].join('\n'),
  );
  writeFile(path.join(scratch, 'roles/routes/files/add-routes.sh'), '#!/bin/sh\nip route add 10.20.0.0/16 via 10.0.0.1 dev eth0\n');
  writeFile(path.join(scratch, 'roles/routes/files/once.sh'), '#!/bin/sh\nip route add 10.60.0.0/16 via 10.0.0.1 dev eth0\n');
  writeFile(path.join(scratch, 'roles/routes/files/unused.sh'), '#!/bin/sh\nip route add 10.90.0.0/16 via 10.0.0.1 dev eth0\n');
  writeFile(path.join(scratch, 'roles/routes/files/20auto-upgrades'), 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n');
  writeFile(path.join(scratch, 'roles/routes/files/routes.cron'), '# routes\n@reboot root ip route add 10.70.0.0/16 via 10.0.0.1\n');
  writeFile(
    path.join(scratch, 'roles/routes/templates/net.service.j2'),
    '[Service]\nExecStart=/sbin/ip route add {{ cidr }} via 10.0.0.1\n[Install]\nWantedBy=multi-user.target\n',
  );
  writeFile(
    path.join(scratch, 'roles/routes/files/static-routes.service'),
    '[Unit]\nPartOf=systemd-networkd.service\nAfter=systemd-networkd.service\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/local/sbin/add-routes.sh\n\n[Install]\nWantedBy=multi-user.target\n',
  );

  it('a role script installed where a repository unit runs it: flagged in the script, with the unit and the copy task related', () => {
    const { code, stdout } = hindsight(['scan', '.'], scratch);
    assert.equal(code, 1, stdout);
    assert.match(
      stdout,
      /^roles\/routes\/files\/add-routes\.sh:2:1 warning non-persistent-route .*\(add-routes\.sh; runs at every boot \(static-routes\.service, WantedBy=multi-user\.target\), and again whenever systemd-networkd\.service restarts\): a systemd-networkd restart runs it again, but when networkd reconfigures the link/m,
    );
    // The unit is read as what it is where the role installs it, whichever file the walk reaches first.
    assert.match(stdout, /^ {4}roles\/routes\/files\/static-routes\.service:8:11: installed at \/etc\/systemd\/system\/static-routes\.service ExecStart runs it$/m);
    assert.match(stdout, /^ {4}roles\/routes\/tasks\/main\.yml:4:11: tasks\[0\] installs it at \/usr\/local\/sbin\/add-routes\.sh$/m);
    assert.match(stdout, /^roles\/routes\/files\/once\.sh:2:1 warning non-persistent-route .*\(once\.sh; runs when the play runs\)/m);
    assert.match(stdout, /^ {4}roles\/routes\/tasks\/main\.yml:11:3: this file is run on the host by tasks\[2\]$/m);
    assert.doesNotMatch(stdout, /unused\.sh:/, 'a script installed but never run stays unread');
  });

  it('files a task installs without reading them are read as what their path holds, findings on their own lines', () => {
    const { stdout } = hindsight(['scan', '.'], scratch);
    assert.match(stdout, /^roles\/routes\/files\/20auto-upgrades:2:1 warning unattended-upgrades-enabled /m);
    assert.match(stdout, /^ {4}roles\/routes\/tasks\/main\.yml:17:\d+: tasks\[4\] installs it at \/etc\/apt\/apt\.conf\.d\/20auto-upgrades$/m);
    assert.match(stdout, /^roles\/routes\/files\/routes\.cron:2:\d+ warning non-persistent-route .*runs at every boot \(cron @reboot\)/m);
    const unitFindings = stdout.split('\n').filter((line) => /^\S+:\d+:\d+ warning non-persistent-route .*(10\.70|\{\{ cidr \}\})/.test(line) && !line.includes('routes.cron'));
    assert.deepEqual(
      unitFindings.map((line) => line.split(' ')[0]),
      ['roles/routes/templates/net.service.j2:2:11'],
      'a templated unit is read once, in its own file',
    );
  });

  it('files a Packer file provisioner uploads into the image are installed on every instance made from it', () => {
    const image = path.join(scratch, 'image');
    writeFile(
      path.join(image, 'image.pkr.hcl'),
      [
        'build {',
        '  provisioner "file" {',
        '    source      = "files/routes.service"',
        '    destination = "/etc/systemd/system/routes.service"',
        '  }',
        '  provisioner "file" {',
        '    source      = "files/routes.sh"',
        '    destination = "/usr/local/sbin/"',
        '  }',
        '  provisioner "shell" {',
        '    inline = ["sudo /usr/local/sbin/routes.sh"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    writeFile(path.join(image, 'files/routes.service'), '[Service]\nType=oneshot\nExecStart=/usr/local/sbin/routes.sh\n[Install]\nWantedBy=multi-user.target\n');
    writeFile(path.join(image, 'files/routes.sh'), '#!/bin/sh\nip route add 10.21.0.0/16 via 10.0.0.1 dev eth0\n');
    const { stdout } = hindsight(['scan', '.'], image);
    // Run while the image is built and at every boot of its instances: judged as the boot runs it.
    assert.match(
      stdout,
      /^files\/routes\.sh:2:1 warning non-persistent-route .*runs once, while the image is built, and at every boot \(routes\.service, WantedBy=multi-user\.target\)/m,
    );
    assert.match(stdout, /^ {4}image\.pkr\.hcl:8:19: Packer file provisioner installs it at \/usr\/local\/sbin\/routes\.sh$/m);
  });

  it('files a Containerfile copies into a bootable image are installed on the machines booted from it', () => {
    const image = path.join(scratch, 'bootc');
    writeFile(
      path.join(image, 'Containerfile'),
      'FROM quay.io/fedora/fedora-bootc:42\nCOPY files/routes.service /etc/systemd/system/\nCOPY files/routes.sh files/*.conf /usr/local/sbin/\n',
    );
    writeFile(path.join(image, 'files/routes.service'), '[Service]\nType=oneshot\nExecStart=/usr/local/sbin/routes.sh\n[Install]\nWantedBy=multi-user.target\n');
    writeFile(path.join(image, 'files/routes.sh'), '#!/bin/sh\nip route add 10.24.0.0/16 via 10.0.0.1 dev eth0\n');
    const { stdout } = hindsight(['scan', '.'], image);
    assert.match(stdout, /^files\/routes\.sh:2:1 warning non-persistent-route .*runs at every boot \(routes\.service, WantedBy=multi-user\.target\)/m);
    assert.match(stdout, /^ {4}Containerfile:3:6: line 3 copies it into the image at \/usr\/local\/sbin\/routes\.sh$/m);
  });

  it('a service started by a timer beside it runs on the timer’s schedule', () => {
    const timers = path.join(scratch, 'timers');
    writeFile(path.join(timers, 'routes.service'), '[Service]\nType=oneshot\nExecStart=/sbin/ip route replace 10.22.0.0/16 via 10.0.0.1 dev eth0\n');
    writeFile(path.join(timers, 'routes.timer'), '[Timer]\nOnBootSec=30s\nOnUnitActiveSec=5min\n[Install]\nWantedBy=timers.target\n');
    writeFile(path.join(timers, 'once.service'), '[Service]\nType=oneshot\nExecStart=/sbin/ip route replace 10.23.0.0/16 via 10.0.0.1 dev eth0\n');
    writeFile(path.join(timers, 'once.timer'), '[Timer]\nOnBootSec=30s\n');
    const { stdout } = hindsight(['scan', '.'], timers);
    assert.match(
      stdout,
      /^routes\.service:3:11 warning non-persistent-route .*runs on a schedule \(routes\.timer, OnUnitActiveSec=5min\)\): .* it is gone until the timer next runs it\.$/m,
    );
    assert.match(stdout, /^once\.service:3:11 warning non-persistent-route .*runs once after each boot \(once\.timer, OnBootSec=30s\)\): .* nothing puts it back\.$/m);
  });

  it('JSON and SARIF carry the related places', () => {
    const json = JSON.parse(hindsight(['scan', '.', '--format', 'json'], scratch).stdout);
    const finding = json.findings.find((candidate: { file: string }) => candidate.file === 'roles/routes/files/add-routes.sh');
    assert.deepEqual(
      finding.related.map((place: { file: string; range: { start: { line: number } }; message: string }) => [place.file, place.range.start.line, place.message]),
      [
        ['roles/routes/files/static-routes.service', 7, 'installed at /etc/systemd/system/static-routes.service ExecStart runs it'],
        ['roles/routes/tasks/main.yml', 3, 'tasks[0] installs it at /usr/local/sbin/add-routes.sh'],
      ],
    );
    const sarif = JSON.parse(hindsight(['scan', '.', '--format', 'sarif'], scratch).stdout);
    const result = sarif.runs[0].results.find((candidate: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      candidate.locations[0].physicalLocation.artifactLocation.uri.endsWith('add-routes.sh'),
    );
    assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'roles/routes/files/static-routes.service');
    assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 8);
  });
});

describe('input cannot forge or drive the text output', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-forge-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a newline in a file name and terminal escapes in content are written as escapes', () => {
    writeFile(path.join(scratch, 'x\nuser-data:1:1 error fake-rule forged'), '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n');
    writeFile(path.join(scratch, 'user-data.sh'), '#!/bin/sh\ncurl -s "https://example.com/\u001b]0;pwned\u0007\u202e" | sh\n');
    const { stdout } = hindsight(['scan', '.'], scratch);
    assert.doesNotMatch(stdout, /^user-data:1:1 error fake-rule/m, 'no forged line');
    assert.match(stdout, /^x\\nuser-data:1:1 error fake-rule forged:3:5 warning remote-script-piped-to-shell /m);
    for (const char of ['\u001b', '\u0007', '\u202e']) assert.ok(!stdout.includes(char), 'no raw control or bidi characters');
    assert.match(stdout, /\\x1b\]0;pwned\\x07\\u202e/);
  });
});

describe('suppressions are comments, and `pragmas: false` turns them all off', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-pragmas-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(path.join(scratch, '.git'));
  const play = [
    '- hosts: all',
    '  serial: 1',
    '  tasks:',
    '    - shell: echo "# hindsight ignore=remote-script-piped-to-shell -- in a string" && curl x | sh',
    '    - shell: "echo \'# noqa: remote-script-piped-to-shell\' && curl y | sh"',
    '    - shell: curl z | sh  # noqa: remote-script-piped-to-shell',
    '    # hindsight ignore=remote-script-piped-to-shell -- vendored installer, pinned by checksum upstream',
    '    - shell: curl w | sh',
    '',
  ].join('\n');

  it('text inside a quoted string suppresses nothing; comments do', () => {
    writeFile(path.join(scratch, 'site.yml'), play);
    const { stdout } = hindsight(['scan', 'site.yml'], scratch);
    assert.deepEqual(
      stdout.split('\n').flatMap((line) => /^site\.yml:(\d+):\d+ warning remote-script-piped-to-shell/.exec(line)?.[1] ?? []),
      ['4', '5'],
    );
  });

  it('`pragmas: false` turns off `# noqa` too', () => {
    writeFile(path.join(scratch, '.hindsight.yaml'), 'pragmas: false\n');
    const { stdout } = hindsight(['scan', 'site.yml'], scratch);
    assert.deepEqual(
      stdout.split('\n').flatMap((line) => /^site\.yml:(\d+):\d+ warning remote-script-piped-to-shell/.exec(line)?.[1] ?? []),
      ['4', '5', '6', '8'],
    );
    rmSync(path.join(scratch, '.hindsight.yaml'));
  });
});

describe('a project rule folder cannot break the scan quietly', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-own-rules-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(path.join(scratch, '.git'));
  const rule = (id: string) =>
    [
      `id: ${id}`,
      'title: No telnet',
      'severity: warning',
      'message: "telnet is not allowed"',
      'explanation: |',
      '  No telnet.',
      'incidents: [heroku-2025-06-10]',
      'match:',
      '  - command:',
      '      programs: [telnet]',
      '',
    ].join('\n');
  writeFile(path.join(scratch, 'user-data'), '#cloud-config\nruncmd:\n  - telnet x\n');

  it('an id every JavaScript object has is refused, and a folder that fails to load exits 2', () => {
    writeFile(path.join(scratch, 'own/constructor.yaml'), rule('constructor'));
    writeFile(path.join(scratch, '.hindsight.yaml'), 'ruleFolders: [own]\n');
    const { code, stdout } = hindsight(['scan', '.', '--fail-on', 'info'], scratch);
    assert.equal(code, 2, stdout);
    assert.match(stdout, /constructor\.yaml:1: id: "constructor" is reserved/);
    rmSync(path.join(scratch, 'own/constructor.yaml'));
  });

  it('a project incidents.yaml cannot rewrite a built-in incident', () => {
    writeFile(
      path.join(scratch, 'own/incidents.yaml'),
      [
        'incidents:',
        '  - id: heroku-2025-06-10',
        '    organisation: Nobody',
        '    date: 2025-06-10',
        '    title: Not it',
        '    url: https://example.com/forged',
        '    summary: forged',
        '    lesson: forged',
        '',
      ].join('\n'),
    );
    writeFile(path.join(scratch, '.hindsight.yaml'), 'ruleFolders: [own]\n');
    const { code, stdout } = hindsight(['scan', '.'], scratch);
    assert.equal(code, 2, stdout);
    assert.match(stdout, /incidents\.yaml:1: incidents: "heroku-2025-06-10" is a built-in incident/);
    assert.doesNotMatch(stdout, /example\.com\/forged/);
    rmSync(path.join(scratch, 'own/incidents.yaml'));
  });

  it('a well-named project rule loads and its severity setting applies', () => {
    writeFile(path.join(scratch, 'own/no-telnet.yaml'), rule('no-telnet'));
    writeFile(path.join(scratch, '.hindsight.yaml'), 'ruleFolders: [own]\nrules:\n  no-telnet: info\n');
    const { code, stdout } = hindsight(['scan', '.', '--fail-on', 'info'], scratch);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^user-data:3:5 info no-telnet telnet is not allowed$/m);
  });
});

describe('SARIF output', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-sarif-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('validates against the official SARIF 2.1.0 schema with spaces, non-ASCII, #, ? and % in names, and points at the right files', () => {
    const names = ['with space/user-data', 'ümlaut/user-data', 'hash#/user-data', 'query?/user-data', 'per%cent/user-data'];
    for (const name of names) writeFile(path.join(scratch, name), '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n');
    const sarif = JSON.parse(hindsight(['scan', '.', '--format', 'sarif'], scratch).stdout);
    const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    // `artifactLocation.uri` is a `uri-reference`: the formats are what rejects an unencoded space.
    (require('ajv-formats') as typeof import('ajv-formats').default)(ajv as never);
    const validate = ajv.compile(schema);
    assert.ok(validate({ ...sarif }), JSON.stringify(validate.errors, null, 2));
    const uris = sarif.runs[0].results.map(
      (result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0].physicalLocation.artifactLocation.uri,
    );
    assert.deepEqual(uris.map((uri: string) => decodeURIComponent(uri)).sort(), [...names].sort());
    assert.ok(
      uris.every((uri: string) => new URL(uri, 'file:///root/').pathname.endsWith('/user-data')),
      uris.join(' '),
    );
  });
});

describe('files Hindsight cannot read are said', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-utf16-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a UTF-16 file is skipped with a note saying so', () => {
    const text = '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n';
    mkdirSync(scratch, { recursive: true });
    writeFileSync(path.join(scratch, 'user-data'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { stdout } = hindsight(['scan', '.'], scratch);
    assert.match(stdout, /^user-data: note: skipped: UTF-16 text \(Hindsight reads UTF-8; save the file as UTF-8\)$/m);
  });

  it('a FIFO or a link to /dev/zero named on the command line is skipped at once, not waited on or read without end', () => {
    execFileSync('mkfifo', [path.join(scratch, 'pipe.yaml')]);
    symlinkSync('/dev/zero', path.join(scratch, 'zero.yaml'));
    const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), 'scan', 'pipe.yaml', 'zero.yaml'], { cwd: scratch, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.signal, null, 'the scan did not finish');
    assert.match(result.stdout, /^pipe\.yaml: note: skipped: not a regular file$/m);
    assert.match(result.stdout, /^zero\.yaml: note: skipped: not a regular file$/m);
  });

  it('an Ansible template under /proc is not read (it is outside the project), and the scan ends', () => {
    writeFile(path.join(scratch, 'kmsg/site.yml'), '- hosts: all\n  tasks:\n    - template: src=/proc/kmsg dest=/etc/x\n');
    const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), 'scan', '.'], { cwd: path.join(scratch, 'kmsg'), encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.signal, null, 'the scan did not finish');
    assert.equal(result.status, 0, result.stderr);
  });

  it('a file named three ways (relative, ./relative, absolute) is read and reported once', () => {
    writeFile(path.join(scratch, 'thrice/user-data'), '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n');
    const cwd = path.join(scratch, 'thrice');
    const { stdout } = hindsight(['scan', 'user-data', './user-data', path.join(cwd, 'user-data')], cwd);
    assert.equal(stdout.split('\n').filter((line) => /^user-data:3:5 warning remote-script-piped-to-shell/.test(line)).length, 1);
  });

  it('a config of 50,000 ignore patterns is compiled once, not once per file', () => {
    const tree = path.join(scratch, 'patterns');
    writeFile(path.join(tree, '.hindsight.yaml'), `ignore:\n${Array.from({ length: 50_000 }, (_, i) => `  - "dir-${i}/**/*.yaml"`).join('\n')}\n`);
    for (let i = 0; i < 40; i++) writeFile(path.join(tree, `host-${i}/user-data`), '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n');
    // Compiled per file, the 40 files took more than 20 s; compiled once, about 2 s.
    const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), 'scan', '.'], { cwd: tree, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.signal, null, 'the scan did not finish in 20 s');
    assert.match(result.stdout, /^40 findings/m);
  });

  it('output cut short by a reader that stops (`| head -1`) ends quietly, without a stack trace', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${path.join(root, 'bin/hindsight.js')}" scan . | head -1`], { cwd: fixtures, encoding: 'utf8' });
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
    assert.doesNotMatch(result.stderr, /EPIPE|Error|at /);
  });

  // Permissions do not stop root: the scan runs as an unprivileged user there.
  const unprivileged = (args: string[], cwd: string) => {
    const command = [process.execPath, path.join(root, 'bin/hindsight.js'), ...args];
    const asRoot = process.getuid?.() === 0;
    const result = spawnSync(asRoot ? 'setpriv' : command[0], asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command.slice(1), {
      cwd,
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('a folder that cannot be listed and a file that cannot be read are said, and the scan is not clean', () => {
    const tree = path.join(scratch, 'locked');
    writeFile(path.join(tree, 'closed/user-data'), '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n');
    writeFile(path.join(tree, 'secret/user-data'), '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n');
    chmodSync(scratch, 0o755);
    chmodSync(path.join(tree, 'closed'), 0o000);
    chmodSync(path.join(tree, 'secret/user-data'), 0o000);
    const walked = unprivileged(['scan', '.'], tree);
    assert.equal(walked.code, 2, walked.stdout + walked.stderr);
    assert.match(walked.stdout, /^closed: note: folder not read: EACCES: permission denied/m);
    assert.match(walked.stderr, /secret\/user-data: EACCES: permission denied/);
    assert.match(walked.stdout, /^No hazards found in what could be checked; the scan is incomplete/m);
    const named = unprivileged(['scan', 'secret/user-data'], tree);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /secret\/user-data: EACCES: permission denied/);
    const listed = unprivileged(['scan', '.', '--list-files'], tree);
    assert.equal(listed.code, 2);
    assert.match(listed.stdout, /^closed: folder not read: EACCES/m);
    chmodSync(path.join(tree, 'closed'), 0o755);
  });
});

describe('which configuration applies, and what it leaves unread, is said', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-configs-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const hazard = '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n';

  it('outside a repository, a config above the working directory does not apply', () => {
    writeFile(path.join(scratch, 'outer/.hindsight.yaml'), 'ignore: ["**"]\n');
    writeFile(path.join(scratch, 'outer/project/user-data'), hazard);
    const { code, stdout } = hindsight(['scan', '.'], path.join(scratch, 'outer/project'));
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^user-data:3:5 warning remote-script-piped-to-shell/m);
  });

  it('files a config ignores are counted in a note', () => {
    const { code, stdout } = hindsight(['scan', 'project'], path.join(scratch, 'outer'));
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^\.hindsight\.yaml: note: 1 file not read: its ignore patterns match them$/m);
  });

  it('a config over the size cap, or a link to a config outside the tree, is not read and says why', () => {
    writeFile(path.join(scratch, 'big/.git/HEAD'), '');
    writeFile(path.join(scratch, 'big/.hindsight.yaml'), `ignore: ["**"]\n${'#'.repeat(3 * 1024 * 1024)}\n`);
    writeFile(path.join(scratch, 'big/user-data'), hazard);
    const big = hindsight(['scan', '.'], path.join(scratch, 'big'));
    assert.equal(big.code, 1, big.stdout);
    assert.match(big.stdout, /^\.hindsight\.yaml:1:1: note: \.hindsight\.yaml is not read: it is larger than \d+ MB/m);
    writeFile(path.join(scratch, 'elsewhere/.hindsight.yaml'), 'ignore: ["**"]\n');
    writeFile(path.join(scratch, 'linked/.git/HEAD'), '');
    writeFile(path.join(scratch, 'linked/user-data'), hazard);
    symlinkSync(path.join(scratch, 'elsewhere/.hindsight.yaml'), path.join(scratch, 'linked/.hindsight.yaml'));
    const linked = hindsight(['scan', '.'], path.join(scratch, 'linked'));
    assert.equal(linked.code, 1, linked.stdout);
    assert.match(linked.stdout, /^\.hindsight\.yaml:1:1: note: \.hindsight\.yaml is not read: it is a link to a file outside this tree/m);
  });
});

describe('holds written in other files of the same hosts', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-holds-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a role that installs kubelet is not flagged when another role holds every package (`xargs apt-mark hold`)', () => {
    writeFile(path.join(scratch, 'roles/kubernetes/tasks/main.yml'), '- ansible.builtin.apt:\n    name: [kubelet, kubeadm, kubectl]\n');
    const alone = hindsight(['scan', '.', '--format', 'json'], scratch);
    assert.deepEqual(
      JSON.parse(alone.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId),
      ['kube-packages-not-held'],
    );
    writeFile(path.join(scratch, 'roles/sysprep/tasks/main.yml'), "- ansible.builtin.shell: dpkg-query -f '${binary:Package}\\n' -W | xargs apt-mark hold\n");
    const held = hindsight(['scan', '.', '--format', 'json'], scratch);
    assert.deepEqual(JSON.parse(held.stdout).findings, []);
  });
});

describe('automatic upgrades turned on by one role, a GPU driver installed by another', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-upgrades-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const findings = () =>
    (JSON.parse(hindsight(['scan', '.', '--format', 'json'], scratch).stdout).findings as { file: string; ruleId: string; related?: { file: string }[] }[])
      .filter((finding) => finding.ruleId === 'unattended-upgrades-critical-packages')
      .map((finding) => [finding.file, (finding.related ?? []).map((place) => place.file)]);

  it('the driver is flagged, related to the role that turns upgrades on, until a role blacklists it', () => {
    writeFile(path.join(scratch, 'roles/gpu/tasks/main.yml'), '- ansible.builtin.apt:\n    name: [nvidia-driver-550-server]\n');
    assert.deepEqual(findings(), [], 'no role turns upgrades on yet');
    writeFile(
      path.join(scratch, 'roles/base/tasks/main.yml'),
      '- ansible.builtin.apt:\n    name: unattended-upgrades\n- ansible.builtin.copy:\n    dest: /etc/apt/apt.conf.d/20auto-upgrades\n    content: |\n      APT::Periodic::Unattended-Upgrade "1";\n',
    );
    assert.deepEqual(findings(), [['roles/gpu/tasks/main.yml', ['roles/base/tasks/main.yml']]]);
    // The blacklist in a file the role copies from its files/ folder (read as what its installed path holds).
    writeFile(path.join(scratch, 'roles/base/tasks/blacklist.yml'), '- ansible.builtin.copy:\n    src: 51-blacklist\n    dest: /etc/apt/apt.conf.d/51-blacklist\n');
    writeFile(path.join(scratch, 'roles/base/files/51-blacklist'), 'Unattended-Upgrade::Package-Blacklist {\n    "nvidia-";\n};\n');
    assert.deepEqual(findings(), []);
  });
});

describe('files a document refers to are read only inside the project', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-confined-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'hindsight-outside-'));
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('a template named by an absolute path outside, or through a link out of the tree, is not read', () => {
    const upgrades = 'APT::Periodic::Unattended-Upgrade "1";\n';
    writeFile(path.join(outside, 'auto.j2'), upgrades);
    writeFile(path.join(scratch, 'project/templates/inside.j2'), upgrades);
    mkdirSync(path.join(scratch, 'project/.git'));
    symlinkSync(path.join(outside, 'auto.j2'), path.join(scratch, 'project/templates/linked.j2'));
    const task = (src: string, dest: string) => `- template: {src: ${src}, dest: /etc/apt/apt.conf.d/${dest}}\n`;
    writeFile(path.join(scratch, 'project/tasks/main.yml'), [task(path.join(outside, 'auto.j2'), 'a'), task('linked.j2', 'b'), task('inside.j2', 'c')].join(''));
    const { stdout } = hindsight(['scan', '.'], path.join(scratch, 'project'));
    assert.deepEqual(
      stdout.split('\n').flatMap((line) => /^tasks\/main\.yml:(\d+):\d+ warning unattended-upgrades-enabled/.exec(line)?.[1] ?? []),
      ['3'],
      stdout,
    );
  });
});

describe('related places are on the same host', () => {
  it('a route lists what removes it in its own user-data, its role and the roles its play runs, never another instance’s user-data or an unrelated role', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-same-host-'));
    try {
      writeFile(path.join(dir, 'edge/user-data'), '#cloud-config\nruncmd:\n  - ip route add 10.20.0.0/16 via 10.0.0.1\n  - netplan apply\n');
      writeFile(path.join(dir, 'web/user-data'), '#cloud-config\npackages: [unattended-upgrades]\n');
      writeFile(path.join(dir, 'roles/net/tasks/main.yml'), '- name: Route to the backbone\n  command: ip route add 10.30.0.0/16 via 10.0.0.1\n');
      writeFile(path.join(dir, 'roles/net/handlers/main.yml'), '- name: Restart networkd\n  service: name=systemd-networkd state=restarted\n');
      writeFile(path.join(dir, 'roles/other/handlers/main.yml'), '- name: Restart networkd too\n  service: name=systemd-networkd state=restarted\n');
      writeFile(path.join(dir, 'roles/peer/handlers/main.yml'), '- name: Restart networkd for peering\n  service: name=systemd-networkd state=restarted\n');
      writeFile(path.join(dir, 'edge.yml'), '- hosts: edge\n  serial: 1\n  roles: [net, peer]\n');
      const { stdout } = hindsight(['scan', '.', '--format', 'json'], dir);
      const routes = JSON.parse(stdout).findings.filter((finding: { ruleId: string }) => finding.ruleId === 'non-persistent-route');
      const relatedOf = (file: string) =>
        routes
          .find((finding: { file: string }) => finding.file === file)
          .related.map((place: { file: string; range: { start: { line: number } } }) => `${place.file}:${place.range.start.line}`);
      assert.deepEqual(relatedOf('edge/user-data'), ['edge/user-data:3']);
      assert.deepEqual(relatedOf('roles/net/tasks/main.yml'), ['roles/net/handlers/main.yml:1', 'roles/peer/handlers/main.yml:1', 'edge.yml:0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a role is judged as the plays that run it roll out', () => {
  it('an upgrade in a role every play runs with serial is not reported; a play without serial brings it back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-batched-'));
    try {
      writeFile(path.join(dir, 'roles/upgrade/tasks/main.yml'), '- apt: {upgrade: dist}\n');
      writeFile(path.join(dir, 'upgrade.yml'), '- hosts: web\n  serial: 1\n  roles: [upgrade]\n');
      const upgrades = () =>
        JSON.parse(hindsight(['scan', '.', '--format', 'json'], dir).stdout).findings.filter((finding: { ruleId: string }) => finding.ruleId === 'blanket-package-upgrade');
      assert.deepEqual(upgrades(), []);
      writeFile(path.join(dir, 'site.yml'), '- hosts: web\n  roles: [upgrade]\n');
      assert.deepEqual(
        upgrades().map((finding: { file: string }) => finding.file),
        ['roles/upgrade/tasks/main.yml'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
