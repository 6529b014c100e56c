import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/finding';
import type { RuleSet } from '../core/rules/rule-set';
import { toRange } from './convert';

export const SHOW_DOCS_COMMAND = 'hindsight.showRuleDocs';

function commandLink(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function hoverText(ruleSet: RuleSet, finding: Finding, withheld: string[]): string {
  const rule = ruleSet.rule(finding.ruleId)!;
  const incidents = ruleSet.incidentsFor(finding).map((incident) => `- [${incident.organisation}, ${incident.date}: ${incident.title}](${incident.url}) — ${incident.lesson}`);
  const references = (rule.references ?? []).map((reference) => `- [${reference.title}](${reference.url})`);
  return [
    // The editor already shows the diagnostic's message above the hover; this adds the why.
    `**${rule.title}** \`${rule.id}\` · [Documentation](${commandLink(SHOW_DOCS_COMMAND, [rule.id])})`,
    ...(finding.context ? [`*Where it runs, as inferred:* ${finding.context}.`] : []),
    rule.explanation.trim(),
    `**Incidents**\n\n${incidents.join('\n')}`,
    ...(references.length ? [`**More**\n\n${references.join('\n')}`] : []),
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
    range: toRange(document, hits[0].span),
  };
}
