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

/** Names under which cloud-init user-data is conventionally kept. */
export function isUserDataName(fileName: string): boolean {
  return /^user-?data([._-].*)?$/i.test(baseName(fileName));
}
