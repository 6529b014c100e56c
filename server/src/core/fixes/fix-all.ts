import type { Fix, TextEdit } from './types';

/** The preferred fix of every finding, merged; an edit that overlaps one already taken is left for a later pass. */
export function mergeFixes(fixes: Fix[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    const overlaps = fix.edits.some((edit) =>
      taken.some((other) => (edit.span.start < other.span.end && other.span.start < edit.span.end) || (edit.span.start === other.span.start && edit.span.end === other.span.end)),
    );
    if (!overlaps) taken.push(...fix.edits);
  }
  return taken;
}
