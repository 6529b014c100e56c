import type { Finding } from '../../finding';
import { replaceExact } from '../../fixes/text-edits';
import type { Fix } from '../../fixes/types';
import type { CommandStep, FileWriteStep, ProvisioningDocument, Span } from '../../model';
import { inComment } from '../../text/comments';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

const LEGACY = /node-role\.kubernetes\.io\/master\b/g;
const CURRENT = 'node-role.kubernetes.io/control-plane';

/** Lines either side of a use where the current name counts as the same selection (a toleration list, a migration). */
const NEARBY_LINES = 10;

function nearbyLines(text: string, at: number): string {
  let start = at;
  let end = at;
  for (let i = 0; i < NEARBY_LINES && start > 0; i++) start = text.lastIndexOf('\n', start - 2) + 1;
  for (let i = 0; i < NEARBY_LINES && end >= 0 && end < text.length; i++) end = text.indexOf('\n', end + 1);
  return text.slice(start, end < 0 ? text.length : end);
}

/** Uses of the legacy name in a file a document writes (manifests, kubeadm configs), on their own text. */
function inWrittenFile(step: FileWriteStep): Match[] {
  const content = step.contentText;
  if (!content) return [];
  const text = content.text;
  return [...text.matchAll(LEGACY)].flatMap((found) => {
    const at = found.index;
    if (inComment(text, at) || nearbyLines(text, at).includes(CURRENT)) return [];
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, lineEnd < 0 ? text.length : lineEnd).trim();
    return [{ span: content.toSource(at, at + found[0].length), subject: { step }, values: { text: line } }];
  });
}

/** Uses in commands (`kubectl get nodes -l …`, `kubectl taint … master-`), unless the command names both. */
function inCommands(step: CommandStep): Match[] {
  return step.flat.flatMap((command) => {
    const words = command.args.map((arg) => arg.value);
    if (words.some((word) => word.includes(CURRENT))) return [];
    return command.args.filter((arg) => arg.value.match(LEGACY)).map((arg) => ({ span: arg.span, subject: { step, command }, values: { text: arg.value } }));
  });
}

/** k3s and RKE2 still label their servers `node-role.kubernetes.io/master=true`: only kubeadm dropped it. */
const KEEPS_MASTER_LABEL = /\b(k3s|rke2)\b/;

function check(doc: ProvisioningDocument): Match[] {
  if (KEEPS_MASTER_LABEL.test(doc.text)) return [];
  return doc.steps.flatMap((step) => (step.kind === 'file' ? inWrittenFile(step) : step.kind === 'command' ? inCommands(step) : []));
}

/** `node-role.kubernetes.io/master: ""` on a line of its own: a nodeSelector entry, a label selection. */
const SELECTOR_ENTRY = /^node-role\.kubernetes\.io\/master\s*:\s*("(true)?"|'(true)?'|true)?\s*$/;

/** Whether the use is a label selection (not a toleration or taint): a nodeSelector entry, or `kubectl -l` / `--selector`. */
function selectsLabel(doc: ProvisioningDocument, finding: Finding): boolean {
  const { command } = finding.subject;
  if (command) {
    const i = command.args.findIndex((arg) => arg.span.start === finding.span.start);
    return i > 0 && ['-l', '--selector'].includes(command.args[i - 1].value);
  }
  const lineStart = doc.text.lastIndexOf('\n', finding.span.start - 1) + 1;
  const lineEnd = doc.text.indexOf('\n', finding.span.start);
  return SELECTOR_ENTRY.test(doc.text.slice(lineStart, lineEnd < 0 ? doc.text.length : lineEnd).trim());
}

/**
 * A label selection moves to the control-plane label, which kubeadm has applied since 1.20. A
 * toleration or taint keeps its name: the control-plane taint exists only from 1.24, so the safe
 * change is to name both, which is the author's to write.
 */
function selectControlPlane(doc: ProvisioningDocument, finding: Finding): Fix | { withheld: string } | undefined {
  if (!selectsLabel(doc, finding)) return { withheld: 'a toleration or taint needs both names until every cluster runs 1.25 or later; add the control-plane one beside it' };
  const written = doc.text.slice(finding.span.start, finding.span.end);
  const at = written.indexOf('node-role.kubernetes.io/master');
  if (at < 0) return undefined;
  const start = finding.span.start + at + 'node-role.kubernetes.io/'.length;
  const span: Span = { start, end: start + 'master'.length };
  const edit = replaceExact(doc.text, span, 'master', 'control-plane');
  return edit ? { title: `Select on ${CURRENT}`, edits: [edit] } : undefined;
}

export default defineRule({
  placeholders: ['text'],
  check,
  fixes: { 'select-control-plane': { provide: selectControlPlane } },
});
