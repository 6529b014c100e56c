import ignore, { type Ignore } from 'ignore';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { relativeInside, toPosix } from './paths';

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

function ignored(levels: Level[], file: string, isDir: boolean): boolean {
  return levels.some((level) => {
    const relative = toPosix(path.relative(level.dir, file));
    return relative !== '' && level.rules.ignores(isDir ? `${relative}/` : relative);
  });
}

/**
 * Files under a directory that could be provisioning files (`mayHold`, given the path relative to
 * the root; hidden files never are), honouring every `.gitignore` on the way down and skipping VCS
 * and dependency folders. Symbolic links are not followed. A folder that cannot be listed is handed to
 * `unreadable`: a scan that skipped it must say so, not report a clean tree.
 */
export function walk(root: string, mayHold: (relativePath: string) => boolean, unreadable: (dir: string, error: Error) => void = () => {}): string[] {
  const out: string[] = [];
  const visit = (dir: string, levels: Level[]): void => {
    const own = readIgnore(dir);
    const here = own ? [...levels, { dir, rules: own }] : levels;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable(dir, error as Error);
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

/** Whether `walk(root, mayHold)` would list `file`: the same folders skipped, ignores and names, for one file. */
export function isWalked(root: string, file: string, mayHold: (relativePath: string) => boolean): boolean {
  const relative = relativeInside(root, file);
  if (relative === undefined) return false;
  const segments = relative.split('/');
  if (segments[segments.length - 1].startsWith('.') || segments.slice(0, -1).some((segment) => SKIPPED_DIRS.has(segment))) return false;
  if (!mayHold(relative)) return false;
  const levels: Level[] = [];
  let dir = root;
  for (const segment of segments) {
    const own = readIgnore(dir);
    if (own) levels.push({ dir, rules: own });
    const next = path.join(dir, segment);
    if (ignored(levels, next, next !== file)) return false;
    dir = next;
  }
  return true;
}
