/** The last segment of a path, whichever separator it uses. */
export function baseName(fileName: string): string {
  return fileName.replace(/\\/g, '/').split('/').pop() ?? '';
}

/** The first lines of a text (BOM, CR and trailing blanks dropped), from its first 512 characters. */
export function firstLines(text: string, count: number): string[] {
  const head = text.replace(/^\uFEFF/, '').slice(0, 512);
  return head.split('\n', count).map((line) => line.replace(/\r$/, '').trimEnd());
}

/** The first line that says what a user-data file is, after an optional `## template: jinja`. */
export function headerLine(text: string): string {
  const lines = firstLines(text, 2);
  return (/^##\s*template:\s*jinja$/i.test(lines[0] ?? '') ? lines[1] : lines[0]) ?? '';
}

/** Lines that must stay first in user-data: a file-level pragma goes after them. */
export const USER_DATA_HEADER = /^(##\s*template:|#cloud-config|#cloud-boothook|#!)/;

/** Names under which cloud-init user-data is conventionally kept: `user-data*`, `user_data*`, `userdata*`, `*-user-data*`. */
export function isUserDataName(fileName: string): boolean {
  return /^(.+[._-])?user[-_]?data([._-].*)?$/i.test(baseName(fileName)) && !/\.(tf|tfvars|json|md|py|go|rb|js|ts)$/i.test(fileName);
}

/** cloud-init's script folders, wherever the repository keeps the tree they are copied from: per-boot runs at every boot. */
export function cloudInitScriptFolder(relativePath: string): 'per-boot' | 'per-instance' | 'per-once' | undefined {
  return /(?:^|\/)scripts\/(per-boot|per-instance|per-once)\/[^/]+$/.exec(relativePath.replace(/\\/g, '/'))?.[1] as 'per-boot' | 'per-instance' | 'per-once' | undefined;
}

/**
 * Template extensions whose `${…}` are placeholders: Terraform's `.tftpl`/`.tpl` (with `%{…}`
 * directives), and `.tmpl` files rendered by Packer or envsubst, where a line that is only
 * `${…}` splices in lines of YAML.
 */
export function isTemplateName(fileName: string): boolean {
  return /\.(tftpl|tpl|tmpl)$/i.test(fileName);
}
