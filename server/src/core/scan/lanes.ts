import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Pipeline, ProjectSettings, ScanControl } from '../pipeline';
import { lintJob, receive, type LintJob, type LintResult, type SentResult } from './lint-job';

/** What a worker thread needs to read files as the scan's own pipeline does. */
export interface WorkerSetup {
  settings: Omit<ProjectSettings, 'baseline' | 'workers'>;
  rulesDir: string;
  /** ISO date: every thread judges end of life on the same day. */
  today: string;
}

/** A worker costs its start-up (an engine, the grammars, the rules): below this many files per worker it does not pay. */
export const MIN_FILES_PER_WORKER = 150;
/** Files sent at once: few enough that the threads finish together, enough that messages cost little. */
const MAX_CHUNK = 16;
/** Chunks a worker holds at once, so it never waits for the scan's thread to send the next. */
const IN_FLIGHT = 2;

/** One worker thread: its own engine and pipeline, reading the jobs it is sent. */
class WorkerThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (results: SentResult[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(workerScript(), { workerData: setup });
    this.worker.on('message', (message: { id?: number; results?: SentResult[] }) => {
      if (message.id === undefined || !message.results) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      waiter?.resolve(message.results);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the worker thread stopped (exit code ${code})`)));
  }

  /** It failed once: it is not used again. */
  get failed(): boolean {
    return this.failure !== undefined;
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
    await this.worker.terminate();
  }
}

/** The worker's script beside this module: the bundle's `scan-worker.js`, or the source when run from TypeScript. */
function workerScript(): string {
  return path.join(__dirname, `scan-worker${path.extname(__filename)}`);
}

/**
 * Worker threads for one scan. They may be started before the scan's own engine is made (the
 * CLI starts them first, so both start up at once); the scan keeps as many as its files warrant
 * and closes them when it ends.
 */
export class WorkerPool {
  private constructor(private workers: WorkerThread[]) {}

  static start(setup: WorkerSetup, count: number): WorkerPool {
    return new WorkerPool(Array.from({ length: Math.max(0, count) }, () => new WorkerThread(setup)));
  }

  /** The setup for threads that read files as this pipeline does. */
  static setupFor(settings: ProjectSettings, rulesDir: string, today: Date): WorkerSetup {
    const { baseline: _baseline, workers: _workers, ...rest } = settings;
    return { settings: rest, rulesDir, today: today.toISOString() };
  }

  /** Keeps `count` workers (closing the rest) and returns them. */
  keep(count: number): WorkerThread[] {
    const extra = this.workers.slice(count);
    this.workers = this.workers.slice(0, count);
    for (const worker of extra) void worker.close();
    return this.workers;
  }

  async close(): Promise<void> {
    await Promise.all(this.keep(0).map((worker) => worker.close()));
  }
}

/** How many workers a scan of `files` files with `jobs` threads uses: one thread is the scan's own. */
export function workersFor(jobs: number, files: number): number {
  return Math.max(0, Math.min(jobs - 1, Math.floor(files / MIN_FILES_PER_WORKER)));
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
    this.workers = pool.keep(workersFor(pipeline.settings.jobs ?? 1, files));
  }

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
    const take = (): [number, LintJob[]] | undefined => {
      if (next >= jobs.length || control.cancelled?.()) return undefined;
      const start = next;
      next = Math.min(jobs.length, next + chunk);
      return [start, jobs.slice(start, next)];
    };
    const deliver = async (start: number, results: LintResult[]) => {
      for (const [i, result] of results.entries()) await onResult(start + i, result);
    };
    const pullOwn = async () => {
      for (let taken = take(); taken; taken = take()) await deliver(taken[0], await this.own(taken[1]));
    };
    const pullWorker = async (worker: WorkerThread) => {
      for (let taken = worker.failed ? undefined : take(); taken; taken = worker.failed ? undefined : take()) {
        const [start, slice] = taken;
        const results = await worker.lint(slice).then(
          (sent) => sent.map((result) => receive(this.pipeline, result)),
          () => this.own(slice),
        );
        await deliver(start, results);
      }
    };
    await Promise.all([pullOwn(), ...this.workers.flatMap((worker) => Array.from({ length: IN_FLIGHT }, () => pullWorker(worker)))]);
    return next >= jobs.length;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
