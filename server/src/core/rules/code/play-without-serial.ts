import { insertSerial } from '../../fixes/play-keywords';
import type { ProvisioningDocument, SimpleCommand, Step } from '../../model';
import type { Match } from '../matchers';
import type { RelatedPlace } from '../../finding';
import { defineRule } from '../rule-code';
import { batching } from '../../batching';
import { playRole } from '../../host-context';

const NETWORK_PROGRAMS = new Set(['ip', 'netplan', 'ifup', 'ifdown', 'nmcli', 'networkctl', 'route']);
const NETWORK_FILES = new Set(['netplan', 'networkd-conf', 'networkd-network', 'if-up-script']);
/** Stopping a firewall opens the host; it takes nothing down (dev and test plays do it routinely). */
const FIREWALL_UNITS = /^(ufw|firewalld|iptables|ip6tables|nftables|netfilter-persistent)(\.service)?$/;

/** `ip route add …` changes networking; `ip route`, `ip addr show` only look. */
function changesNetworking(command: SimpleCommand): boolean {
  if (!NETWORK_PROGRAMS.has(command.program)) return false;
  return command.program !== 'ip' || command.args.some((arg) => /^(add|del|delete|replace|change|append|flush|set|prepend|up|down)$/.test(arg.value));
}

/**
 * A name as a reader follows it: each Jinja expression (`{{ item.name }}`) is a value only the run
 * knows, and a name that is all template is said as what it stands for.
 */
function readable(text: string, wholeTemplate = '…'): string {
  if (/^\s*\{\{[\s\S]*\}\}\s*$/.test(text) && !/\}\}[\s\S]*\{\{/.test(text)) return wholeTemplate;
  return text.replace(/\{\{[\s\S]*?\}\}/g, '…');
}

/** Why a step changes running services, or undefined when it does not. */
function risk(step: Step, restartingHandlers: Set<string>): string | undefined {
  switch (step.kind) {
    case 'package':
      if (step.action === 'upgrade-all') return 'upgrades every package';
      return step.latest ? `upgrades ${readable(step.packages.map((pkg) => pkg.name).join(', '))}` : undefined;
    case 'service':
      if (step.action === 'stop' && FIREWALL_UNITS.test(step.unit)) return undefined;
      // `state: started` asserts a service runs: it changes nothing where it already does (judged on the corpus: all noise).
      return ['restart', 'reload', 'stop'].includes(step.action) ? `${step.action}s ${readable(step.unit, 'the services its variables name')}` : undefined;
    case 'reboot':
      return 'reboots the host';
    case 'firewall':
      return 'changes the firewall';
    case 'command':
      return step.flat.some(changesNetworking) ? 'changes networking' : undefined;
    case 'file':
      if (NETWORK_FILES.has(step.fileKind)) return `rewrites network configuration ${readable(step.path, 'files its variables name')}`;
      return step.task?.notify.some((name) => restartingHandlers.has(name)) ? `pushes ${readable(step.path, 'files its variables name')} and notifies a restart` : undefined;
    default:
      return undefined;
  }
}

/**
 * A play that changes running services on a group of hosts with no `serial` (or one that is every
 * host at once): one bad change reaches
 * every host of the group before anything can stop it. Tasks throttled individually are not counted.
 */
function playWithoutSerial(doc: ProvisioningDocument): Match[] {
  const out: Match[] = [];
  // A playbook that asks the operator to confirm is a deliberate, attended operation (a reset, a node removal), not a rollout.
  if (doc.plays?.some((play) => play.asksToConfirm)) return [];
  for (const play of doc.plays ?? []) {
    // throttle only limits how many hosts run a task at once: every host still gets each task before any check.
    const batches = batching(play.serial);
    if (batches.kind === 'batched' || playRole(play).value !== 'fleet') continue;
    const steps = [...doc.steps.filter((step) => step.play === play), ...play.roleSteps];
    const restartingHandlers = new Set(
      steps.filter((step) => step.phase === 'handler' && step.kind === 'service' && step.action !== 'start').flatMap((step) => step.task?.listen ?? []),
    );
    const related: RelatedPlace[] = [];
    const seenTasks = new Set<string>();
    let onlyStops = true;
    for (const step of steps) {
      // Handlers are counted through the tasks that notify them; a throttled or run-once task does not reach every host at once.
      if (step.phase === 'handler' || step.task?.throttle !== undefined || step.task?.oneHost) continue;
      const why = risk(step, restartingHandlers);
      const task = step.task;
      if (!why || !task) continue;
      const key = `${task.file ?? ''}:${task.span.start}`;
      if (seenTasks.has(key)) continue;
      seenTasks.add(key);
      onlyStops &&= step.kind === 'service' && step.action === 'stop';
      related.push({ span: task.moduleSpan, message: `${task.name ? `"${readable(task.name)}" ` : ''}${why}`, file: task.file });
    }
    // A play that only stops or disables services is a teardown: taking them down everywhere is what it is for.
    if (related.length === 0 || onlyStops) continue;
    out.push({
      span: play.hostsPairSpan,
      subject: { step: steps[0] },
      severity: batches.kind === 'unknown' ? 'info' : undefined,
      values: {
        detail: `${related.length} task${related.length === 1 ? '' : 's'} that change${related.length === 1 ? 's' : ''} running services (${related[0].message}${related.length > 1 ? ', …' : ''})`,
        value: play.hosts,
        batching: batches.why,
      },
      related,
    });
  }
  return out;
}

export default defineRule({
  placeholders: ['value', 'detail', 'batching'],
  check: playWithoutSerial,
  fixes: { 'insert-serial': { structural: true, provide: insertSerial } },
});
