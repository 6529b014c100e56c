import { parseTerraform } from '../parse/terraform';
import type { FormatPlugin } from './format';

/** Terraform configuration (`.tf`): read for the user-data it gives instances. */
export const terraformFormat: FormatPlugin = {
  id: 'terraform',
  recognise: (file) => (/\.tf$/i.test(file.relativePath) ? { format: 'terraform', by: 'its .tf name' } : undefined),
  mayHold: (relativePath) => /\.tf$/i.test(relativePath),
  handsOver: (relativePath) => /\.tf$/i.test(relativePath),
  parse: (source, _recognition, ctx) => parseTerraform(source.text, ctx),
};
