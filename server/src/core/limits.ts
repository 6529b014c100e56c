import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Files larger than this are not read: no one writes a provisioning file, role or template that
 * size by hand. One cap for the CLI, the workspace scan, open documents and referenced files.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * A regular file's text, reading at most the cap: files under /proc report size 0 and never end,
 * so the size from stat cannot be trusted. `too-large` when the cap is reached.
 */
export function readCapped(file: string): string | 'too-large' {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null);
    return length > MAX_FILE_BYTES ? 'too-large' : buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
