import type { CommandStep, ImageStep, ProvisioningDocument } from '../model';
import { releaseOf, releaseTagOf } from '../eol-catalog';
import type { Finding } from '../finding';
import type { EolRelease } from '../rules/types';
import { parseImageReference } from '../parse/dockerfile/image-reference';
import type { Fix } from './types';

const KEPT_VARIANTS = ['-slim', '-alpine'];

/** The reference to move to: the successor, keeping a slim/alpine variant, or the codename swapped. */
function successorReference(image: ImageStep, release: EolRelease): string | undefined {
  const successor = parseImageReference(release.successor);
  const tag = image.tag!;
  if (releaseTagOf(tag, release) !== undefined && image.repository && release.repositories.includes(image.repository)) {
    const variant = KEPT_VARIANTS.find((suffix) => tag.endsWith(suffix));
    const successorTag = successor.tag ?? 'latest';
    return `${successor.repository}:${variant && !successorTag.endsWith(variant) && successor.repository === image.repository ? successorTag + variant : successorTag}`;
  }
  // Built on the release (`python:3.11-slim-buster`): swap the codename for the successor's.
  const successorCodename = successor.tag?.split('-')[0];
  if (!release.codename || !successorCodename || !/^[a-z]+$/.test(successorCodename)) return undefined;
  const parts = tag.split('-').map((part, index) => (index > 0 && part === release.codename ? successorCodename : part));
  return `${image.repository}:${parts.join('-')}`;
}

/** Replaces an end-of-life base image with its successor where the reference is written literally. */
export function replaceEolImage(doc: ProvisioningDocument, finding: Finding, releases: readonly EolRelease[]): Fix | undefined {
  const image = finding.subject.step;
  if (image.kind !== 'image' || image.written !== image.resolved || image.digest) return undefined;
  const reference = parseImageReference(image.written);
  if (reference.registry && reference.registry !== 'docker.io') return undefined;
  const release = releaseOf(image, releases);
  const replacement = release && successorReference(image, release);
  if (!replacement || doc.text.slice(image.span.start, image.span.end) !== image.written) return undefined;
  return { title: `Move to ${replacement}`, edits: [{ span: image.span, newText: replacement }] };
}

/**
 * `COPY <secret> <dest>` followed by the `RUN` that uses it → one `RUN --mount=type=secret`, so the
 * file is there while that command runs and in no layer. Offered only when the RUN does not delete
 * the file (a secret mount cannot be removed).
 */
export function copyToSecretMount(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  const copy = finding.subject.step;
  if (copy.kind !== 'copy' || copy.instruction !== 'COPY' || copy.from || copy.sources.length !== 1 || !copy.destination) return undefined;
  const run = doc.steps.find((step): step is CommandStep => step.kind === 'command' && step.order === copy.order + 1 && step.stage === copy.stage);
  if (!run?.statement) return undefined;
  const runText = doc.text.slice(run.statement.start, run.statement.end);
  const keyword = /^RUN\s+/i.exec(runText);
  const destination = copy.destination.value;
  if (!keyword || runText.includes('<<') || /\brm\b/.test(runText) || destination.endsWith('/') || destination.includes('$')) return undefined;
  const id = copy.sources[0].value
    .split('/')
    .pop()!
    .replace(/[^A-Za-z0-9_.-]/g, '_');
  const between = doc.text.slice(copy.span.end, run.statement.start);
  if (between.trim() !== '') return undefined;
  return {
    title: `Mount ${copy.sources[0].value} as a build secret instead of copying it into a layer`,
    edits: [
      { span: { start: copy.span.start, end: run.statement.start }, newText: '' },
      { span: { start: run.statement.start, end: run.statement.start + keyword[0].length }, newText: `RUN --mount=type=secret,id=${id},target=${destination} ` },
    ],
  };
}
