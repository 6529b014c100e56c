import type { Finding } from '../finding';
import { appliesIn, describeContext, stepContext } from '../host-context';
import type { ProvisioningDocument } from '../model';
import { runMatcher, type Match } from './matchers';
import type { CheckEnvironment } from './rule-code';
import type { Rule } from './types';

export function renderMessage(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => values[name] ?? '');
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
  const code = env.ruleSet.codeOf(rule.id);
  const matches = (rule.match ?? []).flatMap((matcher) => runMatcher(matcher, rule, doc));
  if (rule.check && code?.check) matches.push(...code.check(doc, rule, env));
  const kept = code?.keep ? matches.filter((match) => code.keep!(match, doc)) : matches;
  return code?.relate ? kept.map((match) => ({ ...match, related: [...(match.related ?? []), ...code.relate!(match, doc)] })) : kept;
}

function lintOne(doc: ProvisioningDocument, env: CheckEnvironment, findings: Finding[], failures: RuleFailure[], notRun: Set<string>, deadline: number): void {
  for (const rule of env.ruleSet.rules) {
    if (performance.now() > deadline) {
      notRun.add(rule.id);
      continue;
    }
    try {
      const seen = new Set<string>();
      for (const match of matchesOf(rule, doc, env)) {
        const key = `${match.span.start}:${match.span.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const context = stepContext(doc, match.subject.step);
        if (!appliesIn(rule.appliesTo, context)) continue;
        const described = describeContext(context);
        const finding = {
          ruleId: rule.id,
          severity: match.severity ?? rule.severity,
          span: match.span,
          message: renderMessage(rule.message, match.values),
          related: match.related,
          ...(match.incident ? { incident: match.incident } : {}),
          ...(described ? { context: described } : {}),
          subject: match.subject,
        };
        if (!suppressed(doc, finding)) findings.push(finding);
      }
    } catch (error) {
      failures.push({ ruleId: rule.id, error: error as Error });
    }
  }
}

/**
 * Runs every rule over one document's model, and over each document embedded in it, until the
 * deadline (`performance.now()` time): rules it leaves are `notRun`, for the file to say so.
 */
export function lintDocument(doc: ProvisioningDocument, env: CheckEnvironment, deadline = Infinity): { findings: Finding[]; failures: RuleFailure[]; notRun: string[] } {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const notRun = new Set<string>();
  const visit = (part: ProvisioningDocument): void => {
    lintOne(part, env, findings, failures, notRun, deadline);
    for (const inner of part.parts ?? []) visit(inner);
  };
  visit(doc);
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { findings, failures, notRun: [...notRun] };
}
