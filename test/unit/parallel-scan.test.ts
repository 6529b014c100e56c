import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Pipeline, type ReportedOutcome } from '../../server/src/core/pipeline';
import { FILES_PER_WORKER, MIN_FILES_PER_WORKER, WorkerPool, workersFor } from '../../server/src/core/scan/lanes';
import { lintJob } from '../../server/src/core/scan/lint-job';
import { testEngine } from '../helpers';

const examples = path.join(__dirname, '..', '..', 'examples');

/** Each file's findings (rule, span, message, related places) in the order delivered, paths relative to the tree. */
async function scanned(root: string, jobs: number, order: (files: string[]) => string[] = (files) => files) {
  const engine = await testEngine();
  const settings = { roots: [root], jobs, filesPerWorker: MIN_FILES_PER_WORKER };
  // Workers started and ready before the scan, as the CLI starts them: each thread reads its share from the first file.
  const workers = WorkerPool.start(WorkerPool.setupFor(settings, engine.rulesDir, engine.today()), jobs - 1);
  await workers.ready();
  const pipeline = new Pipeline(engine, { ...settings, workers });
  const delivered: { file: string; findings: unknown[] }[] = [];
  const deliver = (outcome: ReportedOutcome) => {
    if (outcome.kind !== 'linted') return;
    const relative = (file: string) => path.relative(root, file);
    const findings = outcome.findings.map(({ ruleId, span, message, related }) => ({
      ruleId,
      span,
      message,
      related: related?.map((place) => ({ ...place, file: place.file && relative(place.file) })),
    }));
    delivered.push({ file: relative(outcome.file), findings });
  };
  const summary = await pipeline.scan(
    order(pipeline.walk(root)).map((file) => ({ file })),
    deliver,
  );
  return { delivered, threads: summary.threads, filesPerThread: summary.filesPerThread };
}

describe('a scan on several threads', () => {
  let tree: string;
  // Enough copies of the examples (playbooks and roles, Terraform and its template, Packer and its script) for two workers.
  const copies = Math.ceil((2 * MIN_FILES_PER_WORKER) / 16) + 1;

  before(() => {
    tree = mkdtempSync(path.join(tmpdir(), 'hindsight-jobs-'));
    for (let i = 0; i < copies; i++) cpSync(examples, path.join(tree, `copy-${i}`), { recursive: true });
  });
  after(() => rmSync(tree, { recursive: true, force: true }));

  it('finds, relates and delivers exactly what one thread does, in the same order', async () => {
    const one = await scanned(tree, 1);
    const three = await scanned(tree, 3);
    assert.ok(
      three.filesPerThread.every((files) => files > 0),
      `every thread reads files: ${three.filesPerThread.join(', ')}`,
    );
    assert.equal(one.threads, 1);
    assert.equal(three.threads, 3);
    assert.deepEqual(three.delivered, one.delivered);
    // The cross-file findings made it across threads: a role's route is related to the play that runs it.
    const related = one.delivered.flatMap((file) => file.findings as { related?: { message: string }[] }[]).flatMap((finding) => finding.related ?? []);
    assert.ok(related.some((place) => /runs in the play for/.test(place.message)));
    assert.ok(one.delivered.filter((file) => file.findings.length > 0).length >= copies * 5);
  });

  it('gives each file the same findings whatever order the files come in', async () => {
    // Which of many related places are named (three at most) follows the order the files were recorded in; what is found does not.
    const byFile = (delivered: { file: string; findings: unknown[] }[]) =>
      new Map(delivered.map((file) => [file.file, (file.findings as { related?: unknown }[]).map(({ related: _related, ...finding }) => finding)]));
    const forward = byFile((await scanned(tree, 2)).delivered);
    const backward = byFile((await scanned(tree, 2, (files) => [...files].reverse())).delivered);
    assert.deepEqual(backward, forward);
  });

  it('reads on its own thread what a worker that fails held, and says so', async () => {
    const engine = await testEngine();
    const settings = { roots: [tree], jobs: 2, filesPerWorker: MIN_FILES_PER_WORKER };
    const broken = WorkerPool.start(WorkerPool.setupFor(settings, path.join(tree, 'no-rules-here'), engine.today()), 1);
    // It fails as it starts (no rules where it is told to look), before the scan begins.
    await broken.ready();
    const pipeline = new Pipeline(engine, { ...settings, workers: broken });
    let findings = 0;
    const summary = await pipeline.scan(
      pipeline.walk(tree).map((file) => ({ file })),
      (outcome) => (findings += outcome.kind === 'linted' ? outcome.findings.length : 0),
    );
    assert.equal(summary.threads, 1);
    assert.equal(summary.filesPerThread.length, 2);
    assert.equal(summary.filesPerThread[1], 0);
    assert.match(summary.problems.join('\n'), /^worker thread 1 failed \(.+\); its files were read on the main thread$/);
    const one = await scanned(tree, 1);
    assert.equal(
      findings,
      one.delivered.reduce((sum, file) => sum + file.findings.length, 0),
    );
  });

  it('reads a small tree on its own thread: a worker would cost more than it saves', async () => {
    const { threads } = await scanned(path.join(tree, 'copy-0'), 4);
    assert.equal(threads, 1);
    // Unasked, a worker pays for its start-up and warm-up only in a large scan.
    assert.equal(workersFor({ jobs: 8 }, FILES_PER_WORKER - 1), 0);
    assert.equal(workersFor({ jobs: 8 }, 2 * FILES_PER_WORKER), 2);
    assert.equal(workersFor({ jobs: 2 }, 10 * FILES_PER_WORKER), 1);
    assert.equal(workersFor({ jobs: 4, filesPerWorker: MIN_FILES_PER_WORKER }, 2 * MIN_FILES_PER_WORKER), 2);
  });

  it('stops every thread when one throws: the scan fails, and nothing is delivered after', async () => {
    const engine = await testEngine();
    const settings = { roots: [tree], jobs: 2, filesPerWorker: MIN_FILES_PER_WORKER };
    const workers = WorkerPool.start(WorkerPool.setupFor(settings, engine.rulesDir, engine.today()), 1);
    await workers.ready();
    const pipeline = new Pipeline(engine, { ...settings, workers });
    let delivered = 0;
    let afterFailure = 0;
    let failed = false;
    const scan = pipeline.scan(
      pipeline.walk(tree).map((file) => ({ file })),
      () => {
        if (failed) afterFailure++;
        if (++delivered === 20) throw new Error('the consumer broke');
      },
    );
    await assert.rejects(scan, /the consumer broke/);
    failed = true;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(afterFailure, 0);
  });
});

describe('a job says how its file is read', () => {
  it('a job without readAs reads the file plainly, whatever the facts recorded so far say', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hindsight-job-'));
    try {
      writeFileSync(path.join(root, 'main.tf'), 'resource "aws_instance" "a" {\n  user_data = file("${path.module}/boot.txt")\n}\n');
      writeFileSync(path.join(root, 'boot.txt'), '#!/bin/bash\nip route add 10.7.0.0/16 via 10.0.0.1 dev eth0\n');
      const pipeline = new Pipeline(await testEngine(), { roots: [root] });
      pipeline.lint({ file: path.join(root, 'main.tf') });
      const boot = path.join(root, 'boot.txt');
      const said = pipeline.facts.readAs(boot);
      assert.equal(said?.format, 'user-data');
      // In a round, a file is read as earlier rounds said: on any thread, not as facts recorded meanwhile say.
      const plain = lintJob(pipeline, { file: boot }).outcome;
      assert.ok(plain.kind === 'linted' && plain.format === undefined);
      const asSaid = lintJob(pipeline, { file: boot, readAs: said }).outcome;
      assert.ok(asSaid.kind === 'linted' && asSaid.format !== undefined && asSaid.findings.length > 0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
