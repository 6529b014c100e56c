import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ParseContext } from '../formats/format';
import { hclParser } from '../grammars';
import * as path from 'node:path';
import type { HandedFile, ParseProblem, ProvisioningDocument, ReadAs } from '../model';
import { MappedText } from '../text/mapped-text';

/**
 * Attributes that hand their value to the instance as user-data, on whichever resource carries
 * them (AWS, Hetzner, DigitalOcean, OpenStack, Linode instances and launch templates; Azure's
 * `custom_data`); GCP's `metadata_startup_script` runs at every boot.
 */
const USER_DATA_ATTRIBUTES = new Set(['user_data', 'user_data_base64', 'custom_data']);
const EVERY_BOOT_SCRIPT = 'metadata_startup_script';

/** A node's children (the binding types them as possibly null). */
function kids(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child): child is SyntaxNode => child !== null);
}

function namedKids(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((child): child is SyntaxNode => child !== null);
}

/** Directive lines of a template (`%{ for … }`, `%{ endif }`): they render to nothing. */
const DIRECTIVES = new Set(['template_for_start', 'template_for_end', 'template_if_intro', 'template_else_intro', 'template_if_end']);

/** The pieces of a template that render to something else: `${…}` becomes a word, a directive nothing. */
function masks(node: SyntaxNode): { start: number; end: number; fill: string }[] {
  if (node.type === 'template_interpolation') return [{ start: node.startIndex, end: node.endIndex, fill: '_' }];
  if (DIRECTIVES.has(node.type)) return [{ start: node.startIndex, end: node.endIndex, fill: ' ' }];
  return kids(node).flatMap(masks);
}

/** Whether a range is all there is on its line (whitespace aside). */
function aloneOnLine(source: string, start: number, end: number): boolean {
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = source.indexOf('\n', end);
  return source.slice(lineStart, start).trim() === '' && source.slice(end, lineEnd < 0 ? source.length : lineEnd).trim() === '';
}

/**
 * `source[start, end)` with a template's interpolations and directives masked, keeping every offset
 * and line break. An interpolation alone on its line splices in whole lines (a YAML fragment, a
 * script): it becomes a comment, which YAML and shell both skip.
 */
function maskedSlice(source: string, start: number, end: number, template: SyntaxNode): MappedText {
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
  if (!text.includes('${') && !text.includes('%{')) return text;
  let marker = 'HINDSIGHT_TEMPLATE';
  while (text.includes(marker)) marker += '_';
  const prefix = `x = <<${marker}\n`;
  const tree = hclParser().parse(`${prefix}${text}\n${marker}\n`);
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
function heredocBody(source: string, heredoc: SyntaxNode): MappedText | undefined {
  const identifiers = kids(heredoc).filter((child) => child.type === 'heredoc_identifier');
  if (identifiers.length < 2) return undefined;
  const start = source.indexOf('\n', identifiers[0].endIndex) + 1;
  const end = source.lastIndexOf('\n', identifiers[1].startIndex);
  return start > 0 && end >= start ? maskedSlice(source, start, end, heredoc) : undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's value, escapes decoded (`\n`, `$${`), each character mapped to its source offset. */
function quotedValue(source: string, quoted: SyntaxNode): MappedText | undefined {
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
function literalText(source: string, expression: SyntaxNode): MappedText | undefined {
  const inner = expression.descendantsOfType(['heredoc_template', 'quoted_template', 'string_lit'])[0];
  if (!inner || inner.startIndex !== firstLeaf(expression).startIndex) return undefined;
  if (inner.type === 'heredoc_template') return heredocBody(source, inner);
  return quotedValue(source, inner);
}

function firstLeaf(node: SyntaxNode): SyntaxNode {
  let leaf = node;
  while (leaf.childCount > 0 && leaf.child(0)) leaf = leaf.child(0)!;
  return leaf;
}

/** Functions that only encode what they are given for transport; the instance sees it decoded. */
const ENCODINGS = new Set(['base64encode', 'base64gzip', 'sensitive', 'nonsensitive']);
/** Functions that read a file: `templatefile` renders it as a template first. */
const FILE_READERS = new Set(['file', 'filebase64', 'templatefile']);

function argumentsOf(call: SyntaxNode): SyntaxNode | undefined {
  return namedKids(call).find((node) => node.type === 'function_arguments');
}

/** The expression inside any encoding wrappers (`base64encode(<<-EOT … EOT)` → the heredoc). */
function unwrapped(expression: SyntaxNode): SyntaxNode {
  let current = expression;
  for (;;) {
    const call = firstLeaf(current).parent;
    if (call?.type !== 'function_call' || call.startIndex !== current.startIndex || !ENCODINGS.has(call.child(0)?.text ?? '')) return current;
    const inner = argumentsOf(call)?.namedChildren[0];
    if (!inner) return current;
    current = inner;
  }
}
/** Path prefixes Terraform resolves to the module's folder (for a root module, also `path.root` and `path.cwd`). */
const MODULE_PATH = /^\$\{\s*path\.(module|root|cwd)\s*\}\/?$/;

/** A literal path, optionally after `${path.module}/`, resolved from the module's folder; undefined for anything computed. */
function literalPath(argument: SyntaxNode, dir: string): string | undefined {
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

/** `file(…)` or `templatefile(…)` of a literal path, through `base64encode(…)`: the file Terraform reads the value from. */
function namedFile(expression: SyntaxNode, dir: string): { file: string; template: boolean; span: { start: number; end: number } } | undefined {
  const call = expression.descendantsOfType('function_call')[0];
  const name = call?.child(0)?.text ?? '';
  if (!call || !FILE_READERS.has(name)) return undefined;
  const argument = argumentsOf(call)?.namedChildren[0];
  const file = argument ? literalPath(argument, dir) : undefined;
  return file ? { file, template: name === 'templatefile', span: { start: call.startIndex, end: call.endIndex } } : undefined;
}

/** A user-data format, and whether it runs at every boot (a boothook). */
interface UserDataKind {
  format: 'cloud-init' | 'user-data-script';
  everyBoot?: boolean;
}

/** What a user-data text is, by its first line (indentation of a `<<-` heredoc aside). */
function userDataFormat(text: string): UserDataKind | undefined {
  const first = text.trimStart().split('\n', 1)[0].trimEnd();
  if (first === '#cloud-config') return { format: 'cloud-init' };
  if (first === '#cloud-boothook') return { format: 'user-data-script', everyBoot: true };
  if (first.startsWith('#!')) return { format: 'user-data-script' };
  return undefined;
}

function attributeName(attribute: SyntaxNode): string {
  return attribute.child(0)?.text ?? '';
}

/** `name = value` pairs of a block body or an object (`metadata = { user-data = … }`), with the value expression. */
function entries(container: SyntaxNode): { name: string; value: SyntaxNode; at: SyntaxNode }[] {
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

function blocks(body: SyntaxNode | null): SyntaxNode[] {
  return body ? namedKids(body).filter((child) => child.type === 'block') : [];
}

function bodyOf(block: SyntaxNode): SyntaxNode | null {
  return namedKids(block).find((child) => child.type === 'body') ?? null;
}

function labels(block: SyntaxNode): string[] {
  return namedKids(block)
    .filter((child) => child.type === 'string_lit')
    .map((child) => child.text.replace(/^"|"$/g, ''));
}

interface UserData {
  /** Where it is given: `aws_instance.web.user_data`. */
  origin: string;
  value: SyntaxNode;
  everyBoot: boolean;
  /** For a `cloudinit_config` part: its declared content type. */
  contentType?: string;
}

/** Every value in the file that is user-data, with where it is given. */
function userDataValues(root: SyntaxNode): UserData[] {
  const out: UserData[] = [];
  for (const block of blocks(bodyOf(root))) {
    const [kind, ...names] = [block.child(0)?.text ?? '', ...labels(block)];
    const where = [kind === 'resource' ? '' : `${kind}.`, names.join('.')].join('');
    const body = bodyOf(block);
    if (!body) continue;
    if (kind === 'data' && names[0] === 'cloudinit_config') {
      for (const part of blocks(body).filter((inner) => inner.child(0)?.text === 'part')) {
        const fields = entries(bodyOf(part) ?? part);
        const content = fields.find((field) => field.name === 'content');
        const contentType = fields.find((field) => field.name === 'content_type')?.value.text.replace(/^"|"$/g, '');
        if (content) out.push({ origin: `${where}.part`, value: content.value, everyBoot: false, contentType });
      }
      continue;
    }
    const nested = [body, ...blocks(body).flatMap((inner) => (bodyOf(inner) ? [bodyOf(inner)!] : []))];
    for (const container of nested) {
      for (const field of entries(container)) {
        if (USER_DATA_ATTRIBUTES.has(field.name)) out.push({ origin: `${where}.${field.name}`, value: field.value, everyBoot: false });
        else if (field.name === EVERY_BOOT_SCRIPT) out.push({ origin: `${where}.${field.name}`, value: field.value, everyBoot: true });
        else if (field.name === 'metadata') {
          const object = field.value.descendantsOfType('object')[0];
          for (const entry of object ? entries(object) : []) {
            if (entry.name === 'user-data') out.push({ origin: `${where}.metadata.user-data`, value: entry.value, everyBoot: false });
            else if (entry.name === 'startup-script') out.push({ origin: `${where}.metadata.startup-script`, value: entry.value, everyBoot: true });
          }
        }
      }
    }
  }
  return out;
}

/** The format a `cloudinit_config` part's `content_type` declares. */
function formatOfContentType(contentType: string | undefined): UserDataKind | undefined {
  if (contentType === 'text/cloud-config') return { format: 'cloud-init' };
  if (contentType === 'text/x-shellscript') return { format: 'user-data-script' };
  if (contentType === 'text/cloud-boothook') return { format: 'user-data-script', everyBoot: true };
  return undefined;
}

function syntaxProblems(root: SyntaxNode): ParseProblem[] {
  if (!root.hasError) return [];
  const errors = root.descendantsOfType(['ERROR']).filter((node): node is SyntaxNode => node !== null);
  const missing = errors.length > 0 ? errors : [root];
  return missing
    .slice(0, 5)
    .map((node) => ({ message: 'HCL: syntax error', span: { start: node.startIndex, end: Math.max(node.startIndex + 1, Math.min(node.endIndex, node.startIndex + 80)) } }));
}

/**
 * A Terraform file → the documents it hands to instances: each user-data written in place (a
 * heredoc, a quoted string) is parsed as the format its header or `content_type` says, with
 * Terraform's `${…}` and `%{…}` masked, and every range in this file.
 */
export function parseTerraform(text: string, ctx: ParseContext): ProvisioningDocument {
  const tree = hclParser().parse(text);
  if (!tree) return { format: 'terraform', text, steps: [], problems: [{ message: 'HCL: the file could not be parsed', span: { start: 0, end: 0 } }] };
  try {
    const parts: ProvisioningDocument[] = [];
    const handsOver: HandedFile[] = [];
    for (const userData of userDataValues(tree.rootNode)) {
      const declared = formatOfContentType(userData.contentType);
      const named = namedFile(userData.value, path.dirname(ctx.file));
      if (named) {
        const readAs: ReadAs = {
          format: 'user-data',
          everyBoot: userData.everyBoot || declared?.everyBoot === true,
          ...(named.template ? { template: 'terraform' as const } : {}),
          ...(declared ? { declared: declared.format } : {}),
        };
        handsOver.push({ file: named.file, readAs, span: named.span, origin: userData.origin });
        continue;
      }
      const content = literalText(text, unwrapped(userData.value));
      if (!content) continue;
      const kind = declared ?? userDataFormat(content.text);
      if (!kind) continue;
      const everyBoot = userData.everyBoot || kind.everyBoot === true;
      const placement =
        kind.format === 'user-data-script'
          ? { phase: everyBoot ? ('every-boot' as const) : ('first-boot' as const), order: 0, origin: userData.origin, span: content.toSource(0, content.text.length) }
          : undefined;
      const part = ctx.embed(kind.format, content, placement);
      if (part) parts.push(part);
    }
    return { format: 'terraform', text, steps: [], problems: syntaxProblems(tree.rootNode), parts, handsOver };
  } finally {
    tree.delete();
  }
}
