import { readFileSync, statSync } from 'node:fs';

import { MAX_FILE_BYTES } from './limits';

/** How the engine reaches files a document refers to (roles, templates, configs); undefined when absent. */
export type ReadFile = (file: string) => string | undefined;

interface Entry {
  text: string | undefined;
  mtimeMs: number;
  size: number;
}

/**
 * Reads the workspace files a document refers to (roles, templates, configs). Every playbook of a
 * workspace looks for the same roles, so a file read is kept while its size and mtime do not change,
 * and a file that does not exist is remembered until `forget` (file watching) says otherwise.
 */
export class FileCache {
  private readonly entries = new Map<string, Entry>();

  read(file: string): string | undefined {
    const cached = this.entries.get(file);
    if (cached && cached.text === undefined && cached.mtimeMs < 0) return undefined;
    let stat;
    try {
      stat = statSync(file);
    } catch {
      this.entries.set(file, { text: undefined, mtimeMs: -1, size: -1 });
      return undefined;
    }
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
    let text: string | undefined;
    try {
      text = stat.isFile() && stat.size <= MAX_FILE_BYTES ? readFileSync(file, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.entries.set(file, { text, mtimeMs: stat.mtimeMs, size: stat.size });
    return text;
  }

  /** A file was created, changed or deleted: read it again next time. */
  forget(file?: string): void {
    if (file === undefined) this.entries.clear();
    else this.entries.delete(file);
  }
}
