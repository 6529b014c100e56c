import * as path from 'node:path';

/** A relative path with `/` separators, as gitignore patterns and format names expect. */
export function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** `file`'s path below `dir` with `/` separators; undefined when it is not below it (or is `dir` itself). */
export function relativeInside(dir: string, file: string): string | undefined {
  const relative = path.relative(dir, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : toPosix(relative);
}
