import { printable, type FileNote, type ReportedFinding } from './report';

/**
 * `file:line:col severity rule-id message` (1-based), the places related to it and the main incident's
 * link under it; input is escaped. An `incomplete` scan (files or folders not read, a rule that failed)
 * is never summed up as clean.
 */
export function formatText(findings: ReportedFinding[], notes: FileNote[], incomplete = false): string {
  const lines: string[] = [];
  for (const finding of findings) {
    const { line, character } = finding.range.start;
    lines.push(`${printable(finding.file)}:${line + 1}:${character + 1} ${finding.severity} ${finding.ruleId} ${printable(finding.message)}`);
    for (const place of finding.related ?? [])
      lines.push(`    ${printable(place.file)}:${place.range.start.line + 1}:${place.range.start.character + 1}: ${printable(place.message)}`);
    if (finding.incidents[0]) lines.push(`    see ${printable(finding.incidents[0].url)}`);
  }
  for (const note of notes) lines.push(`${printable(note.file)}: note: ${printable(note.message)}`);
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  const summary = [...counts].map(([severity, count]) => `${count} ${severity}`).join(', ');
  const total = findings.length === 0 ? 'No hazards found' : `${findings.length} finding${findings.length === 1 ? '' : 's'} (${summary})`;
  lines.push(incomplete ? `${total} in what could be checked; the scan is incomplete (see the messages above).` : `${total}.`);
  return lines.join('\n') + '\n';
}
