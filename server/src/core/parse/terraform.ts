import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ParseContext } from '../formats/format';
import { hclParser } from '../grammars';
import { asOneHost, embedUserData, kindByContentType, kindByHeader } from './user-data-parts';
import { argumentsOf, blocks, bodyOf, entries, firstLeaf, labels, literalPath, literalText, syntaxProblems } from './hcl';
import * as path from 'node:path';
import type { HandedFile, ProvisioningDocument, ReadAs } from '../model';

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
function namedFile(expression: SyntaxNode, dir: string): { file: string; template: boolean; span: { start: number; end: number } } | undefined {
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

/**
 * A Terraform file → the documents it hands to instances: each user-data written in place (a
 * heredoc, a quoted string) is parsed as the format its header or `content_type` says, with
 * Terraform's `${…}` and `%{…}` masked, and every range in this file.
 */
export function parseTerraform(text: string, ctx: ParseContext): ProvisioningDocument {
  const tree = hclParser().parse(text);
  if (!tree) return { format: 'terraform', text, steps: [], problems: [{ message: 'HCL: the file could not be parsed', span: { start: 0, end: 0 } }] };
  try {
    // Parts given under one name (the parts of one cloudinit_config) reach one instance together.
    const byOrigin = new Map<string, ProvisioningDocument[]>();
    const handsOver: HandedFile[] = [];
    for (const userData of userDataValues(tree.rootNode)) {
      const declared = kindByContentType(userData.contentType);
      const named = namedFile(userData.value, path.dirname(ctx.file));
      if (named) {
        const readAs: ReadAs = {
          format: 'user-data',
          everyBoot: userData.everyBoot || declared?.everyBoot === true,
          ...(named.template ? { template: 'terraform' as const } : {}),
          ...(declared ? { declared: declared.format } : {}),
        };
        handsOver.push({ file: named.file, readAs, span: named.span, note: `is given to instances as ${userData.origin}` });
        continue;
      }
      const content = literalText(text, unwrapped(userData.value));
      if (!content) continue;
      const kind = declared ?? kindByHeader(content.text);
      const part = kind && embedUserData(ctx, content, kind, userData.origin, userData.everyBoot);
      if (part) byOrigin.set(userData.origin, [...(byOrigin.get(userData.origin) ?? []), part]);
    }
    const parts = [...byOrigin.values()].flatMap((received) => asOneHost(received) ?? []);
    return { format: 'terraform', text, steps: [], problems: syntaxProblems(tree.rootNode), parts, handsOver };
  } finally {
    tree.delete();
  }
}
