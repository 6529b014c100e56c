import { firstUnsupportedDay, releaseOf } from '../../eol-catalog';
import { replaceEolImage } from '../../fixes/dockerfile-fixes';
import type { ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule, type CheckEnvironment } from '../rule-code';

/** A base image whose release was past end of support on the day of the check. */
function eolBaseImage(doc: ProvisioningDocument, _rule: unknown, env: CheckEnvironment): Match[] {
  const out: Match[] = [];
  for (const step of doc.steps) {
    if (step.kind !== 'image' || step.notAnImage) continue;
    const release = releaseOf(step, env.ruleSet.eolReleases);
    if (!release || env.today < firstUnsupportedDay(release)) continue;
    out.push({
      span: step.span,
      subject: { step },
      severity: step.stage?.shipped === false ? 'info' : undefined,
      values: { image: step.resolved, release: release.release, eol: release.eol, successor: release.successor },
    });
  }
  return out;
}

export default defineRule({
  placeholders: ['image', 'release', 'eol', 'successor'],
  check: eolBaseImage,
  fixes: { 'replace-eol-image': { provide: (doc, finding, env) => replaceEolImage(doc, finding, env.ruleSet.eolReleases, env.today) } },
});
