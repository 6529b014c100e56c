import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Pipeline, ProjectSettings, ScanControl } from '../pipeline';
import { lintJob, receive, type LintJob, type LintResult, type SentResult } from './lint-job';

/** What a worker thread needs to read files as the scan's own pipeline does. */
export interface WorkerSetup {
  settings: Omit<ProjectSettings, 'baseline'>;
  rulesDir: string;
  /** ISO date: every thread judges end of life on the same day. */
  today: string;
}

/** Where files are read: the scan's own thread, or a worker thread. */
interface Lane {
  /** A lane that failed once is not used again. */
  readonly failed: boolean;
  lint(jobs: LintJob[]): Promise<LintResult[]>;
  close(): Promise<void>;
}

/** A worker costs its start-up (an engine, the grammars, the rules): below this many files per worker it does not pay. */
export const MIN_FILES_PER_WORKER = 150;
/** Files sent at once: few enough that the threads finish together, enough that messages cost little. */
const MAX_CHUNK = 16;
/** Chunks a worker holds at once, so it never waits for the scan's thread to send the next. */
const IN_FLIGHT = 2;

class OwnThread implements Lane {
  readonly failed = false;

  constructor(private readonly pipeline: Pipeline) {}

  async lint(jobs: LintJob[]): Promise<LintResult[]> {
    const results = jobs.map((job) => lintJob(this.pipeline, job));
    // Let the workers' answers in between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    return results;
  }

  async close(): Promise<void> {}
}

class WorkerThread implements Lane {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (results: LintResult[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    private readonly pipeline: Pipeline,
    setup: WorkerSetup,
  ) {
    this.worker = new Worker(workerScript(), { workerData: setup });
    this.worker.on('message', (message: { id?: number; results?: SentResult[] }) => {
      if (message.id === undefined || !message.results) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      waiter?.resolve(message.results.map((result) => receive(this.pipeline, result)));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the worker thread stopped (exit code ${code})`)));
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  lint(jobs: LintJob[]): Promise<LintResult[]> {
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
 * The threads a scan reads files on: its own, and up to `jobs - 1` workers when there are files
 * enough for them to pay. Every thread reads a file the same way, so the findings never depend on
 * how many there are.
 */
export class Lanes {
  private readonly own: OwnThread;
  private readonly workers: WorkerThread[];

  constructor(pipeline: Pipeline, jobs: number, files: number) {
    this.own = new OwnThread(pipeline);
    const count = Math.max(0, Math.min(jobs - 1, Math.floor(files / MIN_FILES_PER_WORKER)));
    const { baseline: _baseline, ...settings } = pipeline.settings;
    const setup: WorkerSetup = { settings, rulesDir: pipeline.engine.rulesDir, today: pipeline.engine.today().toISOString() };
    this.workers = Array.from({ length: count }, () => new WorkerThread(pipeline, setup));
  }

  get threads(): number {
    return 1 + this.workers.length;
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
    const pull = async (lane: Lane) => {
      for (let taken = take(); taken; taken = take()) {
        const [start, slice] = taken;
        const results = await lane.lint(slice).catch(() => this.own.lint(slice));
        await deliver(start, results);
        if (lane.failed) return;
      }
    };
    const workerPulls = this.workers.flatMap((worker) => Array.from({ length: IN_FLIGHT }, () => pull(worker)));
    await Promise.all([pull(this.own), ...workerPulls]);
    return next >= jobs.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
