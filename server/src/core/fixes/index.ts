import type { Finding } from '../finding';
import type { FormatPlugin } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import type { CheckEnvironment } from '../rules/rule-code';
import type { Fix } from './types';

/** The document a finding was made in: the file's own, or a document embedded in it. */
function documentOf(doc: ProvisioningDocument, finding: Finding): ProvisioningDocument {
  return (doc.parts ?? []).find((part) => part.steps.includes(finding.subject.step)) ?? doc;
}

/**
 * The fixes a finding offers, in the order its rule lists them. Structural fixes (lines added,
 * moved or removed) are offered only on a whole document that parses before and after: lines added
 * to a broken document, or to a document embedded in a string, land somewhere unpredictable.
 */
export function fixesFor(doc: ProvisioningDocument, finding: Finding, env: CheckEnvironment, format: FormatPlugin | undefined): Fix[] {
  const rule = env.ruleSet.rule(finding.ruleId);
  const target = documentOf(doc, finding);
  const structuralAllowed = target === doc && doc.problems.length === 0;
  return (rule?.fixes ?? []).flatMap((id) => {
    const definition = env.ruleSet.fix(id);
    if (!definition || (definition.structural && !structuralAllowed)) return [];
    const fix = definition.provide(target, finding, env);
    return fix && (!definition.structural || stillParses(doc, fix, format)) ? [fix] : [];
  });
}

function stillParses(doc: ProvisioningDocument, fix: Fix, format: FormatPlugin | undefined): boolean {
  if (!format?.reparses) return true;
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  return format.reparses(edits.reduce((text, edit) => text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), doc.text));
}
