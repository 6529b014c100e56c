import type { RelatedPlace } from '../../finding';
import { routeToNetplan } from '../../fixes/route-to-netplan';
import { reappliedAfterNetworkEvents } from '../../lifecycle';
import { declaredForNetworkd } from '../../static-routes';
import { defineRule } from '../rule-code';
import { NETWORKD_RESTARTED } from '../facts';

/** Related places in other files are a pointer, not a list: the first few say enough. */
const MAX_RELATED = 3;

export default defineRule({
  // A route the document also declares in netplan or a `.network` file for that interface is re-applied by networkd; the command only applies it now.
  // So is one whose runner runs again after every networking event that removes it.
  keep: (match, doc) =>
    !(match.subject.command && declaredForNetworkd(doc, match.subject.step, match.subject.command)) && !reappliedAfterNetworkEvents(match.subject.step),
  fixes: { 'route-to-netplan': { structural: true, provide: routeToNetplan } },
  crossFile: {
    // A one-shot route is gone as soon as anything restarts networkd on the host: point at what does.
    complete: (findings, _format, others) => {
      const related: RelatedPlace[] = others
        .named(NETWORKD_RESTARTED, MAX_RELATED, (fact) => fact.span !== undefined)
        .map((fact) => ({ file: fact.file, span: fact.span!, message: `${fact.note}, which drops this route` }));
      return related.length === 0 ? findings : findings.map((finding) => ({ ...finding, related: [...(finding.related ?? []), ...related] }));
    },
  },
});
