import type { ImageStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import type { EolRelease } from '../types';
import type { CheckEnvironment } from './index';

/** The first day a release was no longer supported: the day after its date (`2024-06` = after June 30). */
export function firstUnsupportedDay(release: EolRelease): Date {
  const [year, month, day] = release.eol.split('-').map(Number);
  return day ? new Date(Date.UTC(year, month - 1, day + 1)) : new Date(Date.UTC(year, month, 1));
}

/** A tag of the release itself, or one that continues it (`3.7` → `3.7.17-slim`). */
function tagMatches(tag: string, releaseTag: string): boolean {
  return tag === releaseTag || tag.startsWith(`${releaseTag}.`) || tag.startsWith(`${releaseTag}-`);
}

export function releaseOf(image: ImageStep, releases: EolRelease[]): EolRelease | undefined {
  const tag = image.tag;
  if (!tag || !image.repository) return undefined;
  const repository = image.repository;
  const own = releases.find((release) => release.repositories.includes(repository) && release.tags.some((releaseTag) => tagMatches(tag, releaseTag)));
  if (own) return own;
  const parts = tag.split('-');
  return releases.find((release) => release.codename !== undefined && parts.slice(1).includes(release.codename));
}

/** A base image whose release was past end of support on the day of the check. */
export function eolBaseImage(doc: ProvisioningDocument, _rule: unknown, env: CheckEnvironment): Match[] {
  const out: Match[] = [];
  for (const step of doc.steps) {
    if (step.kind !== 'image' || step.notAnImage) continue;
    const release = releaseOf(step, env.ruleSet.eolReleases);
    if (!release || env.today < firstUnsupportedDay(release)) continue;
    out.push({
      span: step.span,
      subject: { step },
      severity: step.stage?.shipped === false ? 'info' : undefined,
      values: { value: step.resolved, detail: release.release, key: release.eol, path: release.successor },
    });
  }
  return out;
}
