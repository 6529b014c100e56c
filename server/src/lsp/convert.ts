import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../core/model';
import type { Incident, DetachedFinding, Severity } from '../core/finding';
import { LineIndex } from '../core/text/line-index';
import { withoutBlankEdges } from '../core/text/blank-edges';

export const SOURCE = 'hindsight';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Reads another file (a role's tasks) to turn offsets into positions; undefined if it went away. */
export type ReadText = (file: string) => string | undefined;

function rangeInFile(readText: ReadText, file: string, span: Span): Range {
  const lines = new LineIndex(readText(file) ?? '');
  return { start: lines.position(span.start), end: lines.position(span.end) };
}

export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

/** Where a finding is underlined: the text it is about, without the blanks at either end of its span. */
export function findingRange(document: TextDocument, span: Span): Range {
  return toRange(document, withoutBlankEdges(document.getText(), span));
}

export function toDiagnostic(document: TextDocument, finding: DetachedFinding, incidents: Incident[], readText: ReadText): Diagnostic {
  const diagnostic: Diagnostic = {
    range: findingRange(document, finding.span),
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    message: finding.message,
  };
  if (incidents[0]) diagnostic.codeDescription = { href: incidents[0].url };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: related.file
        ? { uri: pathToFileURL(related.file).href, range: rangeInFile(readText, related.file, related.span) }
        : { uri: document.uri, range: toRange(document, related.span) },
      message: related.message,
    }));
  }
  return diagnostic;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
