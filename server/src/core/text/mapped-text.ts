import type { Span } from '../model';

/**
 * Text derived from a document (a decoded YAML scalar, a file's content, a document embedded in
 * another) that remembers where each of its characters came from, so findings inside it land on
 * the original source.
 */
export class MappedText {
  private constructor(
    readonly text: string,
    /** Source offset of each character, plus one entry for the end; absent when contiguous or not exact. */
    private readonly offsets: number[] | undefined,
    /** For contiguous text: the source offset of its first character. */
    private readonly shift: number | undefined,
    /** The range everything maps to when offsets are unknown. */
    private readonly whole: Span,
  ) {}

  static exact(text: string, offsets: number[]): MappedText {
    if (offsets.length !== text.length + 1) throw new Error('offset map must have one entry per character plus one');
    return new MappedText(text, offsets, undefined, { start: offsets[0], end: offsets[text.length] });
  }

  /** Text that sits unchanged in the source from offset `at` on (a whole file: `at` = 0). */
  static contiguous(text: string, at = 0): MappedText {
    return new MappedText(text, undefined, at, { start: at, end: at + text.length });
  }

  /** Every position maps to `whole` (e.g. base64 content). */
  static opaque(text: string, whole: Span): MappedText {
    return new MappedText(text, undefined, undefined, whole);
  }

  get isExact(): boolean {
    return this.offsets !== undefined || this.shift !== undefined;
  }

  /** Whether this is a whole document as it is: spans need no mapping. */
  get isIdentity(): boolean {
    return this.shift === 0;
  }

  toSource(start: number, end: number): Span {
    const clampedStart = Math.max(0, Math.min(start, this.text.length));
    const clampedEnd = Math.max(clampedStart, Math.min(end, this.text.length));
    if (this.shift !== undefined) return { start: this.shift + clampedStart, end: this.shift + clampedEnd };
    if (!this.offsets) return { ...this.whole };
    const s = this.offsets[clampedStart];
    // The end maps from the last included character, so a range never swallows folding whitespace.
    const last = Math.max(start, clampedEnd - 1);
    const e = end > start ? this.offsets[last] + 1 : s;
    return { start: s, end: Math.max(s, e) };
  }

  /** The same text with some ranges overwritten by `fill` (template placeholders), every offset kept. */
  masked(ranges: { start: number; end: number; fill: string }[]): MappedText {
    if (ranges.length === 0) return this;
    const chars = this.text.split('');
    for (const range of ranges) for (let i = range.start; i < range.end && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = range.fill;
    return new MappedText(chars.join(''), this.offsets, this.shift, this.whole);
  }

  /** Source offsets of every character plus the end, or undefined when the text is not exact. */
  private allOffsets(): number[] | undefined {
    if (this.offsets) return this.offsets;
    if (this.shift === undefined) return undefined;
    return Array.from({ length: this.text.length + 1 }, (_, i) => this.shift! + i);
  }

  /** Pieces joined into one text (CloudFormation's `Fn::Join`); exact when every piece is, else one opaque range. */
  static concat(pieces: MappedText[]): MappedText {
    const text = pieces.map((piece) => piece.text).join('');
    const whole = pieces.reduce((span, piece) => ({ start: Math.min(span.start, piece.whole.start), end: Math.max(span.end, piece.whole.end) }), {
      start: Infinity,
      end: -Infinity,
    });
    const offsets: number[] = [];
    for (const piece of pieces) {
      const own = piece.allOffsets();
      if (!own) return MappedText.opaque(text, whole);
      for (let i = 0; i < piece.text.length; i++) offsets.push(own[i]);
    }
    offsets.push(pieces.length > 0 ? (pieces[pieces.length - 1].allOffsets()?.[pieces[pieces.length - 1].text.length] ?? whole.end) : whole.end);
    return MappedText.exact(text, offsets);
  }

  /** A piece of this text, still mapped. */
  slice(start: number, end: number): MappedText {
    const text = this.text.slice(start, end);
    if (this.shift !== undefined) return MappedText.contiguous(text, this.shift + Math.max(0, Math.min(start, this.text.length)));
    if (!this.offsets) return MappedText.opaque(text, this.whole);
    const offsets = this.offsets.slice(start, end);
    offsets.push(end > start ? this.offsets[end - 1] + 1 : this.offsets[start]);
    return new MappedText(text, offsets, undefined, this.toSource(start, end));
  }
}
