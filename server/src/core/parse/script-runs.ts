import { mergeLifecycles, phaseLifecycle, weightiestPhase } from '../lifecycle';
import type { FileWriteStep, Lifecycle, PathRun, ProvisioningDocument, RelatedPlace, SimpleCommand, Step } from '../model';

/** Programs that run a script named as their first operand. */
const SCRIPT_RUNNERS = new Set(['sh', 'bash', 'dash', 'ksh', 'zsh', 'source', '.']);
/** A script may run another; a bound keeps a cycle from growing steps. */
const MAX_DEPTH = 4;

/** The path of a script a command runs: the program written as a path, or a shell's first operand (`bash /opt/routes.sh`). */
function scriptPathRun(command: SimpleCommand): string | undefined {
  if (!SCRIPT_RUNNERS.has(command.program)) return command.programPath;
  if (command.args.some((arg) => /^-[a-z]*c[a-z]*$/.test(arg.value))) return undefined;
  return command.args.find((arg) => !arg.value.startsWith('-'))?.value;
}

interface Runner {
  step: Step;
  place: RelatedPlace;
  lifecycle: Lifecycle;
}

/**
 * Scripts the document writes and also runs: their steps, which wait in phase `file`, again with
 * the phase and lifecycle of what runs them (a script reached from several places runs whenever
 * any of them runs it), each step naming what runs it and where the script was written.
 */
function runSteps(writes: Map<string, FileWriteStep>, runners: Step[]): Step[] {
  const byPath = new Map<string, Runner[]>();
  for (const step of runners) {
    if (step.kind !== 'command' || step.phase === 'file') continue;
    for (const command of step.flat) {
      const path = scriptPathRun(command);
      if (path === undefined || !writes.has(path)) continue;
      const lifecycle = step.lifecycle ?? phaseLifecycle(step.phase);
      const list = byPath.get(path) ?? [];
      list.push({ step, place: { span: command.span, message: `${step.origin} runs this script` }, lifecycle });
      byPath.set(path, list);
    }
  }
  return [...byPath].flatMap(([path, found]) => {
    const write = writes.get(path)!;
    const lifecycle = found.map((runner) => runner.lifecycle).reduce(mergeLifecycles);
    const runBy = [...found.map((runner) => runner.place), { span: write.pathSpan, message: `${write.origin} writes ${path}` }];
    const first = weightiestPhase(found.map((runner) => runner.step));
    return (write.script ?? []).map((step) => ({
      ...step,
      phase: first.phase,
      order: first.order,
      lifecycle,
      runBy,
      origin: `${path}, run by ${first.origin}`,
      play: first.play,
      task: step.task ?? first.task,
    }));
  });
}

/** Absolute paths the steps run as scripts that the document does not write: another file may install them. */
function pathRuns(steps: Step[], written: Set<string>): PathRun[] {
  return steps.flatMap((step) =>
    step.kind !== 'command' || step.phase === 'file'
      ? []
      : step.flat.flatMap((command) => {
          const path = scriptPathRun(command);
          if (path === undefined || !path.startsWith('/') || written.has(path)) return [];
          return [{ path, phase: step.phase, lifecycle: step.lifecycle ?? phaseLifecycle(step.phase), span: command.span, note: step.origin }];
        }),
  );
}

/**
 * The document with the scripts it writes and runs read as they run, and the paths it runs but
 * does not write (a repository file installed there is read as run so); embedded parts likewise.
 * Files installed from the repository are read in their own file, not here.
 */
export function followScriptRuns(doc: ProvisioningDocument): ProvisioningDocument {
  const writes = new Map<string, FileWriteStep>();
  for (const step of doc.steps) if (step.kind === 'file' && step.script && step.script.length > 0 && !step.installedFrom) writes.set(step.path, step);
  const parts = doc.parts?.map(followScriptRuns);
  const added: Step[] = [];
  let runners = doc.steps;
  for (let depth = 0; depth < MAX_DEPTH && runners.length > 0 && writes.size > 0; depth++) {
    runners = runSteps(writes, runners);
    added.push(...runners);
  }
  const steps = added.length > 0 ? [...doc.steps, ...added] : doc.steps;
  const runsPaths = pathRuns(steps, new Set(writes.keys()));
  return { ...doc, steps, ...(parts ? { parts } : {}), ...(runsPaths.length > 0 ? { runsPaths } : {}) };
}
