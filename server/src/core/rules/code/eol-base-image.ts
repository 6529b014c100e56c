import { assessImage, formatReference, moveOf, referenceOf, type EolAssessment, type ImageReference } from '../../eol-catalog';
import { replaceEolImage } from '../../fixes/dockerfile-fixes';
import type { ProvisioningDocument } from '../../model';
import type { EolRelease } from '../types';
import type { Match } from '../matchers';
import { defineRule, type CheckEnvironment } from '../rule-code';

const lived = (release: EolRelease) => `${release.release}, which reached end of life on ${release.eol}`;

/** Which of the image's releases ended: its own, the distribution in its tag, or both. */
function endedText({ own, ended }: EolAssessment): string {
  const ownEnded = own !== undefined && ended.includes(own.release);
  const bases = ended
    .filter((release) => release !== own?.release)
    .map(lived)
    .join(' and on ');
  if (ownEnded) return `is ${lived(own.release)}${bases ? `, built on ${bases}` : ''}`;
  return `is built on ${bases}${own ? ` (${own.release.release} itself is still supported)` : ''}`;
}

/** What to move to: the image the quick fix writes, else the successor of the release that ended, or a tag built on it. */
function successorText(image: ImageReference, assessment: EolAssessment, move: ImageReference | { withheld: string }): string {
  if (!('withheld' in move)) return formatReference(move);
  const [first] = assessment.ended;
  return first === assessment.own?.release ? first.successor : `a tag of ${image.repository} built on ${first.successor}`;
}

/** A base image whose release, or a release its tag says it is built on, was past end of support on the day of the check. */
function eolBaseImage(doc: ProvisioningDocument, _rule: unknown, env: CheckEnvironment): Match[] {
  const releases = env.ruleSet.eolReleases;
  const out: Match[] = [];
  for (const step of doc.steps) {
    if (step.kind !== 'image' || step.notAnImage || !step.repository) continue;
    const image = referenceOf(step);
    const assessment = assessImage(image, releases, env.today);
    if (assessment.ended.length === 0) continue;
    out.push({
      span: step.span,
      subject: { step },
      severity: step.stage?.shipped === false ? 'info' : undefined,
      values: { image: step.resolved, ended: endedText(assessment), successor: successorText(image, assessment, moveOf(image, assessment, releases, env.today)) },
    });
  }
  return out;
}

export default defineRule({
  placeholders: ['image', 'ended', 'successor'],
  check: eolBaseImage,
  fixes: { 'replace-eol-image': { provide: (doc, finding, env) => replaceEolImage(doc, finding, env.ruleSet.eolReleases, env.today) } },
});
