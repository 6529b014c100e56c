import type { Severity } from '../core/finding';
import { printable, type FileNote, type ReportedFinding } from './report';

/** ANSI colours for a terminal; the identity when colour is off. */
export interface Palette {
  severity(severity: Severity, text: string): string;
  dim(text: string): string;
}

const SEVERITY_COLOURS: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '2' };

export const PLAIN: Palette = { severity: (_severity, text) => text, dim: (text) => text };
export const COLOURED: Palette = {
  severity: (severity, text) => `\u001b[${SEVERITY_COLOURS[severity]}m${text}\u001b[39m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
};

/** The flagged line under a finding, with the flagged part underlined (to the end of the line when it goes on). */
function codeFrame(finding: ReportedFinding, palette: Palette): string[] {
  const { start, end } = finding.range;
  const line = finding.lineText.replace(/\r$/, '');
  const last = start.line === end.line ? Math.min(end.character, line.length) : line.length;
  // Columns are counted in the text as printed: escapes widen what they stand for.
  const before = printable(line.slice(0, start.character)).length;
  const width = Math.max(1, printable(line.slice(start.character, last)).length);
  const gutter = String(start.line + 1);
  return [
    palette.dim(`  ${gutter} | `) + printable(line),
    palette.dim(`  ${' '.repeat(gutter.length)} | `) + palette.severity(finding.severity, `${' '.repeat(before)}${'^'.repeat(width)}`),
  ];
}

/**
 * `file:line:col severity rule-id message` (1-based), the flagged line with the flagged part
 * underlined, the places related to it and the main incident's link; then notes, a count per rule
 * and the total. Input is escaped. An `incomplete` scan (files or folders not read, a rule that
 * failed) is never summed up as clean.
 */
export function formatText(findings: ReportedFinding[], notes: FileNote[], incomplete = false, palette: Palette = PLAIN): string {
  const lines: string[] = [];
  for (const finding of findings) {
    const { line, character } = finding.range.start;
    lines.push(
      `${printable(finding.file)}:${line + 1}:${character + 1} ${palette.severity(finding.severity, finding.severity)} ${palette.dim(finding.ruleId)} ${printable(finding.message)}`,
    );
    lines.push(...codeFrame(finding, palette));
    for (const place of finding.related ?? [])
      lines.push(`    ${printable(place.file)}:${place.range.start.line + 1}:${place.range.start.character + 1}: ${printable(place.message)}`);
    if (finding.incidents[0]) lines.push(`    see ${printable(finding.incidents[0].url)}`);
  }
  for (const note of notes) lines.push(`${printable(note.file)}: note: ${printable(note.message)}`);
  const counts = new Map<string, number>();
  const byRule = new Map<string, number>();
  for (const finding of findings) {
    counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
    byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
  }
  if (byRule.size > 1) {
    lines.push('', 'By rule:');
    for (const [ruleId, count] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) lines.push(`  ${String(count).padStart(5)}  ${ruleId}`);
  }
  const summary = [...counts].map(([severity, count]) => `${count} ${severity}`).join(', ');
  const total = findings.length === 0 ? 'No hazards found' : `${findings.length} finding${findings.length === 1 ? '' : 's'} (${summary})`;
  lines.push(incomplete ? `${total} in what could be checked; the scan is incomplete (see the messages above).` : `${total}.`);
  return lines.join('\n') + '\n';
}
