import type { FormatId } from './model';

export interface Detection {
  format: FormatId;
  /** For shell user-data: a boothook runs on every boot, a plain script once per instance. */
  everyBoot?: boolean;
  /** For Ansible: what the file holds, when known from its place or content. */
  ansible?: 'playbook' | 'tasks' | 'handlers';
}

/** `roles/x/tasks/main.yml`, `tasks/setup.yml`, `handlers/main.yml`: what a task or handler file is by its place. */
export function ansibleTaskFileKind(fileName: string): 'tasks' | 'handlers' | undefined {
  const normal = fileName.replace(/\\/g, '/');
  const match = /(?:^|\/)(tasks|handlers)\/(?:[^/]+\/)*[^/]+\.ya?ml$/.exec(normal);
  return match ? (match[1] as 'tasks' | 'handlers') : undefined;
}

/** A YAML list whose items are plays: `- hosts:` or `- import_playbook:` at the top level. */
const PLAY_KEY = /^(?:- |  )(?:hosts|import_playbook|ansible\.builtin\.import_playbook)\s*:/m;

function looksLikePlaybook(text: string): boolean {
  return /^- /m.test(text) && PLAY_KEY.test(text);
}

function firstLines(text: string, count: number): string[] {
  const head = text.replace(/^\uFEFF/, '').slice(0, 512);
  return head.split('\n', count).map((line) => line.replace(/\r$/, '').trimEnd());
}

function baseName(fileName: string): string {
  return fileName.replace(/\\/g, '/').split('/').pop() ?? '';
}

/** Names under which cloud-init user-data is conventionally kept. */
export function isUserDataName(fileName: string): boolean {
  return /^user-?data([._-].*)?$/i.test(baseName(fileName));
}

/** Top-level keys only cloud-config has; a YAML file named as user-data must start one of them. */
const CLOUD_CONFIG_KEY = /^(runcmd|bootcmd|write_files|packages|package_update|package_upgrade|package_reboot_if_required|apt_update|apt_upgrade|snap|users|ssh_authorized_keys|debconf_selections):/m;

/** Names tools such as multipass give user-data that carries no `#cloud-config` header. */
function isCloudConfigName(fileName: string): boolean {
  return /^(user-?data|cloud-?init|cloud-?config)([._-].*)?\.ya?ml$/i.test(baseName(fileName)) || /^user-?data$/i.test(baseName(fileName));
}

/**
 * Which format a file is, by its content first: `#cloud-config` exactly on the first line (not the
 * `-archive` or `-jsonp` variants), optionally after `## template: jinja`; `#cloud-boothook`; a
 * `#!` script only when the file is named as user-data, since any script starts that way; and, by
 * name second, a header-less YAML file named as user-data whose top level has cloud-config keys.
 */
/** `Dockerfile`, `Containerfile`, `Dockerfile.*`, `*.Dockerfile`, `*-Dockerfile`, `*.containerfile`. */
export function isDockerfileName(fileName: string): boolean {
  return /^(dockerfile|containerfile)(\..+)?$|[.-]dockerfile$|\.containerfile$/i.test(baseName(fileName));
}

export function detectFormat(fileName: string, text: string, languageId?: string, ansibleOverride = false): Detection | undefined {
  if (languageId === 'dockerfile' || isDockerfileName(fileName)) return { format: 'dockerfile' };
  const lines = firstLines(text, 2);
  const first = /^##\s*template:\s*jinja$/i.test(lines[0] ?? '') ? lines[1] : lines[0];
  if (first === undefined) return undefined;
  const ansible = detectAnsible(fileName, text, languageId, ansibleOverride);
  if (ansible && first !== '#cloud-config') return ansible;
  if (first === '#cloud-config') return { format: 'cloud-init' };
  if (first === '#cloud-boothook') return { format: 'user-data-script', everyBoot: true };
  if (first.startsWith('#!') && isUserDataName(fileName)) return { format: 'user-data-script' };
  if (!first.startsWith('#') && isCloudConfigName(fileName) && CLOUD_CONFIG_KEY.test(text.slice(0, 64 * 1024))) return { format: 'cloud-init' };
  return undefined;
}

/**
 * Ansible by place (role layout), by content (a list of plays), by the editor's `ansible` language,
 * or because the user said so; vars, defaults, inventories and galaxy files match none of these.
 */
function detectAnsible(fileName: string, text: string, languageId: string | undefined, override: boolean): Detection | undefined {
  // Molecule scenarios are test scaffolding run against throwaway instances.
  const yaml = /\.ya?ml$/i.test(fileName) && !/(^|[\\/])molecule[\\/]/.test(fileName);
  const kind = yaml ? ansibleTaskFileKind(fileName) : undefined;
  if (kind) return { format: 'ansible', ansible: kind };
  if (yaml && looksLikePlaybook(text)) return { format: 'ansible', ansible: 'playbook' };
  if (languageId === 'ansible' || override) return { format: 'ansible' };
  return undefined;
}
