import type { ProvisioningDocument, Span } from '../model';
import type { Finding } from '../rules/types';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export type FixProvider = (doc: ProvisioningDocument, finding: Finding) => Fix | undefined;
