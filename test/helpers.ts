import { Engine } from '../server/src/core/engine';
import type { TextEdit } from '../server/src/core/fixes/types';

let engine: Promise<Engine> | undefined;

/** One engine for the whole test process (the shell parser loads once). */
export function testEngine(): Promise<Engine> {
  engine ??= Engine.create();
  return engine;
}

/** Applies non-overlapping edits, last first, as an editor does. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

/** A template literal without its common indentation, so fixtures read naturally in tests. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}
