import { CodeActionKind, MarkupKind, type CodeAction, type CodeActionParams, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Engine } from '../core/engine';
import type { Finding } from '../core/rules/types';
import { sameRange, SOURCE, toDiagnostic, toRange } from './convert';

export const OPEN_URL_COMMAND = 'hindsight.openUrl';

/** For each Hindsight diagnostic in the request: its fixes (first preferred) and a link per incident. */
export function codeActions(engine: Engine, document: TextDocument, analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  const doc = analysis.doc;
  if (!doc) return actions;
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const finding = analysis.findings.find((candidate) => candidate.ruleId === diagnostic.code && sameRange(toRange(document, candidate.span), diagnostic.range));
    if (!finding) continue;
    engine.fixes(doc, finding).forEach((fix, index) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0,
        edit: { changes: { [document.uri]: fix.edits.map((edit) => ({ range: toRange(document, edit.span), newText: edit.newText })) } },
      });
    });
    for (const incident of engine.incidents(finding.ruleId)) {
      actions.push({
        title: `Open post-mortem: ${incident.organisation} ${incident.date}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Open post-mortem: ${incident.organisation} ${incident.date}`, command: OPEN_URL_COMMAND, arguments: [incident.url] },
      });
    }
  }
  return actions;
}

function hoverText(engine: Engine, finding: Finding): string {
  const rule = engine.rule(finding.ruleId)!;
  const incidents = engine.incidents(finding.ruleId).map((incident) => `- [${incident.organisation}, ${incident.date}: ${incident.title}](${incident.url}) — ${incident.lesson}`);
  const references = (rule.references ?? []).map((reference) => `- [${reference.title}](${reference.url})`);
  return [
    `**${rule.title}** \`${rule.id}\``,
    finding.message,
    rule.explanation.trim(),
    `**Incidents**\n\n${incidents.join('\n')}`,
    ...(references.length ? [`**More**\n\n${references.join('\n')}`] : []),
  ].join('\n\n');
}

export function hover(engine: Engine, document: TextDocument, analysis: Analysis, position: Position): Hover | undefined {
  const offset = document.offsetAt(position);
  const hits = analysis.findings.filter((finding) => finding.span.start <= offset && offset <= finding.span.end);
  if (hits.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: hits.map((finding) => hoverText(engine, finding)).join('\n\n---\n\n') },
    range: toRange(document, hits[0].span),
  };
}

export function diagnostics(engine: Engine, document: TextDocument, analysis: Analysis) {
  return analysis.findings.map((finding) => toDiagnostic(document, finding, engine.incidents(finding.ruleId)));
}
