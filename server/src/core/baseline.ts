import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DetachedFinding } from './finding';
import { readRegularFile } from './limits';
import { relativeInside, toPosix } from './paths';
import { LineIndex } from './text/line-index';

/**
 * A hash of the rule and the flagged line's text, stable when unrelated lines move: a finding's
 * identity across commits (code scanning, code quality, the baseline).
 */
export function fingerprintOf(ruleId: string, lineText: string): string {
  return createHash('sha256').update(`${ruleId}\0${lineText.trim()}`).digest('hex').slice(0, 16);
}

/** Findings recorded per file (relative to the baseline's folder, `/`-separated), rule and fingerprint. */
export interface BaselineEntry {
  file: string;
  ruleId: string;
  fingerprint: string;
  count: number;
}

interface BaselineFile {
  version: 1;
  entries: BaselineEntry[];
}

const keyOf = (file: string, ruleId: string, fingerprint: string) => `${file}\0${ruleId}\0${fingerprint}`;

/**
 * Findings a project had when it adopted Hindsight (as ESLint's bulk suppressions and Checkov's
 * `--baseline` do): those are not reported again; any other finding is, even on a line that moved
 * in beside them. It remembers which entries a scan met, so entries that no longer occur can be pruned.
 */
export class Baseline {
  private readonly remaining = new Map<string, number>();
  private readonly met = new Map<string, number>();
  /** Files a scan held against the baseline: only their entries can be known not to occur any more. */
  private readonly seen = new Set<string>();

  private constructor(
    readonly file: string,
    private readonly entries: BaselineEntry[],
  ) {
    for (const entry of entries) this.remaining.set(keyOf(entry.file, entry.ruleId, entry.fingerprint), entry.count);
  }

  /** The baseline in a file, or why it cannot be read (a missing file is an empty baseline only when `missingIsEmpty`). */
  static read(file: string, missingIsEmpty = false): Baseline | { error: string } {
    const read = readRegularFile(file);
    if ('error' in read) return missingIsEmpty && (read.error as NodeJS.ErrnoException).code === 'ENOENT' ? new Baseline(file, []) : { error: read.error.message };
    if ('skipped' in read) return { error: `${file}: ${read.skipped}` };
    return Baseline.parse(file, read.text);
  }

  /** A baseline's text, as read by whoever reads the file (the engine's cache, which forgets it when the file changes). */
  static parse(file: string, text: string): Baseline | { error: string } {
    try {
      const parsed = JSON.parse(text) as BaselineFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.entries)) return { error: `${file}: not a Hindsight baseline (version 1 with entries)` };
      return new Baseline(file, parsed.entries);
    } catch (error) {
      return { error: `${file}: ${(error as Error).message}` };
    }
  }

  /** A baseline holding every finding given, per file: what `--baseline-write` records. */
  static of(file: string, findings: { file: string; text: string; findings: DetachedFinding[] }[]): Baseline {
    const counts = new Map<string, BaselineEntry>();
    for (const each of findings) {
      const relative = toPosix(relativeInside(path.dirname(file), each.file) ?? each.file);
      const lines = new LineIndex(each.text);
      for (const finding of each.findings) {
        const fingerprint = fingerprintOf(finding.ruleId, lines.lineText(lines.position(finding.span.start).line));
        const key = keyOf(relative, finding.ruleId, fingerprint);
        const entry = counts.get(key) ?? { file: relative, ruleId: finding.ruleId, fingerprint, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
    }
    return new Baseline(
      file,
      [...counts.values()].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint)),
    );
  }

  /** A file's findings less those the baseline holds (each entry absorbs at most its count). */
  filter<F extends DetachedFinding>(file: string, text: string, findings: F[]): F[] {
    if (this.entries.length === 0) return findings;
    const relative = toPosix(relativeInside(path.dirname(this.file), file) ?? file);
    this.seen.add(relative);
    const lines = new LineIndex(text);
    const used = new Map<string, number>();
    return findings.filter((finding) => {
      const key = keyOf(relative, finding.ruleId, fingerprintOf(finding.ruleId, lines.lineText(lines.position(finding.span.start).line)));
      const count = used.get(key) ?? 0;
      if (count >= (this.remaining.get(key) ?? 0)) return true;
      used.set(key, count + 1);
      this.met.set(key, Math.max(this.met.get(key) ?? 0, count + 1));
      return false;
    });
  }

  /**
   * Writes the baseline: every entry, or (`pruned`) for the files the scans read only as many of each
   * as they met. Returns how many recorded findings were dropped.
   */
  write(pruned = false): number {
    const entries = pruned
      ? this.entries.flatMap((entry) => {
          if (!this.seen.has(entry.file)) return [entry];
          const count = Math.min(entry.count, this.met.get(keyOf(entry.file, entry.ruleId, entry.fingerprint)) ?? 0);
          return count > 0 ? [{ ...entry, count }] : [];
        })
      : this.entries;
    const total = (list: BaselineEntry[]) => list.reduce((sum, entry) => sum + entry.count, 0);
    const dropped = total(this.entries) - total(entries);
    // Pruning that drops nothing leaves the file as it is.
    if (!pruned || dropped > 0) writeFileSync(this.file, JSON.stringify({ version: 1, entries } satisfies BaselineFile, null, 2) + '\n');
    return dropped;
  }

  get size(): number {
    return this.entries.reduce((sum, entry) => sum + entry.count, 0);
  }
}
