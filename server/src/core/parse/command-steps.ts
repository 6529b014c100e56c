import type { CommandStep, Phase, SimpleCommand, Span, Step } from '../model';
import { flattenCommands } from '../shell/commands';
import { interpretCommand } from './command-interpretation';

/** A command step and everything its commands do, as model steps in execution order. */
export function commandSteps(commands: SimpleCommand[], phase: Phase, order: number, origin: string, span: Span): Step[] {
  const flat = flattenCommands(commands);
  const step: CommandStep = { kind: 'command', phase, order, origin, span, statement: span, commands, flat };
  const ctx = { phase, order, origin, statement: span };
  return [step, ...flat.flatMap((command) => interpretCommand(command, ctx))];
}
