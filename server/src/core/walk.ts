import ignore, { type Ignore } from 'ignore';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

interface Level {
  dir: string;
  rules: Ignore;
}

function readIgnore(dir: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(path.join(dir, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** A relative path with `/` separators, as gitignore patterns and format names expect. */
export function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function ignored(levels: Level[], file: string, isDir: boolean): boolean {
  return levels.some((level) => {
    const relative = toPosix(path.relative(level.dir, file));
    return relative !== '' && level.rules.ignores(isDir ? `${relative}/` : relative);
  });
}

/**
 * Files under a directory that could be provisioning files (`mayHold`, given the path relative to
 * the root; hidden files never are), honouring every `.gitignore` on the way down and skipping VCS
 * and dependency folders. Symbolic links are not followed.
 */
export function walk(root: string, mayHold: (relativePath: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string, levels: Level[]): void => {
    const own = readIgnore(dir);
    const here = own ? [...levels, { dir, rules: own }] : levels;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !ignored(here, full, true)) visit(full, here);
      } else if (entry.isFile() && !entry.name.startsWith('.') && mayHold(toPosix(path.relative(root, full))) && !ignored(here, full, false)) {
        out.push(full);
      }
    }
  };
  visit(root, []);
  return out;
}
