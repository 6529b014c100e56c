import { parseCloudConfigArchive } from '../parse/cloud-config-archive';
import type { FormatPlugin } from './format';
import { headerLine } from './names';

/** `#cloud-config-archive` user-data: a list of parts, each linted as what it is. */
export const cloudConfigArchiveFormat: FormatPlugin = {
  id: 'cloud-config-archive',
  recognise: (file) => (headerLine(file.text) === '#cloud-config-archive' ? { format: 'cloud-config-archive', by: 'its #cloud-config-archive header' } : undefined),
  mayHold: () => false,
  parse: (source, _recognition, ctx) => parseCloudConfigArchive(source.text, ctx),
  headerLine: /^#cloud-config-archive/,
};
