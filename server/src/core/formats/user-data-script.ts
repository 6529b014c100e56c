import { commandSteps } from '../parse/command-steps';
import { parseScript } from '../shell/commands';
import type { FormatPlugin } from './format';
import { baseName, cloudInitScriptFolder, headerLine, isUserDataName, USER_DATA_HEADER } from './names';

/**
 * Shell-script user-data: `#cloud-boothook` (every boot), or a `#!` script named as user-data (once
 * per instance; any script starts with `#!`, so the name must say it is user-data). Scripts written
 * by other formats (write_files, Ansible copy) are embedded as this format, with their host's phase.
 */
export const userDataScriptFormat: FormatPlugin = {
  id: 'user-data-script',
  recognise: (file) => {
    const first = headerLine(file.text);
    const handed = file.readAs?.format === 'user-data' ? file.readAs : undefined;
    if (first === '#cloud-boothook') return { format: 'user-data-script', everyBoot: true, by: 'its #cloud-boothook header' };
    if ((first.startsWith('#!') && handed && !handed.declared) || handed?.declared === 'user-data-script')
      return { format: 'user-data-script', everyBoot: handed.everyBoot, by: 'another file hands it to instances as user-data' };
    if (file.readAs?.format === 'script')
      return {
        format: 'user-data-script',
        run: { phase: file.readAs.phase, lifecycle: file.readAs.lifecycle },
        origin: baseName(file.relativePath),
        by: 'another file runs it on the host',
      };
    if (file.readAs?.format === 'image-build-script')
      return { format: 'user-data-script', imageBuild: true, origin: 'Packer shell provisioner', by: 'a Packer shell provisioner runs it' };
    const folder = cloudInitScriptFolder(file.relativePath);
    if (first.startsWith('#!') && folder)
      return { format: 'user-data-script', everyBoot: folder === 'per-boot', origin: `${folder} script`, by: `its #! line in a cloud-init scripts/${folder}/ folder` };
    if (first.startsWith('#!') && isUserDataName(file.relativePath)) return { format: 'user-data-script', by: 'its #! line and user-data name' };
    return undefined;
  },
  mayHold: (relativePath) => isUserDataName(relativePath) || cloudInitScriptFolder(relativePath) !== undefined || /\.(sh|txt)$/i.test(relativePath),
  parse: (source, recognition, _ctx, placement) => {
    const phase = placement?.phase ?? recognition.run?.phase ?? (recognition.imageBuild ? 'image-build' : recognition.everyBoot ? 'every-boot' : 'first-boot');
    const origin = placement?.origin ?? recognition.origin ?? (recognition.everyBoot ? 'boothook' : 'user-data script');
    const span = placement?.span ?? source.toSource(0, source.text.length);
    const lifecycle = placement?.lifecycle ?? recognition.run?.lifecycle;
    const steps = commandSteps(parseScript(source), phase, placement?.order ?? 0, origin, span, { lifecycle, runBy: placement?.runBy });
    return { format: 'user-data-script', text: source.text, steps, problems: [] };
  },
  mapsSpans: true,
  headerLine: USER_DATA_HEADER,
};
