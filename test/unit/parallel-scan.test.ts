import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Pipeline, type ReportedOutcome } from '../../server/src/core/pipeline';
import { MIN_FILES_PER_WORKER } from '../../server/src/core/scan/lanes';
import { testEngine } from '../helpers';

const examples = path.join(__dirname, '..', '..', 'examples');

/** Each file's findings (rule, span, message, related places) in the order delivered, paths relative to the tree. */
async function scanned(root: string, jobs: number, order: (files: string[]) => string[] = (files) => files) {
  const pipeline = new Pipeline(await testEngine(), { roots: [root], jobs });
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
  return { delivered, threads: summary.threads };
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

  it('reads a small tree on its own thread: a worker would cost more than it saves', async () => {
    const { threads } = await scanned(path.join(tree, 'copy-0'), 4);
    assert.equal(threads, 1);
  });
});
