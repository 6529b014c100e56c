import type { Node } from 'web-tree-sitter';
import type { OutputRedirect, SimpleCommand, Span, Word } from '../model';
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
  const statement = redirectedStatement(node);
  argNodes.push(...wordsAfterRedirects(statement));
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
    ...withOutput(outputRedirects(walk, statement), heredocOf(walk, statement)),
  };
}

/** Redirect fields, present only when there are any (tests compare commands deeply). */
function withOutput(writesTo: OutputRedirect[] | undefined, heredoc: MappedText | undefined): Pick<SimpleCommand, 'writesTo' | 'heredoc'> {
  return { ...(writesTo && writesTo.length > 0 ? { writesTo } : {}), ...(heredoc ? { heredoc } : {}) };
}

/** The statement whose redirects are a command's: its own, or its pipeline's when it is the last member. */
function redirectedStatement(command: Node): Node | undefined {
  // A redirect after a pipeline is its last command's (`… | tee >/dev/null /etc/x`).
  const pipeline = command.parent?.type === 'pipeline' && command.parent.lastNamedChild?.id === command.id ? command.parent : undefined;
  const redirected = pipeline ?? command;
  const statement = redirected.parent;
  return statement?.type === 'redirected_statement' && statement.childForFieldName('body')?.id === redirected.id ? statement : undefined;
}

/** Standard output sent to a file: `>`, `>>`, `>|`, `&>`, `&>>` (not `2>`, and not a descriptor copy like `>&2`). */
function outputRedirects(walk: Walk, statement: Node | undefined): OutputRedirect[] {
  return (statement?.childrenForFieldName('redirect') ?? []).flatMap((redirect) => {
    if (redirect?.type !== 'file_redirect') return [];
    const target = redirect.childrenForFieldName('destination')[0];
    const operator = target ? redirect.text.slice(0, target.startIndex - redirect.startIndex).trim() : '';
    if (!target || !/^(1?>>?|>\||&>>?)$/.test(operator)) return [];
    return [{ target: toWord(walk, target), append: operator.endsWith('>>') }];
  });
}

/** The here-document a statement feeds its command, as source-mapped text. */
function heredocOf(walk: Walk, statement: Node | undefined): MappedText | undefined {
  for (const redirect of statement?.childrenForFieldName('redirect') ?? []) {
    const body = redirect?.type === 'heredoc_redirect' ? redirect.namedChildren.find((child) => child?.type === 'heredoc_body') : undefined;
    if (body) return walk.text.slice(body.startIndex, body.endIndex);
  }
  return undefined;
}

/**
 * Words the grammar hangs on a redirect that are the command's arguments: in `tee >/dev/null /etc/x`
 * a redirect takes one word, and `/etc/x` is tee's (tree-sitter-bash lists every following word as
 * a destination).
 */
function wordsAfterRedirects(statement: Node | undefined): Node[] {
  if (!statement) return [];
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
      case 'redirected_statement': {
        // `cat <<EOF | tee /etc/x`: the grammar hangs the pipeline on the here-document; it reads what the body prints.
        const before = out.length;
        for (const child of current.namedChildren) if (child) visit(child);
        const body = out[before];
        const piped = current
          .childrenForFieldName('redirect')
          .find((redirect) => redirect?.type === 'heredoc_redirect')
          ?.namedChildren.find((child) => child?.type === 'pipeline');
        if (body && piped) {
          const members = [body, ...out.slice(before + 1).filter((command) => command.pipeline)];
          for (const member of members) member.pipeline = members;
        }
        return;
      }
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
      ...withOutput(
        command.writesTo?.map((redirect) => ({ target: word(redirect.target), append: redirect.append })),
        command.heredoc && text.slice(command.heredoc.toSource(0, 0).start, command.heredoc.toSource(0, command.heredoc.text.length).end),
      ),
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
