import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Engine } from '../../server/src/core/engine';
import { dedent } from '../helpers';
import { ruleSpec, ruleTests } from './spec';

// Self-signed test certificates (P-256, no key kept): expired 2021-09-30, expiring 2027-01-10, valid until 2126.
const EXPIRED = `-----BEGIN CERTIFICATE-----
MIIBIjCBygIBATAKBggqhkjOPQQDAjAeMRwwGgYDVQQDDBNFeGFtcGxlIE9sZCBS
b290IENBMB4XDTExMDEwMTAwMDAwMFoXDTIxMDkzMDE0MDEwMVowHjEcMBoGA1UE
AwwTRXhhbXBsZSBPbGQgUm9vdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
BPtfd+RZpq8Z+UtyZv9Qw1q86yjcp3M7L9NVH4SU3E6IPC5I+TVTBB7tLTQDKsK+
irxbsFJeISfqh0ACEV/EVsMwCgYIKoZIzj0EAwIDRwAwRAIgTX6sqTfe0EihnLFH
NREYATnyoCT0v21Wx5X2+jjuT64CIEzX4XV1XNFac7D8+TrRhSNoiXVv24M/weNg
x1IleFo7
-----END CERTIFICATE-----`;
const ROTATING = `-----BEGIN CERTIFICATE-----
MIIBIzCBygIBAjAKBggqhkjOPQQDAjAeMRwwGgYDVQQDDBNFeGFtcGxlIFJvdGF0
aW5nIENBMB4XDTI2MDEwMTAwMDAwMFoXDTI3MDExMDAwMDAwMFowHjEcMBoGA1UE
AwwTRXhhbXBsZSBSb3RhdGluZyBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
BBKa2hzZ3zIm8JqASWWcaNhjmP4KHst5eFPglf/DykP85QqVdZhauztZpbCEU1C2
P0modQaditCnR6duYbKsPQAwCgYIKoZIzj0EAwIDSAAwRQIhAIS082RNGySTv3H5
b2y1pbBcJ0ntdLgWgLNgySLrA7wgAiBS7w450twO50Jz9a4ipgNPVK19PFunyGK4
4Fvev3K9Sg==
-----END CERTIFICATE-----`;
const LONG_LIVED = `-----BEGIN CERTIFICATE-----
MIIBKTCB0AIBAzAKBggqhkjOPQQDAjAgMR4wHAYDVQQDDBVFeGFtcGxlIExvbmct
TGl2ZWQgQ0EwIBcNMjYwMTAxMDAwMDAwWhgPMjEyNjAxMDEwMDAwMDBaMCAxHjAc
BgNVBAMMFUV4YW1wbGUgTG9uZy1MaXZlZCBDQTBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABPNUgALetgI2RJUFnpLBMBKW6WY/kxl8X/iUXdH4rWQxUmaxJ2WxJMix
wDDrx7tu/xHh65hHmKk31RWItiPfbiQwCgYIKoZIzj0EAwIDSAAwRQIgKvLGpzaR
9EhA0xsk4aaQJ9bcmqxcQfF+jnQVErdPY8UCIQDHqLo4MXqnp/3S88/Y5g/hFJtj
vUH4FxAS+nS6vxF2xg==
-----END CERTIFICATE-----`;

/** A PEM block indented to sit in a YAML block scalar at `spaces`. */
function indented(pem: string, spaces: number): string {
  return pem.split('\n').join(`\n${' '.repeat(spaces)}`);
}

ruleSpec('expiring-certificate', {
  fires: [
    {
      name: 'an expired CA in cloud-init ca_certs',
      text: `
        #cloud-config
        ca_certs:
          trusted:
            - |
              ${indented(EXPIRED, 14)}
      `,
      flagged: [indented(EXPIRED, 6)],
    },
    {
      name: 'an expired certificate written by write_files, beside a long-lived one',
      text: `
        #cloud-config
        write_files:
          - path: /etc/ssl/certs/internal-bundle.pem
            content: |
              ${indented(LONG_LIVED, 14)}
              ${indented(EXPIRED, 14)}
      `,
      flagged: [indented(EXPIRED, 6)],
    },
    {
      name: 'an expired certificate in an Ansible copy: content',
      fileName: 'site.yml',
      text: `
        - hosts: all
          tasks:
            - copy:
                dest: /usr/local/share/ca-certificates/corp.crt
                content: |
                  ${indented(EXPIRED, 18)}
      `,
      flagged: [indented(EXPIRED, 10)],
    },
  ],
  clean: [
    {
      name: 'a certificate valid for a century',
      text: `
        #cloud-config
        ca_certs:
          trusted:
            - |
              ${indented(LONG_LIVED, 14)}
      `,
    },
    {
      name: 'a placeholder and a private key block',
      text: `
        #cloud-config
        ca_certs:
          trusted:
            - |
              -----BEGIN CERTIFICATE-----
              YOUR-ORGS-TRUSTED-CA-CERT-HERE
              -----END CERTIFICATE-----
        write_files:
          - path: /etc/ssl/private/x.key
            content: |
              -----BEGIN PRIVATE KEY-----
              MC4CAQAwBQYDK2VwBCIEIExample
              -----END PRIVATE KEY-----
      `,
    },
  ],
});

ruleTests('expiring-certificate: the warning window', () => {
  const text = dedent(`
    #cloud-config
    ca_certs:
      trusted:
        - |
          ${indented(ROTATING, 10)}
  `);
  const found = async (today: string, expiryWarningDays?: number) => {
    const engine = await Engine.create({ today: () => new Date(today) });
    const config = { file: '/p/.hindsight.yaml', dir: '/p', text: '', problems: [], config: expiryWarningDays === undefined ? {} : { certificates: { expiryWarningDays } } };
    return engine
      .analyse('/p/user-data', text, {}, { config })
      .findings.filter((finding) => finding.ruleId === 'expiring-certificate')
      .map((finding) => finding.message);
  };

  it('reports a certificate within 30 days of its end, with the days left, and not one further away', async () => {
    assert.deepEqual(await found('2026-12-15T00:00:00Z'), [
      'This certificate (Example Rotating CA) expires in 26 days (notAfter 2027-01-10): every TLS connection that relies on it fails from then on, on every host this config provisions.',
    ]);
    assert.deepEqual(await found('2026-11-27T00:00:00Z'), []);
  });

  it('takes the window from certificates.expiryWarningDays', async () => {
    assert.deepEqual(await found('2026-12-15T00:00:00Z', 10), []);
    assert.equal((await found('2026-11-27T00:00:00Z', 60)).length, 1);
  });
});
