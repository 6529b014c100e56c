import type { Finding } from '../finding';
import type { FormatPlugin } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import type { CheckEnvironment } from '../rules/rule-code';
import { applyFix, whatAFixLoses } from './guard';
import type { Fix } from './types';

/** Parses a rewritten text the way the file was parsed; undefined when it no longer is that format. */
export type Reparse = (text: string) => ProvisioningDocument | undefined;

/** The document a finding was made in: the file's own, or a document embedded in it. */
function documentOf(doc: ProvisioningDocument, finding: Finding): ProvisioningDocument | undefined {
  if (doc.steps.includes(finding.subject.step)) return doc;
  for (const part of doc.parts ?? []) {
    const found = documentOf(part, finding);
    if (found) return found;
  }
  return undefined;
}

/** The statement a finding is about: what its fix may rewrite. */
export function statementOf(finding: Finding) {
  return finding.subject.step.statement ?? finding.subject.step.span;
}

/**
 * The fixes a finding offers, in the order its rule lists them. Structural fixes (lines added,
 * moved or removed) are offered only on a whole document that parses before and after: lines added
 * to a broken document, or to a document embedded in a string, land somewhere unpredictable. No fix
 * is offered that would change or drop anything beyond its finding's statement and what it removes
 * on purpose (see `whatAFixLoses`).
 */
export function fixesFor(doc: ProvisioningDocument, finding: Finding, env: CheckEnvironment, format: FormatPlugin | undefined, reparse: Reparse): FixReport {
  const rule = env.ruleSet.rule(finding.ruleId);
  const target = documentOf(doc, finding) ?? doc;
  const report: FixReport = { fixes: [], withheld: [] };
  for (const id of rule?.fixes ?? []) {
    const definition = env.ruleSet.fix(id);
    if (!definition) continue;
    const withhold = (reason: string) => report.withheld.push({ id, reason });
    if (definition.structural && target !== doc) withhold('it would add or move lines inside a document embedded in another file');
    else if (definition.structural && doc.problems.length > 0) withhold('the file does not parse, so added lines could land anywhere');
    else {
      const provided = definition.provide(target, finding, env);
      if (provided && 'withheld' in provided) {
        withhold(provided.withheld);
        continue;
      }
      const fix = provided;
      const lost =
        fix &&
        (definition.structural && !stillParses(doc, fix, format)
          ? 'the result would not parse'
          : whatAFixLoses(doc, reparse(applyFix(doc.text, fix)), fix, [statementOf(finding), finding.span]));
      if (fix && lost === undefined) report.fixes.push({ ...fix, structural: definition.structural });
      else if (lost) withhold(lost);
    }
  }
  return report;
}

/** The fixes a finding offers, and those held back with the reason (shown on hover). */
export interface FixReport {
  fixes: Fix[];
  withheld: { id: string; reason: string }[];
}

function stillParses(doc: ProvisioningDocument, fix: Fix, format: FormatPlugin | undefined): boolean {
  return !format?.reparses || format.reparses(applyFix(doc.text, fix));
}
