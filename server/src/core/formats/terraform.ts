import { parseTerraform, parseTerraformJson } from '../parse/terraform';
import type { FormatPlugin } from './format';

/** Terraform configuration (`.tf`, and `.tf.json` in JSON syntax): read for the user-data it gives instances. */
export const terraformFormat: FormatPlugin = {
  id: 'terraform',
  recognise: (file) => (/\.tf(\.json)?$/i.test(file.relativePath) ? { format: 'terraform', by: 'its .tf or .tf.json name' } : undefined),
  mayHold: (relativePath) => /\.tf(\.json)?$/i.test(relativePath),
  handsOver: (relativePath) => /\.tf(\.json)?$/i.test(relativePath),
  parse: (source, _recognition, ctx) => (/\.json$/i.test(ctx.file) ? parseTerraformJson(source.text, ctx) : parseTerraform(source.text, ctx)),
};
