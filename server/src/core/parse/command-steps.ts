import type { CommandStep, Phase, SimpleCommand, Span, Step } from '../model';
import { flattenCommands } from '../shell/commands';
import { interpretCommand, type RunContext } from './command-interpretation';

/** A command step and everything its commands do, as model steps in execution order. */
export function commandSteps(commands: SimpleCommand[], phase: Phase, order: number, origin: string, span: Span, run: RunContext = {}): Step[] {
  const flat = flattenCommands(commands);
  const ctx = { phase, order, origin, statement: span, ...withoutUndefined(run) };
  const step: CommandStep = { kind: 'command', span, commands, flat, ...ctx };
  return [step, ...flat.flatMap((command) => interpretCommand(command, ctx))];
}

/** Steps carry only the run context they have (tests compare steps deeply). */
function withoutUndefined(run: RunContext): RunContext {
  return { ...(run.lifecycle ? { lifecycle: run.lifecycle } : {}), ...(run.runBy ? { runBy: run.runBy } : {}) };
}
