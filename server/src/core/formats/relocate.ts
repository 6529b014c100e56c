import type { ProvisioningDocument, Span } from '../model';
import type { MappedText } from '../text/mapped-text';

function isSpan(value: object): value is Span {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number';
}

/**
 * Moves every span of a document parsed from an embedded text into its host's coordinates, in
 * place, documents embedded in it included. Objects shared between steps (a play, a pipeline) are
 * moved once. Steps read from other files (a role's tasks, shared between plays) keep their own
 * file's coordinates.
 */
export function relocateDocument(doc: ProvisioningDocument, source: MappedText, hostText: string): ProvisioningDocument {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (isSpan(value)) {
      const mapped = source.toSource(value.start, value.end);
      value.start = mapped.start;
      value.end = mapped.end;
    } else {
      for (const [key, child] of Object.entries(value)) if (key !== 'roleSteps') visit(child);
    }
  };
  const relocate = (part: ProvisioningDocument): ProvisioningDocument => {
    visit(part.steps);
    visit(part.plays);
    visit(part.stages);
    visit(part.suppressions);
    visit(part.problems);
    return { ...part, text: hostText, parts: part.parts?.map(relocate) };
  };
  return relocate(doc);
}
