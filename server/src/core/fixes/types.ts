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
  /** Statements the fix removes or rewrites on purpose (routes declared in netplan): everything else must survive it. */
  removes?: Span[];
}
