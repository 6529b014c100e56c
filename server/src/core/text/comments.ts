/**
 * Whether the `#` at `offset` starts a comment in the line-oriented formats Hindsight reads (YAML,
 * shell, Dockerfile, HCL): at the start of the line or after whitespace, and outside any quoted
 * string that opens earlier on the same line. A pragma written inside a string is data, not a pragma.
 */
export function startsComment(text: string, offset: number): boolean {
  if (text[offset] !== '#') return false;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (offset > lineStart && !/\s/.test(text[offset - 1])) return false;
  let quote: string | undefined;
  for (let i = lineStart; i < offset; i++) {
    const char = text[i];
    if (quote === '"' && char === '\\') i++;
    else if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (i === lineStart || /\s/.test(text[i - 1]))) return true;
  }
  return quote === undefined;
}

/** Whether offset `at` of `text` sits in a comment: a `#` before it on its line starts one. */
export function inComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  for (let hash = text.indexOf('#', lineStart); hash >= 0 && hash < at; hash = text.indexOf('#', hash + 1)) if (startsComment(text, hash)) return true;
  return false;
}
