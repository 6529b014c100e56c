import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../server/src/core/formats/registry';

describe('detectFormat', () => {
  it('reads #cloud-config on the first line, exactly', () => {
    assert.equal(detectFormat('anything.yaml', '#cloud-config\nruncmd: []\n')?.format, 'cloud-init');
    assert.equal(detectFormat('x.yml', '#cloud-config   \r\npackages: [a]\r\n')?.format, 'cloud-init');
    assert.deepEqual(detectFormat('x', '#cloud-config-archive\n- type: text/cloud-config\n'), { format: 'cloud-config-archive' });
    assert.equal(detectFormat('x', '#cloud-config-jsonp\n[]\n'), undefined);
  });

  it('accepts a UTF-8 byte-order mark and a Jinja template header', () => {
    assert.equal(detectFormat('x', '\uFEFF#cloud-config\nruncmd: []\n')?.format, 'cloud-init');
    assert.equal(detectFormat('x', '## template: jinja\n#cloud-config\nruncmd: []\n')?.format, 'cloud-init');
    assert.equal(detectFormat('x', '## template: jinja\n#!/bin/sh\necho\n'), undefined);
  });

  it('takes a #! script as user-data only when the file is named so', () => {
    assert.deepEqual(detectFormat('/srv/user-data', '#!/bin/bash\necho hi\n'), { format: 'user-data-script' });
    assert.deepEqual(detectFormat('user-data.sh', '#!/bin/sh\n'), { format: 'user-data-script' });
    assert.equal(detectFormat('install.sh', '#!/bin/bash\necho hi\n'), undefined);
    assert.deepEqual(detectFormat('boothook.txt', '#cloud-boothook\n#!/bin/sh\n'), { format: 'user-data-script', everyBoot: true });
  });

  it('takes header-less YAML named as user-data when its top level has cloud-config keys', () => {
    assert.equal(detectFormat('cloud-init-docker.yaml', 'package_upgrade: true\nruncmd:\n  - ls\n')?.format, 'cloud-init');
    assert.equal(detectFormat('cloud-init-docker.yaml', 'name: x\nversion: 1\n'), undefined);
  });

  it('reads cloud-init’s own places: script folders, user_data names, cloud.cfg.d, Terraform templates', () => {
    assert.deepEqual(detectFormat('files/var/lib/cloud/scripts/per-boot/10-routes', '#!/bin/sh\nip route add 10.0.0.0/8 dev eth0\n'), {
      format: 'user-data-script',
      everyBoot: true,
      origin: 'per-boot script',
    });
    assert.deepEqual(detectFormat('scripts/per-instance/setup', '#!/bin/sh\n'), { format: 'user-data-script', everyBoot: false, origin: 'per-instance script' });
    assert.equal(detectFormat('scripts/per-boot/README.md', '# notes\n'), undefined);
    for (const name of ['user_data.sh', 'userdata', 'node-user-data.sh', 'k3s_user_data']) assert.equal(detectFormat(name, '#!/bin/bash\n')?.format, 'user-data-script', name);
    assert.equal(detectFormat('user_data.tf', '#!/bin/bash\n')?.format, 'terraform', 'a .tf file is Terraform whatever its name');
    assert.equal(detectFormat('etc/cloud/cloud.cfg.d/99-custom.cfg', '# local settings\nruncmd:\n  - ls\n')?.format, 'cloud-init');
    assert.equal(detectFormat('user-data.yaml', '# provisioning for the web tier\npackages: [nginx]\n')?.format, 'cloud-init');
    assert.equal(detectFormat('user-data.yaml', '#include\nhttps://example.com/x\n'), undefined);
    assert.deepEqual(detectFormat('templates/init.tftpl', '#cloud-config\nruncmd: []\n'), { format: 'cloud-init', template: 'terraform' });
    assert.deepEqual(detectFormat('templates/user-data.sh.tpl', '#!/bin/bash\n'), { format: 'user-data-script', template: 'terraform' });
  });

  it('leaves other YAML alone', () => {
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n';
    const compose = 'services:\n  web:\n    image: nginx\n    command: ["sh", "-c", "curl x | sh"]\n';
    assert.equal(detectFormat('pod.yaml', manifest), undefined);
    assert.equal(detectFormat('docker-compose.yml', compose), undefined);
    assert.equal(detectFormat('empty', ''), undefined);
  });
});
