import ignore, { type Ignore } from 'ignore';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedConfig } from './config/config-file';
import type { ConfigResolver } from './config/config-resolver';
import { ignoredByConfig, type SeveritySetting } from './config/policy';
import { Baseline } from './baseline';
import { FactIndex } from './cross-file';
import type { Analysis, Engine } from './engine';
import type { Finding, DetachedFinding } from './finding';
import type { ReadAs } from './model';
import { applyEdits } from './fixes/fix-all';
import { MAX_FILE_BYTES, readRegularFile, TOO_LARGE } from './limits';
import { relativeInside } from './paths';
import { walk } from './walk';
import { Lanes, WorkerPool } from './scan/lanes';
import type { LintJob, LintResult } from './scan/lint-job';

export interface ProjectSettings {
  /** Project roots (workspace folders; the CLI's working directory): names are judged relative to the deepest that holds a file. */
  roots: string[];
  /**
   * Configs are looked for above a root up to the repository it is in (the CLI: `.hindsight.yaml` at the
   * repository root applies to a subfolder scanned); a root in no repository still bounds the search.
   * Otherwise the roots bound it (workspace folders), and a repository root always stops it.
   */
  configsUpToRepository?: boolean;
  /** Severity overrides from the editor (`hindsight.rules`): win over the config file. */
  severities?: Record<string, SeveritySetting>;
  /** In an untrusted workspace the config's rule folders are not loaded. */
  trusted?: boolean;
  /** Gitignore-style patterns, relative to any of the roots, of files to read as Ansible. */
  ansibleFiles?: string[];
  /** Threads a scan reads files on at most (the CLI's `--jobs`); one when absent. */
  jobs?: number;
  /** A worker thread for every this many files (`FILES_PER_WORKER` when absent: a worker pays for itself only in large scans). */
  filesPerWorker?: number;
  /** Worker threads started ahead for the next scan, which keeps those its files warrant and closes them (the CLI starts them while it makes its own engine). */
  workers?: WorkerPool;
  /** Findings recorded when the project adopted Hindsight (`--baseline`): not reported again. Wins over a config's `baseline`. */
  baseline?: Baseline;
}

/** A file to lint: its text when the caller has it (an open editor buffer), else it is read from disk. */
export interface FileSource {
  file: string;
  text?: string;
  languageId?: string;
}

type NotLinted =
  | { kind: 'ignored'; file: string; config?: LoadedConfig }
  | { kind: 'skipped'; file: string; reason: string; config?: LoadedConfig }
  | { kind: 'unreadable'; file: string; error: Error };

/** A linted file, with its model: code actions and hover ask fixes of its findings. */
export interface Linted {
  kind: 'linted';
  file: string;
  text: string;
  format: string | undefined;
  config?: LoadedConfig;
  analysis: Analysis;
  /** The analysis' findings completed with what other files told. */
  findings: Finding[];
  /** How other files said it is read, when it was analysed (a play runs it as an image build, in batches). */
  readAs?: ReadAs;
}

export type FileOutcome = Linted | NotLinted;

/** What a scan delivers: a linted file as it is reported, without its model (a scan keeps none while it waits). */
export type ReportedOutcome =
  NotLinted | (Omit<Linted, 'analysis' | 'findings'> & { analysis: Omit<Analysis, 'doc' | 'findings'> & { findings: DetachedFinding[] }; findings: DetachedFinding[] });

type LintedReport = Extract<ReportedOutcome, { kind: 'linted' }>;

export interface ScanSummary {
  /** Files read (before any was read again as another file said). */
  done: number;
  cancelled: boolean;
  /** Threads the files were read on (a worker that read none, still starting or failed, is not counted). */
  threads: number;
  /** Files each thread read (the scan's own first), counting those read again. */
  filesPerThread: number[];
  /** Worker threads that failed (their files were read on the scan's own thread). */
  problems: string[];
}

export interface ScanControl {
  cancelled?(): boolean;
  /** Called every `every` files with how many are done; the scan yields to the event loop then. */
  progress?(done: number, total: number): void | Promise<void>;
  every?: number;
}

/**
 * Everything that happens to one file, the same for the language server and the CLI: find its
 * project root and config, apply the config's ignores and the size cap, read it, analyse it,
 * record what it tells other files, and complete its findings with what they told. Both faces
 * call this and keep only what is theirs (protocol and progress; argv and formatting).
 */
export class Pipeline {
  private readonly configs: ConfigResolver;
  private readonly ansibleFiles: Ignore | undefined;
  private readonly repositories = new Map<string, string | undefined>();
  private readable: string[] | undefined;
  readonly facts = new FactIndex();
  /** A config's `baseline` by file, with the text it was read from: read again only when the file changed. */
  private readonly baselines = new Map<string, { text: string | undefined; baseline: Baseline | undefined }>();
  readonly baselineProblems = new Map<string, string>();

  constructor(
    readonly engine: Engine,
    readonly settings: ProjectSettings,
  ) {
    const boundaries = settings.configsUpToRepository ? settings.roots.filter((root) => this.repositoryOf(root) === undefined) : settings.roots;
    this.configs = engine.configResolver(boundaries);
    this.ansibleFiles = settings.ansibleFiles?.length ? ignore().add(settings.ansibleFiles) : undefined;
  }

  configFor(file: string): LoadedConfig | undefined {
    return this.configs.forFile(file);
  }

  /** The config resolver, for showing a config file's own problems. */
  get configResolver(): ConfigResolver {
    return this.configs;
  }

  /**
   * The project a file belongs to: the deepest of the roots that hold it and the repository (a
   * folder with `.git`) it is in. Names are judged relative to it, never by the absolute path, so
   * where a checkout lives changes nothing.
   */
  projectRoot(file: string): string | undefined {
    const repository = this.repositoryOf(path.dirname(file));
    const candidates = [...this.settings.roots.filter((root) => relativeInside(root, file) !== undefined), ...(repository ? [repository] : [])];
    return candidates.sort((a, b) => b.length - a.length)[0];
  }

  /** The file's path relative to its project root (the file name alone when it has none). */
  relativePath(file: string): string {
    const root = this.projectRoot(file);
    return (root && relativeInside(root, file)) ?? path.basename(file);
  }

  /** The nearest folder with `.git` at or above `dir`; looked up once per folder. */
  private repositoryOf(dir: string): string | undefined {
    if (this.repositories.has(dir)) return this.repositories.get(dir);
    const parent = path.dirname(dir);
    const found = existsSync(path.join(dir, '.git')) ? dir : parent === dir ? undefined : this.repositoryOf(parent);
    this.repositories.set(dir, found);
    return found;
  }

  /**
   * Where files a document refers to may be read from: the roots and the repositories they are in
   * (a role in `../roles` of the repository is the project's; `/etc/shadow` named as a template is not).
   */
  private get readableRoots(): string[] {
    return (this.readable ??= [...new Set(this.settings.roots.flatMap((root) => [root, this.repositoryOf(root) ?? root]))]);
  }

  /** The user said this file is Ansible: a pattern matches its path relative to one of the roots. */
  private declaredAnsible(file: string): boolean {
    const patterns = this.ansibleFiles;
    return (
      patterns !== undefined &&
      this.settings.roots.some((root) => {
        const relative = relativeInside(root, file);
        return relative !== undefined && patterns.ignores(relative);
      })
    );
  }

  /** Candidate files under a folder, as every format's `mayHold` sees them; folders that cannot be listed go to `unreadable`. */
  walk(root: string, unreadable?: (dir: string, error: Error) => void): string[] {
    return walk(root, (relative) => this.engine.formats.mayHold(relative), unreadable);
  }

  /** Reads, analyses and records one file; its findings are completed with the facts known so far. */
  lint(source: FileSource): FileOutcome {
    const outcome = this.analyse(source, this.facts.readAs(source.file));
    if (outcome.kind !== 'linted') {
      this.facts.delete(source.file);
      return outcome;
    }
    this.facts.record(source.file, outcome.analysis);
    return { ...outcome, findings: this.baselined(outcome, this.facts.complete(source.file, outcome.analysis, outcome.format)) };
  }

  /** The baseline a file's findings are held against: the one given, or its config's `baseline` file. */
  baselineFor(file: string, config = this.configFor(file)): Baseline | undefined {
    if (this.settings.baseline) return this.settings.baseline;
    const named = config?.config.baseline;
    if (!config || !named) return undefined;
    const baselineFile = path.resolve(config.dir, named);
    // The engine's file cache hands back the same text until the file changes: comparing it is cheap on every keystroke.
    const text = this.engine.readWorkspaceFile(baselineFile);
    const cached = this.baselines.get(baselineFile);
    if (cached && cached.text === text) return cached.baseline;
    const read = text === undefined ? Baseline.read(baselineFile) : Baseline.parse(baselineFile, text);
    if ('error' in read) this.baselineProblems.set(baselineFile, read.error);
    else this.baselineProblems.delete(baselineFile);
    const baseline = 'error' in read ? undefined : read;
    this.baselines.set(baselineFile, { text, baseline });
    return baseline;
  }

  /** A file's findings less those its baseline holds. */
  private baselined<F extends DetachedFinding>(outcome: { file: string; text: string; config?: LoadedConfig }, findings: F[]): F[] {
    return this.baselineFor(outcome.file, outcome.config)?.filter(outcome.file, outcome.text, findings) ?? findings;
  }

  /** The files that run or hand over this one (a playbook, a Terraform module, a Packer template). */
  readersOf(file: string): string[] {
    return this.facts.readersOf(file);
  }

  /** A file went away: it tells the others nothing any more. */
  forget(file: string): void {
    this.facts.delete(file);
  }

  /** A file or folder went away: every file at or under it tells the others nothing any more; returns those files. */
  forgetUnder(path: string): string[] {
    const gone = this.facts.filesUnder(path);
    for (const file of gone) this.facts.delete(file);
    return gone;
  }

  /**
   * Lints many files and hands each outcome to `deliver` once it is final, in the order given.
   * Files are read in rounds: those that hand others over (Terraform, Packer) first, then the
   * rest, each seeing only what earlier rounds told; a last round reads again the files others
   * said are read otherwise, and those no name made the walk pick. Within a round the files are
   * spread over `settings.jobs` threads; since no file sees what its own round tells, the findings
   * are the same on one thread or many. A file with nothing to report goes at once (and again,
   * replacing it, if the last round reads it again); one with findings waits for every file's
   * facts, so memory grows with the findings, not with the tree.
   */
  async scan(sources: Iterable<FileSource>, deliver: (outcome: ReportedOutcome) => void, control: ScanControl = {}): Promise<ScanSummary> {
    const all = [...sources];
    const first = all.filter((source) => this.engine.formats.mayHandOver(this.relativePath(source.file)));
    const firstFiles = new Set(first.map((source) => source.file));
    const rest = all.filter((source) => !firstFiles.has(source.file));
    const pool = this.settings.workers ?? WorkerPool.start(WorkerPool.setupFor(this.settings, this.engine.rulesDir, this.engine.today()), 0);
    const lanes = new Lanes(this, pool, all.length);
    try {
      const held: LintedReport[] = [];
      // How each file delivered at once was read: a file read later may say it is read otherwise.
      const deliveredAs = new Map<string, { format: string | undefined; readAs?: ReadAs }>();
      let done = 0;
      const summary = (cancelled: boolean): ScanSummary => ({
        done,
        cancelled,
        threads: lanes.filesPerThread.filter((files) => files > 0).length || 1,
        filesPerThread: lanes.filesPerThread,
        problems: lanes.problems,
      });
      const every = control.every ?? 25;
      for (const round of [first, rest]) {
        const read = await this.readRound(
          lanes,
          round,
          control,
          ({ outcome }) => {
            if (outcome.kind === 'linted' && outcome.findings.length > 0) held.push(outcome);
            else deliver(this.completed(outcome));
            if (outcome.kind === 'linted' && outcome.findings.length === 0) deliveredAs.set(outcome.file, { format: outcome.format, readAs: outcome.readAs });
          },
          // Progress counts files as any thread finishes them (and lets a cancel in), not as they are delivered in order.
          async () => {
            done++;
            if (control.progress && done % every === 0) await control.progress(done, all.length);
          },
        );
        if (!read) return summary(true);
      }
      const readNow = (file: string, readAs: { format: string | undefined; readAs?: ReadAs }) => sameReading(readAs, this.facts.readAs(file));
      // A play, a unit or a template read after a file may say it is read otherwise (only in an image build, in batches, at boot): it is read again as it says.
      const deliveredAgain = all.filter((source) => {
        const readAs = deliveredAs.get(source.file);
        return readAs !== undefined && !readNow(source.file, readAs);
      });
      const heldAgain = held.filter((outcome) => !readNow(outcome.file, outcome)).map(({ file, text }) => ({ file, text }));
      // Files others run or hand over are read as they say, even those no name of theirs made the walk pick.
      const walked = new Set(all.map((source) => source.file));
      const unwalked = this.facts
        .readFiles()
        .filter((file) => !walked.has(file) && this.settings.roots.some((root) => relativeInside(root, file) !== undefined) && this.engine.readWorkspaceFile(file) !== undefined)
        .map((file) => ({ file }));
      const again = new Map<string, ReportedOutcome>();
      const read = await this.readRound(lanes, [...deliveredAgain, ...unwalked, ...heldAgain], control, (result) => {
        again.set(result.outcome.file, result.outcome);
      });
      if (!read) return summary(true);
      // What was delivered at once and is read again replaces what was delivered.
      for (const { file } of [...deliveredAgain, ...unwalked]) {
        deliver(this.completed(again.get(file)!));
      }
      for (const outcome of held) {
        deliver(this.completed(again.get(outcome.file) ?? outcome));
      }
      return summary(false);
    } finally {
      await lanes.close();
    }
  }

  /**
   * Reads one round of files, each as the facts of earlier rounds say, and records what each tells
   * the others in the order given (facts are looked up in the order they were recorded).
   * `onResult` sees the results in that order too; `onArrival` is called as each file is done,
   * whichever thread read it. Returns false when cancelled.
   */
  private async readRound(
    lanes: Lanes,
    sources: FileSource[],
    control: ScanControl,
    onResult: (result: LintResult) => void,
    onArrival: () => void | Promise<void> = () => {},
  ): Promise<boolean> {
    const jobs: LintJob[] = sources.map((source) => ({ ...source, readAs: this.facts.readAs(source.file) }));
    const arrived: (LintResult | undefined)[] = [];
    let next = 0;
    return lanes.run(
      jobs,
      async (index, result) => {
        arrived[index] = result;
        for (; arrived[next]; next++) {
          this.facts.recordPublished(arrived[next]!.outcome.file, arrived[next]!.published);
          onResult(arrived[next]!);
          arrived[next] = undefined;
        }
        await onArrival();
      },
      control,
    );
  }

  /** An outcome as delivered: a linted file's findings completed with every fact known, less those its baseline holds. */
  private completed(outcome: ReportedOutcome): ReportedOutcome {
    if (outcome.kind !== 'linted') return outcome;
    return { ...outcome, findings: this.baselined(outcome, this.facts.complete(outcome.file, outcome.analysis, outcome.format)) };
  }

  /**
   * Every fix of a file, one at a time, the file linted again after each: a fix changes what the
   * next one sees (a networkd.conf drop-in makes the restart after it the remedy, not the hazard).
   * Fixes that add or move lines go before in-place rewrites, so the result does not depend on the
   * order findings appear in. Stops when nothing is left to fix, so its own result is a fixed point.
   */
  fix(source: FileSource): FixOutcome | undefined {
    const readAs = this.facts.readAs(source.file);
    const first = this.analyse(source, readAs);
    if (first.kind !== 'linted') return undefined;
    let outcome: FileOutcome = first;
    let text = first.text;
    let applied = 0;
    while (outcome.kind === 'linted' && applied < MAX_FIXES) {
      const linted: Linted = outcome;
      const fixes = linted.findings.flatMap((finding) => this.engine.fixes(linted.analysis, finding).slice(0, 1));
      const next = fixes.find((fix) => fix.structural) ?? fixes[0];
      if (!next) break;
      const fixed = applyEdits(text, next.edits);
      if (fixed === text) break;
      applied++;
      text = fixed;
      outcome = this.analyse({ ...source, text }, readAs);
    }
    return { file: source.file, before: first.text, after: text, applied };
  }

  /** Reads and analyses one file, read as `readAs` says (undefined: as its own name and content say); records nothing. */
  analyse(source: FileSource, readAs: ReadAs | undefined): FileOutcome {
    const { file } = source;
    const config = this.configFor(file);
    if (ignoredByConfig(config, file)) return { kind: 'ignored', file, config };
    const read = source.text === undefined ? readText(file) : { text: source.text };
    if ('error' in read) return { kind: 'unreadable', file, error: read.error };
    if ('skipped' in read) return { kind: 'skipped', file, reason: read.skipped, config };
    if (Buffer.byteLength(read.text) > MAX_FILE_BYTES) return { kind: 'skipped', file, reason: TOO_LARGE, config };
    const relativePath = this.relativePath(file);
    // A file a play runs is Ansible, whatever its name or content say.
    const hints = { relativePath, languageId: source.languageId, ansible: this.declaredAnsible(file), readAs };
    const analysis = this.engine.analyse(file, read.text, hints, {
      config,
      severities: this.settings.severities,
      trusted: this.settings.trusted,
      readableRoots: this.readableRoots,
    });
    return { kind: 'linted', file, text: read.text, format: analysis.doc?.format, config, analysis, findings: analysis.findings, ...(readAs ? { readAs } : {}) };
  }
}

/**
 * Whether a file was read as it would be read now. A play running a file already read as Ansible
 * changes nothing unless it says more (only an image build, in batches).
 */
function sameReading(outcome: { format: string | undefined; readAs?: ReadAs }, now: ReadAs | undefined): boolean {
  const asRead = (readAs: ReadAs | undefined) => (outcome.format === 'ansible' && readAs?.format === 'ansible' && !readAs.imageBuild && !readAs.batched ? undefined : readAs);
  return JSON.stringify(asRead(outcome.readAs)) === JSON.stringify(asRead(now));
}

/** A bound on fixes per file, should two fixes ever undo each other. */
const MAX_FIXES = 200;

export interface FixOutcome {
  file: string;
  before: string;
  after: string;
  /** How many fixes were applied, over all passes. */
  applied: number;
}

/** A file's text from disk, without a UTF-8 byte-order mark (editors drop it; so do we, so columns agree). */
function readText(file: string): ReturnType<typeof readRegularFile> {
  const read = readRegularFile(file);
  return 'text' in read ? { text: read.text.replace(/^\uFEFF/, '') } : read;
}
