import * as path from 'node:path';
import type { DetachedFinding, Incident, Severity } from '../core/finding';
import { LineIndex, type Position } from '../core/text/line-index';

export interface ReportedFinding {
  ruleId: string;
  severity: Severity;
  file: string;
  range: { start: Position; end: Position };
  message: string;
  incidents: { id: string; url: string }[];
  /** The text of the first flagged line, for SARIF's line-hash fingerprint. */
  lineText: string;
}

export interface FileNote {
  file: string;
  message: string;
}

/** How a file's path is shown: relative to the working directory. */
export function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** Findings of one analysed file in the shape every output format starts from. */
export function reportFindings(file: string, text: string, findings: DetachedFinding[], incidentsOf: (ruleId: string) => Incident[]): ReportedFinding[] {
  const lines = new LineIndex(text);
  return findings.map((finding) => ({
    ruleId: finding.ruleId,
    severity: finding.severity,
    file,
    range: { start: lines.position(finding.span.start), end: lines.position(finding.span.end) },
    message: finding.message,
    incidents: incidentsOf(finding.ruleId).map((incident) => ({ id: incident.id, url: incident.url })),
    lineText: lines.lineText(lines.position(finding.span.start).line),
  }));
}
