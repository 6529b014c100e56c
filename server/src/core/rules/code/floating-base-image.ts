import type { ImageStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

/**
 * `FROM` without a tag, or `:latest`, after build arguments are substituted. A digest pins the image
 * whatever the tag says. Stages whose layers do not ship (builders) are reported as information.
 */
function floatingBaseImage(doc: ProvisioningDocument): Match[] {
  return doc.steps
    .filter((step): step is ImageStep => step.kind === 'image')
    .filter((image) => !image.notAnImage && image.repository !== undefined && !image.digest && (image.tag === undefined || image.tag === 'latest'))
    .map((image) => ({
      span: image.span,
      subject: { step: image },
      severity: image.stage?.shipped === false ? ('info' as const) : undefined,
      values: {
        value: image.resolved,
        detail: image.tag === undefined ? 'has no tag, so it means `latest`' : 'is `latest`',
        origin: image.stage?.shipped === false ? 'a builder stage' : 'the image you ship',
      },
    }));
}

export default defineRule({
  placeholders: ['value', 'detail', 'origin'],
  check: floatingBaseImage,
});
