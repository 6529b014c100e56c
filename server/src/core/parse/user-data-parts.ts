import type { ParseContext } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import type { MappedText } from '../text/mapped-text';

/** A user-data format, and whether it runs at every boot (a boothook). */
export interface UserDataKind {
  format: 'cloud-init' | 'user-data-script';
  everyBoot?: boolean;
}

/** What a user-data text is, by its first line (indentation aside, as in a `<<-` heredoc). */
export function kindByHeader(text: string): UserDataKind | undefined {
  const first = text.trimStart().split('\n', 1)[0].trimEnd();
  if (first === '#cloud-config') return { format: 'cloud-init' };
  if (first === '#cloud-boothook') return { format: 'user-data-script', everyBoot: true };
  if (first.startsWith('#!')) return { format: 'user-data-script' };
  return undefined;
}

/** What a MIME type declares a user-data part to be (cloud-init's part handlers). */
export function kindByContentType(contentType: string | undefined): UserDataKind | undefined {
  if (contentType === 'text/cloud-config') return { format: 'cloud-init' };
  if (contentType === 'text/x-shellscript') return { format: 'user-data-script' };
  if (contentType === 'text/cloud-boothook') return { format: 'user-data-script', everyBoot: true };
  return undefined;
}

/**
 * User-data embedded in another file (a Terraform heredoc, a CloudFormation `UserData`, a part of
 * an archive), parsed as its kind; a script runs once per instance, or at every boot.
 */
export function embedUserData(ctx: ParseContext, content: MappedText, kind: UserDataKind, origin: string, everyBoot = false): ProvisioningDocument | undefined {
  if (kind.format === 'cloud-init') return ctx.embed('cloud-init', content);
  const phase = everyBoot || kind.everyBoot ? ('every-boot' as const) : ('first-boot' as const);
  return ctx.embed('user-data-script', content, { phase, order: 0, origin, span: content.toSource(0, content.text.length) });
}

/** Where a part's scripts run relative to the cloud-config modules: after them, in part order. */
const PART_ORDER = 1_000_000;

/**
 * The parts one instance receives (a `cloudinit_config`, an archive) as one document, so that a
 * mitigation in one part (a networkd.conf drop-in written by the cloud-config) covers a hazard in
 * another (the script that installs Tailscale). Part scripts run after the cloud-config's modules.
 */
export function asOneHost(parts: ProvisioningDocument[]): ProvisioningDocument | undefined {
  if (parts.length <= 1) return parts[0];
  const steps = parts.flatMap((part, index) => (part.format === 'cloud-init' ? part.steps : part.steps.map((step) => ({ ...step, order: step.order + (index + 1) * PART_ORDER }))));
  return { ...parts[0], steps: steps.sort((a, b) => a.order - b.order), problems: parts.flatMap((part) => part.problems) };
}
