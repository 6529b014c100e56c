import { isMap, isSeq, parseDocument, type Node, type Pair, type YAMLSeq } from 'yaml';
import type { Span } from '../model';
import { maskJinja } from '../text/jinja';
import type { TextEdit } from './types';

export function lineBreak(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the line break that ends the line containing `offset`. */
function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Replaces a span only when it still holds the expected text, so an edit never lands on the wrong thing. */
export function replaceExact(text: string, span: Span, expected: string, newText: string): TextEdit | undefined {
  return text.slice(span.start, span.end) === expected ? { span, newText } : undefined;
}

/** The whole lines of a block-sequence item, from its dash to its end; undefined for flow items. */
export function itemLines(text: string, item: Span): Span | undefined {
  const start = lineStartOf(text, item.start);
  if (!/^\s*-\s*$/.test(text.slice(start, item.start))) return undefined;
  const end = nextLineStart(text, Math.max(item.start, item.end - 1));
  if (text.slice(item.end, end).trim() !== '' && !text.slice(item.end, end).trim().startsWith('#')) return undefined;
  return { start, end };
}

function topLevelPair(text: string, key: string): { pair?: Pair; ok: boolean } {
  const doc = parseDocument(maskJinja(text.replace(/^\uFEFF/, ' ')), { uniqueKeys: false, strict: false });
  // Structural edits to a document that does not parse would land somewhere unpredictable.
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { ok: false };
  return { ok: true, pair: doc.contents.items.find((pair) => (pair.key as { value?: unknown })?.value === key) };
}

/** The sequence under a top-level key, when it is a block sequence; `ok` is false when the text does not parse as a map. */
export function topLevelSequence(text: string, key: string): { ok: boolean; seq?: YAMLSeq; pair?: Pair } {
  const { ok, pair } = topLevelPair(text, key);
  return isSeq(pair?.value) && (pair.value as YAMLSeq).flow !== true ? { ok, seq: pair.value as YAMLSeq, pair } : { ok, pair };
}

export interface WrittenFile {
  path: string;
  permissions?: string;
  content: string[];
}

function renderWriteFile(file: WrittenFile, indent: string, eol: string): string {
  const lines = [`${indent}- path: ${file.path}`];
  if (file.permissions) lines.push(`${indent}  permissions: '${file.permissions}'`);
  lines.push(`${indent}  content: |`, ...file.content.map((line) => (line === '' ? '' : `${indent}    ${line}`)));
  return lines.join(eol) + eol;
}

/** Whether the edited text parses and its `write_files` really holds the new file (an edit after an unterminated scalar would not). */
function writesFile(text: string, edit: TextEdit, file: WrittenFile): boolean {
  const edited = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  const { seq } = topLevelSequence(edited, 'write_files');
  return seq !== undefined && seq.items.some((item) => isMap(item) && (item.get('path') as unknown) === file.path);
}

/** Adds an entry to `write_files`, creating the key at the end of the document when it is absent. */
export function appendWriteFile(text: string, file: WrittenFile): TextEdit | undefined {
  const edit = appendWriteFileEdit(text, file);
  return edit && writesFile(text, edit, file) ? edit : undefined;
}

function appendWriteFileEdit(text: string, file: WrittenFile): TextEdit | undefined {
  const eol = lineBreak(text);
  const { ok, seq, pair } = topLevelSequence(text, 'write_files');
  if (!ok || (pair && !seq)) return undefined;
  if (seq && seq.items.length > 0) {
    const first = seq.range![0];
    const indent = text.slice(lineStartOf(text, first), first);
    if (!/^\s*$/.test(indent)) return undefined;
    const last = seq.items[seq.items.length - 1] as Node;
    const at = nextLineStart(text, Math.max(last.range![0], last.range![1] - 1));
    const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
    return { span: { start: at, end: at }, newText: prefix + renderWriteFile(file, indent, eol) };
  }
  const prefix = text.length === 0 || text.endsWith('\n') ? '' : eol;
  return { span: { start: text.length, end: text.length }, newText: `${prefix}write_files:${eol}${renderWriteFile(file, '  ', eol)}` };
}
