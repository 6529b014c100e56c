import { Scalar } from 'yaml';
import { MappedText } from './mapped-text';

const ESCAPE_LENGTH: Record<string, number> = { x: 4, u: 6, U: 10 };

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/**
 * The decoded value of a YAML scalar with each character mapped back to its source offset:
 * plain, single- and double-quoted, literal and folded. Folding whitespace and escapes are walked
 * in step with the decoded value; if the two ever disagree the whole scalar is returned as one
 * opaque range rather than a wrong one.
 */
export function scalarText(node: Scalar, source: string): MappedText {
  const [start, end] = node.range ?? [0, 0];
  const value = typeof node.value === 'string' ? node.value : source.slice(start, end);
  let i = start;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const headerEnd = source.indexOf('\n', start);
    i = headerEnd < 0 || headerEnd >= end ? end : headerEnd + 1;
  } else if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    i = start + 1;
  } else if (typeof node.value !== 'string') {
    return MappedText.contiguous(value, start);
  }
  const offsets: number[] = [];
  const doubleQuoted = node.type === Scalar.QUOTE_DOUBLE;
  const singleQuoted = node.type === Scalar.QUOTE_SINGLE;
  for (let k = 0; k < value.length; k++) {
    const ch = value[k];
    for (;;) {
      if (i >= end) return MappedText.opaque(value, { start, end });
      const src = source[i];
      if (doubleQuoted && src === '\\') {
        const next = source[i + 1];
        if (next === '\n' || next === '\r') {
          i += 2; // escaped line break: contributes nothing
          continue;
        }
        offsets.push(i);
        i += ESCAPE_LENGTH[next] ?? 2;
        break;
      }
      if (singleQuoted && src === "'" && source[i + 1] === "'") {
        offsets.push(i);
        i += 2;
        break;
      }
      if (src === ch || (isBlank(ch) && isBlank(src))) {
        offsets.push(i);
        i += 1;
        break;
      }
      if (isBlank(src)) {
        i += 1; // indentation or folded line break that the value does not keep
        continue;
      }
      return MappedText.opaque(value, { start, end });
    }
  }
  offsets.push(value.length > 0 ? offsets[offsets.length - 1] + 1 : i);
  return MappedText.exact(value, offsets);
}
