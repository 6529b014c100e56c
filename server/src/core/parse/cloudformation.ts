import { isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { ParseContext } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import { MappedText } from '../text/mapped-text';
import { scalarText } from '../text/yaml-scalar';
import { embedUserData, kindByHeader } from './user-data-parts';
import { findPair, mapPairs, parseYamlSource, scalarString, yamlProblems } from './yaml-nodes';

/** An intrinsic function call: a short-form tag (`!Sub x`: the tagged node is the argument) or a one-key map (`Fn::Sub: x`). */
function intrinsic(node: unknown, tagRead = false): { name: string; argument: unknown; tagged: boolean } | undefined {
  const tag = (node as Node | undefined)?.tag;
  if (tag?.startsWith('!') && !tagRead) return { name: tag.slice(1), argument: node, tagged: true };
  const pairs = mapPairs(node);
  const key = pairs.length === 1 ? scalarString(pairs[0].key) : undefined;
  return key?.startsWith('Fn::') ? { name: key.slice('Fn::'.length), argument: pairs[0].value, tagged: false } : undefined;
}

/** A string written as it is (no function), with each character mapped to the source. */
function literal(node: unknown, source: string): MappedText | undefined {
  return isScalar(node) && typeof node.value === 'string' ? scalarText(node as Scalar, source) : undefined;
}

/** `${Name}` and `${AWS::Region}` render to values: masked as a word. `${!Literal}` renders as `${Literal}`. */
function subText(argument: unknown, source: string): MappedText | undefined {
  const text = literal(isSeq(argument) ? argument.items[0] : argument, source);
  if (!text) return undefined;
  // Names hold no `$`: an unclosed `${` fails at the next one instead of scanning to the end.
  const masks = [...text.text.matchAll(/\$\{(?!!)[^}$]*\}/g)].map((match) => ({ start: match.index!, end: match.index! + match[0].length, fill: '_' }));
  return text.masked(masks);
}

/** `Fn::Join` of literal pieces (ranges on the pieces); anything computed becomes a one-character word at its place. */
function joinText(argument: unknown, source: string): MappedText | undefined {
  if (!isSeq(argument) || argument.items.length !== 2 || !isSeq(argument.items[1])) return undefined;
  const separator = literal(argument.items[0], source);
  if (!separator) return undefined;
  const pieces: MappedText[] = [];
  (argument.items[1] as { items: unknown[] }).items.forEach((item, index) => {
    if (index > 0) pieces.push(separator);
    const call = intrinsic(item);
    const range = (item as Node).range ?? [0, 0];
    const text = call ? (call.name === 'Sub' ? subText(call.argument, source) : undefined) : literal(item, source);
    pieces.push(text ?? MappedText.exact('_', [range[0], range[1]]));
  });
  return MappedText.concat(pieces);
}

/**
 * The text a `UserData` value holds: through `Fn::Base64`, a `Fn::Sub` template, a `Fn::Join` of
 * pieces, or a plain string. `tagRead`: the node is a short-form tag's argument, its tag already applied.
 */
function userDataText(node: unknown, source: string, tagRead = false): MappedText | undefined {
  const call = intrinsic(node, tagRead);
  if (!call) return literal(node, source);
  if (call.name === 'Base64') return userDataText(call.argument, source, call.tagged);
  if (call.name === 'Sub') return subText(call.argument, source);
  if (call.name === 'Join') return joinText(call.argument, source);
  return undefined;
}

/** Where instances get their user-data: `Properties.UserData`, or `Properties.LaunchTemplateData.UserData` of a launch template. */
function userDataNodes(contents: unknown): { origin: string; value: unknown }[] {
  const resources = findPair(contents, 'Resources')?.value;
  return mapPairs(resources).flatMap((resource) => {
    const name = scalarString(resource.key) ?? '';
    const properties = findPair(resource.value, 'Properties')?.value;
    const direct = findPair(properties, 'UserData');
    const templated = findPair(findPair(properties, 'LaunchTemplateData')?.value, 'UserData');
    return [
      ...(direct ? [{ origin: `${name}.UserData`, value: direct.value }] : []),
      ...(templated ? [{ origin: `${name}.LaunchTemplateData.UserData`, value: templated.value }] : []),
    ];
  });
}

/**
 * A CloudFormation template (YAML with short-form tags, or JSON) → the user-data it gives
 * instances, each parsed as its first line says, with `${…}` placeholders masked and every range
 * in this file.
 */
export function parseCloudFormation(text: string, ctx: ParseContext): ProvisioningDocument {
  const parsed = parseYamlSource(text);
  const parts: ProvisioningDocument[] = [];
  for (const { origin, value } of userDataNodes(parsed.contents)) {
    const content = userDataText(value, text);
    if (!content) continue;
    const kind = kindByHeader(content.text);
    const part = kind && embedUserData(ctx, content, kind, origin);
    if (part) parts.push(part);
  }
  return { format: 'cloudformation', text, steps: [], problems: yamlProblems(parsed, 'CloudFormation'), parts };
}
