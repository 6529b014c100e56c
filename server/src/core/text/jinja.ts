const JINJA = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

/** An expression alone on its line: it renders lines of YAML the template fills in (`{{ write_files_str }}`). */
const WHOLE_LINE_EXPRESSION = /^[ \t]*\{\{(?:(?!\}\})[^\r\n])*\}\}[ \t]*$/gm;
/** A statement or comment alone on its line (`{% for … %}`): it renders an empty line. */
const WHOLE_LINE_STATEMENT = /^[ \t]*\{([%#])(?:(?![%#]\})[^\r\n])*\1\}[ \t]*$/gm;

/**
 * Replaces Jinja expressions, statements and comments with filler of the same length, keeping line
 * breaks, so YAML parses the template the way cloud-init sees it after rendering and every offset
 * still points at the original text. Expressions become `_` runs (a plain word), and an expression
 * alone on its line a comment (`#___`: what it renders is not known); statements and comments
 * become spaces (they render to nothing), and line breaks when alone on their line: an empty line,
 * as rendered, where spaces would be a more-indented blank line YAML rejects at the top of a block.
 */
export function maskJinja(text: string): string {
  if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return text;
  const whole = new Set(wholeLineExpressions(text).map((span) => span.start));
  const statements = new Set([...text.matchAll(WHOLE_LINE_STATEMENT)].map((line) => line.index + line[0].indexOf('{')));
  return text.replace(JINJA, (match, offset: number) => {
    if (whole.has(offset)) return `#${'_'.repeat(match.length - 1)}`;
    if (statements.has(offset)) return '\n'.repeat(match.length);
    const fill = match.startsWith('{{') ? '_' : ' ';
    return match.replace(/[^\r\n]/g, fill);
  });
}

/** Where expressions stand alone on their lines, each the expression's own range. */
export function wholeLineExpressions(text: string): { start: number; end: number }[] {
  return [...text.matchAll(WHOLE_LINE_EXPRESSION)].map((line) => {
    const start = line.index + line[0].indexOf('{{');
    return { start, end: line.index + line[0].lastIndexOf('}}') + 2 };
  });
}
