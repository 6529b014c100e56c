import type { ImageStep } from './model';
import { parseImageReference, type ImageReference } from './parse/dockerfile/image-reference';
import type { EolRelease } from './rules/types';

export type { ImageReference };

const DOCKER_HUB = new Set([undefined, 'docker.io', 'index.docker.io']);

/** Tag parts that name a flavour of an image, not a release: the successor has the same ones. */
const CARRIED_VARIANTS = new Set(['slim', 'alpine', 'backports', 'apache', 'fpm', 'cli', 'zts']);

/** Whether a release was past its support on `today`: from the day after its date; never while upstream announced none. */
function isPast(release: EolRelease, today: Date): boolean {
  if (!release.eol) return false;
  const [year, month, day] = release.eol.split('-').map(Number);
  return today >= new Date(Date.UTC(year, month - 1, day + 1));
}

/** A `FROM` image as the catalog reads it: registry, repository and tag, after build arguments. */
export function referenceOf(image: ImageStep): ImageReference {
  return parseImageReference(image.resolved);
}

export function isDockerHub(image: ImageReference): boolean {
  return DOCKER_HUB.has(image.registry);
}

/** Whether a release's repositories name the image: by repository on any registry (mirrors), or with the registry the catalog spells out. */
function names(release: EolRelease, image: ImageReference): boolean {
  return release.repositories.some((repository) => repository === image.repository || repository === `${image.registry}/${image.repository}`);
}

/** The catalog tag a tag belongs to: the release's own tag, or the longest one it continues (`3.7` → `3.7.17-slim`). */
function releaseTagOf(tag: string, release: EolRelease): string | undefined {
  const matching = release.tags.filter((releaseTag) => tag === releaseTag || tag.startsWith(`${releaseTag}.`) || tag.startsWith(`${releaseTag}-`));
  return matching.sort((a, b) => b.length - a.length)[0];
}

/** The release an image is by its repository and tag: the longest catalog tag wins (`postgres:9.6` is 9.6, though `9` is 9.6's too). */
function ownRelease(image: ImageReference, releases: readonly EolRelease[]): { release: EolRelease; tag: string } | undefined {
  let best: { release: EolRelease; tag: string } | undefined;
  for (const release of releases) {
    const tag = image.tag !== undefined && names(release, image) ? releaseTagOf(image.tag, release) : undefined;
    if (tag !== undefined && (!best || tag.length > best.tag.length)) best = { release, tag };
  }
  return best;
}

/**
 * The releases an image is built on, by a marker among its tag's parts (`python:3.11-slim-buster`,
 * `node:18-alpine3.18`). Only an official image's tag may begin with one (`rust:buster`): in other
 * repositories a first part is too often a word of their own (`mycorp/debian:stretch-tools`).
 */
function baseReleases(image: ImageReference, releases: readonly EolRelease[]): EolRelease[] {
  const parts = image.tag?.split('-') ?? [];
  const marked = isDockerHub(image) && !image.repository.includes('/') ? parts : parts.slice(1);
  return releases.filter((release) => release.marker !== undefined && marked.includes(release.marker));
}

/** What the catalog says of an image: the release it is, and those past their date, its own first. */
export interface EolAssessment {
  own?: { release: EolRelease; tag: string };
  ended: EolRelease[];
}

export function assessImage(image: ImageReference, releases: readonly EolRelease[], today: Date): EolAssessment {
  const own = ownRelease(image, releases);
  const bases = baseReleases(image, releases).filter((base) => base !== own?.release);
  return { own, ended: [...(own ? [own.release] : []), ...bases].filter((release) => isPast(release, today)) };
}

/** The catalog release an image reference (a successor) names. */
function releaseNamed(reference: string, releases: readonly EolRelease[]): EolRelease | undefined {
  return ownRelease(parseImageReference(reference), releases)?.release;
}

/** The reference as written in a `FROM`: Docker Hub's registry left out. */
export function formatReference(image: ImageReference): string {
  return `${isDockerHub(image) ? '' : `${image.registry}/`}${image.repository}:${image.tag}`;
}

/**
 * Where an image moves: to its release's successor when that release ended, or to the same release;
 * either way keeping its variant, and with the marker of each ended release it is built on swapped
 * for that release's successor's (`python:3.8-slim-buster` → `python:3.14-slim-trixie`). Alpine stays
 * Alpine and slim stays slim: musl and glibc binaries do not mix. Withheld, with the reason, when a
 * part of the tag is not known to exist on the result.
 */
export function moveOf(image: ImageReference, assessment: EolAssessment, releases: readonly EolRelease[], today: Date): ImageReference | { withheld: string } {
  const { own } = assessment;
  if (own?.release.fixWithheld) return { withheld: own.release.fixWithheld };
  let target: ImageReference;
  let parts: string[];
  if (own) {
    target = isPast(own.release, today) ? parseImageReference(own.release.successor) : { ...image, tag: own.tag };
    // A point release (`3.8.10`) is dropped: it was never built on the successor's distribution.
    parts = image
      .tag!.slice(own.tag.length)
      .replace(/^(\.\d+)*/, '')
      .split('-')
      .filter(Boolean);
    if (parts.length > 0 && target.repository !== image.repository) return { withheld: `${target.repository} has no counterpart of the \`${parts.join('-')}\` variant` };
  } else {
    parts = image.tag!.split('-');
    const version = parts.find((part) => /^\d/.test(part));
    if (version !== undefined)
      return {
        withheld: `whether ${image.repository} ${version} is built on ${assessment.ended.map((base) => base.successor).join(' and ')} is not known here; pick a tag that is`,
      };
    target = { ...image, tag: undefined };
  }
  const moved: string[] = [];
  for (const part of parts) {
    const base = releases.find((release) => release.marker === part);
    const successor = base && (isPast(base, today) ? releaseNamed(base.successor, releases)?.marker : part);
    if (successor) moved.push(successor);
    else if (CARRIED_VARIANTS.has(part)) moved.push(part);
    else if (base) return { withheld: `the catalog knows no marker of ${base.successor} to put in place of \`${part}\`` };
    else return { withheld: `\`${part}\` is not a variant known to exist on ${own ? formatReference(target) : assessment.ended.map((ended) => ended.successor).join(' and ')}` };
  }
  return { ...target, tag: [...(target.tag ? [target.tag] : []), ...moved].join('-') };
}

/**
 * What keeps the catalog from being trusted on `today`: a date passed for a release not marked
 * ended (or the reverse), a successor that ended or that the catalog does not know, a tag or marker
 * claimed twice.
 */
export function catalogProblems(releases: readonly EolRelease[], today: Date): string[] {
  const problems: string[] = [];
  const seen = new Map<string, EolRelease>();
  for (const release of releases) {
    const past = isPast(release, today);
    if (past && !release.ended)
      problems.push(`${release.release}: its support ended on ${release.eol}, but it is not marked \`ended\`; mark it, and move what names it as successor`);
    if (!past && release.ended) problems.push(`${release.release}: marked \`ended\`, but its date (${release.eol}) has not passed`);
    const successor = releaseNamed(release.successor, releases);
    if (successor === release) problems.push(`${release.release}: its successor ${release.successor} is itself`);
    else if (successor && isPast(successor, today))
      problems.push(`${release.release}: its successor ${release.successor} is ${successor.release}, which ended on ${successor.eol}`);
    else if (!successor && (past || release.ended))
      problems.push(`${release.release}: its successor ${release.successor} is no release in the catalog, so its end of life is not known`);
    for (const key of [
      ...release.repositories.flatMap((repository) => release.tags.map((tag) => `${repository}:${tag}`)),
      ...(release.marker ? [`marker ${release.marker}`] : []),
    ]) {
      const other = seen.get(key);
      if (other) problems.push(`${release.release}: ${key} is also ${other.release}`);
      seen.set(key, release);
    }
  }
  return problems;
}

/** Releases whose support ends within `days` after today: not yet a problem, but soon. */
export function endingSoon(releases: readonly EolRelease[], today: Date, days: number): EolRelease[] {
  const horizon = new Date(today.getTime() + days * 86_400_000);
  return releases.filter((release) => !isPast(release, today) && isPast(release, horizon));
}
