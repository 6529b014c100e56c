import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Span } from '../model';

let lastParsed: { source: string; doc: Document.Parsed } | undefined;

/**
 * A YAML text parsed as the adapters read it (duplicate keys kept, nothing fatal). The last text is
 * remembered: recognising an Ansible file by its content and then reading it is one parse, not two.
 */
export function parseYamlSource(source: string): Document.Parsed {
  if (lastParsed?.source !== source) lastParsed = { source, doc: parseDocument(source, { uniqueKeys: false, strict: false, prettyErrors: false }) };
  return lastParsed.doc;
}

export function spanOfNode(node: Node | null | undefined, fallback: Span): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : fallback;
}

/** The span of a whole `key: value` pair. */
export function spanOfPair(pair: Pair, fallback: Span): Span {
  const key = spanOfNode(pair.key as Node, fallback);
  const value = spanOfNode(pair.value as Node, key);
  return { start: key.start, end: Math.max(key.end, value.end) };
}

export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return value === null || value === undefined ? undefined : String(value);
}

export function mapPairs(node: unknown): Pair[] {
  return isMap(node) ? (node as YAMLMap).items : [];
}

export function findPair(node: unknown, key: string): Pair | undefined {
  return mapPairs(node).find((pair) => scalarString(pair.key) === key);
}

export function seqItems(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}
