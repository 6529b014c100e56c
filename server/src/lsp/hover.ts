import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../core/engine';
import type { Finding } from '../core/rules/types';
import { toRange } from './convert';

export const SHOW_DOCS_COMMAND = 'hindsight.showRuleDocs';

function commandLink(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function hoverText(engine: Engine, finding: Finding): string {
  const rule = engine.rule(finding.ruleId)!;
  const incidents = engine.incidents(finding.ruleId).map((incident) => `- [${incident.organisation}, ${incident.date}: ${incident.title}](${incident.url}) — ${incident.lesson}`);
  const references = (rule.references ?? []).map((reference) => `- [${reference.title}](${reference.url})`);
  return [
    // The editor already shows the diagnostic's message above the hover; this adds the why.
    `**${rule.title}** \`${rule.id}\` · [Documentation](${commandLink(SHOW_DOCS_COMMAND, [rule.id])})`,
    rule.explanation.trim(),
    `**Incidents**\n\n${incidents.join('\n')}`,
    ...(references.length ? [`**More**\n\n${references.join('\n')}`] : []),
  ].join('\n\n');
}

export function hover(engine: Engine, document: TextDocument, findings: Finding[], position: Position): Hover | undefined {
  const offset = document.offsetAt(position);
  const hits = findings.filter((finding) => finding.span.start <= offset && offset <= finding.span.end);
  if (hits.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: hits.map((finding) => hoverText(engine, finding)).join('\n\n---\n\n') },
    range: toRange(document, hits[0].span),
  };
}
