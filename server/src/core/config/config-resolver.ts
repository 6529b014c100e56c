import * as path from 'node:path';
import type { ReadFile } from '../file-cache';
import { CONFIG_NAMES, parseConfig, type LoadedConfig } from './config-file';

/**
 * Finds the `.hindsight.yaml` that governs a file: the nearest one from the file's folder up to a
 * root (a workspace folder, or a folder with `.git`). Parsed configs are kept per file and content,
 * and where each folder's config is, so a scan does not look for config files once per file. A new
 * resolver is made when config files appear or change.
 */
export class ConfigResolver {
  private readonly parsed = new Map<string, { text: string; config: LoadedConfig }>();
  /** The config file that governs each folder already looked at (undefined: none). */
  private readonly byFolder = new Map<string, string | undefined>();

  constructor(
    private readonly readFile: ReadFile,
    private readonly rulesDir: string,
    private readonly roots: string[] = [],
    private readonly isRepositoryRoot: (dir: string) => boolean = () => false,
  ) {}

  forFile(file: string): LoadedConfig | undefined {
    const configFile = this.configFileFor(path.dirname(path.resolve(file)));
    if (configFile === undefined) return undefined;
    const text = this.readFile(configFile);
    return text === undefined ? undefined : this.load(configFile, text);
  }

  /** The nearest config file from a folder upwards; each folder is looked at once. */
  private configFileFor(dir: string): string | undefined {
    if (this.byFolder.has(dir)) return this.byFolder.get(dir);
    let found: string | undefined;
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (this.readFile(candidate) !== undefined) {
        found = candidate;
        break;
      }
    }
    const parent = path.dirname(dir);
    const stop = parent === dir || this.roots.includes(dir) || this.isRepositoryRoot(dir);
    if (found === undefined && !stop) found = this.configFileFor(parent);
    this.byFolder.set(dir, found);
    return found;
  }

  load(file: string, text: string): LoadedConfig {
    const cached = this.parsed.get(file);
    if (cached && cached.text === text) return cached.config;
    const config = parseConfig(file, text, this.rulesDir);
    this.parsed.set(file, { text, config });
    return config;
  }
}
