import type { FormatId } from './model';

export interface Detection {
  format: FormatId;
  /** For shell user-data: a boothook runs on every boot, a plain script once per instance. */
  everyBoot?: boolean;
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
export function detectFormat(fileName: string, text: string): Detection | undefined {
  const lines = firstLines(text, 2);
  const first = /^##\s*template:\s*jinja$/i.test(lines[0] ?? '') ? lines[1] : lines[0];
  if (first === undefined) return undefined;
  if (first === '#cloud-config') return { format: 'cloud-init' };
  if (first === '#cloud-boothook') return { format: 'user-data-script', everyBoot: true };
  if (first.startsWith('#!') && isUserDataName(fileName)) return { format: 'user-data-script' };
  if (!first.startsWith('#') && isCloudConfigName(fileName) && CLOUD_CONFIG_KEY.test(text.slice(0, 64 * 1024))) return { format: 'cloud-init' };
  return undefined;
}
