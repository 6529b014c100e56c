import { copyToSecretMount } from '../../fixes/dockerfile-fixes';
import type { CopyStep, EnvironmentStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

/** Files that are credentials by name; public halves and certificates are not. */
const SECRET_FILE = /(^|\/)(id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|key|p12|pfx|jks|keystore)|\.env|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials(\.json)?|service[-_]?account[^/]*\.json|kubeconfig|\.dockercfg)$/i;
const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH_?TOKEN)(_|$)/i;
/** Names that point at a secret elsewhere, or name public material. */
const NOT_SECRET_NAME = /(_FILE|_PATH|_DIR|_URL|_ENDPOINT|_VERSION|_ID|_NAME|_LENGTH|_HEADER)$|^GPG_KEYS?$|KEYRING/i;
const SECRET_VALUE = /AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,}/;

function copiedSecrets(step: CopyStep): Match[] {
  return step.sources
    .filter((source) => SECRET_FILE.test(source.value.replace(/\/+$/, '')) && !source.value.includes('://'))
    .map((source) => ({ span: source.span, subject: { step }, values: { value: source.value, detail: `${step.instruction} puts it in a layer of the image` } }));
}

/** Whether a later RUN of the same stage uses the build argument (its value then shows in the history). */
function usedByRun(doc: ProvisioningDocument, arg: EnvironmentStep): boolean {
  const reference = new RegExp(`\\$\\{?${arg.name}\\b`);
  return doc.steps.some((step) => step.kind === 'command' && step.stage === arg.stage && step.order > arg.order && reference.test(doc.text.slice(step.span.start, step.span.end)));
}

function secretSetting(doc: ProvisioningDocument, step: EnvironmentStep): Match | undefined {
  const isArg = step.origin.startsWith('ARG');
  const secretName = SECRET_NAME.test(step.name) && !NOT_SECRET_NAME.test(step.name);
  const secretValue = SECRET_VALUE.test(step.value);
  if (!secretName && !secretValue) return undefined;
  if (isArg ? !secretValue && !usedByRun(doc, step) : !secretValue && step.value === '') return undefined;
  const where = isArg ? 'the build argument is recorded in the image history by the RUN that uses it' : 'ENV is stored in the image configuration';
  return { span: step.span, subject: { step }, values: { value: step.name, detail: where } };
}

/**
 * Credentials that reach the shipped image: files copied into a stage whose layers ship (a later
 * `RUN rm` does not remove them from the earlier layer), and ENV/ARG holding secret-looking names
 * or values. Builder stages that only hand artefacts on are not shipped.
 */
function secretInImageLayer(doc: ProvisioningDocument): Match[] {
  const out: Match[] = [];
  for (const step of doc.steps) {
    if (!step.stage?.shipped) continue;
    if (step.kind === 'copy') out.push(...copiedSecrets(step));
    else if (step.kind === 'environment') {
      const match = secretSetting(doc, step);
      if (match) out.push(match);
    }
  }
  return out;
}

export default defineRule({
  placeholders: ['value', 'detail'],
  check: secretInImageLayer,
  fixes: { 'copy-to-secret-mount': { structural: true, provide: copyToSecretMount } },
});
