import type { ProvisioningDocument } from '../../model';
import { stepsFor, type Match } from '../matchers';
import { automaticUpgradesOn } from '../unattended-upgrades';
import type { Rule } from '../types';
import { setPeriodicOff } from '../../fixes/value-rewrites';
import { writePeriodicOff } from '../../fixes/write-file-fixes';
import { defineRule } from '../rule-code';
import { NETWORKD_RESTARTED } from '../facts';

function unattendedUpgradesEnabled(doc: ProvisioningDocument, rule: Rule): Match[] {
  return automaticUpgradesOn(doc, stepsFor(rule, doc));
}

export default defineRule({
  placeholders: ['detail'],
  check: unattendedUpgradesEnabled,
  fixes: { 'set-periodic-off': { provide: setPeriodicOff }, 'write-periodic-off': { structural: true, provide: writePeriodicOff } },
  crossFile: {
    // unattended-upgrades installs systemd updates, whose postinst restarts systemd-networkd.
    publish: (_doc, findings) => findings.map((finding) => ({ name: NETWORKD_RESTARTED, span: finding.span, note: 'automatic upgrades turned on here restart systemd-networkd' })),
  },
});
