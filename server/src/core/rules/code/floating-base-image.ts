import type { ImageStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

/**
 * Tags that follow a line rather than name a release: Debian's suites (`stable` was buster until
 * 2021-08-14, then bullseye) and the channels of Ubuntu, Alpine, Node.js and nginx.
 */
const MOVING = new Set(['stable', 'oldstable', 'oldoldstable', 'testing', 'unstable', 'sid', 'experimental', 'rolling', 'devel', 'edge', 'lts', 'current', 'mainline']);

/** Flavours that, alone in a tag, mean the flavour of `latest` (`python:slim`, `node:alpine`). */
const VARIANTS = new Set(['slim', 'alpine']);

/**
 * How a tag moves, or undefined when it names a release. A part that begins with a digit pins it
 * (`stable-20210816-slim` is one build of a suite).
 */
function floating(tag: string | undefined): string | undefined {
  if (tag === undefined) return 'has no tag, so it means `latest`';
  if (tag === 'latest') return 'is `latest`';
  const parts = tag.split('-');
  if (parts.some((part) => /^\d/.test(part))) return undefined;
  const moving = parts.find((part) => MOVING.has(part));
  if (moving) return `names \`${moving}\`, which moves on to each new release`;
  if (parts.every((part) => VARIANTS.has(part))) return `names only a variant (\`${tag}\`), so it means the variant of \`latest\``;
  return undefined;
}

/**
 * `FROM` whose tag moves after build arguments are substituted: none, `latest`, a Debian suite
 * (`stable-slim`) or channel (`lts`, `edge`) or a bare variant (`slim`). A digest pins the image
 * whatever the tag says. Stages whose layers do not ship (builders) are reported as information.
 */
function floatingBaseImage(doc: ProvisioningDocument): Match[] {
  return doc.steps
    .filter((step): step is ImageStep => step.kind === 'image' && !step.notAnImage && step.repository !== undefined && !step.digest)
    .flatMap((image) => {
      const detail = floating(image.tag);
      return detail === undefined
        ? []
        : [
            {
              span: image.span,
              subject: { step: image },
              severity: image.stage?.shipped === false ? ('info' as const) : undefined,
              values: { value: image.resolved, detail, origin: image.stage?.shipped === false ? 'a builder stage' : 'the image you ship' },
            },
          ];
    });
}

export default defineRule({
  placeholders: ['value', 'detail', 'origin'],
  check: floatingBaseImage,
});
