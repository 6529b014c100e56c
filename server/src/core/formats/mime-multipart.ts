import { isMimeMultipart, parseMimeMultipart } from '../parse/mime-multipart';
import type { FormatPlugin } from './format';

/** MIME multipart user-data, of any name: recognised by its headers. */
export const mimeMultipartFormat: FormatPlugin = {
  id: 'mime-multipart',
  recognise: (file) => (isMimeMultipart(file.text) ? { format: 'mime-multipart', by: 'its Content-Type: multipart header' } : undefined),
  mayHold: () => false,
  parse: (source, _recognition, ctx) => parseMimeMultipart(source.text, ctx),
};
