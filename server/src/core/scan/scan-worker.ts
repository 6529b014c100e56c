import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../engine';
import { Pipeline } from '../pipeline';
import { lintJob, send, type LintJob } from './lint-job';
import { SCAN_WORKER, type WorkerSetup } from './lanes';

/**
 * A worker thread of a scan: its own engine and pipeline (nothing mutable is shared), reading the
 * files it is sent as their jobs say. Facts and completion stay with the scan's own pipeline.
 */
async function serve(setup: WorkerSetup): Promise<void> {
  const today = new Date(setup.today);
  const engine = await Engine.create({ rulesDir: setup.rulesDir, today: () => today });
  const pipeline = new Pipeline(engine, setup.settings);
  parentPort!.on('message', ({ id, jobs }: { id: number; jobs: LintJob[] }) => {
    parentPort!.postMessage({ id, results: jobs.map((job) => send(lintJob(pipeline, job))) });
  });
  parentPort!.postMessage({ ready: true });
}

/** This thread was started to read a scan's files: a bundle started so serves the scan, not its command. */
export function isScanWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerSetup> | undefined)?.role === SCAN_WORKER;
}

// Each bundle (the CLI's, the language server's) imports this module and is its own worker script;
// the TypeScript source is the worker script when the sources run directly (the tests).
if (isScanWorker()) void serve(workerData as WorkerSetup);
