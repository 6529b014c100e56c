import type { Lifecycle, Phase } from '../model';
import { phaseLifecycle } from '../lifecycle';
import { linesOf } from '../text/lines';
import type { MappedText } from '../text/mapped-text';

/** A command a configuration line hands to something that runs it later (cron, ifupdown). */
interface HookCommand {
  command: MappedText;
  phase: Phase;
  lifecycle: Lifecycle;
  /** What runs it, for origins: `@reboot`, `post-up`. */
  hook: string;
}

export const REBOOT_CRON: Lifecycle = { runs: 'at every boot (cron @reboot)' };

/**
 * `@reboot` lines of a crontab (crontab(5)): the command after the schedule — and, in the system
 * crontab and `/etc/cron.d`, after the user name — runs once at every boot.
 */
export function rebootCronCommands(text: MappedText, systemCrontab: boolean): HookCommand[] {
  const commands: HookCommand[] = [];
  for (const { text: line, start } of linesOf(text.text)) {
    const fields = (systemCrontab ? /^(\s*@reboot\s+\S+\s+)(\S.*)$/ : /^(\s*@reboot\s+)(\S.*)$/).exec(line);
    if (!fields) continue;
    const from = start + fields[1].length;
    commands.push({ command: text.slice(from, from + fields[2].trimEnd().length), phase: 'every-boot', lifecycle: REBOOT_CRON, hook: '@reboot' });
  }
  return commands;
}

/** ifupdown's `up`/`post-up`/`pre-up` lines (interfaces(5)): run each time the interface is brought up. */
export function ifupdownCommands(text: MappedText): HookCommand[] {
  const commands: HookCommand[] = [];
  for (const { text: line, start } of linesOf(text.text)) {
    const fields = /^(\s*(up|post-up|pre-up)\s+)(\S.*)$/.exec(line);
    if (!fields) continue;
    const from = start + fields[1].length;
    commands.push({ command: text.slice(from, from + fields[3].trimEnd().length), phase: 'if-up', lifecycle: phaseLifecycle('if-up'), hook: fields[2] });
  }
  return commands;
}
