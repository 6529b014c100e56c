import { parseDocument } from 'yaml';
import { parseAnsible } from '../parse/ansible/adapter';
import type { FileView, FormatPlugin, Recognition } from './format';
import { headerLine } from './names';

/** `roles/x/tasks/main.yml`, `tasks/setup.yml`, `handlers/main.yml`: what a task or handler file is by its place. */
export function ansibleTaskFileKind(relativePath: string): 'tasks' | 'handlers' | undefined {
  const match = /(?:^|\/)(tasks|handlers)\/(?:[^/]+\/)*[^/]+\.ya?ml$/.exec(relativePath.replace(/\\/g, '/'));
  return match ? (match[1] as 'tasks' | 'handlers') : undefined;
}

/** A YAML list whose items are plays: `- hosts:` or `- import_playbook:` at the top level. */
const PLAY_KEY = /^(?:- | {2})(?:hosts|import_playbook|ansible\.builtin\.import_playbook)\s*:/m;

function looksLikePlaybook(text: string): boolean {
  return /^- /m.test(text) && PLAY_KEY.test(text);
}

/**
 * Ansible by place (role layout), by content (a list of plays), by the editor's `ansible` language,
 * or because the user said so; vars, defaults, inventories and galaxy files match none of these. A
 * `#cloud-config` header wins: such a file is user-data whatever folder it is in.
 */
function recogniseAnsible(file: FileView): Recognition | undefined {
  if (headerLine(file.text) === '#cloud-config') return undefined;
  // Molecule scenarios are test scaffolding run against throwaway instances.
  const yaml = /\.ya?ml$/i.test(file.relativePath) && !/(^|[\\/])molecule[\\/]/.test(file.relativePath);
  const kind = yaml ? ansibleTaskFileKind(file.relativePath) : undefined;
  if (kind) return { format: 'ansible', ansible: kind };
  if (yaml && looksLikePlaybook(file.text)) return { format: 'ansible', ansible: 'playbook' };
  if (file.text.replace(/^\uFEFF/, '') !== '' && (file.languageId === 'ansible' || file.declaredAnsible)) return { format: 'ansible' };
  return undefined;
}

export const ansibleFormat: FormatPlugin = {
  id: 'ansible',
  recognise: recogniseAnsible,
  mayHold: (relativePath) => /\.ya?ml$/i.test(relativePath),
  parse: (source, recognition, ctx) => parseAnsible(ctx.file, source.text, recognition.ansible, ctx.readFile, ctx.embed),
  reparses: (text) => parseDocument(text, { uniqueKeys: false, strict: false }).errors.length === 0,
};
