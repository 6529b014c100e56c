import type { ProvisioningDocument } from '../model';
import type { Finding } from '../finding';
import { replaceExact } from './text-edits';
import type { Fix } from './types';

/** Rewrites the value a finding is about, in place: a config entry, a setting or an environment word. */
function rewriteValue(doc: ProvisioningDocument, finding: Finding, title: string, rewrite: (value: string) => string | undefined): Fix | undefined {
  const { step, entry } = finding.subject;
  let span;
  let current;
  if (entry) {
    if (step.kind !== 'file' || !step.contentExact) return undefined;
    span = entry.valueSpan;
    current = entry.value;
  } else if (step.kind === 'setting') {
    span = step.valueSpan;
    current = doc.text.slice(span.start, span.end);
  } else if (step.kind === 'environment') {
    span = step.valueSpan;
    current = doc.text.slice(span.start, span.end);
  } else {
    return undefined;
  }
  const replacement = rewrite(current);
  if (replacement === undefined) return undefined;
  const edit = replaceExact(doc.text, span, current, replacement);
  return edit ? { title, edits: [edit] } : undefined;
}

export const setPeriodicOff = (doc: ProvisioningDocument, finding: Finding): Fix | undefined =>
  finding.subject.entry?.key.toLowerCase() === 'apt::periodic::unattended-upgrade'
    ? rewriteValue(doc, finding, 'Set APT::Periodic::Unattended-Upgrade to "0"', () => '0')
    : undefined;

export const needrestartListOnly = (doc: ProvisioningDocument, finding: Finding): Fix | undefined =>
  rewriteValue(doc, finding, "Make needrestart list only ('l')", (value) => (value.endsWith('a') ? `${value.slice(0, -1)}l` : undefined));

export const disableAutomaticReboot = (doc: ProvisioningDocument, finding: Finding): Fix | undefined =>
  rewriteValue(doc, finding, 'Turn automatic reboot off', (value) =>
    /^true$/i.test(value) ? 'false' : /^yes$/i.test(value) ? 'no' : /^when-(needed|changed)$/i.test(value) ? 'never' : undefined,
  );

export const disablePackageUpgrade = (doc: ProvisioningDocument, finding: Finding): Fix | undefined =>
  rewriteValue(doc, finding, 'Set package_upgrade: false (patch in the image build)', (value) => (/^(true|yes|on)$/i.test(value) ? 'false' : undefined));
