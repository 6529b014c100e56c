import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { defaultRulesDir, loadRuleSet, RuleLoadError } from '../../server/src/core/rules/load';

const shipped = defaultRulesDir();
const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-rules-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the shipped rules with one file replaced. */
function withFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(scratch, 'set-'));
  cpSync(shipped, dir, { recursive: true });
  writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('rules as data', () => {
  it('the shipped rules and incidents validate against their schemas', () => {
    const ajv = new Ajv({ allErrors: true, strictRequired: false, allowUnionTypes: true });
    const schema = (name: string) => JSON.parse(readFileSync(path.join(shipped, 'schema', name), 'utf8'));
    const validateIncidents = ajv.compile(schema('incidents.schema.json'));
    assert.ok(validateIncidents(parse(readFileSync(path.join(shipped, 'incidents.yaml'), 'utf8'))), JSON.stringify(validateIncidents.errors));
    const set = loadRuleSet(shipped);
    const files = readdirSync(shipped).filter((name) => name.endsWith('.yaml') && name !== 'incidents.yaml');
    assert.deepEqual(set.rules.map((rule) => `${rule.id}.yaml`).sort(), files.sort());
    assert.ok(set.rules.length >= 14);
  });

  it('the README catalog lists every rule', () => {
    const readme = readFileSync(path.join(shipped, '..', 'README.md'), 'utf8');
    for (const rule of loadRuleSet(shipped).rules) assert.ok(readme.includes(`| \`${rule.id}\` | ${rule.severity} |`), rule.id);
  });

  it('ships only incident links marked seen or mirror in the knowledge base', () => {
    const allowed = [
      'https://www.datadoghq.com/blog/engineering/2023-03-08-deep-dive-into-platform-level-impact/',
      // Heroku's June 15 summary, read through a mirror; the source of the boot-script facts.
      'https://www.heroku.com/blog/summary-of-june-10-outage/',
      'https://github.com/m-lab/k8s-support/issues/520',
      'https://about.codecov.io/apr-2021-post-mortem/',
      'https://benoit.jp.net/Post-Mortems/2026-05-02-tailscale-throw-route-lost-needrestart/',
      'https://github.com/autobase-tech/autobase/issues/1440',
      'https://github.com/alphagov/govuk-puppet/pull/10807',
      'https://github.com/hypriot/image-builder-rpi/issues/330',
      'https://github.com/sovereign/sovereign/issues/303',
      'https://github.com/konstruktoid/ansible-role-hardening/issues/991',
      'https://azure.microsoft.com/en-us/blog/final-root-cause-analysis-and-improvement-areas-nov-18-azure-storage-service-interruption/',
      'https://www.theregister.com/2021/05/19/salesforce_root_cause/',
      'https://www.crowdstrike.com/blog/falcon-content-update-preliminary-post-incident-report/',
      'https://aws.amazon.com/message/41926/',
      'https://github.com/debuerreotype/docker-debian-artifacts/issues/134',
      'https://github.com/debuerreotype/docker-debian-eol-artifacts/issues/10',
      'https://github.com/webmin/webmin/issues/1426',
      // Read in full for the cloud-init-netplan-edited rule (the thread, not a summary of it).
      'https://github.com/canonical/cloud-init/issues/3161',
      'https://www.reddit.com/r/RedditEng/comments/11xx5o0/you_broke_reddit_the_piday_outage/',
      // Read for the expiring-certificate rule.
      'https://www.catchpoint.com/blog/lessons-from-an-internet-outage-issues-caused-by-lets-encrypt-dst-root-ca-x3-expiration',
      'https://github.com/canonical/cloud-init/issues/2908',
      'https://github.com/kubernetes/kubeadm/issues/954',
      'https://github.com/lyulyul/shine-cluster/issues/30',
      'https://v1-30.docs.kubernetes.io/blog/2023/08/31/legacy-package-repository-deprecation',
      'https://github.com/xetys/hetzner-kube/issues/216',
      'https://github.com/geerlingguy/ansible-role-security/issues/111',
      'https://github.com/debops/debops/issues/2615',
      'https://github.com/tianon/gosu/issues/87',
      // Newer incidents verified in the 2026-11 fact check.
      'https://github.com/Azure/AKS/issues/3162',
      'https://github.com/pulibrary/princeton_ansible/issues/7218',
      'https://github.com/pando85/homelab/pull/4110',
      'https://github.com/systemd/systemd/issues/41350',
      'https://status.openai.com/incidents/ctrsv3lwd797',
      'https://github.com/kubermatic/operating-system-manager/pull/502',
    ];
    const { incidents } = loadRuleSet(shipped);
    for (const incident of incidents.values()) assert.ok(allowed.includes(incident.url), `${incident.id}: ${incident.url}`);
  });

  it('every end-of-life release names a public source and a successor it is not itself', () => {
    const { eolReleases } = loadRuleSet(shipped);
    assert.ok(eolReleases.length >= 15);
    for (const release of eolReleases) {
      assert.match(release.source, /^https:\/\//, release.release);
      assert.ok(!release.tags.some((tag) => release.successor.endsWith(`:${tag}`)), release.release);
    }
  });

  it('names file, line and field for a schema error', () => {
    const rule = readFileSync(path.join(shipped, 'automatic-reboot.yaml'), 'utf8').replace('severity: warning', 'severity: loud');
    const dir = withFile('automatic-reboot.yaml', rule);
    assert.throws(
      () => loadRuleSet(dir),
      (error: unknown) =>
        error instanceof RuleLoadError &&
        error.field === 'severity' &&
        error.line === 4 &&
        /automatic-reboot\.yaml:4: severity: must be equal to one of the allowed values/.test(error.message),
    );
  });

  it('names an unknown field, an unknown incident and an unknown fix', () => {
    const base = readFileSync(path.join(shipped, 'first-boot-package-upgrade.yaml'), 'utf8');
    const cases: [string, RegExp][] = [
      [base.replace('title:', 'colour: red\ntitle:'), /unknown field "colour"/],
      [base.replace('incidents: [hypriot-2019-11-28-package-upgrade]', 'incidents: [no-such-incident]'), /incidents\.0: unknown incident "no-such-incident"/],
      [base.replace('fixes: [disable-package-upgrade]', 'fixes: [no-such-fix]'), /fixes\.0: no fix named "no-such-fix"/],
      [base.replace('message: "', 'message: "{bogus} '), /message: "\{bogus\}" is not filled by this rule's matchers or check \(key, value\)/],
      [base.replace('severity: info', 'severity: info\n  bad: [indent'), /first-boot-package-upgrade\.yaml:\d+:/],
    ];
    for (const [text, pattern] of cases) {
      const dir = withFile('first-boot-package-upgrade.yaml', text);
      assert.throws(() => loadRuleSet(dir), pattern);
    }
  });
});
