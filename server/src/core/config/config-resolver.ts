import * as path from 'node:path';
import type { ReadFile } from '../parse/ansible/adapter';
import { CONFIG_NAMES, parseConfig, type LoadedConfig } from './config-file';

/**
 * Finds the `.hindsight.yaml` that governs a file: the nearest one from the file's folder up to a
 * root (a workspace folder, or a folder with `.git`). Parsed configs are kept per file and content.
 */
export class ConfigResolver {
  private readonly parsed = new Map<string, { text: string; config: LoadedConfig }>();

  constructor(
    private readonly readFile: ReadFile,
    private readonly rulesDir: string,
    private readonly roots: string[] = [],
    private readonly isRepositoryRoot: (dir: string) => boolean = () => false,
  ) {}

  forFile(file: string): LoadedConfig | undefined {
    let dir = path.dirname(path.resolve(file));
    for (;;) {
      for (const name of CONFIG_NAMES) {
        const candidate = path.join(dir, name);
        const text = this.readFile(candidate);
        if (text !== undefined) return this.load(candidate, text);
      }
      const parent = path.dirname(dir);
      if (parent === dir || this.roots.includes(dir) || this.isRepositoryRoot(dir)) return undefined;
      dir = parent;
    }
  }

  load(file: string, text: string): LoadedConfig {
    const cached = this.parsed.get(file);
    if (cached && cached.text === text) return cached.config;
    const config = parseConfig(file, text, this.rulesDir);
    this.parsed.set(file, { text, config });
    return config;
  }
}
