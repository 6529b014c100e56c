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

/**
 * Which format a file is, by its content first: `#cloud-config` exactly on the first line (not the
 * `-archive` or `-jsonp` variants), optionally after `## template: jinja`; `#cloud-boothook`; and a
 * `#!` script only when the file is named as user-data, since any script starts that way.
 */
export function detectFormat(fileName: string, text: string): Detection | undefined {
  const lines = firstLines(text, 2);
  const first = /^##\s*template:\s*jinja$/i.test(lines[0] ?? '') ? lines[1] : lines[0];
  if (first === undefined) return undefined;
  if (first === '#cloud-config') return { format: 'cloud-init' };
  if (first === '#cloud-boothook') return { format: 'user-data-script', everyBoot: true };
  if (first.startsWith('#!') && isUserDataName(fileName)) return { format: 'user-data-script' };
  return undefined;
}
