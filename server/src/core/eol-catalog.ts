import type { ImageStep } from './model';
import type { EolRelease } from './rules/types';

/** The first day a release was no longer supported: the day after its date (`2024-06` = after June 30). */
export function firstUnsupportedDay(release: EolRelease): Date {
  const [year, month, day] = release.eol.split('-').map(Number);
  return day ? new Date(Date.UTC(year, month - 1, day + 1)) : new Date(Date.UTC(year, month, 1));
}

/** The catalog tag a tag belongs to: the release's own tag, or one that continues it (`3.7` → `3.7.17-slim`). */
export function releaseTagOf(tag: string, release: EolRelease): string | undefined {
  return release.tags.find((releaseTag) => tag === releaseTag || tag.startsWith(`${releaseTag}.`) || tag.startsWith(`${releaseTag}-`));
}

/** The catalog release an image is: by repository and tag, or by a codename in a language image's tag (`python:3.11-slim-buster`). */
export function releaseOf(image: ImageStep, releases: readonly EolRelease[]): EolRelease | undefined {
  const tag = image.tag;
  if (!tag || !image.repository) return undefined;
  const repository = image.repository;
  const own = releases.find((release) => release.repositories.includes(repository) && releaseTagOf(tag, release) !== undefined);
  if (own) return own;
  const parts = tag.split('-');
  return releases.find((release) => release.codename !== undefined && parts.slice(1).includes(release.codename));
}
