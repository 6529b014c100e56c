import type { Finding } from '../../finding';
import type { Fix } from '../../fixes/types';
import type { ProvisioningDocument, SimpleCommand, Step } from '../../model';
import { commandText, stepsFor, type Match } from '../matchers';
import { defineRule } from '../rule-code';
import type { Rule } from '../types';

const LOCK_TIMEOUT = /^(-o)?dpkg::lock::timeout=/i;
const TIMEOUT_OPTION = '-o DPkg::Lock::Timeout=600';
/** Options that only simulate: no lock is taken. */
const SIMULATE = /^(-[a-z]*s[a-z]*|--simulate|--dry-run|--just-print|--no-act|--recon)$/;

/** Verbs that take the dpkg lock, per program. */
const LOCKING: Record<string, (verbs: string[]) => boolean> = {
  'apt-get': (verbs) => ['install', 'remove', 'purge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'autoremove', 'update'].includes(verbs[0]),
  apt: (verbs) => ['install', 'remove', 'purge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'autoremove', 'update', 'reinstall'].includes(verbs[0]),
  aptitude: (verbs) => ['install', 'remove', 'purge', 'upgrade', 'safe-upgrade', 'full-upgrade', 'update'].includes(verbs[0]),
  dpkg: (verbs) => verbs.some((verb) => /^(-i|--install|--configure|-r|--remove|-P|--purge)$/.test(verb)),
};

const APT_TIMERS = /^(apt-daily(-upgrade)?(\.service|\.timer)?|unattended-upgrades(\.service)?)$/;

/** A step after which apt at boot no longer races: the timers stopped, or the lock waited for. */
function waitsForTheLock(step: Step): boolean {
  if (step.kind === 'service') return ['stop', 'disable', 'mask'].includes(step.action) && APT_TIMERS.test(step.unit);
  if (step.kind === 'file') return step.entries.some((entry) => entry.key.toLowerCase() === 'dpkg::lock::timeout');
  if (step.kind !== 'command') return false;
  return step.flat.some(
    (command) =>
      (['flock', 'fuser', 'lsof'].includes(command.program) && command.args.some((arg) => /\/var\/lib\/(dpkg|apt)\//.test(arg.value))) ||
      (command.program === 'systemd-run' && command.args.some((arg) => /apt-daily/.test(arg.value))),
  );
}

function takesTheLock(command: SimpleCommand): boolean {
  const locking = LOCKING[command.program];
  if (!locking) return false;
  const values = command.args.map((arg) => arg.value);
  if (values.some((value) => LOCK_TIMEOUT.test(value) || SIMULATE.test(value))) return false;
  if (command.program === 'dpkg') return locking(values);
  return locking(values.filter((value, i) => !value.startsWith('-') && values[i - 1] !== '-o'));
}

function check(doc: ProvisioningDocument, rule: Rule): Match[] {
  const steps = stepsFor(rule, doc);
  // A document that waits for the lock anywhere, or stops the timers, is taken to have thought of it.
  if (doc.steps.some(waitsForTheLock)) return [];
  return steps.flatMap((step) => {
    if (step.kind !== 'command') return [];
    // A command in an `until`/`while` condition is retried by its loop (`until apt-get update; do sleep 5; done`).
    return step.flat
      .filter((command) => !command.loopCondition && takesTheLock(command))
      .map((command) => ({
        span: command.span,
        subject: { step, command },
        values: {
          command: commandText(doc, command),
          origin: step.origin,
          fails: command.program === 'apt' ? 'gives up after 120 s' : 'fails at once',
          consequence: step.phase === 'image-build' ? 'the image build fails' : 'the host is left half-provisioned',
        },
      }));
  });
}

/** `-o DPkg::Lock::Timeout=600` after apt-get, apt or aptitude written in a shell line (not an argument vector: the option would join the program's name). */
function addLockTimeout(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  const command = finding.subject.command;
  if (!command || command.program === 'dpkg') return undefined;
  const { start, end } = command.programSpan;
  if (!/^[\w./-]+$/.test(doc.text.slice(start, end)) || !/^[ \t]+[^\s,\]]/.test(doc.text.slice(end, end + 3))) return undefined;
  return { title: `Wait up to 10 minutes for the dpkg lock (${TIMEOUT_OPTION})`, edits: [{ span: { start: end, end }, newText: ` ${TIMEOUT_OPTION}` }] };
}

export default defineRule({
  placeholders: ['command', 'origin', 'fails', 'consequence'],
  check,
  fixes: { 'add-lock-timeout': { provide: addLockTimeout } },
});
