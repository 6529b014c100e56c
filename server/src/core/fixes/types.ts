import type { Span } from '../model';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Adds, removes or moves lines (set from the fix's definition). */
  structural?: boolean;
  /** Statements the fix removes on purpose (a route moved into netplan): everything else must survive it. */
  removes?: Span[];
}
