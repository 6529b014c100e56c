import type { Lifecycle, RelatedPlace, Step } from '../model';
import { parseScript } from '../shell/commands';
import type { MappedText } from '../text/mapped-text';
import { commandSteps } from './command-steps';
import type { UnitEntry } from './systemd-unit';

const NETWORKD = 'systemd-networkd.service';
/** Dependencies along which systemd propagates a restart (systemd.unit(5): PartOf=, Requires=, BindsTo=). */
const RESTARTED_WITH = ['PartOf', 'Requires', 'BindsTo'];
/** Command lines of a service, and when each runs. */
const START_COMMANDS = ['ExecStartPre', 'ExecStart', 'ExecStartPost', 'ExecReload'];
const STOP_COMMANDS = ['ExecStop', 'ExecStopPost'];

function listValues(entries: UnitEntry[], section: string, keys: string[]): string[] {
  return entries.filter((entry) => entry.section === section && keys.includes(entry.key)).flatMap((entry) => entry.value.text.split(/\s+/).filter(Boolean));
}

function lastValue(entries: UnitEntry[], section: string, key: string): string | undefined {
  return entries.filter((entry) => entry.section === section && entry.key === key).pop()?.value.text;
}

const yes = (value: string | undefined): boolean => /^(1|yes|true|on)$/i.test(value ?? '');

/**
 * When a service's commands run. Installed into a target (`WantedBy=multi-user.target`), it starts
 * at every boot. A restart of systemd-networkd reaches it only along PartOf=/Requires=/BindsTo=,
 * and only as a try-restart (systemd's transaction.c: "We propagate RESTART only as TRY_RESTART"):
 * an inactive unit — a oneshot without `RemainAfterExit=yes`, once it has run — is not started
 * again. Without `After=systemd-networkd.service` it may run before networkd has finished starting,
 * and networkd removes foreign routes as it starts. Nothing makes a unit run when networkd
 * reconfigures one link.
 */
function serviceLifecycle(name: string, entries: UnitEntry[], timer?: { name: string; entries: UnitEntry[] }): Lifecycle {
  const targets = listValues(entries, 'Install', ['WantedBy', 'RequiredBy', 'UpheldBy']);
  const started = targets.length > 0 ? `at every boot (${name}, WantedBy=${targets.join(' ')})` : `when ${name} is started`;
  const scheduled = timer && timerRuns(timer.name, timer.entries);
  const runs = scheduled ? scheduled.runs : started;
  const restartedWith = listValues(entries, 'Unit', RESTARTED_WITH).includes(NETWORKD);
  const schedule = scheduled && scheduled.repeating ? { rerunsOnSchedule: true } : {};
  if (!restartedWith) return { runs, ...schedule };
  const oneshot = (lastValue(entries, 'Service', 'Type') ?? '').toLowerCase() === 'oneshot';
  if (oneshot && !yes(lastValue(entries, 'Service', 'RemainAfterExit')))
    return {
      runs,
      ...schedule,
      caveat: `it is tied to ${NETWORKD}, but a oneshot unit without RemainAfterExit=yes is inactive once it has run, and systemd passes a restart on only to active units`,
    };
  if (!listValues(entries, 'Unit', ['After']).includes(NETWORKD))
    return { runs, ...schedule, caveat: `it is restarted with ${NETWORKD} but not ordered after it (no After=${NETWORKD}), so networkd may remove it again as it starts` };
  return { runs: `${runs}, and again whenever ${NETWORKD} restarts`, rerunsOnNetworkdRestart: true, ...schedule };
}

/** Timer settings that start the service again and again, not once (systemd.timer(5)). */
const REPEATING = ['OnCalendar', 'OnUnitActiveSec', 'OnUnitInactiveSec'];
const AFTER_BOOT = ['OnBootSec', 'OnStartupSec'];

/** When a timer starts its service: on a schedule (what a networking event removes is back only at the next run), or once after boot. */
function timerRuns(name: string, entries: UnitEntry[]): { runs: string; repeating: boolean } | undefined {
  const setting = (keys: string[]) => entries.find((entry) => entry.section === 'Timer' && keys.includes(entry.key));
  const repeating = setting(REPEATING);
  if (repeating) return { runs: `on a schedule (${name}, ${repeating.key}=${repeating.value.text})`, repeating: true };
  const afterBoot = setting(AFTER_BOOT);
  return afterBoot ? { runs: `once after each boot (${name}, ${afterBoot.key}=${afterBoot.value.text})`, repeating: false } : undefined;
}

/** `ExecStart=-/sbin/ip …`: systemd's prefixes (`@`, `-`, `:`, `+`, `!`, `!!`, `|`) say how to run it; they are not the command. */
function withoutPrefixes(value: MappedText): MappedText {
  const prefix = /^[@\-:+!|]*/.exec(value.text)?.[0].length ?? 0;
  return value.slice(prefix, value.text.length);
}

/** The steps of a service's command lines, each with the unit's lifecycle (stop commands run when it stops). */
export function serviceSteps(
  name: string,
  entries: UnitEntry[],
  at: { order: number; origin?: string; runBy?: RelatedPlace[]; timer?: { name: string; entries: UnitEntry[] } },
): Step[] {
  const lifecycle = serviceLifecycle(name, entries, at.timer);
  return entries
    .filter((entry) => entry.section === 'Service' && (START_COMMANDS.includes(entry.key) || STOP_COMMANDS.includes(entry.key)))
    .flatMap((entry) => {
      const own = STOP_COMMANDS.includes(entry.key) ? { runs: `when ${name} stops` } : lifecycle;
      const origin = `${at.origin ?? name} ${entry.key}`;
      return commandSteps(parseScript(withoutPrefixes(entry.value)), 'every-boot', at.order, origin, entry.span, { lifecycle: own, runBy: at.runBy });
    });
}
