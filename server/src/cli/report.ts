import * as path from 'node:path';
import { fingerprintOf } from '../core/baseline';
import type { DetachedFinding, Incident, Severity } from '../core/finding';
import { LineIndex, type Position } from '../core/text/line-index';

export interface ReportedFinding {
  ruleId: string;
  severity: Severity;
  file: string;
  range: { start: Position; end: Position };
  message: string;
  incidents: { id: string; url: string }[];
  /** Other places that are part of the hazard (what runs the script the finding is in, where it was installed). */
  related?: { file: string; range: { start: Position; end: Position }; message: string }[];
  /** What was inferred about the host, and why. */
  context?: string;
  /** The text of the first flagged line, for SARIF's line-hash fingerprint. */
  lineText: string;
}

/** A finding's identity across commits: its rule and its line's text (see `fingerprintOf`). */
export function lineFingerprint(finding: ReportedFinding): string {
  return fingerprintOf(finding.ruleId, finding.lineText);
}

export interface FileNote {
  file: string;
  message: string;
}

/**
 * Text for a terminal or a log, whatever a file name or content holds: control characters (a
 * newline that would forge a finding line, ESC/OSC sequences, DEL, C1) and bidirectional overrides
 * are written as escapes, so input can neither fake an output line nor drive the terminal.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    const code = char.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** How a file's path is shown: relative to the working directory. */
export function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** Findings of one analysed file in the shape every output format starts from; `textOf` reads other files that related places are in. */
export function reportFindings(
  file: string,
  text: string,
  findings: DetachedFinding[],
  incidentsOf: (finding: DetachedFinding) => Incident[],
  textOf: (file: string) => string | undefined,
): ReportedFinding[] {
  const lines = new LineIndex(text);
  const indexes = new Map<string, LineIndex | undefined>();
  const indexOf = (other: string): LineIndex | undefined => {
    if (!indexes.has(other)) {
      const otherText = textOf(other);
      indexes.set(other, otherText === undefined ? undefined : new LineIndex(otherText));
    }
    return indexes.get(other);
  };
  return findings.map((finding) => {
    const related = (finding.related ?? []).flatMap((place) => {
      const index = place.file === undefined ? lines : indexOf(place.file);
      if (!index) return [];
      return [
        {
          file: place.file === undefined ? file : shown(place.file),
          range: { start: index.position(place.span.start), end: index.position(place.span.end) },
          message: place.message,
        },
      ];
    });
    return {
      ruleId: finding.ruleId,
      severity: finding.severity,
      file,
      range: { start: lines.position(finding.span.start), end: lines.position(finding.span.end) },
      message: finding.message,
      incidents: incidentsOf(finding).map((incident) => ({ id: incident.id, url: incident.url })),
      ...(related.length > 0 ? { related } : {}),
      ...(finding.context ? { context: finding.context } : {}),
      lineText: lines.lineText(lines.position(finding.span.start).line),
    };
  });
}
