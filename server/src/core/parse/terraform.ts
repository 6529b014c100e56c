import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ParseContext } from '../formats/format';
import { hclParser, parseWithin } from '../grammars';
import { asOneHost, embedUserData, kindByContentType, kindByHeader } from './user-data-parts';
import { argumentsOf, blocks, bodyOf, entries, firstLeaf, labels, literalPath, literalText, maskTerraformTemplate, syntaxProblems } from './hcl';
import * as path from 'node:path';
import { isScalar, isSeq, type Scalar } from 'yaml';
import { scalarText } from '../text/yaml-scalar';
import { findPair, mapPairs, parseYamlSource, scalarString, yamlProblems } from './yaml-nodes';
import type { HandedFile, ParseProblem, ProvisioningDocument, ReadAs, Span } from '../model';
import type { MappedText } from '../text/mapped-text';

/**
 * Attributes that hand their value to the instance as user-data, on whichever resource carries
 * them (AWS, Hetzner, DigitalOcean, OpenStack, Linode instances and launch templates; Azure's
 * `custom_data`); GCP's `metadata_startup_script` runs at every boot.
 */
const USER_DATA_ATTRIBUTES = new Set(['user_data', 'user_data_base64', 'custom_data']);
const EVERY_BOOT_SCRIPT = 'metadata_startup_script';

/** Functions that only encode what they are given for transport; the instance sees it decoded. */
const ENCODINGS = new Set(['base64encode', 'base64gzip', 'sensitive', 'nonsensitive']);
/** Functions that read a file: `templatefile` renders it as a template first. */
const FILE_READERS = new Set(['file', 'filebase64', 'templatefile']);

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
/** `file(…)` or `templatefile(…)` of a literal path, through `base64encode(…)`: the file Terraform reads the value from. */
interface NamedFile {
  file: string;
  template: boolean;
  span: Span;
}

function namedFile(expression: SyntaxNode, dir: string): NamedFile | undefined {
  // The first file read in the value (inside encodings, or in a branch of a conditional).
  const call = expression.descendantsOfType('function_call').find((node) => FILE_READERS.has(node?.child(0)?.text ?? ''));
  const name = call?.child(0)?.text ?? '';
  if (!call) return undefined;
  const argument = argumentsOf(call)?.namedChildren[0];
  const file = argument ? literalPath(argument, dir) : undefined;
  return file ? { file, template: name === 'templatefile', span: { start: call.startIndex, end: call.endIndex } } : undefined;
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

/** A user-data value as either syntax gives it: written in place, or a file Terraform reads. */
interface UserDataValue {
  origin: string;
  everyBoot: boolean;
  contentType?: string;
  content?: MappedText;
  named?: NamedFile;
}

/**
 * The documents a Terraform file hands to instances: each user-data written in place parsed as
 * the format its header or `content_type` says (parts of one `cloudinit_config` as one instance),
 * and each file it names handed over to be read as user-data.
 */
function handedToInstances(text: string, values: UserDataValue[], problems: ParseProblem[], ctx: ParseContext): ProvisioningDocument {
  const byOrigin = new Map<string, ProvisioningDocument[]>();
  const handsOver: HandedFile[] = [];
  for (const value of values) {
    const declared = kindByContentType(value.contentType);
    if (value.named) {
      const readAs: ReadAs = {
        format: 'user-data',
        everyBoot: value.everyBoot || declared?.everyBoot === true,
        ...(value.named.template ? { template: 'terraform' as const } : {}),
        ...(declared ? { declared: declared.format } : {}),
      };
      handsOver.push({ file: value.named.file, readAs, span: value.named.span, note: `is given to instances as ${value.origin}` });
      continue;
    }
    const kind = value.content && (declared ?? kindByHeader(value.content.text));
    const part = kind && embedUserData(ctx, value.content!, kind, value.origin, value.everyBoot);
    if (!part) continue;
    const received = byOrigin.get(value.origin);
    if (received) received.push(part);
    else byOrigin.set(value.origin, [part]);
  }
  const parts = [...byOrigin.values()].flatMap((received) => asOneHost(received) ?? []);
  return { format: 'terraform', text, steps: [], problems, parts, handsOver };
}

/** A Terraform file in native syntax (`.tf`), with `${…}` and `%{…}` masked by the grammar's own template nodes. */
export function parseTerraform(text: string, ctx: ParseContext): ProvisioningDocument {
  const tree = parseWithin(hclParser(), text);
  if (!tree)
    return { format: 'terraform', text, steps: [], problems: [{ message: 'HCL: the parser gave up on this file (too broken to read in time)', span: { start: 0, end: 0 } }] };
  try {
    const dir = path.dirname(ctx.file);
    const values = userDataValues(tree.rootNode).map((userData) => {
      const named = namedFile(userData.value, dir);
      return { ...userData, named, content: named ? undefined : literalText(text, unwrapped(userData.value)) };
    });
    return handedToInstances(text, values, syntaxProblems(tree.rootNode), ctx);
  } finally {
    tree.delete();
  }
}

/** JSON syntax allows a list wherever a block or object may appear once. */
function each(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [node];
}

/** `"${ … }"`: a JSON string that is one expression, parsed with the grammar to find the file it reads. */
function jsonNamedFile(value: string, span: Span, dir: string): NamedFile | undefined {
  const expression = /^\$\{([\s\S]*)\}$/.exec(value)?.[1];
  if (expression === undefined) return undefined;
  const tree = parseWithin(hclParser(), `x = ${expression}\n`);
  if (!tree) return undefined;
  try {
    const node = tree.rootNode.descendantsOfType('expression')[0];
    const named = node ? namedFile(node, dir) : undefined;
    return named && { ...named, span };
  } finally {
    tree.delete();
  }
}

/** A JSON string as the template Terraform renders: interpolations and directives masked, each character mapped. */
function jsonTemplate(node: Scalar, source: string): MappedText {
  const text = scalarText(node, source);
  const masked = maskTerraformTemplate(text.text);
  // By UTF-16 unit, as offsets count: an emoji before a `${…}` must not shift the mask.
  const changed: { start: number; end: number; fill: string }[] = [];
  for (let i = 0; i < masked.length; i++) if (masked[i] !== text.text[i]) changed.push({ start: i, end: i + 1, fill: masked[i] });
  return text.masked(changed);
}

/** A user-data attribute's value in JSON syntax: a file it names, or the text written in place. */
function jsonValue(node: unknown, source: string, dir: string, where: Omit<UserDataValue, 'content' | 'named'>): UserDataValue[] {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return [];
  const named = jsonNamedFile(node.value, { start: node.range[0], end: node.range[1] }, dir);
  return [{ ...where, ...(named ? { named } : { content: jsonTemplate(node as Scalar, source) }) }];
}

/** Every user-data value of a `.tf.json` file: `resource.<type>.<name>.<attribute>` and `cloudinit_config` parts. */
function jsonUserDataValues(contents: unknown, source: string, dir: string): UserDataValue[] {
  const out: UserDataValue[] = [];
  for (const kind of ['resource', 'data']) {
    for (const types of each(findPair(contents, kind)?.value)) {
      for (const type of mapPairs(types)) {
        for (const instance of mapPairs(type.value)) {
          const where = `${kind === 'data' ? 'data.' : ''}${scalarString(type.key)}.${scalarString(instance.key)}`;
          for (const body of each(instance.value)) {
            if (kind === 'data' && scalarString(type.key) === 'cloudinit_config') {
              for (const part of each(findPair(body, 'part')?.value)) {
                const contentType = scalarString(findPair(part, 'content_type')?.value);
                out.push(...jsonValue(findPair(part, 'content')?.value, source, dir, { origin: `${where}.part`, everyBoot: false, contentType }));
              }
              continue;
            }
            for (const attribute of mapPairs(body)) {
              const name = scalarString(attribute.key) ?? '';
              if (USER_DATA_ATTRIBUTES.has(name)) out.push(...jsonValue(attribute.value, source, dir, { origin: `${where}.${name}`, everyBoot: false }));
              else if (name === EVERY_BOOT_SCRIPT) out.push(...jsonValue(attribute.value, source, dir, { origin: `${where}.${name}`, everyBoot: true }));
              else if (name === 'metadata') {
                out.push(...jsonValue(findPair(attribute.value, 'user-data')?.value, source, dir, { origin: `${where}.metadata.user-data`, everyBoot: false }));
                out.push(...jsonValue(findPair(attribute.value, 'startup-script')?.value, source, dir, { origin: `${where}.metadata.startup-script`, everyBoot: true }));
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/** A Terraform file in JSON syntax (`.tf.json`): strings are templates, and `"${file(…)}"` names a file. */
export function parseTerraformJson(text: string, ctx: ParseContext): ProvisioningDocument {
  const parsed = parseYamlSource(text);
  const values = jsonUserDataValues(parsed.contents, text, path.dirname(ctx.file));
  return handedToInstances(text, values, yamlProblems(parsed, 'Terraform'), ctx);
}
