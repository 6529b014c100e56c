import type { Lifecycle, Phase, Step } from './model';

/** When a step of each phase runs, after "runs", for steps whose lifecycle nothing else decides. */
const PHASE_RUNS: Record<Phase, string> = {
  'first-boot': 'once, at the first boot of the instance',
  'every-boot': 'at every boot',
  'if-up': 'when ifupdown brings the interface up',
  file: 'only when something runs it',
  build: 'while the image is built',
  'image-build': 'once, while the image is built',
  converge: 'when the play runs',
  handler: 'when its handler is notified',
};

/** The lifecycle a phase alone gives: when it runs, nothing re-running it. */
export function phaseLifecycle(phase: Phase): Lifecycle {
  return { runs: PHASE_RUNS[phase] };
}

/** When a step runs, for messages: its own lifecycle, else what its phase says. */
export function runsOf(step: Step): string {
  return step.lifecycle?.runs ?? PHASE_RUNS[step.phase];
}

/** Whether what the step does is put back after every networking event that removes it. */
export function reappliedAfterNetworkEvents(step: Step): boolean {
  return step.lifecycle?.rerunsOnNetworkdRestart === true && step.lifecycle.rerunsOnLinkReconfigure === true;
}

/** Which networking events remove what the step set up for good, for messages. */
export function lostOn(step: Step): string {
  const lifecycle = step.lifecycle;
  const caveat = lifecycle?.caveat ? ` (${lifecycle.caveat})` : '';
  if (lifecycle?.rerunsOnNetworkdRestart)
    return 'a systemd-networkd restart runs it again, but when networkd reconfigures the link (`networkctl reconfigure`, `netplan apply`, a link flap) it is gone and nothing puts it back';
  if (lifecycle?.rerunsOnLinkReconfigure) return `when systemd-networkd restarts it is gone and nothing puts it back${caveat}`;
  if (lifecycle?.rerunsOnSchedule) return 'when systemd-networkd restarts or reconfigures the link, it is gone until the timer next runs it';
  if (step.phase === 'if-up') return 'where systemd-networkd also manages the link, its restart or a reconfigure removes it, and ifupdown does not run the hook again';
  return `when systemd-networkd restarts or reconfigures the link, it is gone and nothing puts it back${caveat}`;
}

/**
 * Of the phases a script is reached with, the one it is judged in: the host at run time before
 * the image build, so a script both an image build and a boot unit run is judged as the unit runs it.
 */
const PHASE_WEIGHT: Phase[] = ['every-boot', 'if-up', 'first-boot', 'handler', 'converge', 'image-build', 'build', 'file'];

export function weightiestPhase<T extends { phase: Phase }>(reached: T[]): T {
  return reached.reduce((best, next) => (PHASE_WEIGHT.indexOf(next.phase) < PHASE_WEIGHT.indexOf(best.phase) ? next : best));
}

/** Two ways of reaching the same script: it runs whenever either runs it, and is put back after what either re-runs on. */
export function mergeLifecycles(a: Lifecycle, b: Lifecycle): Lifecycle {
  if (a.runs === b.runs) return a;
  return {
    runs: `${a.runs}, and ${b.runs}`,
    rerunsOnNetworkdRestart: a.rerunsOnNetworkdRestart || b.rerunsOnNetworkdRestart,
    rerunsOnLinkReconfigure: a.rerunsOnLinkReconfigure || b.rerunsOnLinkReconfigure,
    rerunsOnSchedule: a.rerunsOnSchedule || b.rerunsOnSchedule,
    caveat: a.caveat ?? b.caveat,
  };
}
