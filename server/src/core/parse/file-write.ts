import { gunzipSync } from 'node:zlib';
import type { FileWriteStep, ParseProblem, Span, Step } from '../model';
import type { ParseContext } from '../formats/format';
import { MappedText } from '../text/mapped-text';
import { configEntries } from './config-entries';
import { fileKindOf, scriptPhase } from './file-kinds';
import { ifupdownCommands, rebootCronCommands } from './hook-lines';

const DISPATCHED = {
  runs: 'each time the link is configured (a dispatcher hook)',
  rerunsOnNetworkdRestart: true,
  rerunsOnLinkReconfigure: true,
};

export interface FileWriteInput {
  path: string;
  pathSpan: Span;
  /** The content as written in the source, before decoding. */
  content?: MappedText;
  encoding?: string;
  mode?: string;
  append: boolean;
  /** A URL the file is downloaded from. */
  source?: string;
  /** The repository file installed there (absolute). */
  installedFrom?: string;
  span: Span;
  order: number;
  origin: string;
}

/** Decodes cloud-init's `encoding:` values; undefined (with a problem) when the data is broken. */
function decode(input: FileWriteInput, problems: ParseProblem[]): MappedText | undefined {
  const raw = input.content;
  if (!raw) return undefined;
  const encoding = (input.encoding ?? 'text/plain').toLowerCase();
  if (encoding === 'text/plain' || encoding === 'text') return raw;
  const whole = raw.toSource(0, raw.text.length);
  try {
    const bytes = Buffer.from(raw.text.replace(/\s+/g, ''), 'base64');
    if (encoding === 'b64' || encoding === 'base64') return MappedText.opaque(bytes.toString('utf8'), whole);
    if (/^(gz|gzip)(\+(b64|base64))?$/.test(encoding)) return MappedText.opaque(gunzipSync(bytes).toString('utf8'), whole);
  } catch (error) {
    problems.push({ message: `write_files content could not be decoded as ${encoding}: ${(error as Error).message}`, span: whole });
    return undefined;
  }
  problems.push({ message: `write_files encoding "${input.encoding}" is not one cloud-init knows`, span: whole });
  return undefined;
}

/** A file write, plus the commands inside it when the target is a script that runs at a known time. */
export function fileWriteSteps(input: FileWriteInput, problems: ParseProblem[], embed: ParseContext['embed']): Step[] {
  const content = decode(input, problems);
  const fileKind = fileKindOf(input.path, content?.text);
  const step: FileWriteStep = {
    kind: 'file',
    phase: 'file',
    span: input.span,
    order: input.order,
    origin: input.origin,
    path: input.path,
    pathSpan: input.pathSpan,
    fileKind,
    content: content?.text,
    contentText: content,
    contentSpan: input.content ? input.content.toSource(0, input.content.text.length) : undefined,
    contentExact: content?.isExact ?? false,
    mode: input.mode,
    append: input.append,
    source: input.source,
    ...(input.installedFrom ? { installedFrom: input.installedFrom } : {}),
    entries: content ? configEntries(fileKind, content) : [],
  };
  if (!content) return [step];
  const at = { order: input.order, origin: `${input.origin} ${input.path}`, span: input.span, path: input.path };
  if (fileKind === 'systemd-unit') return [step, ...(embed('systemd-unit', content, { ...at, phase: 'every-boot' })?.steps ?? [])];
  if (fileKind === 'crontab' || fileKind === 'ifupdown-interfaces') {
    const hooks = fileKind === 'crontab' ? rebootCronCommands(content, !input.path.startsWith('/var/spool/')) : ifupdownCommands(content);
    return [
      step,
      ...hooks.flatMap(
        (hook) => embed('user-data-script', hook.command, { ...at, origin: `${at.origin} ${hook.hook}`, phase: hook.phase, lifecycle: hook.lifecycle })?.steps ?? [],
      ),
    ];
  }
  // A dispatcher hook runs whenever the link is configured: what it runs is put back after every networking event.
  if (fileKind === 'dispatcher-script') return [step, ...(embed('user-data-script', content, { ...at, phase: 'every-boot', lifecycle: DISPATCHED })?.steps ?? [])];
  const phase = scriptPhase(fileKind);
  if (!phase) return [step];
  const script = embed('user-data-script', content, { ...at, phase })?.steps ?? [];
  // A plain script runs only when something runs it: its steps wait, phase `file`, for that.
  if (phase === 'file') step.script = script;
  return [step, ...script];
}
