import type { ProvisioningDocument } from '../model';
import type { Finding } from '../finding';
import { itemLines, replaceExact } from './text-edits';
import type { Fix } from './types';

/** `systemctl restart systemd-networkd` → `networkctl reload`: re-reads config without a flush on stop. */
export function networkctlReload(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  const { step } = finding.subject;
  if (step.kind !== 'service' || step.action !== 'restart') return undefined;
  const written = doc.text.slice(step.span.start, step.span.end);
  if (!/^(sudo\s+)?systemctl\s+restart\s+systemd-networkd(\.service)?$/.test(written)) return undefined;
  const edit = replaceExact(doc.text, step.span, written, 'networkctl reload');
  return edit ? { title: 'Use `networkctl reload` instead of restarting systemd-networkd', edits: [edit] } : undefined;
}

/**
 * Moves the SSH allow rule's list item in front of the item that closes the firewall, when both
 * are whole items of the same list.
 */
export function allowSshFirst(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  const closing = finding.subject.step;
  const allow = doc.steps.find(
    (step) =>
      step.kind === 'firewall' &&
      step.action === 'allow-ssh' &&
      step.statement &&
      closing.statement &&
      step.order > closing.order &&
      step.origin.split('[')[0] === closing.origin.split('[')[0],
  );
  if (!allow?.statement || !closing.statement) return undefined;
  const from = itemLines(doc.text, allow.statement);
  const to = itemLines(doc.text, closing.statement);
  if (!from || !to || from.start < to.end) return undefined;
  const moved = doc.text.slice(from.start, from.end);
  return {
    title: 'Allow SSH before the firewall is enabled',
    edits: [
      { span: { start: to.start, end: to.start }, newText: moved.endsWith('\n') ? moved : `${moved}\n` },
      { span: from, newText: '' },
    ],
  };
}
