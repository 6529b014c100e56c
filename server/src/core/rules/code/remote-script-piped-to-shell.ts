import type { ProvisioningDocument, SimpleCommand } from '../../model';
import { commandText, spanText, type Match } from '../matchers';
import { defineRule } from '../rule-code';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash']);
const INTERPRETERS = new Set([...SHELLS, 'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php']);
const SOURCE_BUILTINS = new Set(['.', 'source']);

/** wget writes to a file unless told to write to standard output. */
function writesToStdout(command: SimpleCommand): boolean {
  if (command.program !== 'wget') return true;
  return command.args.some((arg, i, args) => /^-[a-zA-Z]*O-$/.test(arg.value) || arg.value === '--output-document=-' || (/^(-[a-zA-Z]*O|--output-document)$/.test(arg.value) && args[i + 1]?.value === '-'));
}

function isDownload(command: SimpleCommand): boolean {
  return DOWNLOADERS.has(command.program) && writesToStdout(command);
}

/** Whether an interpreter takes its program from standard input (no `-c`, no script file). */
function readsProgramFromStdin(command: SimpleCommand): boolean {
  const args = command.args.map((arg) => arg.value);
  if (args.some((arg) => /^-[a-zA-Z]*[cm]$/.test(arg) || arg === '-e' || arg === '--eval')) return false;
  if (SHELLS.has(command.program) && args.some((arg) => /^-[a-zA-Z]*s[a-zA-Z]*$/.test(arg))) return true;
  const operand = args.find((arg) => !arg.startsWith('-') || arg === '-');
  return operand === undefined || operand === '-';
}

/** `bash <(curl …)`, `. <(curl …)`, `sh -c "$(curl …)"`: the download is the program. */
function runsSubstitutedDownload(command: SimpleCommand): boolean {
  if (!command.nested.some(isDownload)) return false;
  const args = command.args.map((arg) => arg.value);
  const operand = args.find((arg) => !arg.startsWith('-'));
  const hasDashC = args.some((arg) => /^-[a-zA-Z]*c$/.test(arg));
  return (operand?.startsWith('<(') ?? false) || (hasDashC && SHELLS.has(command.program));
}

function remoteScriptPipedToShell(doc: ProvisioningDocument): Match[] {
  const out: Match[] = [];
  for (const step of doc.steps) {
    if (step.kind !== 'command') continue;
    for (const command of step.flat) {
      if (INTERPRETERS.has(command.program) || SOURCE_BUILTINS.has(command.program)) {
        const members = command.pipeline ?? [];
        const index = members.indexOf(command);
        const download = members.slice(0, Math.max(index, 0)).find(isDownload);
        if (download && INTERPRETERS.has(command.program) && readsProgramFromStdin(command)) {
          const span = { start: download.span.start, end: command.span.end };
          out.push({ span, subject: { step, command }, values: { command: spanText(doc, span) } });
        } else if (runsSubstitutedDownload(command)) {
          out.push({ span: command.span, subject: { step, command }, values: { command: commandText(doc, command) } });
        }
      }
    }
  }
  return out;
}

export default defineRule({
  placeholders: ['command'],
  check: remoteScriptPipedToShell,
});
