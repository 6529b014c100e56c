import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/**
 * Files larger than this are not read: no one writes a provisioning file, role or template that
 * size by hand. One cap for the CLI, the workspace scan, open documents and referenced files.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * How long reading and checking one file may take before the rules left are not run (and the file
 * says so). Far above any real file: a 2 MB shell user-data, the largest read, takes about 3.5 s.
 */
export const FILE_BUDGET_MS = 10_000;

/**
 * A regular file's text, reading at most the cap: files under /proc report size 0 and never end,
 * so the size from stat cannot be trusted. `too-large` when the cap is reached. `sizeHint` (stat's
 * size) makes the usual case one read into a buffer of the right size.
 */
export function readCapped(file: string, sizeHint: number): string | 'too-large' | 'utf-16' {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.allocUnsafe(Math.min(MAX_FILE_BYTES + 1, Math.max(sizeHint + 1, 64 * 1024)));
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
      total += read;
      if (total > MAX_FILE_BYTES) return 'too-large';
    }
    const bytes = Buffer.concat(chunks, total);
    // A UTF-16 byte-order mark: decoded as UTF-8 it would be noise, not the file.
    if (total >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return 'utf-16';
    return bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export const TOO_LARGE = `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`;

/** Why a file is not read, from its stat: only regular files under the cap are (a FIFO would block, a device never ends). */
export function refusedBy(stat: Stats): string | undefined {
  if (!stat.isFile()) return 'not a regular file';
  if (stat.size > MAX_FILE_BYTES) return TOO_LARGE;
  return undefined;
}

/**
 * A file's text from disk (links followed), or why it was skipped, or the error reading it. The one
 * way the engine reads a file: the files it scans, the files documents refer to, its configs.
 */
export function readRegularFile(file: string): { text: string } | { skipped: string } | { error: Error } {
  try {
    // Most files asked for are not there (a role is looked for in every roles/ folder above a playbook): no exception for those.
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return { error: Object.assign(new Error(`ENOENT: no such file or directory, stat '${file}'`), { code: 'ENOENT' }) };
    const refused = refusedBy(stat);
    if (refused) return { skipped: refused };
    const text = readCapped(file, stat.size);
    if (text === 'too-large') return { skipped: TOO_LARGE };
    if (text === 'utf-16') return { skipped: 'UTF-16 text (Hindsight reads UTF-8; save the file as UTF-8)' };
    return { text };
  } catch (error) {
    return { error: error as Error };
  }
}
