import type { LoadedConfig } from '../config/config-file';
import { FactIndex } from '../cross-file';
import type { DetachedFinding, Finding } from '../finding';
import type { ReadAs } from '../model';
import type { FileSource, Pipeline, ReportedOutcome } from '../pipeline';
import type { PublishedFact } from '../rules/rule-code';

/** One file a scan reads, with how other files say it is read: fixed before its round starts, so no thread's timing changes it. */
export interface LintJob extends FileSource {
  readAs?: ReadAs;
}

/** What reading a file gives the scan: its outcome without its model, and what it tells the other files. */
export interface LintResult {
  outcome: ReportedOutcome;
  published: PublishedFact[];
}

/**
 * A result as it crosses between threads: without the config and the rule set, which hold
 * functions and which the receiving pipeline has (it resolves the same config for the file).
 */
export type SentResult = { outcome: SentOutcome; published: PublishedFact[] };
type SentOutcome =
  | Exclude<ReportedOutcome, { kind: 'linted' }>
  | (Omit<Extract<ReportedOutcome, { kind: 'linted' }>, 'config' | 'analysis'> & { analysis: Omit<Extract<ReportedOutcome, { kind: 'linted' }>['analysis'], 'ruleSet'> });

/** Reads and analyses one file as its job says. */
export function lintJob(pipeline: Pipeline, job: LintJob): LintResult {
  const outcome = pipeline.analyse(job, job.readAs);
  if (outcome.kind !== 'linted') return { outcome, published: [] };
  const slim = ({ subject: _subject, ...finding }: Finding): DetachedFinding => finding;
  const { doc: _doc, ...analysis } = outcome.analysis;
  const findings = analysis.findings.map(slim);
  return { outcome: { ...outcome, analysis: { ...analysis, findings }, findings }, published: FactIndex.publishedBy(job.file, outcome.analysis) };
}

export function send({ outcome, published }: LintResult): SentResult {
  if (outcome.kind === 'unreadable') return { outcome, published };
  const { config: _config, ...rest } = outcome;
  if (rest.kind !== 'linted') return { outcome: rest, published };
  const { ruleSet: _ruleSet, ...analysis } = rest.analysis;
  return { outcome: { ...rest, analysis }, published };
}

/** A result from another thread, with the config and rule set this pipeline has for its file. */
export function receive(pipeline: Pipeline, { outcome, published }: SentResult): LintResult {
  const config: LoadedConfig | undefined = pipeline.configFor(outcome.file);
  const withConfig = config ? { config } : {};
  if (outcome.kind === 'unreadable') return { outcome, published };
  if (outcome.kind !== 'linted') return { outcome: { ...outcome, ...withConfig }, published };
  const { ruleSet } = pipeline.engine.ruleSetFor(config, pipeline.settings.trusted ?? true);
  return { outcome: { ...outcome, ...withConfig, analysis: { ...outcome.analysis, ruleSet } }, published };
}
