import type { ProvisioningDocument, Span, Step } from '../model';
import { applyEdits } from './fix-all';
import type { Fix } from './types';

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What a step does, independent of where and how it is written: a removed or altered step changes it. */
function stepKey(doc: ProvisioningDocument, step: Step): string {
  switch (step.kind) {
    case 'command':
      return `command:${step.flat.map((command) => [command.program, ...command.args.map((arg) => arg.value)].join(' ')).join(' ; ')}`;
    case 'file':
      return `file:${step.path}:${normalise(step.content ?? '')}`;
    case 'package':
      return `package:${step.manager}:${step.action}:${step.packages.map((pkg) => `${pkg.name}=${pkg.version ?? ''}`).join(',')}`;
    case 'setting':
      return `setting:${step.key}=${String(step.value)}`;
    case 'service':
      return `service:${step.unit}:${step.action}`;
    default:
      return `${step.kind}:${normalise(doc.text.slice(step.span.start, step.span.end))}`;
  }
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function count<T>(items: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** Template control and output tags (`{% … %}`, `{{ … }}`): a fix may move them, never drop them. */
function templateTags(text: string, outside: Span[]): string[] {
  return [...text.matchAll(/\{%-?[\s\S]*?-?%\}|\{\{[\s\S]*?\}\}/g)]
    .filter((match) => !outside.some((span) => overlaps(span, { start: match.index!, end: match.index! + match[0].length })))
    .map((match) => normalise(match[0]));
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/**
 * Why a fix would lose something, or undefined when it keeps everything it does not mean to
 * change: every step outside what the fix rewrites (`changes`) still does the same after it, and no
 * template tag is lost. `after` is the fixed text parsed by the same format (undefined: it no longer
 * parses as that format).
 */
export function whatAFixLoses(before: ProvisioningDocument, after: ProvisioningDocument | undefined, fix: Fix, changes: Span[]): string | undefined {
  if (!after) return 'the result no longer parses';
  if (fix.edits.some((a, i) => fix.edits.some((b, j) => i < j && overlaps(a.span, b.span)))) return 'its edits overlap';
  const intended = [...changes, ...(fix.removes ?? [])];
  const kept = before.steps.filter((step) => !step.task?.file && !intended.some((span) => overlaps(span, step.statement ?? step.span)));
  const afterCounts = count(after.steps.filter((step) => !step.task?.file).map((step) => stepKey(after, step)));
  for (const [key, needed] of count(kept.map((step) => stepKey(before, step)))) {
    if ((afterCounts.get(key) ?? 0) < needed) return `it would change or remove ${key.split(':')[0]} ${JSON.stringify(key.slice(key.indexOf(':') + 1, 80))}`;
  }
  const tagsAfter = count(templateTags(after.text, []));
  for (const [tag, needed] of count(templateTags(before.text, fix.removes ?? []))) {
    if ((tagsAfter.get(tag) ?? 0) < needed) return `it would drop the template tag ${tag}`;
  }
  return undefined;
}
