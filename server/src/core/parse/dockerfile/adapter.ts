import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { CopyStep, ImageStep, ProvisioningDocument, Span, StageScope, Step, Word } from '../../model';
import { commandFromArgv, parseScript } from '../../shell/commands';
import { LineIndex } from '../../text/line-index';
import { MappedText } from '../../text/mapped-text';
import { commandSteps } from '../command-steps';
import { parseImageReference, substituteArgs } from './image-reference';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface Context {
  text: string;
  /** The text shell sees: continuation escapes other than `\\` turned into spaces, same length. */
  shellText: string;
  lines: LineIndex;
  steps: Step[];
  stages: StageScope[];
  /** Build arguments declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
}

const SHELLS = /^(\S*\/)?(ba|da|z|k|a)?sh(\s+-\w+)*$/;

function span(ctx: Context, range: Range): Span {
  return { start: ctx.lines.offset(range.start), end: ctx.lines.offset(range.end) };
}

function identity(ctx: Context, at: Span): MappedText {
  const text = ctx.shellText.slice(at.start, at.end);
  return MappedText.contiguous(text, at.start);
}

function words(ctx: Context, instruction: Instruction): Word[] {
  return instruction.getArguments().map((arg) => ({ value: arg.getValue(), span: span(ctx, arg.getRange()) }));
}

function stepBase(stage: StageScope | undefined, order: number, origin: string, at: Span) {
  return { phase: 'build' as const, order, origin, span: at, statement: at, stage };
}

/** RUN in shell form, exec form or with heredocs: commands with ranges on the source text. */
function runSteps(ctx: Context, instruction: Instruction, stage: StageScope | undefined, order: number, origin: string): Step[] {
  const statement = span(ctx, instruction.getRange());
  const args = instruction.getArguments();
  if (args.length === 0) return [];
  const first = span(ctx, args[0].getRange());
  const last = span(ctx, args[args.length - 1].getRange());
  const body = { start: first.start, end: last.end };
  const written = ctx.text.slice(body.start, body.end);
  if (written.startsWith('[')) return execSteps(ctx, body, stage, order, origin, statement);
  // dockerfile-ast recomputes the arguments for every query; ask for heredocs only where one can be.
  const heredocs = written.includes('<<') ? (instruction as unknown as { getHeredocs(): { getContentRange(): Range | null }[] }).getHeredocs() : [];
  if (heredocs.length > 0) {
    const command = written.slice(0, written.indexOf('<<')).trim();
    if (command !== '' && !SHELLS.test(command))
      return withStage(commandSteps(parseScript(identity(ctx, { start: body.start, end: body.start + written.indexOf('<<') })), 'build', order, origin, statement), stage);
    return withStage(
      heredocs.flatMap((heredoc) => {
        const content = heredoc.getContentRange();
        return content ? commandSteps(parseScript(identity(ctx, span(ctx, content))), 'build', order, origin, statement) : [];
      }),
      stage,
    );
  }
  return withStage(commandSteps(parseScript(identity(ctx, body)), 'build', order, origin, statement), stage);
}

/** `RUN ["sh", "-c", "…"]`: an argument vector, its strings mapped inside their quotes. */
function execSteps(ctx: Context, body: Span, stage: StageScope | undefined, order: number, origin: string, statement: Span): Step[] {
  let values: unknown;
  try {
    values = JSON.parse(ctx.text.slice(body.start, body.end).replace(/\\\r?\n/g, ''));
  } catch {
    return [];
  }
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) return [];
  const items: { value: string; text: MappedText; span: Span }[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  const source = ctx.text.slice(body.start, body.end);
  for (const match of source.matchAll(pattern)) {
    const start = body.start + match.index! + 1;
    const value = JSON.parse(match[0]) as string;
    const at = { start, end: start + match[1].length };
    // Escapes shift characters; only an escape-free string maps character by character.
    const text = value === match[1] ? identity(ctx, at) : MappedText.opaque(value, at);
    items.push({ value, text, span: { start: at.start - 1, end: at.end + 1 } });
  }
  const command = items.length > 0 ? commandFromArgv(items, body) : undefined;
  return command ? withStage(commandSteps([command], 'build', order, origin, statement), stage) : [];
}

function withStage(steps: Step[], stage: StageScope | undefined): Step[] {
  for (const step of steps) step.stage = stage;
  return steps;
}

/** An instruction's `--name=value` flags, read once (each query re-parses the arguments). */
function flagValues(instruction: Instruction): Map<string, string | undefined> {
  const flags = (instruction as unknown as { getFlags?(): { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  return new Map(flags.map((flag) => [flag.getName(), flag.getValue() ?? undefined]));
}

function copyStep(ctx: Context, instruction: Instruction, stage: StageScope | undefined, order: number, origin: string): CopyStep | undefined {
  const args = words(ctx, instruction);
  if (args.length === 0 || args[0].value.startsWith('[') || args[0].value.startsWith('<<')) return undefined;
  const keyword = instruction.getKeyword() as 'COPY' | 'ADD';
  const flags = flagValues(instruction);
  return {
    kind: 'copy',
    instruction: keyword,
    sources: args.slice(0, -1),
    destination: args.length > 1 ? args[args.length - 1] : undefined,
    from: flags.get('from'),
    checksum: flags.get('checksum'),
    ...stepBase(stage, order, origin, span(ctx, instruction.getRange())),
  };
}

/** ENV and ARG: each `name=value` as an environment step (ARG values are visible in the history). */
function propertySteps(ctx: Context, instruction: Instruction, stage: StageScope | undefined, order: number, origin: string): Step[] {
  const properties = (
    instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null; getNameRange(): Range; getValueRange(): Range | null }[] }
  ).getProperties();
  return properties.map((property) => {
    const nameSpan = span(ctx, property.getNameRange());
    const valueRange = property.getValueRange();
    const valueSpan = valueRange ? span(ctx, valueRange) : nameSpan;
    return {
      kind: 'environment' as const,
      name: property.getName(),
      value: property.getValue() ?? '',
      valueSpan,
      ...stepBase(stage, order, `${instruction.getKeyword()} ${origin}`, { start: nameSpan.start, end: Math.max(nameSpan.end, valueSpan.end) }),
    };
  });
}

function imageStep(ctx: Context, instruction: Instruction, stage: StageScope, order: number, origin: string): ImageStep | undefined {
  const from = instruction as unknown as { getImage(): string | null; getImageRange(): Range | null; getImageTagRange(): Range | null };
  const written = from.getImage();
  const range = from.getImageRange();
  if (!written || !range) return undefined;
  const resolved = substituteArgs(written, ctx.globalArgs);
  const earlier = ctx.stages.slice(0, stage.index).find((other) => other.name && other.name === resolved?.toLowerCase());
  if (earlier) stage.parent = earlier;
  const reference = resolved !== undefined ? parseImageReference(resolved) : undefined;
  const tagRange = written === resolved ? from.getImageTagRange() : null;
  return {
    kind: 'image',
    written,
    resolved: resolved ?? written,
    repository: reference?.repository,
    tag: reference?.tag,
    digest: reference?.digest,
    notAnImage: earlier !== undefined || resolved?.toLowerCase() === 'scratch',
    tagSpan: tagRange ? span(ctx, tagRange) : undefined,
    ...stepBase(stage, order, origin, span(ctx, range)),
  };
}

/** Marks which stages ship: the final stage and every stage it is built on. */
function markShipped(stages: StageScope[]): void {
  for (let stage: StageScope | undefined = stages[stages.length - 1]; stage; stage = stage.parent) stage.shipped = true;
}

function instructionSteps(ctx: Context, instruction: Instruction, stage: StageScope | undefined, order: number): Step[] {
  const keyword = instruction.getKeyword();
  const origin = `line ${instruction.getRange().start.line + 1}`;
  switch (keyword) {
    case 'RUN':
      return runSteps(ctx, instruction, stage, order, origin);
    case 'COPY':
    case 'ADD': {
      const step = copyStep(ctx, instruction, stage, order, origin);
      return step ? [step] : [];
    }
    case 'ENV':
    case 'ARG':
      return propertySteps(ctx, instruction, stage, order, origin);
    case 'ONBUILD': {
      const trigger = (instruction as unknown as { getTriggerInstruction(): Instruction | null }).getTriggerInstruction();
      return trigger && trigger.getKeyword() !== 'ONBUILD' ? instructionSteps(ctx, trigger, stage, order) : [];
    }
    default:
      return [];
  }
}

/** A Dockerfile → the provisioning model: stages, base images, RUN commands, COPY/ADD, ENV/ARG. */
export function parseDockerfile(text: string): ProvisioningDocument {
  const dockerfile = DockerfileParser.parse(text);
  const escape = dockerfile.getEscapeCharacter();
  // With `# escape=\``, a backtick ends a continued line; shell continues lines with a backslash.
  const shellText = escape === '\\' ? text : text.replace(/`(?=\r?\n)/g, '\\');
  const ctx: Context = { text, shellText, lines: new LineIndex(text), steps: [], stages: [], globalArgs: new Map() };
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) ctx.globalArgs.set(property.getName(), property.getValue() ?? undefined);
  }
  const instructions = dockerfile.getInstructions();
  const fromCount = instructions.filter((instruction) => instruction.getKeyword() === 'FROM').length;
  let stage: StageScope | undefined;
  instructions.forEach((instruction, order) => {
    if (instruction.getKeyword() === 'FROM') {
      const name = (instruction as unknown as { getBuildStage(): string | null }).getBuildStage()?.toLowerCase();
      stage = { index: ctx.stages.length, name, isFinal: ctx.stages.length === fromCount - 1, shipped: false, copiedFrom: false };
      ctx.stages.push(stage);
      const image = imageStep(ctx, instruction, stage, order, `FROM line ${instruction.getRange().start.line + 1}`);
      if (image) ctx.steps.push(image);
      return;
    }
    ctx.steps.push(...instructionSteps(ctx, instruction, stage, order));
  });
  markShipped(ctx.stages);
  for (const step of ctx.steps) {
    if (step.kind !== 'copy' || !step.from) continue;
    const source = ctx.stages.find((other) => other.name === step.from!.toLowerCase() || String(other.index) === step.from);
    if (source) source.copiedFrom = true;
  }
  return { format: 'dockerfile', text, steps: ctx.steps, problems: [], stages: ctx.stages };
}
