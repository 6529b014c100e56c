import type { ProvisioningDocument } from '../../model';
import { inComment } from '../../text/comments';
import { spanText, type Match } from '../matchers';
import { defineRule } from '../rule-code';

interface Retired {
  /** Global, for every place in a file's text; `search` tests one argument without the state `test` keeps. */
  pattern: RegExp;
  what: string;
  consequence: string;
  /** The incident of this retirement, when not the rule's first. */
  incident?: string;
}

const K8S_GONE = 'frozen on 2023-09-13 and removed on 2024-03-04, so `apt-get update` / `yum install` fail; use pkgs.k8s.io (one repository per minor version)';

const RETIRED: Retired[] = [
  { pattern: /\b(apt|yum)\.kubernetes\.io\b/g, what: 'the legacy Kubernetes package repository', consequence: K8S_GONE },
  { pattern: /packages\.cloud\.google\.com\/(apt\b.*kubernetes|yum\/(repos|doc)\/.*kubernetes|apt\/doc\/apt-key\.gpg)/g, what: 'the Google-hosted Kubernetes package repository', consequence: K8S_GONE },
  { pattern: /\bsks-keyservers\.net\b/g, incident: 'gosu-2021-06-sks-keyservers', what: 'the SKS keyserver pool', consequence: 'it was shut down in 2021, so fetching a key from it fails; use keyserver.ubuntu.com or keys.openpgp.org, or the vendor’s key over HTTPS' },
];

const APT_KEY = {
  what: '`apt-key`',
  consequence: 'it is deprecated (a key it adds is trusted for every repository) and removed in Debian 13, where the command is not found; put the key in /etc/apt/keyrings/ and name it with signed-by=',
};

function check(doc: ProvisioningDocument): Match[] {
  return doc.steps.flatMap((step): Match[] => {
    if (step.kind === 'command') {
      return step.flat.flatMap((command) => {
        const retired = command.args.flatMap((arg) => {
          const found = RETIRED.find((entry) => arg.value.search(entry.pattern) >= 0);
          return found ? [{ span: arg.span, subject: { step, command }, incident: found.incident, values: { what: `\`${spanText(doc, arg.span)}\` names ${found.what}`, consequence: found.consequence } }] : [];
        });
        const verb = command.args.find((arg) => !arg.value.startsWith('-'))?.value;
        const aptKey =
          command.program === 'apt-key' && (verb === 'add' || verb === 'adv') ? [{ span: command.programSpan, subject: { step, command }, incident: 'debops-2025-10-22-apt-key-trixie', values: APT_KEY }] : [];
        return [...aptKey, ...retired];
      });
    }
    if (step.kind !== 'file' || !step.contentText) return [];
    const content = step.contentText;
    return RETIRED.flatMap((entry) =>
      [...content.text.matchAll(entry.pattern)].filter((found) => !inComment(content.text, found.index)).map((found) => ({
        span: content.toSource(found.index, found.index + found[0].length),
        subject: { step },
        incident: entry.incident,
        values: { what: `${step.path} names ${entry.what}`, consequence: entry.consequence },
      })),
    );
  });
}

export default defineRule({
  placeholders: ['what', 'consequence'],
  check,
});
