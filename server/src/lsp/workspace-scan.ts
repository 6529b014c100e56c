import ignore from 'ignore';
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver';
import type { Pipeline } from '../core/pipeline';
import { toPosix } from '../core/paths';
import { isWalked } from '../core/walk';

function excludedBy(filesExclude: string[]) {
  return ignore().add(filesExclude.map((pattern) => pattern.replace(/^\*\*\//, '')));
}

/** Whether the scan would read a file (a file event for any other is none of the server's business). */
export function inScan(pipeline: Pipeline, roots: string[], filesExclude: string[], file: string): boolean {
  const excluded = excludedBy(filesExclude);
  return roots.some((root) => isWalked(root, file, (relative) => pipeline.engine.formats.mayHold(relative)) && !excluded.ignores(toPosix(path.relative(root, file))));
}

export interface ScanPlan {
  files: string[];
  /** How many candidates there were before the cap. */
  found: number;
  /** Folders that could not be listed, and why: their files were not scanned. */
  unlisted: string[];
}

/** Candidate files of the workspace folders, honouring `.gitignore` (in the walk) and `files.exclude`, capped. */
export function planScan(pipeline: Pipeline, roots: string[], filesExclude: string[], maxFiles: number, token?: CancellationToken): ScanPlan {
  const excluded = excludedBy(filesExclude);
  const files: string[] = [];
  const unlisted: string[] = [];
  for (const root of roots) {
    if (token?.isCancellationRequested) break;
    for (const file of pipeline.walk(root, (dir, error) => unlisted.push(`${dir} (${error.message})`))) {
      if (!excluded.ignores(toPosix(path.relative(root, file)))) files.push(file);
    }
  }
  return { files: files.slice(0, maxFiles), found: files.length, unlisted };
}
