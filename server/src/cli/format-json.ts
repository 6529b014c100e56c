import type { ReportedFinding } from './report';

/** The stable machine format: `{"version":1,"findings":[…]}` with LSP-style 0-based positions. */
export function formatJson(findings: ReportedFinding[]): string {
  const shaped = findings.map(({ ruleId, severity, file, range, message, incidents, related, context }) => ({
    ruleId,
    severity,
    file,
    range,
    message,
    incidents,
    ...(related ? { related } : {}),
    ...(context ? { context } : {}),
  }));
  return JSON.stringify({ version: 1, findings: shaped }, null, 2) + '\n';
}
