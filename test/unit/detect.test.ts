import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../server/src/core/formats/registry';

describe('detectFormat', () => {
  it('reads #cloud-config on the first line, exactly', () => {
    assert.equal(detectFormat('anything.yaml', '#cloud-config\nruncmd: []\n')?.format, 'cloud-init');
    assert.equal(detectFormat('x.yml', '#cloud-config   \r\npackages: [a]\r\n')?.format, 'cloud-init');
    assert.equal(detectFormat('x', '#cloud-config-archive\n- type: text/cloud-config\n'), undefined);
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

  it('leaves other YAML alone', () => {
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n';
    const compose = 'services:\n  web:\n    image: nginx\n    command: ["sh", "-c", "curl x | sh"]\n';
    assert.equal(detectFormat('pod.yaml', manifest), undefined);
    assert.equal(detectFormat('docker-compose.yml', compose), undefined);
    assert.equal(detectFormat('empty', ''), undefined);
  });
});
