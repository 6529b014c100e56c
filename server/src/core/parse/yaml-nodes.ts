import { isMap, isScalar, isSeq, parseAllDocuments, YAMLSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ParseProblem, Span } from '../model';

/** A YAML text as the adapters read it: what it holds, what did not parse, and how many documents it has. */
export interface YamlSource {
  contents: unknown;
  errors: { message: string; span: Span }[];
  documents: number;
}

let lastParsed: { source: string; parsed: YamlSource } | undefined;

/** The documents that parsed, as one: their lists joined into one list, or else the first of them. */
function joined(documents: Document.Parsed[]): unknown {
  const parsed = documents.filter((doc) => doc.errors.length === 0 && doc.contents !== null);
  if (parsed.length === 0) return documents[0]?.contents;
  if (parsed.length === 1 || !parsed.every((doc) => isSeq(doc.contents))) return parsed[0].contents;
  const list = new YAMLSeq();
  for (const doc of parsed) for (const item of (doc.contents as YAMLSeq).items) list.items.push(item);
  const [first, last] = [parsed[0].contents as YAMLSeq, parsed[parsed.length - 1].contents as YAMLSeq];
  list.range = [first.range![0], last.range![1], last.range![2]];
  return list;
}

/**
 * A YAML text parsed as the adapters read it (duplicate keys kept, nothing fatal). Of a stream of
 * several documents, those that parse are kept, so one broken document does not hide the others.
 * The last text is remembered: recognising an Ansible file by its content and then reading it is
 * one parse, not two.
 */
export function parseYamlSource(source: string): YamlSource {
  if (lastParsed?.source !== source) {
    const documents = [...parseAllDocuments(source, { uniqueKeys: false, strict: false, prettyErrors: false })];
    const errors = documents.flatMap((doc) => doc.errors.map((error) => ({ message: error.message.split('\n')[0], span: { start: error.pos[0], end: error.pos[1] } })));
    lastParsed = { source, parsed: { contents: documents.length === 1 ? documents[0].contents : joined(documents), errors, documents: documents.length } };
  }
  return lastParsed.parsed;
}

/** A YAML source's problems as the file's: each parse error, and a stream of documents where `reader` reads one. */
export function yamlProblems(parsed: YamlSource, reader: string): ParseProblem[] {
  const problems = parsed.errors.map((error) => ({ message: `YAML: ${error.message}`, span: error.span }));
  if (parsed.documents > 1) {
    problems.push({
      message: `YAML: ${parsed.documents} documents in one file; ${reader} reads a file as one document and rejects this one (the documents that parse are analysed)`,
      span: { start: 0, end: 0 },
    });
  }
  return problems;
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
