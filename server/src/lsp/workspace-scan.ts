import ignore from 'ignore';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver';
import { walk } from '../core/walk';

export interface ScanPlan {
  files: string[];
  /** How many candidates there were before the cap. */
  found: number;
}

/** Candidate files of the workspace folders, honouring `.gitignore` (in walk) and `files.exclude`, capped. */
export function planScan(roots: string[], filesExclude: string[], maxFiles: number, token?: CancellationToken): ScanPlan {
  const excluded = ignore().add(filesExclude.map((pattern) => pattern.replace(/^\*\*\//, '')));
  const files: string[] = [];
  for (const root of roots) {
    if (token?.isCancellationRequested) break;
    for (const file of walk(root)) {
      const relative = path.relative(root, file).split(path.sep).join('/');
      if (!excluded.ignores(relative)) files.push(file);
    }
  }
  return { files: files.slice(0, maxFiles), found: files.length };
}

/** Files larger than this are skipped by the scan (and said so). */
export const MAX_SCAN_FILE_BYTES = 1024 * 1024;

export function tooLarge(file: string): boolean {
  try {
    return statSync(file).size > MAX_SCAN_FILE_BYTES;
  } catch {
    return true;
  }
}
