import type { ProvisioningDocument, SimpleCommand, Step } from '../../model';
import { commandText, type Match } from '../matchers';
import type { Rule } from '../types';
import { writeKeepForeignDropIn } from '../../fixes/write-file-fixes';
import { defineRule } from '../rule-code';
import { FOREIGN_ROUTES_KEPT } from '../facts';

interface Params {
  packages: string[];
  programs: string[];
  /** `program verb` commands that deploy what their arguments name (`kubectl apply -f calico.yaml`, `helm install cilium cilium/cilium`). */
  deployers: string[];
  urlPatterns: string[];
}

const REQUIRED = ['ManageForeignRoutes', 'ManageForeignRoutingPolicyRules'];

/** Settings a networkd.conf drop-in in the document turns off. */
function settingsOff(steps: Step[]): Set<string> {
  const off = new Set<string>();
  for (const step of steps) {
    if (step.kind !== 'file' || step.fileKind !== 'networkd-conf') continue;
    for (const entry of step.entries) {
      if (entry.section === 'Network' && /^(no|false|0)$/i.test(entry.value)) off.add(entry.key);
    }
  }
  return off;
}

function networkdDisabled(steps: Step[]): boolean {
  return steps.some((step) => step.kind === 'service' && (step.action === 'mask' || step.action === 'disable') && /^systemd-networkd(\.service)?$/.test(step.unit));
}

/** What a deploy command deploys: kubectl's `-f`/`--filename` operands (not namespaces or secret names), any argument of helm. */
function deployed(command: SimpleCommand): string[] {
  if (command.program !== 'kubectl') return command.args.map((arg) => arg.value);
  return command.args.flatMap((arg, i) => {
    if (/^(-f|--filename)$/.test(command.args[i - 1]?.value ?? '')) return [arg.value];
    return arg.value.startsWith('--filename=') ? [arg.value.slice('--filename='.length)] : [];
  });
}

/** Places where software that installs its own routes or policy rules is put on the host. */
function routeOwners(doc: ProvisioningDocument, params: Params): Match[] {
  const urls = params.urlPatterns.map((pattern) => pattern.toLowerCase());
  const out: Match[] = [];
  for (const step of doc.steps) {
    if (step.kind === 'package' && step.action === 'install') {
      for (const pkg of step.packages) {
        if (params.packages.includes(pkg.name)) out.push({ span: pkg.span, subject: { step }, values: { detail: pkg.name } });
      }
    } else if (step.kind === 'file' && step.source && urls.some((url) => step.source!.toLowerCase().includes(url))) {
      out.push({ span: step.task?.moduleSpan ?? step.span, subject: { step }, values: { detail: `downloads ${step.source}` } });
    } else if (step.kind === 'command') {
      for (const command of step.flat) {
        const namesOwner = (value: string) => urls.some((url) => value.toLowerCase().includes(url));
        const fetchesOwner = command.args.some((arg) => arg.value.includes('://') && namesOwner(arg.value));
        const deploys = command.args.some((arg) => params.deployers.includes(`${command.program} ${arg.value}`));
        const deploysOwner = deploys && deployed(command).some(namesOwner);
        // `wg-quick strip|save|down` print or tear down: only `up` installs routes and rules.
        const runsOwner = params.programs.includes(command.program) && (command.program !== 'wg-quick' || command.args[0]?.value === 'up');
        if (runsOwner || fetchesOwner || deploysOwner) {
          out.push({ span: command.span, subject: { step, command }, values: { detail: commandText(doc, command) } });
        }
      }
    }
  }
  return out;
}

/**
 * One finding per document, on the first place that brings in a route owner, when networkd is not
 * told to leave foreign routes and rules alone.
 */
function networkdForeignRoutes(doc: ProvisioningDocument, rule: Rule): Match[] {
  const owners = routeOwners(doc, rule.params as unknown as Params);
  if (owners.length === 0 || networkdDisabled(doc.steps)) return [];
  const off = settingsOff(doc.steps);
  const missing = REQUIRED.filter((key) => !off.has(key));
  if (missing.length === 0) return [];
  const [first, ...others] = owners;
  return [
    {
      ...first,
      values: { ...first.values, key: missing.map((key) => `${key}=no`).join(' and ') },
      related: others.map((owner) => ({ span: owner.span, message: `also installs its own routes: ${owner.values.detail}` })),
    },
  ];
}

/** Whether a document writes the drop-in that leaves foreign routes and rules alone. */
function keepsForeignRoutes(doc: ProvisioningDocument): boolean {
  const off = settingsOff(doc.steps);
  return REQUIRED.every((key) => off.has(key));
}

export default defineRule({
  placeholders: ['detail', 'key'],
  check: networkdForeignRoutes,
  fixes: { 'keep-foreign-routes': { structural: true, provide: writeKeepForeignDropIn } },
  crossFile: {
    publish: (doc) => (keepsForeignRoutes(doc) ? [{ name: FOREIGN_ROUTES_KEPT, note: 'writes a networkd.conf drop-in that keeps foreign routes' }] : []),
    // Ansible files configure the same hosts as the roles next to them; each user-data is its own instance.
    complete: (findings, format, others) =>
      format === 'ansible' && others.named(FOREIGN_ROUTES_KEPT, 1, (fact) => fact.format === 'ansible').length > 0 ? [] : findings,
  },
});
