import type { ProvisioningDocument, Span, Step } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

const SSHD_CONFIG = /^\/etc\/ssh\/sshd_config(\.d\/[^/]+\.conf)?$/;
/** `Port 2222`, `ListenAddress 10.0.0.1:2222`: where sshd listens (not port 22). */
const LISTEN_LINE = /^[ \t]*(Port[ \t]+(?!22\b)\d+|ListenAddress[ \t]+\S+)/gim;
const SSH_UNITS = /^(ssh|sshd)(\.service)?$/;
/** Ubuntu releases from 22.10 on, as files name them (codenames, versions, image names). */
const SOCKET_ACTIVATED_UBUNTU = /\b(kinetic|lunar|mantic|noble|oracular|plucky|questing)\b|ubuntu[-_:/ ]?(2[3-9]|22\.10)[.-]?\d*/i;

/** Where the document takes care of the socket: a drop-in, socket activation turned off, or the socket restarted after a reload. */
function handlesTheSocket(doc: ProvisioningDocument): boolean {
  const socket = (actions: string[]) => doc.steps.some((step) => step.kind === 'service' && step.unit === 'ssh.socket' && actions.includes(step.action));
  const dropIn = doc.steps.some((step) => step.kind === 'file' && step.path.startsWith('/etc/systemd/system/ssh.socket.d/'));
  const reloads = doc.steps.some((step) => step.kind === 'command' && step.flat.some((command) => command.program === 'systemctl' && command.args.some((arg) => arg.value === 'daemon-reload')));
  return dropIn || socket(['disable', 'mask', 'stop']) || (reloads && socket(['restart']));
}

/** Package managers of the RHEL family: sshd is not socket-activated there. */
function rhelFamily(steps: Step[]): boolean {
  return steps.some((step) => step.kind === 'package' && ['yum', 'dnf', 'microdnf'].includes(step.manager));
}

/** A change of where sshd listens: the step, the text, and the file it is written to. */
interface ListenChange {
  step: Step;
  span: Span;
  change: string;
  file: string;
}

/** Port and ListenAddress lines written to sshd's config: by a file, `echo`/`tee`, or `sed -i` (its replacement text). */
function changes(doc: ProvisioningDocument): ListenChange[] {
  return doc.steps.flatMap((step): ListenChange[] => {
    if (step.kind !== 'file' || !SSHD_CONFIG.test(step.path) || !step.contentText) return [];
    const content = step.contentText;
    return [...content.text.matchAll(LISTEN_LINE)].map((found) => ({
      step,
      span: content.toSource(found.index + found[0].length - found[1].length, found.index + found[0].length),
      change: `\`${found[1].replace(/[ \t]+/, ' ')}\``,
      file: step.path,
    }));
  });
}

function check(doc: ProvisioningDocument): Match[] {
  const restarts = doc.steps.some((step) => step.kind === 'service' && SSH_UNITS.test(step.unit) && ['restart', 'reload', 'start'].includes(step.action));
  if (!restarts || rhelFamily(doc.steps) || handlesTheSocket(doc)) return [];
  const ubuntu = SOCKET_ACTIVATED_UBUNTU.exec(doc.text)?.[0];
  return changes(doc).map((change) => ({
    span: change.span,
    subject: { step: change.step },
    severity: ubuntu ? ('warning' as const) : undefined,
    values: { change: change.change, file: change.file, release: ubuntu ? `this file names ${ubuntu}` : 'if the host runs such a release' },
  }));
}

export default defineRule({
  placeholders: ['change', 'file', 'release'],
  check,
});
