import type { Span } from '../../model';

export interface KeyValue {
  key: string;
  value: string;
  span: Span;
  valueSpan: Span;
}

/**
 * `key=value`; an unquoted value runs to the next space outside Jinja (`name={{ item }}`), as
 * Ansible splits it. An expression is looked for over a bounded length, so that a line of unclosed
 * `{{` costs linear time.
 */
const PAIR = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|(?:\{\{[\s\S]{0,500}?\}\}|\{%[\s\S]{0,500}?%\}|\{(?![{%])|[^\s{])+)/g;

/**
 * Ansible's free-form module arguments (`apt: name=nginx state=latest`) as key/value pairs with
 * offsets relative to the string. Quotes around a value are removed; Jinja inside stays as written.
 */
export function parseFreeForm(text: string): KeyValue[] {
  const out: KeyValue[] = [];
  for (const match of text.matchAll(PAIR)) {
    const raw = match[2];
    const quoted = /^(["']).*\1$/s.test(raw);
    const start = match.index!;
    const valueStart = start + match[1].length + 1 + (quoted ? 1 : 0);
    const value = quoted ? raw.slice(1, -1) : raw;
    out.push({ key: match[1], value, span: { start, end: start + match[0].length }, valueSpan: { start: valueStart, end: valueStart + value.length } });
  }
  return out;
}
