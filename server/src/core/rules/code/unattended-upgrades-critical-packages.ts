import type { DetachedFinding, Finding } from '../../finding';
import { appendWriteFile } from '../../fixes/text-edits';
import type { Fix } from '../../fixes/types';
import type { PackageRef, ProvisioningDocument, Step } from '../../model';
import { hostSteps, stepsFor, type Match } from '../matchers';
import { isKept, keptPackagesOf } from '../packages-kept';
import { defineRule } from '../rule-code';
import { SAME_HOSTS } from '../facts';
import type { Rule } from '../types';
import { automaticUpgradesOn } from '../unattended-upgrades';

interface Critical {
  pattern: RegExp;
  what: string;
  /** Published in the distribution's archive (its security pocket is allowed by default), not only by a vendor. */
  archive: boolean;
}

const CRITICAL: Critical[] = [
  { pattern: /^(docker\.io|containerd|runc)$/, what: 'the container runtime under running containers', archive: true },
  { pattern: /^(docker-ce|containerd\.io)$/, what: 'the container runtime under running containers', archive: false },
  { pattern: /^(nvidia-(driver|utils|dkms|headless|compute-utils|kernel-common|kernel-source)-|libnvidia-|linux-modules-nvidia-)/, what: 'the GPU libraries, which then no longer match the loaded kernel module', archive: true },
  { pattern: /^(cuda-|cuda$|nvidia-container-toolkit)/, what: 'the GPU libraries, which then no longer match the loaded kernel module', archive: false },
  { pattern: /^kubelet$/, what: 'the kubelet outside the cluster’s upgrade order', archive: false },
  { pattern: /^tailscale$/, what: 'tailscaled, and with it the routes and firewall rules it manages', archive: false },
  { pattern: /^incus$/, what: 'incus and the bridges and routes it manages', archive: true },
];

const ORIGIN_KEYS = ['unattended-upgrade::allowed-origins', 'unattended-upgrade::origins-pattern'];

/** Origins the document adds beyond the distribution's own (`${distro_id}…`): vendor repositories' packages are upgraded too. */
function widenedOrigins(steps: Step[]): string[] {
  return steps.flatMap((step) =>
    step.kind === 'file' ? step.entries.filter((entry) => ORIGIN_KEYS.includes(entry.key.toLowerCase()) && !/\$\{distro_(id|codename)\}/.test(entry.value)).map((entry) => entry.value) : [],
  );
}

/** What a finding says when another file of the same hosts turns upgrades on: such findings wait for the other files. */
const UPGRADES_ELSEWHERE = 'turned on by another file for the same hosts';
const AUTOMATIC_UPGRADES_ON = 'automatic-upgrades-on';
const CRITICAL_PACKAGES_KEPT = 'critical-packages-kept';

/** Critical packages the steps install that automatic upgrades would move: not kept back, and from an origin they allow. */
function exposedPackages(doc: ProvisioningDocument, steps: Step[]): { step: Step; pkg: PackageRef; critical: Critical; origins: string[] }[] {
  const kept = keptPackagesOf(doc);
  const origins = widenedOrigins(hostSteps(doc));
  return steps.flatMap((step) => {
    if (step.kind !== 'package' || step.action !== 'install') return [];
    return step.packages.flatMap((pkg) => {
      const critical = CRITICAL.find((entry) => entry.pattern.test(pkg.name));
      return critical && !isKept(pkg.name, kept, true) && (critical.archive || origins.length > 0) ? [{ step, pkg, critical, origins }] : [];
    });
  });
}

function check(doc: ProvisioningDocument, rule: Rule): Match[] {
  const steps = stepsFor(rule, doc);
  const [upgrades] = automaticUpgradesOn(doc, steps);
  // One role may turn upgrades on and another install the driver: an Ansible file's installs wait to hear from the others.
  if (!upgrades && doc.format !== 'ansible') return [];
  return exposedPackages(doc, steps).map(({ step, pkg, critical, origins }) => {
    const origin = critical.archive ? '' : `, with origins ${origins.map((value) => `"${value}"`).join(', ')} allowed`;
    const values = { package: pkg.name, detail: upgrades?.values.detail ?? UPGRADES_ELSEWHERE, origin, what: critical.what };
    // Without a place of its own to point at, a finding waits for another file's (see `complete`).
    return { span: pkg.span, subject: { step }, values, related: upgrades ? [{ span: upgrades.span, message: 'automatic upgrades are turned on here' }] : [] };
  });
}

/** Whether the document keeps any critical package from automatic upgrades (held, pinned, blacklisted). */
function keepsCriticalPackages(doc: ProvisioningDocument): boolean {
  const kept = keptPackagesOf(doc);
  return kept.heldUnknown || kept.blacklist.length > 0 || [...kept.held].some((name) => CRITICAL.some((entry) => entry.pattern.test(name)));
}

/** The document's flagged packages, in a Package-Blacklist drop-in that unattended-upgrades reads (cloud-init's write_files). */
function blacklistCriticalPackages(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  if (doc.format !== 'cloud-init' || finding.subject.step.kind !== 'package') return undefined;
  const names = [...new Set(exposedPackages(doc, doc.steps).map(({ pkg }) => pkg.name))];
  const edit = appendWriteFile(doc.text, {
    path: '/etc/apt/apt.conf.d/51-hindsight-package-blacklist',
    content: ['Unattended-Upgrade::Package-Blacklist {', ...names.map((name) => `    "${name}";`), '};'],
  });
  return edit ? { title: `Keep ${names.join(', ')} out of automatic upgrades (Package-Blacklist)`, edits: [edit] } : undefined;
}

export default defineRule({
  placeholders: ['package', 'detail', 'origin', 'what'],
  check,
  fixes: { 'blacklist-critical-packages': { structural: true, provide: blacklistCriticalPackages } },
  crossFile: {
    publish: (doc) => {
      // The file's own steps: a place in a role belongs to the role's file, which says so itself.
      const [upgrades] = automaticUpgradesOn(doc, doc.steps);
      return [
        ...(upgrades ? [{ name: AUTOMATIC_UPGRADES_ON, span: upgrades.span, note: `automatic upgrades are turned on here (${upgrades.values.detail})` }] : []),
        ...(keepsCriticalPackages(doc) ? [{ name: CRITICAL_PACKAGES_KEPT, note: 'keeps packages out of automatic upgrades' }] : []),
      ];
    },
    // Ansible files configure the same hosts as the roles beside them: an install is a hazard where another one turns upgrades on and none keeps packages back.
    complete: (findings, format, others) => {
      const waiting = (finding: DetachedFinding) => (finding.related ?? []).length === 0;
      if (format !== 'ansible' || !findings.some(waiting)) return findings;
      const on = others.named(AUTOMATIC_UPGRADES_ON, 3, (fact) => SAME_HOSTS.has(fact.format) && fact.span !== undefined);
      const kept = others.named(CRITICAL_PACKAGES_KEPT, 1, (fact) => SAME_HOSTS.has(fact.format)).length > 0;
      return findings.flatMap((finding) => {
        if (!waiting(finding)) return [finding];
        if (on.length === 0 || kept) return [];
        return [{ ...finding, related: [...(finding.related ?? []), ...on.map((fact) => ({ file: fact.file, span: fact.span!, message: fact.note }))] }];
      });
    },
  },
});
