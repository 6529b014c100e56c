import { X509Certificate } from 'node:crypto';
import type { FileWriteStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule, type CheckEnvironment } from '../rule-code';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const DEFAULT_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The certificate a PEM block holds; undefined when it does not parse (a placeholder, a template). */
function certificateOf(pem: string): X509Certificate | undefined {
  try {
    // Block scalars and heredocs indent the base64 lines: PEM readers take them unindented.
    return new X509Certificate(pem.replace(/^[ \t]+/gm, ''));
  } catch {
    return undefined;
  }
}

/** The subject's common name, else the whole subject, on one line. */
function subjectOf(certificate: X509Certificate): string {
  const fields = certificate.subject.split('\n');
  return fields.find((field) => field.startsWith('CN='))?.slice(3) ?? fields.join(', ');
}

function expiring(step: FileWriteStep, env: CheckEnvironment): Match[] {
  const content = step.contentText;
  if (!content?.text.includes('-----BEGIN CERTIFICATE-----')) return [];
  const days = env.config?.certificates?.expiryWarningDays ?? DEFAULT_WARNING_DAYS;
  const now = env.today.getTime();
  return [...content.text.matchAll(PEM_CERTIFICATE)].flatMap((found) => {
    const certificate = certificateOf(found[0]);
    if (!certificate) return [];
    const notAfter = new Date(certificate.validTo);
    const left = Math.floor((notAfter.getTime() - now) / DAY_MS);
    if (left > days) return [];
    const when = notAfter.getTime() <= now ? 'has expired' : `expires in ${left} day${left === 1 ? '' : 's'}`;
    return [
      {
        span: content.toSource(found.index, found.index + found[0].length),
        subject: { step },
        values: { subject: subjectOf(certificate), when, notAfter: `notAfter ${notAfter.toISOString().slice(0, 10)}` },
      },
    ];
  });
}

function check(doc: ProvisioningDocument, _rule: unknown, env: CheckEnvironment): Match[] {
  return doc.steps.flatMap((step) => (step.kind === 'file' ? expiring(step, env) : []));
}

export default defineRule({
  placeholders: ['subject', 'when', 'notAfter'],
  check,
});
