import type { ProvisioningDocument } from '../model';
import type { Finding } from '../finding';
import { itemLines, replaceExact } from './text-edits';
import type { Fix } from './types';

/** Whether the document writes a networkd.conf drop-in (before execution order `before`, when given). */
export function writesNetworkdConf(doc: ProvisioningDocument, before = Infinity): boolean {
  return doc.steps.some((step) => step.kind === 'file' && step.fileKind === 'networkd-conf' && step.order < before);
}

/** `systemctl restart systemd-networkd` → `networkctl reload`: re-reads config without a flush on stop. */
export function networkctlReload(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  const { step } = finding.subject;
  if (step.kind !== 'service' || step.action !== 'restart') return undefined;
  // A reload never reads networkd.conf: where the document writes a drop-in, the restart is what loads it.
  if (writesNetworkdConf(doc)) return undefined;
  const written = doc.text.slice(step.span.start, step.span.end);
  if (!/^(sudo\s+)?systemctl\s+restart\s+systemd-networkd(\.service)?$/.test(written)) return undefined;
  const edit = replaceExact(doc.text, step.span, written, 'networkctl reload');
  return edit ? { title: 'Use `networkctl reload` instead of restarting systemd-networkd', edits: [edit] } : undefined;
}

/** The list an item is in: `runcmd[3]` → `runcmd`, `play[0].tasks[2]` → `play[0].tasks` (never another play's). */
function listOf(origin: string): string {
  return origin.replace(/\[\d+\]$/, '');
}

/** Where the blank lines right above the line at `lineStart` begin. */
function blankRunStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const previous = text.lastIndexOf('\n', start - 2) + 1;
    if (text.slice(previous, start).trim() !== '') break;
    start = previous;
  }
  return start;
}

/**
 * Moves the SSH allow rule's list item in front of the item that closes the firewall, when both
 * are whole items of the same list (the same play and section: a handler stays a handler). The
 * blank lines that separated the moved item travel with it, so the list keeps its spacing.
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
      listOf(step.origin) === listOf(closing.origin),
  );
  if (!allow?.statement || !closing.statement) return undefined;
  const from = itemLines(doc.text, allow.statement);
  const to = itemLines(doc.text, closing.statement);
  if (!from || !to || from.start < to.end) return undefined;
  const moved = doc.text.slice(from.start, from.end);
  const separatorStart = Math.max(to.end, blankRunStart(doc.text, from.start));
  const separator = doc.text.slice(separatorStart, from.start);
  return {
    title: 'Allow SSH before the firewall is enabled',
    edits: [
      { span: { start: to.start, end: to.start }, newText: (moved.endsWith('\n') ? moved : `${moved}\n`) + separator },
      { span: { start: separatorStart, end: from.end }, newText: '' },
    ],
  };
}
