import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { ansibleSource, holdsPlays, parseAnsible } from '../parse/ansible/adapter';
import { parseYamlSource } from '../parse/yaml-nodes';
import type { ProvisioningDocument, Step } from '../model';
import type { FileView, FormatPlugin, Recognition } from './format';
import { headerLine } from './names';

/** `roles/x/tasks/main.yml`, `tasks/setup.yml`, `handlers/main.yml`: what a task or handler file is by its place. */
export function ansibleTaskFileKind(relativePath: string): 'tasks' | 'handlers' | undefined {
  const match = /(?:^|\/)(tasks|handlers)\/(?:[^/]+\/)*[^/]+\.ya?ml$/.exec(relativePath.replace(/\\/g, '/'));
  return match ? (match[1] as 'tasks' | 'handlers') : undefined;
}

/** Keys that make a list item a task: the modules Hindsight reads, common builtins, includes and blocks. */
const TASK_KEY =
  /^(ansible\.(builtin|legacy|posix)\.[a-z_]+|community\.general\.[a-z_]+|apt|package|dnf|yum|service|systemd|systemd_service|command|shell|script|raw|copy|template|lineinfile|blockinfile|file|user|group|get_url|unarchive|debconf|ufw|firewalld|iptables|reboot|include_tasks|import_tasks|include_role|import_role|include|block|set_fact|debug|assert|uri|pip|git|cron|mount|sysctl|modprobe|hostname|timezone|wait_for|stat|apt_key|apt_repository|yum_repository|snap)$/;

/**
 * What a YAML list holds, by content: plays (an item with `hosts:` or `import_playbook:`) or tasks
 * (most items name a module), whatever the indentation. A cheap look at the text first: only a file
 * with a list item at the left margin is parsed.
 */
function listContent(text: string): 'playbook' | 'tasks' | undefined {
  if (!/^-[ \t]/m.test(text) || !/^[ \t-]*[A-Za-z_.]+[ \t]*:/m.test(text)) return undefined;
  // Most playbooks say so at a glance (`- hosts:` or two-space keys); the rest are parsed.
  if (/^(?:- | {2})(?:hosts|import_playbook|ansible\.builtin\.import_playbook)\s*:/m.test(text)) return 'playbook';
  const contents = parseYamlSource(ansibleSource(text)).contents;
  if (holdsPlays(contents)) return 'playbook';
  if (!isSeq(contents) || contents.items.length === 0 || !contents.items.every(isMap)) return undefined;
  const keys = contents.items.map((item) => (item as YAMLMap).items.map((pair) => String((pair.key as { value?: unknown })?.value ?? '')));
  const tasks = keys.filter((itemKeys) => itemKeys.some((key) => TASK_KEY.test(key))).length;
  return tasks * 2 >= keys.length ? 'tasks' : undefined;
}

/**
 * Ansible by place (role layout), by content (a list of plays or tasks), by the editor's `ansible` language,
 * or because the user said so; vars, defaults, inventories and galaxy files match none of these. A
 * `#cloud-config` header wins: such a file is user-data whatever folder it is in.
 */
function recogniseAnsible(file: FileView): Recognition | undefined {
  const recognition = byPlaceOrContent(file);
  return recognition && file.readAs?.format === 'ansible' && file.readAs.imageBuild ? { ...recognition, imageBuild: true } : recognition;
}

function byPlaceOrContent(file: FileView): Recognition | undefined {
  if (headerLine(file.text) === '#cloud-config') return undefined;
  // Molecule scenarios are test scaffolding run against throwaway instances.
  const yaml = /\.ya?ml$/i.test(file.relativePath) && !/(^|[\\/])molecule[\\/]/.test(file.relativePath);
  const kind = yaml ? ansibleTaskFileKind(file.relativePath) : undefined;
  if (kind) return { format: 'ansible', ansible: kind, by: `its ${kind}/ folder` };
  const content = yaml ? listContent(file.text) : undefined;
  if (content) return { format: 'ansible', ansible: content, by: content === 'playbook' ? 'its content: a list of plays' : 'its content: a list of tasks' };
  if (file.text.replace(/^\uFEFF/, '') === '') return undefined;
  if (file.readAs?.format === 'ansible') return { format: 'ansible', by: 'a play elsewhere runs it' };
  if (file.declaredAnsible) return { format: 'ansible', by: 'the --ansible / hindsight.ansible.files setting' };
  if (file.languageId === 'ansible') return { format: 'ansible', by: 'the editor calls it ansible' };
  return undefined;
}

/** A playbook or task file only an image build runs: every step runs once, on the machine the image is made from. */
function asImageBuild(doc: ProvisioningDocument): ProvisioningDocument {
  const build = <S extends Step>(step: S): S => ({ ...step, phase: 'image-build' });
  const imported = doc.imported;
  return {
    ...doc,
    steps: doc.steps.map(build),
    plays: doc.plays?.map((play) => Object.assign(play, { imageBuild: true, roleSteps: play.roleSteps.map(build) })),
    ...(imported ? { imported: () => imported().map(build) } : {}),
  };
}

export const ansibleFormat: FormatPlugin = {
  id: 'ansible',
  recognise: recogniseAnsible,
  mayHold: (relativePath) => /\.ya?ml$/i.test(relativePath),
  parse: (source, recognition, ctx) => {
    const doc = parseAnsible(ctx.file, source.text, recognition.ansible, ctx.readFile, ctx.embed);
    return recognition.imageBuild ? asImageBuild(doc) : doc;
  },
  reparses: (text) => parseDocument(text, { uniqueKeys: false, strict: false }).errors.length === 0,
};
