import type { RuleSet } from '../core/rules/rule-set';
import { nearNames } from '../core/text/near-names';
import { printable } from './report';

/** `hindsight rules`: the catalog, one rule a line: id, severity, title. */
export function printRules(ruleSet: RuleSet, out: (text: string) => void): number {
  const width = Math.max(...ruleSet.rules.map((rule) => rule.id.length));
  for (const rule of [...ruleSet.rules].sort((a, b) => a.id.localeCompare(b.id))) out(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.title}\n`);
  return 0;
}

/** `hindsight explain <rule-id>`: the rule's page in the terminal — why, incidents, references, fixes. */
export function explainRule(ruleSet: RuleSet, ruleId: string, out: (text: string) => void, err: (text: string) => void): number {
  const rule = ruleSet.rule(ruleId);
  if (!rule) {
    const near = nearNames(
      ruleId,
      ruleSet.rules.map((each) => each.id),
    );
    err(`hindsight: no rule "${printable(ruleId)}"${near.length > 0 ? `; did you mean ${near.join(', ')}?` : ''} (\`hindsight rules\` lists them)\n`);
    return 2;
  }
  const incidents = rule.incidents.map((id) => ruleSet.incidents.get(id)).filter((incident) => incident !== undefined);
  const lines = [
    `${rule.id} (${rule.severity}): ${rule.title}`,
    '',
    rule.explanation.trim(),
    '',
    'Incidents:',
    ...incidents.map((incident) => `  - ${incident.organisation}, ${incident.date}: ${incident.title}\n    ${incident.url}\n    ${incident.lesson}`),
    ...(rule.references?.length ? ['', 'More:', ...rule.references.map((reference) => `  - ${reference.title}\n    ${reference.url}`)] : []),
    ...(rule.fixes?.length ? ['', `Quick fixes: ${rule.fixes.join(', ')}`] : []),
  ];
  out(lines.join('\n') + '\n');
  return 0;
}
