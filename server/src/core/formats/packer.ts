import { isPackerJson, parsePacker } from '../parse/packer';
import type { FormatPlugin } from './format';

/** Packer templates: HCL2 (`.pkr.hcl`) and legacy JSON (`builders` and `provisioners` at the top). */
export const packerFormat: FormatPlugin = {
  id: 'packer',
  recognise: (file) =>
    /\.pkr\.hcl$/i.test(file.relativePath) || (/\.json$/i.test(file.relativePath) && isPackerJson(file.text.slice(0, 256 * 1024)))
      ? { format: 'packer', by: 'its .pkr.hcl name, or builders and provisioners' }
      : undefined,
  mayHold: (relativePath) => /\.(pkr\.hcl|json)$/i.test(relativePath),
  // A legacy template may have any .json name: reading every JSON file first costs only the order.
  handsOver: (relativePath) => /\.(pkr\.hcl|json)$/i.test(relativePath),
  parse: (source, _recognition, ctx) => parsePacker(source.text, !/\.hcl$/i.test(ctx.file), ctx),
};
