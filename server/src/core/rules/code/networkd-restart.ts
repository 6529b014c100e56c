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

export default defineRule({
  keep: (match, doc) => !loadsNetworkdConf(match.subject.step, doc),
  fixes: { 'networkctl-reload': { provide: networkctlReload } },
  crossFile: {
    publish: (_doc, findings) => findings.map((finding) => ({ name: NETWORKD_RESTARTED, span: finding.span, note: 'systemd-networkd is restarted here' })),
  },
});
