import { installedPath } from '../parse/file-kinds';
import type { CommandStep, ImageStep, ProvisioningDocument } from '../model';
import { firstUnsupportedDay, releaseOf, releaseTagOf } from '../eol-catalog';
import type { Finding } from '../finding';
import type { EolRelease } from '../rules/types';
import { parseImageReference } from '../parse/dockerfile/image-reference';
import type { Fix } from './types';

/**
 * The variant parts of a tag after its release (`-slim`, `-alpine3.18`, `-buster`) as the successor
 * should carry them: slim and alpine stay (alpine without its own, possibly ended, version), an
 * end-of-life codename goes (the successor's default distribution replaces it). Undefined when a
 * part is not known to mean the same on the successor (`windowsservercore`).
 */
function successorVariant(rest: string, releases: readonly EolRelease[], today: Date): string[] | undefined {
  const kept: string[] = [];
  for (const part of rest
    .replace(/^(\.\d+)*/, '')
    .split('-')
    .filter(Boolean)) {
    if (part === 'slim' || /^alpine[\d.]*$/.test(part)) kept.push(part.startsWith('alpine') ? 'alpine' : part);
    else if (!releases.some((release) => release.codename === part && firstUnsupportedDay(release) <= today)) return undefined;
  }
  return kept;
}

/** The reference to move to: the successor with the image's variant, or the codename swapped. */
function successorReference(image: ImageStep, release: EolRelease, releases: readonly EolRelease[], today: Date): string | undefined {
  const successor = parseImageReference(release.successor);
  const tag = image.tag!;
  const releaseTag = releaseTagOf(tag, release);
  if (releaseTag !== undefined && image.repository && release.repositories.includes(image.repository)) {
    const variant = successorVariant(tag.slice(releaseTag.length), releases, today);
    const successorTag = successor.tag ?? 'latest';
    if (variant === undefined || (variant.length > 0 && successor.repository !== image.repository)) return undefined;
    const missing = variant.filter((part) => !successorTag.split('-').includes(part));
    return `${successor.repository}:${[successorTag, ...missing].join('-')}`;
  }
  // Built on the release (`python:3.11-slim-buster`): swap the codename for the successor's.
  const successorCodename = successor.tag?.split('-')[0];
  if (!release.codename || !successorCodename || !/^[a-z]+$/.test(successorCodename)) return undefined;
  const parts = tag.split('-').map((part, index) => (index > 0 && part === release.codename ? successorCodename : part));
  return `${image.repository}:${parts.join('-')}`;
}

/** Replaces an end-of-life base image with its successor where the reference is written literally. */
export function replaceEolImage(doc: ProvisioningDocument, finding: Finding, releases: readonly EolRelease[], today: Date): Fix | undefined {
  const image = finding.subject.step;
  if (image.kind !== 'image' || image.written !== image.resolved || image.digest) return undefined;
  const reference = parseImageReference(image.written);
  if (reference.registry && reference.registry !== 'docker.io') return undefined;
  const release = releaseOf(image, releases);
  const replacement = release && successorReference(image, release, releases, today);
  if (!replacement || doc.text.slice(image.span.start, image.span.end) !== image.written) return undefined;
  return { title: `Move to ${replacement}`, edits: [{ span: image.span, newText: replacement }] };
}

/** `--chown=1000:1000` and `--chmod=0600` as secret-mount options; undefined for flags a mount cannot carry (a named owner). */
function mountOptions(copyText: string): string | undefined {
  const options: string[] = [];
  for (const [, flag, value] of copyText.matchAll(/--([a-z]+)(?:=(\S+))?/g)) {
    const owner = flag === 'chown' ? /^(\d+)(?::(\d+))?$/.exec(value ?? '') : undefined;
    if (owner) options.push(`uid=${owner[1]}`, ...(owner[2] ? [`gid=${owner[2]}`] : []));
    else if (flag === 'chmod' && /^[0-7]{3,4}$/.test(value ?? '')) options.push(`mode=${value}`);
    else if (flag !== 'link') return undefined;
  }
  return options.map((option) => `,${option}`).join('');
}

/** The text of a stage after an offset: up to the next `FROM`. */
function restOfStage(text: string, from: number): string {
  const next = /^\s*FROM\s/im.exec(text.slice(from));
  return text.slice(from, next ? from + next.index : text.length);
}

/**
 * `COPY <secret> <dest>` followed by the `RUN` that uses it → one `RUN --mount=type=secret`, so the
 * file is there while that command runs and in no layer. Offered only when nothing after that RUN
 * in the stage names the file (a secret mount is gone once its RUN ends), the RUN does not delete
 * it, the target is an absolute file path (`target=.` would be the working directory) and the
 * COPY's ownership and mode can be given to the mount. The build then needs `--secret`.
 */
export function copyToSecretMount(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  const copy = finding.subject.step;
  if (copy.kind !== 'copy' || copy.instruction !== 'COPY' || copy.from || copy.sources.length !== 1 || !copy.destination) return undefined;
  const run = doc.steps.find((step): step is CommandStep => step.kind === 'command' && step.order === copy.order + 1 && step.stage === copy.stage);
  if (!run?.statement) return undefined;
  const runText = doc.text.slice(run.statement.start, run.statement.end);
  const keyword = /^RUN\s+/i.exec(runText);
  const source = copy.sources[0].value;
  const name = source.split('/').pop()!;
  // A secret mount is one file: a copied folder (`.ssh/`) has no such rewrite.
  if (name === '' || /^\.(ssh|aws|gnupg|kube)$/.test(name)) return undefined;
  const target = installedPath(copy.destination.value, source);
  if (!keyword || runText.includes('<<') || /\brm\b/.test(runText) || !target.startsWith('/') || target.includes('$')) return undefined;
  const options = mountOptions(doc.text.slice(copy.span.start, copy.span.end));
  if (options === undefined || restOfStage(doc.text, run.statement.end).includes(name)) return undefined;
  const id = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  const between = doc.text.slice(copy.span.end, run.statement.start);
  if (between.trim() !== '') return undefined;
  return {
    title: `Mount ${source} as a build secret instead of copying it into a layer (build with --secret id=${id},src=${source})`,
    removes: [copy.span],
    edits: [
      { span: { start: copy.span.start, end: run.statement.start }, newText: '' },
      { span: { start: run.statement.start, end: run.statement.start + keyword[0].length }, newText: `RUN --mount=type=secret,id=${id},target=${target}${options} ` },
    ],
  };
}
