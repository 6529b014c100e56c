import { installedPath } from '../parse/file-kinds';
import type { CommandStep, ProvisioningDocument } from '../model';
import { assessImage, formatReference, isDockerHub, moveOf, referenceOf } from '../eol-catalog';
import type { Finding } from '../finding';
import type { EolRelease } from '../rules/types';
import type { Fix } from './types';

/**
 * Replaces an end-of-life base image with where `moveOf` moves it: the tag alone when the repository
 * stays (a `docker.io/library/` prefix is kept), else the whole reference. Withheld for a reference
 * from build arguments, a digest, and a registry the catalog does not name (a mirror may not carry
 * the successor).
 */
export function replaceEolImage(doc: ProvisioningDocument, finding: Finding, releases: readonly EolRelease[], today: Date): Fix | { withheld: string } | undefined {
  const image = finding.subject.step;
  if (image.kind !== 'image') return undefined;
  if (image.written !== image.resolved) return { withheld: 'the image comes from a build argument; change its value where it is set' };
  if (image.digest) return { withheld: "a digest pins this exact image, and the successor's digest cannot be known offline" };
  const reference = referenceOf(image);
  if (!isDockerHub(reference) && !releases.some((release) => release.repositories.includes(`${reference.registry}/${reference.repository}`)))
    return { withheld: `whether ${reference.registry} carries the successor is not known here` };
  const move = moveOf(reference, assessImage(reference, releases, today), releases, today);
  if ('withheld' in move) return move;
  const sameRepository = move.repository === reference.repository && (move.registry === reference.registry || (isDockerHub(move) && isDockerHub(reference)));
  const span = sameRepository ? image.tagSpan : image.span;
  if (!span || doc.text.slice(image.span.start, image.span.end) !== image.written) return undefined;
  return { title: `Move to ${formatReference(move)}`, edits: [{ span, newText: sameRepository ? move.tag! : formatReference(move) }] };
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
