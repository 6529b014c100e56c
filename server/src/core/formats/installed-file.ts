import { fileWriteSteps } from '../parse/file-write';
import type { FormatPlugin } from './format';

/**
 * A repository file another file installs on the host without reading it (Ansible `copy: src:`),
 * read as what its path there holds — a unit, a crontab, an apt.conf.d snippet, rc.local — so
 * findings land on its own lines. What runs it or installs it is related by the cross-file index.
 */
export const installedFileFormat: FormatPlugin = {
  id: 'installed-file',
  recognise: (file) =>
    file.readAs?.format === 'installed' ? { format: 'installed-file', installedAt: file.readAs.path, by: `another file installs it at ${file.readAs.path}` } : undefined,
  // Only what another file installs is read: a name says nothing.
  mayHold: () => false,
  parse: (source, recognition, ctx) => {
    const problems: { message: string; span: { start: number; end: number } }[] = [];
    const whole = { start: 0, end: source.text.length };
    const path = recognition.installedAt ?? '';
    const steps = fileWriteSteps({ path, pathSpan: { start: 0, end: 0 }, content: source, append: false, span: whole, order: 0, origin: 'installed at' }, problems, ctx.embed);
    return { format: 'installed-file', text: source.text, steps, problems };
  },
  mapsSpans: true,
};
