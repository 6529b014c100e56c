import ignore, { type Ignore } from 'ignore';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDockerfileName } from './detect';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Extensions a provisioning file may have; files without an extension are looked at too. */
const CANDIDATE_EXTENSIONS = new Set(['.yaml', '.yml', '.txt', '.cfg', '.tmpl', '.j2', '.sh', '.conf', '']);

export function isCandidate(file: string): boolean {
  const base = path.basename(file);
  if (base.startsWith('.')) return false;
  return /^user-?data/i.test(base) || isDockerfileName(base) || CANDIDATE_EXTENSIONS.has(path.extname(base).toLowerCase());
}

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
    const relative = path.relative(level.dir, file).split(path.sep).join('/');
    return relative !== '' && level.rules.ignores(isDir ? `${relative}/` : relative);
  });
}

/**
 * Files under a directory that could be provisioning files, honouring every `.gitignore` on the way
 * down and skipping VCS and dependency folders. Symbolic links are not followed.
 */
export function walk(root: string): string[] {
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
      } else if (entry.isFile() && isCandidate(full) && !ignored(here, full, false)) {
        out.push(full);
      }
    }
  };
  visit(root, []);
  return out;
}
