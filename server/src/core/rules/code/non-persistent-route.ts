import type { RelatedPlace } from '../../finding';
import { routeToNetplan } from '../../fixes/route-to-netplan';
import { reappliedAfterNetworkEvents } from '../../lifecycle';
import type { ProvisioningDocument, Step } from '../../model';
import { declaredForNetworkd } from '../../static-routes';
import { hostSteps, spanText, type Match } from '../matchers';
import { defineRule, type PublishedFact } from '../rule-code';
import { NETWORKD_RESTARTED } from '../facts';
import { automaticUpgradesOn } from '../unattended-upgrades';

/** Related places are a pointer, not a list: the first few say enough. */
const MAX_RELATED = 3;

/** What restarts networkd or reconfigures links: a restart or stop, `netplan apply`, `networkctl reload|reconfigure`. */
function networkdEvent(doc: ProvisioningDocument, step: Step): RelatedPlace | undefined {
  if (step.kind === 'service' && /^systemd-networkd(\.service)?$/.test(step.unit) && ['restart', 'stop'].includes(step.action)) {
    return { span: step.span, message: `systemd-networkd is ${step.action}ed here, which drops this route`, file: step.task?.file };
  }
  if (step.kind !== 'command') return undefined;
  const command = step.flat.find(
    (each) =>
      (each.program === 'netplan' && each.args[0]?.value === 'apply') ||
      (each.program === 'networkctl' && ['reload', 'reconfigure'].includes(each.args[0]?.value ?? '')),
  );
  return command && { span: command.span, message: `\`${spanText(doc, command.span)}\` reconfigures the links here, which drops this route`, file: step.task?.file };
}

interface Removal {
  step: Step;
  place: RelatedPlace;
}

/** Per document, once: every networkd restart or link reconfigure its hosts run, and where automatic upgrades are turned on. */
const removals = new WeakMap<ProvisioningDocument, { events: Removal[]; upgrades: Removal[] }>();

function removalsOf(doc: ProvisioningDocument): { events: Removal[]; upgrades: Removal[] } {
  let found = removals.get(doc);
  if (!found) {
    const steps = hostSteps(doc);
    const events = steps.flatMap((step) => {
      const place = networkdEvent(doc, step);
      return place ? [{ step, place }] : [];
    });
    const upgrades = automaticUpgradesOn(doc, steps).map((upgrade) => ({
      step: upgrade.subject.step,
      place: { span: upgrade.span, message: 'automatic upgrades turned on here restart systemd-networkd, which drops this route', file: upgrade.subject.step.task?.file },
    }));
    found = { events, upgrades };
    removals.set(doc, found);
  }
  return found;
}

/**
 * What removes the route on its own host, from its own document (the same user-data, the play and
 * the roles it runs): networkd restarts and link reconfigures that run after it, and automatic upgrades.
 */
function removedOnThisHost(match: Match, doc: ProvisioningDocument): RelatedPlace[] {
  const route = match.subject.step;
  const { events, upgrades } = removalsOf(doc);
  const later = events.filter(({ step }) => step !== route && (step.phase === 'handler' || step.order > route.order || step.task?.file !== route.task?.file));
  return [...later, ...upgrades.filter(({ step }) => step !== route)].slice(0, MAX_RELATED).map(({ place }) => place);
}

/** The role a file belongs to (`…/roles/web/`), when it is in one. */
function roleOf(file: string): string | undefined {
  const at = file.lastIndexOf('/roles/');
  if (at < 0) return undefined;
  const name = file.indexOf('/', at + '/roles/'.length);
  return name < 0 ? undefined : file.slice(0, name + 1);
}

export default defineRule({
  // A route the document also declares in netplan or a `.network` file for that interface is re-applied by networkd; the command only applies it now.
  // So is one whose runner runs again after every networking event that removes it.
  keep: (match, doc) =>
    !(match.subject.command && declaredForNetworkd(doc, match.subject.step, match.subject.command)) && !reappliedAfterNetworkEvents(match.subject.step),
  relate: removedOnThisHost,
  fixes: { 'route-to-netplan': { structural: true, provide: routeToNetplan } },
  crossFile: {
    // Another file restarts networkd on the same hosts only when it is part of the same role (its handlers, its other task
    // files) or one play runs both: another user-data is another instance, and another role may run on other hosts.
    complete: (findings, format, others, file) => {
      if (format !== 'ansible') return findings;
      const role = roleOf(file);
      const sameHosts = (fact: PublishedFact) => (role !== undefined && fact.file.startsWith(role)) || others.runTogether(file, fact.file);
      const related: RelatedPlace[] = others
        .named(NETWORKD_RESTARTED, MAX_RELATED, (fact) => fact.span !== undefined && sameHosts(fact))
        .map((fact) => ({ file: fact.file, span: fact.span!, message: `${fact.note}, which drops this route` }));
      if (related.length === 0) return findings;
      return findings.map((finding) => {
        const known = new Set((finding.related ?? []).map((place) => `${place.file ?? file}:${place.span.start}`));
        return { ...finding, related: [...(finding.related ?? []), ...related.filter((place) => !known.has(`${place.file}:${place.span.start}`))] };
      });
    },
  },
});
