import type { ProvisioningDocument } from '../model';
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

/** The networkd.conf drop-in that leaves routes and rules of other software alone. */
export function writeKeepForeignDropIn(doc: ProvisioningDocument): Fix | undefined {
  if (doc.format !== 'cloud-init') return undefined;
  const edit = appendWriteFile(doc.text, {
    path: '/etc/systemd/networkd.conf.d/90-keep-foreign.conf',
    content: ['[Network]', 'ManageForeignRoutes=no', 'ManageForeignRoutingPolicyRules=no'],
  });
  return edit ? { title: 'Write a networkd.conf drop-in with ManageForeignRoutes=no and ManageForeignRoutingPolicyRules=no', edits: [edit] } : undefined;
}
