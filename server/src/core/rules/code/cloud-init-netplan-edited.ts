import ignore from 'ignore';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Finding } from '../../finding';
import { replaceExact } from '../../fixes/text-edits';
import type { Fix } from '../../fixes/types';
import type { FileWriteStep, ProvisioningDocument, SimpleCommand, Step } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

/** The files cloud-init renders from the datasource's network configuration (netplan; ifupdown). */
const RENDERED = ['/etc/netplan/50-cloud-init.yaml', '/etc/network/interfaces.d/50-cloud-init.cfg'];

const NETPLAN_OVERRIDES = '/etc/netplan/90-overrides.yaml';

/** Programs that change or remove the files they name: `written` picks, of the operands, those they write (a `cp` source is only read). */
const WRITERS = new Map<string, { written: (operands: string[], options: string[]) => string[] }>(
  Object.entries({
  rm: { written: (operands) => operands },
  unlink: { written: (operands) => operands },
  truncate: { written: (operands) => operands },
  tee: { written: (operands) => operands },
  mv: { written: (operands) => operands },
  cp: { written: (operands) => operands.slice(-1) },
  install: { written: (operands) => operands.slice(-1) },
  ln: { written: (operands) => operands.slice(-1) },
  sed: { written: (operands, options) => (options.some((option) => /^-[a-zA-Z]*i/.test(option) || option.startsWith('--in-place')) ? operands : []) },
  perl: { written: (operands, options) => (options.some((option) => /^-[a-zA-Z]*i/.test(option)) ? operands : []) },
    yq: { written: (operands: string[], options: string[]) => (options.some((option) => option === '-i' || option === '--inplace') ? operands : []) },
  }),
);

/** The rendered file a path or shell glob names (`/etc/netplan/*.yaml` deletes it too). */
function renderedBy(written: string): string | undefined {
  return RENDERED.find((file) => {
    if (written === file) return true;
    if (!/[*?[]/.test(written) || path.posix.dirname(written) !== path.posix.dirname(file)) return false;
    return ignore().add(path.posix.basename(written)).ignores(path.posix.basename(file));
  });
}

/** Whether the document turns cloud-init's network configuration off (then the rendered file is the author's). */
function networkConfigDisabled(steps: Step[]): boolean {
  return steps.some((step) => {
    if (step.kind !== 'file' || !step.path.startsWith('/etc/cloud/cloud.cfg.d/') || step.content === undefined) return false;
    try {
      const config = parse(step.content) as { network?: { config?: unknown } } | null;
      return config?.network?.config === 'disabled';
    } catch {
      return false;
    }
  });
}

function commandMatches(step: Step, command: SimpleCommand): Match[] {
  // A Map: a program named `toString` or `__proto__` is no writer.
  const writer = WRITERS.get(command.program);
  if (!writer) return [];
  const operands = command.args.filter((arg) => !arg.value.startsWith('-'));
  const options = command.args.filter((arg) => arg.value.startsWith('-')).map((arg) => arg.value);
  const written = writer.written(operands.map((arg) => arg.value), options);
  // One finding per command, however many of its operands name the file (`rm 50-cloud-init.yaml *.yaml`).
  const file = written.map(renderedBy).find((rendered) => rendered !== undefined);
  if (!file) return [];
  const action = command.program === 'rm' || command.program === 'unlink' ? 'Deleting' : command.program === 'mv' ? 'Moving' : 'Changing';
  return [{ span: command.span, subject: { step, command }, values: { action, path: file } }];
}

function fileMatches(step: FileWriteStep): Match[] {
  const file = renderedBy(step.path);
  if (!file) return [];
  const action = step.append ? 'Editing' : step.installedFrom ? 'Installing' : 'Writing';
  return [{ span: step.pathSpan, subject: { step }, values: { action, path: file } }];
}

/** `cloud-init clean`: an image template resets cloud-init, and deleting the rendered file is part of letting it render afresh. */
function resetsCloudInit(steps: Step[]): boolean {
  return steps.some((step) => step.kind === 'command' && step.flat.some((command) => command.program === 'cloud-init' && command.args.some((arg) => arg.value === 'clean')));
}

function check(doc: ProvisioningDocument): Match[] {
  if (networkConfigDisabled(doc.steps)) return [];
  const resets = resetsCloudInit(doc.steps);
  return doc.steps.flatMap((step) => {
    // A file a writer command writes (`tee`, `sed -i`) is that command's finding, once, on the command.
    if (step.kind === 'file') return step.command && WRITERS.has(step.command.program) ? [] : fileMatches(step);
    if (step.kind === 'command') return step.flat.flatMap((command) => (resets && ['rm', 'unlink'].includes(command.program) ? [] : commandMatches(step, command)));
    return [];
  });
}

/**
 * A whole netplan file written at the rendered path goes to a file of its own instead: netplan reads
 * it after 50-cloud-init.yaml and merges the same interface's settings, so it adds to and overrides
 * what cloud-init renders rather than being replaced by it. Appends and line edits have no such
 * rewrite: alone, a line is not the file.
 */
function writeNetplanOverrides(doc: ProvisioningDocument, finding: Finding): Fix | { withheld: string } | undefined {
  const { step } = finding.subject;
  if (step.kind !== 'file' || step.path !== RENDERED[0]) return undefined;
  if (step.append) return { withheld: 'the task edits lines of the rendered file; move what it adds into a netplan file of your own' };
  const written = doc.text.slice(step.pathSpan.start, step.pathSpan.end);
  const at = written.indexOf(step.path);
  if (at < 0) return undefined;
  const span = { start: step.pathSpan.start + at, end: step.pathSpan.start + at + step.path.length };
  const edit = replaceExact(doc.text, span, step.path, NETPLAN_OVERRIDES);
  return edit ? { title: `Write it as ${NETPLAN_OVERRIDES}, beside the file cloud-init renders`, edits: [edit] } : undefined;
}

export default defineRule({
  placeholders: ['action', 'path'],
  check,
  fixes: { 'write-netplan-overrides': { provide: writeNetplanOverrides } },
});
