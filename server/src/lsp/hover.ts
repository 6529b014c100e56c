import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/finding';
import type { RuleSet } from '../core/rules/rule-set';
import { findingRange } from './convert';

export const SHOW_DOCS_COMMAND = 'hindsight.showRuleDocs';

function commandLink(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** The mechanism as the rule's page opens with it: its first paragraph, without the heading, at most three sentences. */
export function mechanism(explanation: string): string {
  const first = explanation
    .trim()
    .split(/\n\s*\n/)[0]
    .replace(/^\*\*[^*]+\*\*\s*/, '')
    .replace(/\s*\n\s*/g, ' ');
  // A sentence ends at `.`, `!` or `?` before a space and a capital (not inside `apt-daily.service` or `22.04`).
  return first
    .split(/(?<=[.!?])\s+(?=[A-Z`"(*])/)
    .slice(0, 3)
    .join(' ');
}

/**
 * What the hover adds to the diagnostic's message, which the editor already shows above it (as ESLint
 * and hadolint do): where the step runs, the mechanism, the incident and a link to the whole page.
 */
function hoverText(ruleSet: RuleSet, finding: Finding, withheld: string[]): string {
  const rule = ruleSet.rule(finding.ruleId)!;
  const [incident] = ruleSet.incidentsFor(finding);
  return [
    `**${rule.title}** \`${rule.id}\` · [Documentation](${commandLink(SHOW_DOCS_COMMAND, [rule.id])})`,
    ...(finding.context ? [`*Where it runs, as inferred:* ${finding.context}.`] : []),
    mechanism(rule.explanation),
    ...(incident ? [`**Incident:** [${incident.organisation}, ${incident.date}: ${incident.title}](${incident.url})`] : []),
    ...withheld.map((reason) => `*Quick fix withheld:* ${reason}.`),
  ].join('\n\n');
}

/** `withheld` says, per finding, why a quick fix its rule has is not offered here. */
export function hover(ruleSet: RuleSet, document: TextDocument, findings: Finding[], position: Position, withheld: (finding: Finding) => string[]): Hover | undefined {
  const offset = document.offsetAt(position);
  const hits = findings.filter((finding) => finding.span.start <= offset && offset <= finding.span.end);
  if (hits.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: hits.map((finding) => hoverText(ruleSet, finding, withheld(finding))).join('\n\n---\n\n') },
    range: findingRange(document, hits[0].span),
  };
}
