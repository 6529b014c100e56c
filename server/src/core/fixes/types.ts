import type { ProvisioningDocument, Span } from '../model';
import type { EolRelease, Finding } from '../rules/types';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** Data some fixes read: the end-of-life catalog for successor images. */
export interface FixData {
  eolReleases: EolRelease[];
}

export type FixProvider = (doc: ProvisioningDocument, finding: Finding, data: FixData) => Fix | undefined;
