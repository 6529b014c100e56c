import { networkctlReload, writesNetworkdConf } from '../../fixes/command-rewrites';
import type { ProvisioningDocument, Step } from '../../model';
import { defineRule } from '../rule-code';
import { NETWORKD_RESTARTED } from '../facts';

/**
 * A restart of the service after a networkd.conf drop-in is written is what makes networkd read it.
 * `netplan apply` and `networkctl reload` never re-read networkd.conf, so they stay hazards.
 */
function loadsNetworkdConf(step: Step, doc: ProvisioningDocument): boolean {
  return step.kind === 'service' && writesNetworkdConf(doc, step.order);
}

/** What a restart could take away if it ran before: a route or rule added by a command, software installed or started. */
function leavesState(step: Step): boolean {
  if (step.kind === 'package') return step.action === 'install';
  if (step.kind === 'service') return ['start', 'restart', 'enable'].includes(step.action) && !/^systemd-networkd/.test(step.unit);
  return step.kind === 'command' && step.flat.some((command) => command.program === 'ip' && /^(route|rule|r|ru)$/.test(command.args[0]?.value ?? '') && /^(add|replace|a)$/.test(command.args[1]?.value ?? ''));
}

/**
 * At first boot or early in each boot, `netplan apply` right after the config is written, before
 * anything installs routes or software, removes nothing: it is how written netplan files take effect.
 */
function beforeAnything(step: Step, doc: ProvisioningDocument): boolean {
  if (step.phase !== 'first-boot' && step.phase !== 'every-boot') return false;
  return !doc.steps.some((other) => other.order < step.order && leavesState(other));
}

export default defineRule({
  keep: (match, doc) => !loadsNetworkdConf(match.subject.step, doc) && !beforeAnything(match.subject.step, doc),
  fixes: { 'networkctl-reload': { provide: networkctlReload } },
  crossFile: {
    publish: (_doc, findings) => findings.map((finding) => ({ name: NETWORKD_RESTARTED, span: finding.span, note: 'systemd-networkd is restarted here' })),
  },
});
