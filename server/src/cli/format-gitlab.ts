import { createHash } from 'node:crypto';
import type { Severity } from '../core/finding';
import { lineFingerprint, type ReportedFinding } from './report';

/** GitLab Code Quality's severities. */
const SEVERITIES: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

/**
 * `--format gitlab`: a GitLab Code Quality report (the `codequality` artifact), one issue per
 * finding. The fingerprint is the rule, the file and the flagged line's text, counted when the same
 * line repeats, so an issue keeps its identity when lines around it move.
 */
export function formatGitlab(findings: ReportedFinding[]): string {
  const seen = new Map<string, number>();
  const issues = findings.map((finding) => {
    const base = `${finding.file}\0${lineFingerprint(finding)}`;
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return {
      type: 'issue',
      check_name: finding.ruleId,
      description: finding.message,
      categories: ['Bug Risk'],
      severity: SEVERITIES[finding.severity],
      fingerprint: createHash('sha256').update(`${base}\0${occurrence}`).digest('hex'),
      location: { path: finding.file, lines: { begin: finding.range.start.line + 1, end: finding.range.end.line + 1 } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}
