import type { CommandStep, ProvisioningDocument } from '../model';
import type { Finding } from '../finding';
import { appendWriteFile } from './text-edits';
import type { Fix } from './types';

/** For an install or preseed that turns upgrades on: write 20auto-upgrades with both switches at 0. */
export function writePeriodicOff(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  if (doc.format !== 'cloud-init' || finding.subject.entry) return undefined;
  const { step } = finding.subject;
  if (step.kind === 'service' || step.kind === 'debconf') return undefined;
  const edit = appendWriteFile(doc.text, {
    path: '/etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades',
    content: ['APT::Periodic::Update-Package-Lists "0";', 'APT::Periodic::Unattended-Upgrade "0";'],
  });
  return edit ? { title: 'Write /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades turning unattended upgrades off', edits: [edit] } : undefined;
}

/** `networkctl reload` steps, each the whole of its step. */
function networkdReloads(doc: ProvisioningDocument): CommandStep[] {
  return doc.steps.filter(
    (step): step is CommandStep => step.kind === 'command' && step.flat.length === 1 && doc.text.slice(step.flat[0].span.start, step.flat[0].span.end) === 'networkctl reload',
  );
}

/**
 * The networkd.conf drop-in that leaves routes and rules of other software alone. networkd reads
 * networkd.conf only when it starts, and write_files runs after it started: a `networkctl reload`
 * later in the document would keep running with the old setting (and flush on reconfigure), so it
 * becomes the restart that loads the drop-in — the same document the two fixes give in the other order.
 */
export function writeKeepForeignDropIn(doc: ProvisioningDocument): Fix | undefined {
  if (doc.format !== 'cloud-init') return undefined;
  const write = appendWriteFile(doc.text, {
    path: '/etc/systemd/networkd.conf.d/90-keep-foreign.conf',
    content: ['[Network]', 'ManageForeignRoutes=no', 'ManageForeignRoutingPolicyRules=no'],
  });
  if (!write) return undefined;
  const reloads = networkdReloads(doc);
  const title = 'Write a networkd.conf drop-in with ManageForeignRoutes=no and ManageForeignRoutingPolicyRules=no';
  return {
    title: reloads.length > 0 ? `${title}, and restart networkd instead of \`networkctl reload\` so that it reads the drop-in` : title,
    edits: [...reloads.map((step) => ({ span: step.flat[0].span, newText: 'systemctl restart systemd-networkd' })), write],
    removes: reloads.map((step) => step.span),
  };
}
