import type { FileWriteStep, SimpleCommand, Span, Word } from '../model';
import { MappedText } from '../text/mapped-text';
import { configEntries } from './config-entries';
import { fileKindOf } from './file-kinds';
import type { StepContext } from './command-interpretation';

/** Paths a write to is not a file on the host's disk. */
const NOT_A_FILE = /^\/(dev|proc|sys)\//;

/** What `echo`/`printf` print, as the shell would (option words dropped, `printf`'s escapes and `%s` applied). */
function printed(command: SimpleCommand): MappedText | undefined {
  const args = command.args;
  if (args.length === 0) return undefined;
  const whole: Span = { start: args[0].span.start, end: args[args.length - 1].span.end };
  if (command.program === 'echo') {
    const first = args.findIndex((arg) => !/^-[neE]+$/.test(arg.value));
    const words = first < 0 ? [] : args.slice(first);
    const interpret = args.some((arg) => /^-[nE]*e[nE]*$/.test(arg.value));
    const text = words.map((word) => word.value).join(' ');
    return MappedText.opaque(`${interpret ? unescape(text) : text}\n`, whole);
  }
  if (command.program === 'printf') {
    const [format, ...values] = args;
    let next = 0;
    const text = unescape(format.value).replace(/%[sdb]/g, () => values[next++]?.value ?? '');
    return MappedText.opaque(text, whole);
  }
  return undefined;
}

function unescape(text: string): string {
  return text.replace(/\\([nt\\])/g, (_whole, letter: string) => (letter === 'n' ? '\n' : letter === 't' ? '\t' : '\\'));
}

/** The text a command reads on standard input, when the script says it: a here-document, or what the previous member of its pipeline prints. */
function input(command: SimpleCommand): MappedText | undefined {
  if (command.heredoc) return command.heredoc;
  const members = command.pipeline ?? [];
  const previous = members[members.indexOf(command) - 1];
  if (!previous) return undefined;
  return printed(previous) ?? (previous.program === 'cat' && previous.args.length === 0 ? previous.heredoc : undefined);
}

/** What a command prints: its arguments (`echo`, `printf`), or its input passed through (`cat` without files). */
function output(command: SimpleCommand): MappedText | undefined {
  if (command.program === 'cat') return command.args.length === 0 ? input(command) : undefined;
  return printed(command);
}

interface Written {
  path: Word;
  content?: MappedText;
  append: boolean;
}

/** `tee [-a] FILE…`: each file gets the input. */
function teeWrites(command: SimpleCommand): Written[] {
  const append = command.args.some((arg) => /^-[a-z]*a[a-z]*$|^--append$/.test(arg.value));
  const content = input(command);
  return command.args.filter((arg) => !arg.value.startsWith('-')).map((path) => ({ path, content, append }));
}

/** `s/old/new/flags` → `new` as written into the file (sed's `\/`, `\&` and `&` taken literally, which is how config edits use them). */
function replacement(expression: string): string | undefined {
  const match = /^s(.)/.exec(expression);
  if (!match) return undefined;
  const delimiter = match[1];
  const parts: string[] = [''];
  for (let i = 2; i < expression.length && parts.length < 3; i++) {
    if (expression[i] === '\\' && i + 1 < expression.length) {
      parts[parts.length - 1] += expression[i + 1] === delimiter || expression[i + 1] === '&' ? expression[i + 1] : expression.slice(i, i + 2);
      i++;
    } else if (expression[i] === delimiter) parts.push('');
    else parts[parts.length - 1] += expression[i];
  }
  return parts.length === 3 ? parts[1] : undefined;
}

/** `sed -i 's/…/new/' FILE`: each file is edited to hold the replacement lines (the rest of it is not known). */
function sedWrites(command: SimpleCommand): Written[] {
  const args = command.args;
  if (!args.some((arg) => /^-[a-zA-Z]*i/.test(arg.value) || arg.value.startsWith('--in-place'))) return [];
  const expressions: Word[] = [];
  const files: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '-e' || value === '--expression') expressions.push(args[++i]);
    else if (value.startsWith('-')) continue;
    else if (expressions.length === 0) expressions.push(args[i]);
    else files.push(args[i]);
  }
  const lines = expressions.flatMap((expression) => (expression ? (replacement(expression.value) ?? []) : []));
  if (lines.length === 0) return [];
  const content = MappedText.opaque(`${lines.join('\n')}\n`, { start: expressions[0].span.start, end: expressions[expressions.length - 1].span.end });
  return files.map((path) => ({ path, content, append: true }));
}

/** Files a command writes, and with what when the script says: redirected `echo`/`printf`/`cat`, `tee`, `sed -i`. */
function writesOf(command: SimpleCommand): Written[] {
  const redirected = (command.writesTo ?? []).map((redirect) => ({ path: redirect.target, content: output(command), append: redirect.append }));
  if (command.program === 'tee') return [...teeWrites(command), ...redirected];
  if (command.program === 'sed') return [...sedWrites(command), ...redirected];
  return redirected;
}

/** The files a shell command writes on the host, as file steps with what is known of their content. */
export function shellFileWrites(command: SimpleCommand, ctx: StepContext): FileWriteStep[] {
  return writesOf(command)
    .filter((written) => written.path.value.startsWith('/') && !NOT_A_FILE.test(written.path.value))
    .map(({ path, content, append }) => {
      const fileKind = fileKindOf(path.value, content?.text);
      return {
        kind: 'file',
        ...ctx,
        span: command.span,
        path: path.value,
        pathSpan: path.span,
        fileKind,
        content: content?.text,
        contentText: content,
        contentSpan: content?.toSource(0, content.text.length),
        contentExact: content?.isExact ?? false,
        append,
        entries: content ? configEntries(fileKind, content) : [],
        command,
      };
    });
}
