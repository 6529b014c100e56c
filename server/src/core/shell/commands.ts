import type { Node } from 'web-tree-sitter';
import type { SimpleCommand, Span, Word } from '../model';
import { BoundedCache, PARSED_CACHE_BYTES, parsedWeight } from '../bounded-cache';
import { MappedText } from '../text/mapped-text';
import { shellParser } from '../grammars';
import { unwrapCommand } from './wrappers';
import { wordValue } from './words';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'busybox']);
const MAX_INNER_DEPTH = 4;

/** The program as written, when it is written as a path: only then is it kept (`/usr/local/bin/add-routes.sh`). */
function pathOf(program: string | undefined): { programPath?: string } {
  return program?.includes('/') ? { programPath: program } : {};
}

/** A program name by basename: `/usr/sbin/ip` → `ip`. */
export function basename(program: string): string {
  const slash = program.lastIndexOf('/');
  return slash >= 0 ? program.slice(slash + 1) : program;
}

interface Walk {
  text: MappedText;
  depth: number;
}

function spanOf(walk: Walk, node: Node): Span {
  return walk.text.toSource(node.startIndex, node.endIndex);
}

function toWord(walk: Walk, node: Node): Word {
  return { value: wordValue(node), span: spanOf(walk, node) };
}

/** The script a shell's `-c` option runs, when it is a literal argument. */
function innerScript(args: Node[]): Node | undefined {
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].text;
    if (/^-[a-z]*c[a-z]*$/.test(flag)) return args[i + 1];
    if (!flag.startsWith('-')) return undefined;
  }
  return undefined;
}

function parseInner(walk: Walk, node: Node): SimpleCommand[] {
  if (walk.depth >= MAX_INNER_DEPTH) return [];
  const quoted = node.type === 'string' || node.type === 'raw_string';
  if (quoted && node.namedChildren.some((child) => child && child.type !== 'string_content')) return [];
  if (!quoted && node.type !== 'word') return [];
  const start = quoted ? node.startIndex + 1 : node.startIndex;
  const end = quoted ? node.endIndex - 1 : node.endIndex;
  return parseScriptAt(walk.text.slice(start, end), walk.depth + 1);
}

function buildCommand(walk: Walk, node: Node): SimpleCommand | undefined {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return undefined;
  const assignments: Word[] = [];
  const argNodes: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'variable_assignment') assignments.push(toWord(walk, child));
  }
  for (const child of node.childrenForFieldName('argument')) if (child) argNodes.push(child);
  argNodes.push(...wordsAfterRedirects(node));
  argNodes.sort((a, b) => a.startIndex - b.startIndex);
  const nested: SimpleCommand[] = [];
  for (const arg of argNodes) collectSubstitutions(walk, arg, nested);
  const words = [toWord(walk, nameNode), ...argNodes.map((arg) => toWord(walk, arg))];
  const unwrapped = unwrapCommand(words);
  if (!unwrapped) return undefined;
  const program = basename(unwrapped.words[0].value);
  const firstArgIndex = argNodes.length - (unwrapped.words.length - 1);
  const inner = SHELLS.has(program) ? innerScript(argNodes.slice(firstArgIndex)) : undefined;
  return {
    program,
    ...pathOf(unwrapped.words[0].value),
    programSpan: unwrapped.words[0].span,
    args: unwrapped.words.slice(1),
    span: spanOf(walk, node),
    assignments: [...assignments, ...unwrapped.assignments],
    nested,
    inner: inner ? parseInner(walk, inner) : [],
  };
}

/**
 * Words the grammar hangs on a redirect that are the command's arguments: in `tee >/dev/null /etc/x`
 * a redirect takes one word, and `/etc/x` is tee's (tree-sitter-bash lists every following word as
 * a destination).
 */
function wordsAfterRedirects(command: Node): Node[] {
  // A redirect after a pipeline is its last command's (`… | tee >/dev/null /etc/x`).
  const pipeline = command.parent?.type === 'pipeline' && command.parent.lastNamedChild?.id === command.id ? command.parent : undefined;
  const redirected = pipeline ?? command;
  const statement = redirected.parent;
  if (statement?.type !== 'redirected_statement' || statement.childForFieldName('body')?.id !== redirected.id) return [];
  return statement.childrenForFieldName('redirect').flatMap((redirect) =>
    redirect?.type === 'file_redirect'
      ? redirect
          .childrenForFieldName('destination')
          .slice(1)
          .filter((word): word is Node => word !== null)
      : [],
  );
}

/** `export A=b`, `declare -x A=b`: kept as commands so environment settings are visible. */
function buildDeclaration(walk: Walk, node: Node): SimpleCommand {
  const keyword = node.child(0)!;
  const args = node.namedChildren.filter((child): child is Node => child !== null).map((child) => toWord(walk, child));
  return {
    program: keyword.text,
    programSpan: spanOf(walk, keyword),
    args,
    span: spanOf(walk, node),
    assignments: [],
    nested: [],
    inner: [],
  };
}

function collectSubstitutions(walk: Walk, node: Node, into: SimpleCommand[]): void {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') {
    into.push(...collectStatements(walk, node));
    return;
  }
  for (const child of node.namedChildren) if (child) collectSubstitutions(walk, child, into);
}

function collectStatements(walk: Walk, node: Node): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const visit = (current: Node): void => {
    switch (current.type) {
      case 'command': {
        const command = buildCommand(walk, current);
        if (command) out.push(command);
        return;
      }
      case 'declaration_command':
        out.push(buildDeclaration(walk, current));
        return;
      case 'pipeline': {
        const members: SimpleCommand[] = [];
        for (const child of current.namedChildren) {
          if (!child) continue;
          const before = out.length;
          visit(child);
          if (out.length > before) members.push(out[before]);
        }
        for (const member of members) member.pipeline = members;
        return;
      }
      case 'while_statement': {
        // `while`/`until` share the node: what the condition runs is run again until the loop ends.
        const before = out.length;
        const condition = current.childForFieldName('condition');
        if (condition) visit(condition);
        for (const command of out.slice(before)) command.loopCondition = true;
        const body = current.childForFieldName('body');
        if (body) visit(body);
        return;
      }
      case 'heredoc_body':
      case 'comment':
        return;
      default:
        for (const child of current.namedChildren) if (child) visit(child);
    }
  };
  for (const child of node.namedChildren) if (child) visit(child);
  return out;
}

function parseScriptAt(text: MappedText, depth: number): SimpleCommand[] {
  const tree = shellParser().parse(text.text);
  if (!tree) return [];
  try {
    return collectStatements({ text, depth }, tree.rootNode);
  } finally {
    tree.delete();
  }
}

/**
 * Commands of recently seen scripts, with offsets local to the script. Editing one runcmd item
 * re-parses that item only; every other item of the document is found here. Bounded by size:
 * each edit of a large shell user-data is a new key, and its commands weigh many times its text.
 */
const scriptCache = new BoundedCache<string, SimpleCommand[]>(PARSED_CACHE_BYTES, parsedWeight);

function localCommands(script: string): SimpleCommand[] {
  let commands = scriptCache.get(script);
  if (!commands) {
    commands = parseScriptAt(MappedText.contiguous(script), 0);
    scriptCache.set(script, commands);
  }
  return commands;
}

/** A copy of locally parsed commands with every span mapped through `text` to the document. */
function relocate(commands: SimpleCommand[], text: MappedText): SimpleCommand[] {
  const copies = new Map<SimpleCommand, SimpleCommand>();
  const span = (local: Span): Span => text.toSource(local.start, local.end);
  const word = (local: Word): Word => ({ value: local.value, span: span(local.span) });
  const copy = (command: SimpleCommand): SimpleCommand => {
    const copied: SimpleCommand = {
      program: command.program,
      ...pathOf(command.programPath),
      programSpan: span(command.programSpan),
      args: command.args.map(word),
      span: span(command.span),
      assignments: command.assignments.map(word),
      nested: command.nested.map(copy),
      inner: command.inner.map(copy),
      ...(command.loopCondition ? { loopCondition: true as const } : {}),
    };
    copies.set(command, copied);
    return copied;
  };
  const result = commands.map(copy);
  for (const [original, copied] of copies) {
    if (original.pipeline) copied.pipeline = original.pipeline.map((member) => copies.get(member)!);
  }
  return result;
}

/** Simple commands of a shell script, top level first, with pipelines and substitutions linked. */
export function parseScript(text: MappedText): SimpleCommand[] {
  return relocate(localCommands(text.text), text);
}

/**
 * A command given as an argument vector (cloud-init's list form `[ip, route, add, …]`), which is
 * executed without a shell; a shell's `-c` argument is still parsed.
 */
export function commandFromArgv(items: { value: string; text: MappedText; span: Span }[], span: Span): SimpleCommand | undefined {
  const unwrapped = unwrapCommand(items.map((item) => ({ value: item.value, span: item.span })));
  if (!unwrapped) return undefined;
  const program = basename(unwrapped.words[0].value);
  const offset = items.length - unwrapped.words.length;
  let inner: SimpleCommand[] = [];
  if (SHELLS.has(program)) {
    const flagIndex = unwrapped.words.findIndex((word, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(word.value));
    const script = flagIndex > 0 ? items[offset + flagIndex + 1] : undefined;
    if (script) inner = parseScript(script.text);
  }
  return {
    program,
    ...pathOf(unwrapped.words[0].value),
    programSpan: unwrapped.words[0].span,
    args: unwrapped.words.slice(1),
    span,
    assignments: unwrapped.assignments,
    nested: [],
    inner,
  };
}

/** Every command, including those in substitutions and `sh -c` scripts. */
export function flattenCommands(commands: SimpleCommand[]): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const visit = (command: SimpleCommand): void => {
    out.push(command);
    command.nested.forEach(visit);
    command.inner.forEach(visit);
  };
  commands.forEach(visit);
  return out;
}
