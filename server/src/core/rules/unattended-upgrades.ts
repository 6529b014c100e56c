import type { ProvisioningDocument, Step, TaskInfo } from '../model';
import { commandText, type Match } from './matchers';

const PACKAGE = 'unattended-upgrades';
const PERIODIC_KEY = 'apt::periodic::unattended-upgrade';
const DEBCONF_QUESTION = 'unattended-upgrades/enable_auto_updates';
/**
 * The timer that runs unattended-upgrade. `unattended-upgrades.service` only finishes upgrades at
 * shutdown: stopping or disabling it leaves the timer running upgrades.
 */
const UPGRADE_TIMER = /^apt-daily-upgrade(\.timer)?$/;
/** dnf-automatic's timer that installs whatever its config says (dnf 4 and 5). */
const INSTALL_TIMER = /^dnf(5)?-automatic-install(\.timer)?$/;
/** yum-cron and dnf-automatic apply updates only with `apply_updates = yes`; the timers above apply them whatever it says. */
const APPLY_KEY = 'apply_updates';

/** A value decided by a template variable: neither on nor off as far as the file shows. */
function templated(value: string): boolean {
  return value.includes('{{') || value.includes('{%');
}

/** APT::Periodic values are day intervals (or "always"); anything but 0 turns upgrades on. */
function periodicEnabled(value: string): boolean {
  return value.trim() !== '' && !templated(value) && !/^0+$/.test(value.trim());
}

function isTruthy(value: string): boolean {
  return /^(true|yes|1)$/i.test(value.trim());
}

/** Whether the document switches automatic upgrades off, or leaves the switch to a template variable. */
function turnsOff(steps: Step[]): boolean {
  return steps.some(
    (step) =>
      (step.kind === 'file' && step.entries.some((entry) => entry.key.toLowerCase() === PERIODIC_KEY && !periodicEnabled(entry.value))) ||
      (step.kind === 'debconf' && step.question === DEBCONF_QUESTION && !isTruthy(step.value)) ||
      (step.kind === 'service' && ['disable', 'mask', 'stop'].includes(step.action) && UPGRADE_TIMER.test(step.unit)) ||
      (step.kind === 'package' && step.action === 'remove' && step.packages.some((pkg) => pkg.name === PACKAGE)),
  );
}

/**
 * Explicit switches (periodic setting, debconf preseed, timer enabled) are always reported; an
 * install of the package or a reconfigure is reported only when nothing turns upgrades off,
 * because installing it is harmless when the periodic setting is 0.
 */
export function automaticUpgradesOn(doc: ProvisioningDocument, steps: Step[]): Match[] {
  const explicit: Match[] = [];
  const implicit: Match[] = [];
  const timerTasks = new Set<TaskInfo>();
  for (const step of steps) {
    if (step.kind === 'file') {
      for (const entry of step.entries) {
        if (entry.key.toLowerCase() === PERIODIC_KEY && periodicEnabled(entry.value)) {
          explicit.push({ span: entry.span, subject: { step, entry }, values: { detail: `${step.path} sets ${entry.key} "${entry.value}"` } });
        } else if (step.fileKind === 'dnf-automatic-conf' && entry.key.toLowerCase() === APPLY_KEY && isTruthy(entry.value)) {
          explicit.push({ span: entry.span, subject: { step, entry }, values: { detail: `${step.path} sets ${entry.key} = ${entry.value}` } });
        }
      }
    } else if (step.kind === 'debconf' && step.question === DEBCONF_QUESTION && isTruthy(step.value)) {
      explicit.push({ span: step.span, subject: { step }, values: { detail: `debconf preseeds ${step.question} ${step.value}` } });
    } else if (step.kind === 'service' && (step.action === 'enable' || step.action === 'start' || step.action === 'unmask') && (UPGRADE_TIMER.test(step.unit) || INSTALL_TIMER.test(step.unit))) {
      // One task that starts and enables the timer is one switch.
      if (step.task && timerTasks.has(step.task)) continue;
      if (step.task) timerTasks.add(step.task);
      explicit.push({ span: step.span, subject: { step }, values: { detail: `${step.action} ${step.unit}` } });
    } else if (step.kind === 'package' && step.action === 'install') {
      for (const pkg of step.packages) {
        if (pkg.name === PACKAGE) implicit.push({ span: pkg.span, subject: { step }, values: { detail: `installs ${PACKAGE}` } });
      }
    } else if (step.kind === 'command') {
      for (const command of step.flat) {
        if (command.program === 'dpkg-reconfigure' && command.args.some((arg) => arg.value === PACKAGE)) {
          implicit.push({ span: command.span, subject: { step, command }, values: { detail: commandText(doc, command) } });
        }
      }
    }
  }
  if (explicit.length > 0 || turnsOff(doc.steps)) return explicit;
  return implicit;
}

