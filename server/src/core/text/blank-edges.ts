import type { Span } from '../model';

/**
 * A span less the blanks at either end, so that what is underlined is the text it is about (a parse
 * error that runs to the next line's indentation). A span of blanks only stays as it is.
 */
export function withoutBlankEdges(text: string, span: Span): Span {
  const covered = text.slice(span.start, span.end);
  const lead = covered.length - covered.trimStart().length;
  if (lead === covered.length) return span;
  return { start: span.start + lead, end: span.end - (covered.length - covered.trimEnd().length) };
}
