import { parseDocument } from 'yaml';
import { parseCloudConfig } from '../parse/cloud-init';
import { maskJinja } from '../text/jinja';
import type { FileView, FormatPlugin, Recognition } from './format';
import { CLOUD_CONFIG_HEADER_LIKE } from '../text/cloud-config-header';
import { baseName, headerLine, isUserDataName, USER_DATA_HEADER } from './names';

/** Top-level keys only cloud-config has; a YAML file named as user-data must start one of them. */
const CLOUD_CONFIG_KEY =
  /^(runcmd|bootcmd|write_files|packages|package_update|package_upgrade|package_reboot_if_required|apt_update|apt_upgrade|snap|users|ssh_authorized_keys|debconf_selections):/m;

/** `/etc/cloud/cloud.cfg.d/*.cfg`: merged into cloud-init's own configuration, with no header. */
function isSystemConfigPart(relativePath: string): boolean {
  return /(?:^|\/)cloud\.cfg\.d\/[^/]+\.cfg$/.test(relativePath.replace(/\\/g, '/'));
}

/** Names tools such as multipass give user-data that carries no `#cloud-config` header. */
function isCloudConfigName(fileName: string): boolean {
  return /^(user-?data|cloud-?init|cloud-?config)([._-].*)?\.ya?ml$/i.test(baseName(fileName)) || /^user-?data$/i.test(baseName(fileName));
}

/**
 * `#cloud-config` exactly on the first line (not the `-archive` or `-jsonp` variants), optionally
 * after `## template: jinja`; or, by name second, a header-less YAML file named as user-data whose
 * top level has cloud-config keys.
 */
function recogniseCloudConfig(file: FileView): Recognition | undefined {
  const first = headerLine(file.text);
  const declared = file.readAs?.format === 'user-data' ? file.readAs.declared : undefined;
  if (first === '#cloud-config' || declared === 'cloud-init') {
    return { format: 'cloud-init', by: first === '#cloud-config' ? 'its #cloud-config header' : 'the content_type it is handed over with' };
  }
  // A first line that is another header (`#!`, `#cloud-boothook`, `#include`, `#cloud-config-archive`) says it is something else.
  const otherHeader = /^#(!|cloud-|include)/.test(first);
  const named = isCloudConfigName(file.relativePath) || isSystemConfigPart(file.relativePath);
  // `# cloud-config` on user-data: meant as cloud-config, and read as such so that the misspelling is said (cloud-init skips it).
  if (CLOUD_CONFIG_HEADER_LIKE.test(first) && (named || file.readAs?.format === 'user-data')) return { format: 'cloud-init', by: 'its misspelled #cloud-config header' };
  if (first !== '' && !otherHeader && named && CLOUD_CONFIG_KEY.test(file.text.slice(0, 64 * 1024))) return { format: 'cloud-init', by: 'its name and cloud-config keys' };
  return undefined;
}

export const cloudConfigFormat: FormatPlugin = {
  id: 'cloud-init',
  recognise: recogniseCloudConfig,
  mayHold: (relativePath) => /\.(ya?ml|txt|cfg|tmpl|tftpl|tpl|j2|conf)$/i.test(relativePath) || !/\.[^/]*$/.test(baseName(relativePath)) || isUserDataName(relativePath),
  parse: (source, _recognition, ctx) => parseCloudConfig(source.text, ctx.embed),
  reparses: (text) => parseDocument(maskJinja(text.replace(/^\uFEFF/, ' ')), { uniqueKeys: false, strict: false }).errors.length === 0,
  headerLine: USER_DATA_HEADER,
};
