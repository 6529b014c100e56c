import * as path from 'node:path';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { hclParser, parseWithin } from '../grammars';
import type { ParseProblem } from '../model';
import { MappedText } from '../text/mapped-text';

/** A node's children (the binding types them as possibly null). */
export function kids(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child): child is SyntaxNode => child !== null);
}

export function namedKids(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((child): child is SyntaxNode => child !== null);
}

/** Directive lines of a template (`%{ for … }`, `%{ endif }`): they render to nothing. */
const DIRECTIVES = new Set(['template_for_start', 'template_for_end', 'template_if_intro', 'template_else_intro', 'template_if_end']);

/** The pieces of a template that render to something else: `${…}` becomes a word, a directive nothing. */
function masks(template: SyntaxNode): { start: number; end: number; fill: string }[] {
  const out: { start: number; end: number; fill: string }[] = [];
  // Walked with a stack, not recursion: directives may nest thousands deep.
  const pending = [template];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'template_interpolation') out.push({ start: node.startIndex, end: node.endIndex, fill: '_' });
    else if (DIRECTIVES.has(node.type)) out.push({ start: node.startIndex, end: node.endIndex, fill: ' ' });
    else for (const child of kids(node)) pending.push(child);
  }
  return out;
}

/** Whether a range is all there is on its line (whitespace aside). */
function aloneOnLine(source: string, start: number, end: number): boolean {
  // Walked one character at a time and stopped at the first that is not blank: many `${…}` on one line stay linear.
  for (let i = start - 1; i >= 0 && source[i] !== '\n'; i--) if (!/\s/.test(source[i])) return false;
  for (let i = end; i < source.length && source[i] !== '\n'; i++) if (!/\s/.test(source[i])) return false;
  return true;
}

/**
 * `source[start, end)` with a template's interpolations and directives masked, keeping every offset
 * and line break. An interpolation alone on its line splices in whole lines (a YAML fragment, a
 * script): it becomes a comment, which YAML and shell both skip.
 */
export function maskedSlice(source: string, start: number, end: number, template: SyntaxNode): MappedText {
  const chars = source.slice(start, end).split('');
  for (const mask of masks(template)) {
    const from = Math.max(mask.start, start);
    for (let i = from; i < Math.min(mask.end, end); i++) if (chars[i - start] !== '\n') chars[i - start] = mask.fill;
    if (mask.fill === '_' && from === mask.start && aloneOnLine(source, mask.start, mask.end)) chars[from - start] = '#';
  }
  return MappedText.contiguous(chars.join(''), start);
}

/**
 * A Terraform template file (`templatefile(…)`) with `${…}` and `%{…}` masked as in a heredoc: the
 * grammar parses it as the body of one, so escapes and nesting are the parser's business.
 */
export function maskTerraformTemplate(text: string): string {
  // Recognition masks a template to read its head, then the parse masks it again: one grammar parse.
  if (lastMasked?.text !== text) lastMasked = { text, masked: maskTemplate(text) };
  return lastMasked.masked;
}

let lastMasked: { text: string; masked: string } | undefined;

function maskTemplate(text: string): string {
  if (!text.includes('${') && !text.includes('%{')) return text;
  let marker = 'HINDSIGHT_TEMPLATE';
  while (text.includes(marker)) marker += '_';
  const prefix = `x = <<${marker}\n`;
  const tree = parseWithin(hclParser(), `${prefix}${text}\n${marker}\n`);
  if (!tree) return text;
  try {
    const heredoc = tree.rootNode.descendantsOfType('heredoc_template')[0];
    if (!heredoc || tree.rootNode.hasError) return text;
    return maskedSlice(`${prefix}${text}`, prefix.length, prefix.length + text.length, heredoc).text;
  } finally {
    tree.delete();
  }
}

/** A heredoc's body: from the line after `<<EOT` to the line break before the closing identifier. */
export function heredocBody(source: string, heredoc: SyntaxNode): MappedText | undefined {
  const identifiers = kids(heredoc).filter((child) => child.type === 'heredoc_identifier');
  if (identifiers.length < 2) return undefined;
  const start = source.indexOf('\n', identifiers[0].endIndex) + 1;
  const end = source.lastIndexOf('\n', identifiers[1].startIndex);
  return start > 0 && end >= start ? maskedSlice(source, start, end, heredoc) : undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's value, escapes decoded (`\n`, `$${`), each character mapped to its source offset. */
export function quotedValue(source: string, quoted: SyntaxNode): MappedText | undefined {
  const masked = maskedSlice(source, quoted.startIndex + 1, quoted.endIndex - 1, quoted).text;
  let value = '';
  const offsets: number[] = [];
  for (let i = 0; i < masked.length;) {
    const at = quoted.startIndex + 1 + i;
    const pair = masked.slice(i, i + 2);
    if (masked[i] === '\\' && ESCAPES[masked[i + 1]] !== undefined) {
      value += ESCAPES[masked[i + 1]];
      offsets.push(at);
      i += 2;
    } else if (masked[i] === '\\') {
      // \uNNNN and \UNNNNNNNN name characters no user-data header or command depends on.
      return undefined;
    } else if (pair === '$$' || pair === '%%') {
      value += masked[i];
      offsets.push(at);
      i += 2;
    } else {
      value += masked[i];
      offsets.push(at);
      i += 1;
    }
  }
  offsets.push(quoted.endIndex - 1);
  return MappedText.exact(value, offsets);
}

/** The text a value expression holds when it is written in place: a heredoc or a quoted string. */
export function literalText(source: string, expression: SyntaxNode): MappedText | undefined {
  const inner = expression.descendantsOfType(['heredoc_template', 'quoted_template', 'string_lit'])[0];
  if (!inner || inner.startIndex !== firstLeaf(expression).startIndex) return undefined;
  if (inner.type === 'heredoc_template') return heredocBody(source, inner);
  return quotedValue(source, inner);
}

export function firstLeaf(node: SyntaxNode): SyntaxNode {
  let leaf = node;
  while (leaf.childCount > 0 && leaf.child(0)) leaf = leaf.child(0)!;
  return leaf;
}

export function argumentsOf(call: SyntaxNode): SyntaxNode | undefined {
  return namedKids(call).find((node) => node.type === 'function_arguments');
}

/** Path prefixes Terraform resolves to the module's folder (for a root module, also `path.root` and `path.cwd`). */
const MODULE_PATH = /^\$\{\s*path\.(module|root|cwd)\s*\}\/?$/;

/** A literal path, optionally after `${path.module}/`, resolved from the module's folder; undefined for anything computed. */
export function literalPath(argument: SyntaxNode, dir: string): string | undefined {
  const quoted = argument.descendantsOfType(['quoted_template', 'string_lit'])[0];
  if (!quoted) return undefined;
  let relative = '';
  for (const piece of namedKids(quoted)) {
    if (piece.type === 'template_literal') relative += piece.text;
    else if (piece.type === 'template_interpolation' && relative === '' && MODULE_PATH.test(`${piece.text}/`)) continue;
    else if (!/^quoted_template_(start|end)$/.test(piece.type)) return undefined;
  }
  return relative === '' ? undefined : path.resolve(dir, relative.replace(/^\//, ''));
}

export function attributeName(attribute: SyntaxNode): string {
  return attribute.child(0)?.text ?? '';
}

/** `name = value` pairs of a block body or an object (`metadata = { user-data = … }`), with the value expression. */
export function entries(container: SyntaxNode): { name: string; value: SyntaxNode; at: SyntaxNode }[] {
  const out: { name: string; value: SyntaxNode; at: SyntaxNode }[] = [];
  for (const child of namedKids(container)) {
    if (child.type === 'attribute') {
      const value = namedKids(child).find((node) => node.type === 'expression');
      if (value) out.push({ name: attributeName(child), value, at: child });
    } else if (child.type === 'object_elem') {
      const [key, value] = namedKids(child).filter((node) => node.type === 'expression');
      if (key && value) out.push({ name: key.text.replace(/^"|"$/g, ''), value, at: child });
    }
  }
  return out;
}

export function blocks(body: SyntaxNode | null): SyntaxNode[] {
  return body ? namedKids(body).filter((child) => child.type === 'block') : [];
}

export function bodyOf(block: SyntaxNode): SyntaxNode | null {
  return namedKids(block).find((child) => child.type === 'body') ?? null;
}

export function labels(block: SyntaxNode): string[] {
  return namedKids(block)
    .filter((child) => child.type === 'string_lit')
    .map((child) => child.text.replace(/^"|"$/g, ''));
}

export function syntaxProblems(root: SyntaxNode): ParseProblem[] {
  if (!root.hasError) return [];
  const errors = root.descendantsOfType(['ERROR']).filter((node): node is SyntaxNode => node !== null);
  const missing = errors.length > 0 ? errors : [root];
  return missing
    .slice(0, 5)
    .map((node) => ({ message: 'HCL: syntax error', span: { start: node.startIndex, end: Math.max(node.startIndex + 1, Math.min(node.endIndex, node.startIndex + 80)) } }));
}
