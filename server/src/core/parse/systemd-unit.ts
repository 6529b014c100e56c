import type { Span } from '../model';
import { linesOf } from '../text/lines';
import { MappedText } from '../text/mapped-text';

/** One `Key=Value` assignment of a systemd unit (or `.network`, `networkd.conf`) file. */
export interface UnitEntry {
  section?: string;
  key: string;
  /** The value as systemd reads it: continuation lines joined, each backslash-newline read as a space; mapped to the source. */
  value: MappedText;
  keySpan: Span;
  /** From the key to the end of the assignment's last line. */
  span: Span;
}

const isComment = (line: string): boolean => /^\s*[#;]/.test(line);

/**
 * The assignments of a systemd INI file, read the way systemd.syntax(7) says: `#`/`;` lines are
 * comments (also between continuation lines), `[Section]` opens a section, whitespace around `=`
 * is dropped, and a line ending in a backslash continues on the next line, the backslash read as a
 * space. No npm INI parser follows these rules or reports offsets, and tree-sitter's INI grammar has
 * no continuation lines; this reader keeps every value mapped to its source so findings land on it.
 */
export function unitEntries(source: MappedText): UnitEntry[] {
  const entries: UnitEntry[] = [];
  const lines = linesOf(source.text);
  let section: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const content = line.text.trim();
    if (content === '' || isComment(line.text)) continue;
    if (content.startsWith('[')) {
      section = content.endsWith(']') ? content.slice(1, -1) : undefined;
      continue;
    }
    const equals = line.text.indexOf('=');
    if (equals < 0) continue;
    const key = line.text.slice(0, equals).trim();
    const keyStart = line.start + line.text.indexOf(key);
    const pieces: MappedText[] = [];
    let valueStart = line.start + equals + 1 + (line.text.slice(equals + 1).length - line.text.slice(equals + 1).trimStart().length);
    let current = line;
    for (;;) {
      const end = current.start + current.text.trimEnd().length;
      const continued = current.text.trimEnd().endsWith('\\');
      if (!continued) {
        pieces.push(source.slice(valueStart, end));
        break;
      }
      pieces.push(source.slice(valueStart, end - 1), source.slice(end - 1, end).masked([{ start: 0, end: 1, fill: ' ' }]));
      // Comment lines between continuation lines are skipped, not read as part of the value.
      do i++;
      while (i < lines.length && isComment(lines[i].text));
      if (i >= lines.length) break;
      current = lines[i];
      valueStart = current.start;
    }
    const value = MappedText.concat(pieces);
    const last = lines[Math.min(i, lines.length - 1)];
    entries.push({
      section,
      key,
      value: trimValue(value),
      keySpan: source.toSource(keyStart, keyStart + key.length),
      span: source.toSource(keyStart, Math.max(keyStart + key.length, last.start + last.text.trimEnd().length)),
    });
  }
  return entries;
}

function trimValue(value: MappedText): MappedText {
  const start = value.text.length - value.text.trimStart().length;
  return value.slice(start, value.text.trimEnd().length);
}
