import { existsSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { refusedBy } from '../limits';
import { relativeInside } from '../paths';
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
  /** Why a config file is not read (undefined: it is), once per file. */
  private readonly refusals = new Map<string, string | undefined>();

  constructor(
    private readonly readFile: ReadFile,
    private readonly rulesDir: string,
    private readonly roots: string[] = [],
    private readonly isRepositoryRoot: (dir: string) => boolean = () => false,
  ) {}

  forFile(file: string): LoadedConfig | undefined {
    const configFile = this.configFileFor(path.dirname(path.resolve(file)));
    if (configFile === undefined) return undefined;
    if (!this.refusals.has(configFile)) this.refusals.set(configFile, this.refusal(configFile));
    const refused = this.refusals.get(configFile);
    if (refused) return this.refused(configFile, refused);
    const text = this.readFile(configFile);
    return text === undefined ? undefined : this.load(configFile, text);
  }

  /** The nearest config file from a folder upwards; each folder is looked at once. */
  private configFileFor(dir: string): string | undefined {
    if (this.byFolder.has(dir)) return this.byFolder.get(dir);
    const found = CONFIG_NAMES.map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
    const parent = path.dirname(dir);
    const stop = parent === dir || this.roots.includes(dir) || this.isRepositoryRoot(dir);
    const result = found ?? (stop ? undefined : this.configFileFor(parent));
    this.byFolder.set(dir, result);
    return result;
  }

  /**
   * Why a config file is not read, said rather than skipped: over the size cap, or a symbolic link
   * to a file outside the tree it sits in (a config must come from the project, not from wherever
   * a link points).
   */
  private refusal(configFile: string): string | undefined {
    try {
      const refused = refusedBy(statSync(configFile));
      if (refused) return `it is ${refused}`;
      const target = realpathSync(configFile);
      const tree = realpathSync(this.treeOf(path.dirname(configFile)));
      if (relativeInside(tree, target) === undefined) return 'it is a link to a file outside this tree';
    } catch (error) {
      return `it cannot be read (${(error as Error).message})`;
    }
    return undefined;
  }

  /** The top of the tree a folder belongs to: the repository root or project root above it, else the folder itself. */
  private treeOf(dir: string): string {
    for (let at = dir; ; at = path.dirname(at)) {
      if (this.roots.includes(at) || this.isRepositoryRoot(at)) return at;
      if (path.dirname(at) === at) return dir;
    }
  }

  private refused(file: string, why: string): LoadedConfig {
    return { file, dir: path.dirname(file), text: '', config: {}, problems: [{ message: `${path.basename(file)} is not read: ${why}`, span: { start: 0, end: 0 } }] };
  }

  load(file: string, text: string): LoadedConfig {
    const cached = this.parsed.get(file);
    if (cached && cached.text === text) return cached.config;
    const config = parseConfig(file, text, this.rulesDir);
    this.parsed.set(file, { text, config });
    return config;
  }
}
