import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Pipeline, ProjectSettings, ScanControl } from '../pipeline';
import { lintJob, receive, type LintJob, type LintResult, type SentResult } from './lint-job';

/** What a scan's worker threads are started as: a bundle started with it serves the scan, not its command. */
export const SCAN_WORKER = 'hindsight-scan-worker';

/** What a worker thread needs to read files as the scan's own pipeline does. */
export interface WorkerSetup {
  role: typeof SCAN_WORKER;
  settings: Omit<ProjectSettings, 'baseline' | 'workers'>;
  rulesDir: string;
  /** ISO date: every thread judges end of life on the same day. */
  today: string;
}

/**
 * A worker costs its start-up (an engine, the grammars, the rules: half a second) and, more, the
 * warm-up of its own JavaScript engine, which compiles the same hot code again (about 4 s of CPU
 * over the first few thousand files, measured on 2 cores). Unasked, a scan starts a worker for
 * every this many files; below it one thread is as fast.
 */
export const FILES_PER_WORKER = 4000;
/** When threads are asked for (`--jobs N`), a worker for every this many files. */
export const MIN_FILES_PER_WORKER = 150;
/** Files sent at once: few enough that the threads finish together, enough that messages cost little. */
const MAX_CHUNK = 16;
/** Chunks a worker holds at once, so it never waits for the scan's thread to send the next. */
const IN_FLIGHT = 4;

/** One worker thread: its own engine and pipeline, reading the jobs it is sent. */
class WorkerThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (results: SentResult[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  /** Settles once the worker has made its engine (or failed): until then it takes no files, which the scan's own thread reads meanwhile. */
  readonly ready: Promise<void>;
  /** Marks it failed and rejects the chunks it holds. */
  private readonly fail: (error: Error) => void;

  constructor(setup: WorkerSetup) {
    const script = workerScript();
    // From the bundle the worker is plain JavaScript; run from TypeScript (the tests), it loads its source through tsx.
    this.worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData: setup })
      : new Worker(script, { workerData: setup });
    let started: () => void;
    this.ready = new Promise((resolve) => (started = resolve));
    this.worker.on('message', (message: { ready?: boolean; id?: number; results?: SentResult[] }) => {
      if (message.ready) started();
      if (message.id === undefined || !message.results) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      waiter?.resolve(message.results);
    });
    this.fail = (error: Error) => {
      this.failure ??= error;
      started();
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', this.fail);
    this.worker.on('exit', (code) => this.fail(new Error(`the worker thread stopped (exit code ${code})`)));
  }

  /** It failed once: it is not used again. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Why it failed, if it did. */
  get problem(): string | undefined {
    return this.failure?.message;
  }

  lint(jobs: LintJob[]): Promise<SentResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, jobs });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    this.fail(new Error('the scan closed the worker thread'));
    await this.worker.terminate();
  }
}

/** The worker's script: the running bundle itself (its entry serves scans in a worker thread), or the source when run from TypeScript. */
function workerScript(): string {
  return path.extname(__filename) === '.ts' ? path.join(__dirname, 'scan-worker.ts') : __filename;
}

/**
 * Worker threads for one scan. They may be started before the scan's own engine is made (the
 * CLI starts those asked for first, so both start up at once); the scan keeps, or starts, as many
 * as its files warrant and closes them when it ends.
 */
export class WorkerPool {
  private workers: WorkerThread[] = [];

  private constructor(private readonly setup: WorkerSetup) {}

  static start(setup: WorkerSetup, count: number): WorkerPool {
    const pool = new WorkerPool(setup);
    pool.keep(count);
    return pool;
  }

  /** The setup for threads that read files as this pipeline does. */
  static setupFor(settings: ProjectSettings, rulesDir: string, today: Date): WorkerSetup {
    const { baseline: _baseline, workers: _workers, ...rest } = settings;
    return { role: SCAN_WORKER, settings: rest, rulesDir, today: today.toISOString() };
  }

  /** Settles once every worker has made its engine (or failed). */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.ready));
  }

  /** Keeps `count` workers, starting those missing and closing the rest, and returns them. */
  keep(count: number): WorkerThread[] {
    const extra = this.workers.slice(count);
    this.workers = [...this.workers.slice(0, count), ...Array.from({ length: Math.max(0, count - this.workers.length) }, () => new WorkerThread(this.setup))];
    for (const worker of extra) void worker.close();
    return this.workers;
  }

  async close(): Promise<void> {
    await Promise.all(this.keep(0).map((worker) => worker.close()));
  }
}

/** How many workers a scan of `files` files uses: one thread is the scan's own. */
export function workersFor(settings: Pick<ProjectSettings, 'jobs' | 'filesPerWorker'>, files: number): number {
  return Math.max(0, Math.min((settings.jobs ?? 1) - 1, Math.floor(files / (settings.filesPerWorker ?? FILES_PER_WORKER))));
}

/**
 * The threads a scan reads files on: its own, and the workers its files warrant. Every thread
 * reads a file the same way, so the findings never depend on how many there are.
 */
export class Lanes {
  private readonly workers: WorkerThread[];

  constructor(
    private readonly pipeline: Pipeline,
    private readonly pool: WorkerPool,
    files: number,
  ) {
    this.workers = pool.keep(workersFor(pipeline.settings, files));
    this.filesPerThread = Array.from({ length: this.threads }, () => 0);
  }

  /** Files read on each thread so far: the scan's own first. */
  readonly filesPerThread: number[];

  get threads(): number {
    return 1 + this.workers.length;
  }

  /** Reads jobs on the scan's own thread, letting the workers' answers in after each chunk. */
  private async own(jobs: LintJob[]): Promise<LintResult[]> {
    const results = jobs.map((job) => lintJob(this.pipeline, job));
    await new Promise((resolve) => setImmediate(resolve));
    return results;
  }

  /**
   * Reads every job, handing each result to `onResult` with its index as it arrives. A worker that
   * fails is not used again; what it held is read on the scan's own thread. Returns false when cancelled.
   */
  async run(jobs: LintJob[], onResult: (index: number, result: LintResult) => void | Promise<void>, control: ScanControl): Promise<boolean> {
    const chunk = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(jobs.length / (this.threads * 8))));
    let next = 0;
    // A lane that throws (a rule's hook, the consumer) stops the others: the scan fails as a whole, and nothing is delivered after.
    let thrown = false;
    const take = (): [number, LintJob[]] | undefined => {
      if (thrown || next >= jobs.length || control.cancelled?.()) return undefined;
      const start = next;
      next = Math.min(jobs.length, next + chunk);
      return [start, jobs.slice(start, next)];
    };
    const deliver = async (start: number, results: LintResult[]) => {
      for (const [i, result] of results.entries()) if (!thrown) await onResult(start + i, result);
    };
    const pullOwn = async () => {
      for (let taken = take(); taken; taken = take()) {
        this.filesPerThread[0] += taken[1].length;
        await deliver(taken[0], await this.own(taken[1]));
      }
    };
    const pullWorker = async (worker: WorkerThread, thread: number, ownDone: Promise<void>) => {
      // A worker still starting when this thread has taken every file has nothing left to do: no waiting for it.
      await Promise.race([worker.ready, ownDone]);
      for (let taken = worker.failed ? undefined : take(); taken; taken = worker.failed ? undefined : take()) {
        const [start, slice] = taken;
        const results = await worker.lint(slice).then(
          (sent) => {
            this.filesPerThread[thread] += slice.length;
            return sent.map((result) => receive(this.pipeline, result));
          },
          () => {
            this.filesPerThread[0] += slice.length;
            return this.own(slice);
          },
        );
        await deliver(start, results);
      }
    };
    const stopOnThrow = (pull: Promise<void>) =>
      pull.catch((error: unknown) => {
        thrown = true;
        throw error;
      });
    const ownDone = stopOnThrow(pullOwn());
    const workerPulls = this.workers.flatMap((worker, i) => Array.from({ length: IN_FLIGHT }, () => stopOnThrow(pullWorker(worker, i + 1, ownDone))));
    const settled = await Promise.allSettled([ownDone, ...workerPulls]);
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    return next >= jobs.length;
  }

  /** Workers that failed, and why: what they held was read on the scan's own thread, but it must be said. */
  get problems(): string[] {
    return this.workers.flatMap((worker, i) => (worker.problem ? [`worker thread ${i + 1} failed (${worker.problem}); its files were read on the main thread`] : []));
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
