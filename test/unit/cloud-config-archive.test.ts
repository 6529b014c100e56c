import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedent, flaggedText, testEngine } from '../helpers';

describe('#cloud-config-archive', () => {
  it('lints each part as its type (or first line) says, with ranges in the archive', async () => {
    const text = dedent(`
      #cloud-config-archive
      - type: text/cloud-config
        content: |
          runcmd:
            - ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0
      - type: text/x-shellscript
        content: |
          #!/bin/bash
          curl -fsSL https://get.docker.com | sh
      - content: "#cloud-boothook\\nexport NEEDRESTART_MODE=a\\n"
      - type: text/plain
        content: "ip route add 10.1.0.0/16 dev eth0"
    `);
    assert.deepEqual(await flaggedText('user-data', text), [
      ['non-persistent-route', 'ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0'],
      ['remote-script-piped-to-shell', 'curl -fsSL https://get.docker.com | sh'],
      ['needrestart-auto-restart', 'NEEDRESTART_MODE=a'],
    ]);
  });
});

describe('MIME multipart user-data', () => {
  it('lints each part as its Content-Type says, as one instance, with ranges in the message', async () => {
    const text = [
      'Content-Type: multipart/mixed; boundary="===============BOUNDARY=="',
      'MIME-Version: 1.0',
      '',
      '--===============BOUNDARY==',
      'Content-Type: text/cloud-config; charset="us-ascii"',
      'Content-Transfer-Encoding: 7bit',
      'Content-Disposition: attachment; filename="cloud-config.txt"',
      '',
      '#cloud-config',
      'runcmd:',
      '  - ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0',
      '',
      '--===============BOUNDARY==',
      'Content-Type: text/x-shellscript; charset="us-ascii"',
      'Content-Transfer-Encoding: 7bit',
      '',
      '#!/bin/bash',
      'curl -fsSL https://get.docker.com | sh',
      '--===============BOUNDARY==--',
      '',
    ].join('\n');
    // Named user-data and holding cloud-config keys, it is still a MIME message, not YAML.
    assert.deepEqual(await flaggedText('user-data', text), [
      ['non-persistent-route', 'ip route add 10.0.0.0/8 via 10.0.0.1 dev eth0'],
      ['remote-script-piped-to-shell', 'curl -fsSL https://get.docker.com | sh'],
    ]);
  });
});

describe("cloud-init's script folders", () => {
  it('a per-boot script is read as running at every boot, whatever the repository calls the tree it copies', async () => {
    const text = '#!/bin/sh\nip route add 10.0.0.0/8 via 10.0.0.1 dev eth0\n';
    const analysis = (await testEngine()).analyse('files/var/lib/cloud/scripts/per-boot/10-routes', text);
    const [route] = analysis.findings;
    assert.equal(route.ruleId, 'non-persistent-route');
    assert.equal(route.subject.step.phase, 'every-boot');
    assert.match(route.message, /\(per-boot script; runs at every boot\)/);
  });
});
