/** A line of a text, without its line break, and the offset it starts at. */
export interface Line {
  text: string;
  start: number;
}

/** Every line of a text (`\n` or `\r\n`), with its start offset. */
export function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start });
    start += raw.length + 1;
  }
  return lines;
}
