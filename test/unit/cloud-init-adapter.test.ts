import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { before, describe, it } from 'node:test';
import type { Step } from '../../server/src/core/model';
import { initParsers } from '../../server/src/core/grammars';
import { dedent, parseCloudConfig, parseUserDataScript } from '../helpers';

before(() => initParsers());

function ofKind<K extends Step['kind']>(steps: Step[], kind: K): Extract<Step, { kind: K }>[] {
  return steps.filter((step): step is Extract<Step, { kind: K }> => step.kind === kind);
}

describe('cloud-init adapter', () => {
  it('gives runcmd the first-boot phase and bootcmd every-boot, in module order', () => {
    const doc = parseCloudConfig('#cloud-config\nruncmd:\n  - echo run\nbootcmd:\n  - echo boot\n');
    const commands = ofKind(doc.steps, 'command');
    assert.deepEqual(
      commands.map((step) => [step.origin, step.phase]),
      [
        ['bootcmd[0]', 'every-boot'],
        ['runcmd[0]', 'first-boot'],
      ],
    );
  });

  it('decodes b64 and gz+b64 write_files content and classifies the target', () => {
    const conf = 'APT::Periodic::Unattended-Upgrade "1";\n';
    const doc = parseCloudConfig(
      dedent(`
      #cloud-config
      write_files:
        - path: /etc/apt/apt.conf.d/20auto-upgrades
          encoding: b64
          content: ${Buffer.from(conf).toString('base64')}
        - path: /etc/needrestart/conf.d/x.conf
          encoding: gz+b64
          permissions: '0644'
          content: ${gzipSync("$nrconf{restart} = 'a';\n").toString('base64')}
        - path: /etc/rc.local
          content: "#!/bin/sh\\nip route add 10.0.0.0/8 dev eth0\\n"
    `),
    );
    const files = ofKind(doc.steps, 'file');
    assert.deepEqual(
      files.map((file) => [file.path, file.fileKind, file.contentExact]),
      [
        ['/etc/apt/apt.conf.d/20auto-upgrades', 'apt-conf', false],
        ['/etc/needrestart/conf.d/x.conf', 'needrestart-conf', false],
        ['/etc/rc.local', 'boot-script', true],
      ],
    );
    assert.equal(files[0].entries[0].value, '1');
    assert.equal(files[1].entries[0].value, 'a');
    assert.equal(files[1].mode, '0644');
    assert.deepEqual(
      ofKind(doc.steps, 'command').map((step) => step.phase),
      ['every-boot'],
    );
  });

  it('reports undecodable content as a problem instead of throwing', () => {
    const doc = parseCloudConfig('#cloud-config\nwrite_files:\n  - path: /x\n    encoding: gz+b64\n    content: bm90IGd6aXA=\n');
    assert.match(doc.problems[0].message, /could not be decoded/);
  });

  it('reads packages with versions, settings, debconf, apt sources and snap commands', () => {
    const doc = parseCloudConfig(
      dedent(`
      #cloud-config
      packages:
        - nginx
        - [libc6, "2.35-0ubuntu3"]
        - curl=7.81.0
      package_update: true
      apt:
        sources:
          example:
            source: "deb http://example.com/ubuntu jammy main"
            keyid: ABCDEF
        debconf_selections:
          u: unattended-upgrades unattended-upgrades/enable_auto_updates boolean false
      snap:
        commands:
          - snap install microk8s --classic
    `),
    );
    const [packages] = ofKind(doc.steps, 'package').filter((step) => step.origin === 'packages');
    assert.deepEqual(
      packages.packages.map((pkg) => [pkg.name, pkg.version]),
      [
        ['nginx', undefined],
        ['libc6', '2.35-0ubuntu3'],
        ['curl', '7.81.0'],
      ],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'setting').map((step) => [step.key, step.value]),
      [['package_update', true]],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'debconf').map((step) => [step.question, step.value]),
      [['unattended-upgrades/enable_auto_updates', 'false']],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'command').map((step) => [step.origin, step.flat.map((command) => [command.program, ...command.args.map((arg) => arg.value)])]),
      [
        ['apt.sources.example', [['add-apt-repository', 'deb http://example.com/ubuntu jammy main']]],
        ['snap.commands[0]', [['snap', 'install', 'microk8s', '--classic']]],
      ],
    );
  });

  it('derives package, service and firewall steps from commands', () => {
    const doc = parseCloudConfig(
      dedent(`
      #cloud-config
      runcmd:
        - DEBIAN_FRONTEND=noninteractive apt-get -o Dpkg::Options::=--force-confold -y install frr
        - systemctl enable --now frr
        - ufw allow ssh
    `),
    );
    assert.deepEqual(
      ofKind(doc.steps, 'package').map((step) => [step.action, step.packages.map((pkg) => pkg.name)]),
      [['install', ['frr']]],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'service').map((step) => [step.unit, step.action]),
      [
        ['frr', 'enable'],
        ['frr', 'start'],
      ],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'firewall').map((step) => step.action),
      ['allow-ssh'],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'environment').map((step) => [step.name, step.value]),
      [['DEBIAN_FRONTEND', 'noninteractive']],
    );
  });

  it('survives broken YAML and odd shapes', () => {
    for (const text of ['#cloud-config\nruncmd: [unclosed\n', '#cloud-config\n- a list\n', '#cloud-config\nruncmd: 42\nwrite_files: {}\npackages: x\n', '#cloud-config\n']) {
      const doc = parseCloudConfig(text);
      assert.ok(Array.isArray(doc.steps));
    }
  });

  it('reads shell-script user-data as one first-boot script', () => {
    const doc = parseUserDataScript('#!/bin/sh\napt-get install -y unattended-upgrades\n', false);
    assert.deepEqual(
      ofKind(doc.steps, 'package').map((step) => [step.phase, step.packages[0].name]),
      [['first-boot', 'unattended-upgrades']],
    );
  });
});

describe('shell words after a redirect', () => {
  it('are the command’s arguments (a redirect takes one word), also after a pipeline', () => {
    const doc = parseUserDataScript('#!/bin/sh\necho a > /tmp/f b c\ncat <<EOF | sed -e s/x/y/ | tee 1>/dev/null /etc/netplan/50-cloud-init.yaml\nnetwork: {}\nEOF\n', false);
    assert.deepEqual(
      ofKind(doc.steps, 'command').flatMap((step) => step.flat.map((command) => [command.program, ...command.args.map((arg) => arg.value)])),
      [['echo', 'a', 'b', 'c'], ['cat'], ['sed', '-e', 's/x/y/'], ['tee', '/etc/netplan/50-cloud-init.yaml']],
    );
  });
});

describe('wrappers', () => {
  it('an assignment given to sudo is the environment of the program sudo runs', () => {
    const doc = parseUserDataScript('#!/bin/sh\nsudo DEBIAN_FRONTEND=noninteractive apt-get -y dist-upgrade\n', false);
    const [command] = ofKind(doc.steps, 'command')[0].flat;
    assert.deepEqual([command.program, command.assignments.map((word) => word.value)], ['apt-get', ['DEBIAN_FRONTEND=noninteractive']]);
    assert.deepEqual(
      ofKind(doc.steps, 'package').map((step) => step.action),
      ['upgrade-all'],
    );
  });
});

describe('templates that fill in whole lines', () => {
  before(() => initParsers());

  it('an expression alone on its line is a note, not a parse error; the rest is read', () => {
    const text = dedent(`
      #cloud-config
      {{ growpart_str }}
      write_files:
      {{ ssh_files }}
      runcmd:
        - ip route add 10.0.0.0/8 via {{ gateway }}
    `);
    const doc = parseCloudConfig(text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(
      doc.notices?.map((notice) => text.slice(notice.span.start, notice.span.end)),
      ['{{ growpart_str }}', '{{ ssh_files }}'],
    );
    assert.ok(doc.steps.some((step) => step.kind === 'command' && step.origin === 'runcmd[0]'));
  });

  it('a statement alone on its line at the top of a block scalar renders an empty line, not a parse error', () => {
    const text = dedent(`
      #cloud-config
      write_files:
        - path: /etc/resolv.conf
          content: |
          {% for line in lines %}
            {{ line }}
          {% endfor %}
            {% if pools -%}# pools{% endif %}
            server {{ first }} iburst
    `);
    assert.deepEqual(parseCloudConfig(text).problems, []);
  });
});
