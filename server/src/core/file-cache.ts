import { readRegularFile } from './limits';

/** How the engine reaches files a document refers to (roles, templates, configs); undefined when absent. */
export type ReadFile = (file: string) => string | undefined;

/**
 * Reads the workspace files a document refers to (roles, templates, task files, configs). Every
 * playbook of a workspace looks for the same roles in the same places, so a file read, and a file
 * found missing, is remembered until `forget` says it changed (file watching in the editor; a
 * workspace scan starts afresh). Looking again on each read cost more than all the parsing.
 */
export class FileCache {
  private readonly entries = new Map<string, string | undefined>();

  read(file: string): string | undefined {
    if (this.entries.has(file)) return this.entries.get(file);
    const read = readRegularFile(file);
    const text = 'text' in read ? read.text : undefined;
    this.entries.set(file, text);
    return text;
  }

  /** A file was created, changed or deleted (undefined: anything may have): read it again next time. */
  forget(file?: string): void {
    if (file === undefined) this.entries.clear();
    else this.entries.delete(file);
  }
}
