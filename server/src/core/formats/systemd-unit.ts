import * as path from 'node:path';
import { serviceSteps } from '../parse/systemd-service';
import { MappedText } from '../text/mapped-text';
import { unitEntries } from '../parse/systemd-unit';
import type { FormatPlugin } from './format';
import { baseName } from './names';

/** A service unit or a drop-in of one, also as an Ansible template (`.j2`). */
const SERVICE_FILE = /(\.service|\.service\.d\/[^/]+\.conf)(\.j2)?$/i;
const UNIT_SECTION = /^[ \t]*\[(Unit|Service|Install)\][ \t]*\r?$/m;

/** The unit a file configures: `static-routes.service`, also for a drop-in `static-routes.service.d/10-x.conf`. */
function unitName(path: string): string {
  const normalised = path.replace(/\\/g, '/').replace(/\.j2$/i, '');
  const dropIn = /([^/]+\.service)\.d\/[^/]+\.conf$/i.exec(normalised);
  return dropIn ? dropIn[1] : baseName(normalised);
}

/**
 * systemd service units: their `Exec*=` command lines are commands that run with the unit's
 * lifecycle (every boot when installed into a target; again with networkd only when tied to it).
 * Units written by other formats (write_files, Ansible `copy: content`) are embedded as this format.
 */
export const systemdUnitFormat: FormatPlugin = {
  id: 'systemd-unit',
  recognise: (file) => (SERVICE_FILE.test(file.relativePath) && UNIT_SECTION.test(file.text) ? { format: 'systemd-unit', by: 'its .service name and unit sections' } : undefined),
  mayHold: (relativePath) => SERVICE_FILE.test(relativePath),
  parse: (source, recognition, ctx, placement) => {
    const name = unitName(placement?.path ?? recognition.installedAt ?? ctx.file);
    // A repository unit's timer sits beside it, named for it (systemd.timer(5): `Unit=` defaults to the same name).
    const timerName = name.replace(/\.service$/, '.timer');
    const timerText = placement ? undefined : ctx.readFile(path.join(path.dirname(ctx.file), timerName));
    const timer = timerText === undefined ? undefined : { name: timerName, entries: unitEntries(MappedText.contiguous(timerText)) };
    const steps = serviceSteps(name, unitEntries(source), { order: placement?.order ?? 0, origin: placement?.origin, runBy: placement?.runBy, timer });
    return { format: 'systemd-unit', text: source.text, steps, problems: [] };
  },
  mapsSpans: true,
};
