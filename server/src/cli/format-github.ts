import type { Severity } from '../core/finding';
import type { ReportedFinding } from './report';

/** GitHub shows at most this many annotations of each level per step; the rest would be dropped silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

type Level = 'error' | 'warning' | 'notice';

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** A workflow command's message: `%`, CR and LF escaped as GitHub reads them back. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A Markdown table cell: pipes and line breaks would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * `--format github`: workflow commands that GitHub turns into annotations on the pull request, the
 * first ANNOTATIONS_PER_LEVEL of each level, and a summary of every finding as Markdown for the
 * job summary (`$GITHUB_STEP_SUMMARY`), where those over the cap are still listed.
 */
export function formatGithub(findings: ReportedFinding[], version: string): { annotations: string; summary: string } {
  const shown = new Map<Level, number>();
  const lines: string[] = [];
  for (const finding of findings) {
    const level = LEVELS[finding.severity];
    const count = shown.get(level) ?? 0;
    if (count >= ANNOTATIONS_PER_LEVEL) continue;
    shown.set(level, count + 1);
    const { start, end } = finding.range;
    const properties = [
      `file=${escapeProperty(finding.file)}`,
      `line=${start.line + 1}`,
      `endLine=${end.line + 1}`,
      ...(start.line === end.line ? [`col=${start.character + 1}`, `endColumn=${end.character + 1}`] : []),
      `title=${escapeProperty(`Hindsight ${finding.ruleId}`)}`,
    ];
    const incident = finding.incidents[0] ? `\n\nSee ${finding.incidents[0].url}` : '';
    lines.push(`::${level} ${properties.join(',')}::${escapeData(finding.message + incident)}`);
  }
  const annotated = [...shown.values()].reduce((sum, count) => sum + count, 0);
  if (annotated < findings.length) {
    lines.push(`::notice title=Hindsight::${escapeData(`${findings.length - annotated} more findings than GitHub annotates in one step; every finding is in the job summary.`)}`);
  }
  const summary = [
    `### Hindsight ${version}: ${findings.length === 0 ? 'no hazards found' : `${findings.length} finding${findings.length === 1 ? '' : 's'}`}`,
    ...(findings.length === 0
      ? []
      : [
          '',
          '| Severity | Rule | Where | Message |',
          '|---|---|---|---|',
          ...findings.map((finding) => `| ${finding.severity} | \`${finding.ruleId}\` | ${cell(`${finding.file}:${finding.range.start.line + 1}`)} | ${cell(finding.message)} |`),
        ]),
  ];
  return { annotations: lines.join('\n') + (lines.length > 0 ? '\n' : ''), summary: summary.join('\n') + '\n' };
}
