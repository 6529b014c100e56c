import type { ProvisioningDocument } from '../model';
import { CHECKS, type CheckEnvironment } from './checks';
import { runMatcher, type Match } from './matchers';
import type { Finding, MessageValues, Rule, RuleSet } from './types';

export function renderMessage(template: string, values: MessageValues): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: keyof MessageValues) => values[name] ?? '');
}

/** A rule that threw, reported instead of taking the other rules down with it. */
export interface RuleFailure {
  ruleId: string;
  error: Error;
}

/** Whether an in-file comment (`# noqa: rule-id`) turns this finding off. */
function suppressed(doc: ProvisioningDocument, finding: Finding): boolean {
  return (doc.suppressions ?? []).some(
    (suppression) => suppression.ruleIds.includes(finding.ruleId) && suppression.span.start <= finding.span.start && finding.span.start <= suppression.span.end,
  );
}

function matchesOf(rule: Rule, doc: ProvisioningDocument, env: CheckEnvironment): Match[] {
  const matches = (rule.match ?? []).flatMap((matcher) => runMatcher(matcher, rule, doc));
  if (rule.check) matches.push(...CHECKS[rule.check](doc, rule, env));
  return matches;
}

/** Runs every rule over one document's model. */
export function lintDocument(doc: ProvisioningDocument, ruleSet: RuleSet, today = new Date()): { findings: Finding[]; failures: RuleFailure[] } {
  const env = { ruleSet, today };
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of ruleSet.rules) {
    try {
      const seen = new Set<string>();
      for (const match of matchesOf(rule, doc, env)) {
        const key = `${match.span.start}:${match.span.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({
          ruleId: rule.id,
          severity: match.severity ?? rule.severity,
          span: match.span,
          message: renderMessage(rule.message, match.values),
          related: match.related,
          subject: match.subject,
        });
      }
    } catch (error) {
      failures.push({ ruleId: rule.id, error: error as Error });
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: findings.filter((finding) => !suppressed(doc, finding)), failures };
}
