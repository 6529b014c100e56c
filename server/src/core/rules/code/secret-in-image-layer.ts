import { copyToSecretMount } from '../../fixes/dockerfile-fixes';
import type { CopyStep, EnvironmentStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

/** Files that are credentials by name; public halves and certificates are not. */
const SECRET_FILE = /(^|\/)(\.ssh|\.aws|\.gnupg|\.kube|id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|key|p12|pfx|jks|keystore)|\.env|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials(\.json)?|service[-_]?account[^/]*\.json|kubeconfig|\.dockercfg)$/i;
const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|(ROOT|ADMIN)?_?PASS|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|LICEN[CS]E_?KEY|CREDENTIALS?|AUTH_?TOKEN)(_|$)/i;
/** Values a build sets only so a step runs (`SECRET_KEY_BASE=dummy rake assets:precompile`), or that come from elsewhere. */
const PLACEHOLDER = /^(\$.*|dummy|placeholder|changeme|change-?me|fake|test|example|x+|0|1|true|false|none|null|nil|secret|password|precompile|build|ci|)$/i;
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

/** Where a setting is kept: ENV in the image configuration, a build argument or a RUN line in the image history. */
const KEPT_IN = {
  ENV: 'ENV is stored in the image configuration',
  ARG: 'the build argument is recorded in the image history by the RUN that uses it',
  RUN: 'the RUN line, value included, is recorded in the image history',
};

function secretSetting(doc: ProvisioningDocument, step: EnvironmentStep): Match | undefined {
  const instruction = step.origin.startsWith('ARG') ? 'ARG' : step.origin.startsWith('ENV') ? 'ENV' : 'RUN';
  const secretName = SECRET_NAME.test(step.name) && !NOT_SECRET_NAME.test(step.name);
  const secretValue = SECRET_VALUE.test(step.value);
  if (!secretName && !secretValue) return undefined;
  if (!secretValue) {
    if (instruction === 'ARG' && !usedByRun(doc, step)) return undefined;
    if (instruction === 'ENV' && step.value === '') return undefined;
    // A command-prefix assignment lives only in that RUN: a placeholder there leaks nothing.
    if (instruction === 'RUN' && PLACEHOLDER.test(step.value.trim())) return undefined;
  }
  return { span: step.span, subject: { step }, values: { value: step.name, detail: KEPT_IN[instruction] } };
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
