const JINJA = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

/**
 * Replaces Jinja expressions, statements and comments with filler of the same length, keeping line
 * breaks, so YAML parses the template the way cloud-init sees it after rendering and every offset
 * still points at the original text. Expressions become `_` runs (a plain word); statements and
 * comments become spaces (they render to nothing).
 */
export function maskJinja(text: string): string {
  if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return text;
  return text.replace(JINJA, (match) => {
    const fill = match.startsWith('{{') ? '_' : ' ';
    return match.replace(/[^\r\n]/g, fill);
  });
}
