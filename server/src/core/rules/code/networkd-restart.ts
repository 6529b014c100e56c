import { networkctlReload } from '../../fixes/command-rewrites';
import { defineRule } from '../rule-code';
import { NETWORKD_RESTARTED } from '../facts';

export default defineRule({
  fixes: { 'networkctl-reload': { provide: networkctlReload } },
  crossFile: {
    publish: (_doc, findings) => findings.map((finding) => ({ name: NETWORKD_RESTARTED, span: finding.span, note: 'systemd-networkd is restarted here' })),
  },
});
