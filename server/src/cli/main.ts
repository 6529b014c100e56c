import { createTwoFilesPatch } from 'diff';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../core/engine';
import { Baseline } from '../core/baseline';
import { parseErrorFindings, type DetachedFinding, type Severity } from '../core/finding';
import type { Span } from '../core/model';
import { Pipeline, type FixOutcome, type ProjectSettings, type ReportedOutcome } from '../core/pipeline';
import { defaultRulesDir } from '../core/rules/load';
import { MIN_FILES_PER_WORKER, WorkerPool } from '../core/scan/lanes';
import { isScanWorker } from '../core/scan/scan-worker';
import { relativeInside, toPosix } from '../core/paths';
import type { RuleSet } from '../core/rules/rule-set';
import { LineIndex } from '../core/text/line-index';
import { formatGithub } from './format-github';
import { formatGitlab } from './format-gitlab';
import { formatJson } from './format-json';
import { formatJunit } from './format-junit';
import { explainRule, printRules } from './rules-command';
import { formatSarif } from './format-sarif';
import { COLOURED, formatText, PLAIN } from './format-text';
import { listFiles } from './list-files';
import { printable, reportFindings, SEVERITY_RANK, shown, type FileNote, type ReportedFinding } from './report';

declare const HINDSIGHT_VERSION: string;

const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;

const USAGE = `Usage: hindsight scan [paths…] [--format ${FORMATS.join('|')}] [--fail-on error|warning|info] [--ansible PATTERN]… [--fix | --diff | --list-files] [--color auto|always|never]
       hindsight scan [paths…] --baseline FILE | --baseline-write FILE
       hindsight scan [paths…] --jobs N
       hindsight rules
       hindsight explain RULE-ID

Finds provisioning patterns that caused public outages in cloud-init user-data, Ansible
playbooks and roles, and Dockerfiles. --ansible reads files matching a gitignore-style pattern
(relative to the working directory) as Ansible even where neither their place nor their content
says so.
--fix applies every safe quick fix to the files and reports what is left; --diff prints the fixes
as a unified diff and changes nothing (exit 1 when there is one). --list-files prints each file with
the kind it was read as and why, and the files it did not read and why. --format github prints
workflow commands (annotations on the pull request, up to GitHub's ten per level and step) and adds
every finding to the job summary; gitlab prints a Code Quality report; junit a test report. Text is
coloured on a terminal unless NO_COLOR is set (--color says otherwise). rules
lists the rule catalog; explain prints a rule's page. --baseline-write FILE records today's findings
(per file and rule, by the flagged line's text, so they survive line moves); --baseline FILE (or
the config's baseline key) reports only findings it does not hold and prunes the entries of the
scanned files that no longer occur; it never takes a new finding in. --jobs N reads files on up
to N threads, at most the machine's cores (the findings are the same on any number). Paths default to the current directory. Exit code: 0 clean, 1 findings at or above --fail-on
(default warning), 2 usage error, unreadable input, or a rule or rule folder that failed.`;

class UsageError extends Error {}

/** What the scan reports of one file. */
interface FileReport {
  findings: ReportedFinding[];
  notes: FileNote[];
  /** A rule failed on it: it was not fully checked. */
  failed: boolean;
  /** Read, but no format recognised it. */
  unrecognised: boolean;
  /** For `--baseline-write`. */
  recorded?: { file: string; text: string; findings: DetachedFinding[] };
}

interface Options {
  command: 'scan';
  paths: string[];
  ansible: string[];
  format: (typeof FORMATS)[number];
  color: boolean;
  failOn: Severity;
  fix: boolean;
  diff: boolean;
  listFiles: boolean;
  baseline?: string;
  baselineWrite?: string;
  jobs: number;
  /** `--jobs` was given. */
  jobsAsked: boolean;
}

type Command = Options | { command: 'rules' } | { command: 'explain'; ruleId: string } | 'help';

function parseOptions(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'warning' },
      ansible: { type: 'string', multiple: true, default: [] },
      fix: { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      'list-files': { type: 'boolean', default: false },
      color: { type: 'string', default: 'auto' },
      baseline: { type: 'string' },
      'baseline-write': { type: 'string' },
      jobs: { type: 'string', short: 'j' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [command, ...paths] = positionals;
  if (command === 'rules' && paths.length === 0) return { command };
  if (command === 'explain') {
    if (paths.length !== 1) throw new UsageError('explain takes one rule id');
    return { command, ruleId: paths[0] };
  }
  if (command !== 'scan') throw new UsageError(command ? `unknown command "${command}"` : 'missing command "scan"');
  if (!(FORMATS as readonly string[]).includes(values.format!)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, not "${values.format}"`);
  if (!['error', 'warning', 'info'].includes(values['fail-on']!)) throw new UsageError(`--fail-on must be error, warning or info, not "${values['fail-on']}"`);
  if (values.fix && values.diff) throw new UsageError('--fix and --diff exclude each other');
  if (values.baseline && values['baseline-write']) throw new UsageError('--baseline and --baseline-write exclude each other');
  const asked = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!/^\d+$/.test(values.jobs ?? '1') || asked < 1) throw new UsageError(`--jobs must be a whole number of threads, at least 1, not "${values.jobs}"`);
  // More threads than cores would only cost memory (an engine each).
  const jobs = Math.min(asked, availableParallelism());
  if (!['auto', 'always', 'never'].includes(values.color!)) throw new UsageError(`--color must be auto, always or never, not "${values.color}"`);
  return {
    command,
    paths: paths.length > 0 ? paths : ['.'],
    ansible: values.ansible!,
    format: values.format as Options['format'],
    // As most tools do: colour on a terminal, never when NO_COLOR is set (no-color.org), unless asked.
    color: values.color === 'always' || (values.color === 'auto' && process.stdout.isTTY === true && !process.env.NO_COLOR),
    failOn: values['fail-on'] as Severity,
    fix: values.fix!,
    diff: values.diff!,
    listFiles: values['list-files']!,
    baseline: values.baseline,
    baselineWrite: values['baseline-write'],
    jobs,
    jobsAsked: values.jobs !== undefined,
  };
}

/**
 * Project roots: the working directory, and each path named outside it (a folder, or a file's
 * folder). A folder named inside the working directory is not a root of its own: what a file is
 * must not depend on which of its parent folders was named.
 */
function rootsOf(paths: string[]): string[] {
  for (const target of paths) if (!existsSync(target)) throw new UsageError(`${target}: no such file or directory`);
  const cwd = process.cwd();
  const outside = paths
    .map((target) => path.resolve(target))
    .filter((target) => target !== cwd && relativeInside(cwd, target) === undefined)
    .map((target) => (statSync(target).isDirectory() ? target : path.dirname(target)));
  return [cwd, ...outside];
}

/**
 * The files to read: walked directories plus files named on the command line (always read), and a
 * note for each folder that could not be listed (its files were not read: the scan is not clean).
 */
function collectFiles(pipeline: Pipeline, paths: string[]): { files: string[]; unlisted: FileNote[] } {
  const unlisted: FileNote[] = [];
  const unreadable = (dir: string, error: Error) => unlisted.push({ file: shown(dir), message: `folder not read: ${error.message}` });
  const files = paths.flatMap((target) => (statSync(target).isDirectory() ? pipeline.walk(path.resolve(target), unreadable) : [path.resolve(target)]));
  return { files: [...new Set(files)], unlisted };
}

/** Notes with `file:line:col` for problems found in a text. */
function notesAt(file: string, text: string, problems: { message: string; span: Span }[]): FileNote[] {
  if (problems.length === 0) return [];
  const lines = new LineIndex(text);
  return problems.map((problem) => {
    const { line, character } = lines.position(problem.span.start);
    return { file: `${file}:${line + 1}:${character + 1}`, message: problem.message };
  });
}

/** Notes on stderr, where they go when stdout holds a machine format or a diff. */
function printNotes(notes: FileNote[], err: (text: string) => void): void {
  for (const note of notes) err(`hindsight: ${printable(note.file)}: ${printable(note.message)}\n`);
}

/** Why a file named on the command line was not read. */
const UNRECOGNISED =
  'no format recognises it (cloud-config, shell user-data, Ansible, Dockerfile, Terraform, CloudFormation, Packer, systemd units); `--ansible <pattern>` reads a file as Ansible';

/** Every file's fixes, when there are any. */
function fixesOf(pipeline: Pipeline, files: string[]): FixOutcome[] {
  return files.flatMap((file) => {
    const fixed = pipeline.fix({ file });
    return fixed && fixed.after !== fixed.before ? [fixed] : [];
  });
}

/** `--diff`: the fixes as a unified diff; exit 1 when there is one, as `ruff --diff` does. */
function printFixes(pipeline: Pipeline, files: string[], out: (text: string) => void, err: (text: string) => void): number {
  const fixed = fixesOf(pipeline, files);
  for (const { file, before, after } of fixed)
    out(createTwoFilesPatch(`a/${toPosix(shown(file))}`, `b/${toPosix(shown(file))}`, before, after, undefined, undefined, { context: 3 }));
  err(`hindsight: ${fixed.reduce((sum, fix) => sum + fix.applied, 0)} fixes in ${fixed.length} files\n`);
  return fixed.length > 0 ? 1 : 0;
}

/** `--fix`: the fixes written to the files (a byte-order mark is kept); what is left is reported as usual. */
function writeFixes(pipeline: Pipeline, files: string[], err: (text: string) => void): void {
  const fixed = fixesOf(pipeline, files);
  for (const { file, after } of fixed) {
    const bom = readFileSync(file, 'utf8').startsWith('\uFEFF') ? '\uFEFF' : '';
    writeFileSync(file, bom + after);
    err(`hindsight: fixed ${printable(shown(file))}\n`);
  }
  err(`hindsight: applied ${fixed.reduce((sum, fix) => sum + fix.applied, 0)} fixes in ${fixed.length} files\n`);
}

export async function run(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let options;
  let roots;
  try {
    options = parseOptions(argv);
    if (options === 'help') {
      out(`${USAGE}\n`);
      return 0;
    }
    if (options.command === 'rules') return printRules((await Engine.create()).ruleSet, out);
    if (options.command === 'explain') return explainRule((await Engine.create()).ruleSet, options.ruleId, out, err);
    roots = rootsOf(options.paths);
  } catch (error) {
    err(`hindsight: ${(error as Error).message}${error instanceof UsageError && !/no such file/.test((error as Error).message) ? `\n\n${USAGE}` : ''}\n`);
    return 2;
  }
  // Writing a baseline records every finding: an empty one stands in for a config's.
  const baseline = options.baselineWrite ? Baseline.of(path.resolve(options.baselineWrite), []) : options.baseline ? Baseline.read(path.resolve(options.baseline)) : undefined;
  if (baseline && 'error' in baseline) {
    err(`hindsight: baseline not read: ${printable(baseline.error)}\n`);
    return 2;
  }
  // Threads asked for are used from a few hundred files on; unasked, only where they pay for their warm-up.
  const settings = {
    roots,
    configsUpToRepository: true,
    ansibleFiles: options.ansible,
    baseline,
    jobs: options.jobs,
    ...(options.jobsAsked ? { filesPerWorker: MIN_FILES_PER_WORKER } : {}),
  };
  const today = new Date();
  // Asked-for workers start up (an engine each) while this thread makes its own and walks the folders; the scan keeps those its files warrant.
  const scansFolders = options.jobsAsked && options.paths.some((target) => statSync(target).isDirectory()) && !options.listFiles && !options.diff;
  const workers = WorkerPool.start(WorkerPool.setupFor(settings, defaultRulesDir(), today), scansFolders ? options.jobs - 1 : 0);
  try {
    return await scan(options, { ...settings, workers }, today, out, err);
  } finally {
    // Whatever happened, no worker outlives the command.
    await workers.close();
  }
}

/** `hindsight scan`: reads the files, reports what it found. */
async function scan(options: Options, settings: ProjectSettings, today: Date, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const engine = await Engine.create({ today: () => today });
  const pipeline = new Pipeline(engine, settings);
  const { files, unlisted } = collectFiles(pipeline, options.paths);
  if (options.listFiles) return listFiles(pipeline, files, unlisted, out);
  if (options.diff) {
    printNotes(unlisted, err);
    return Math.max(printFixes(pipeline, files, out, err), unlisted.length > 0 ? 2 : 0);
  }
  if (options.fix) writeFixes(pipeline, files, err);
  const reportedConfigs = new Set<string>();
  // A file delivered again (another file said how it is read) replaces what it reported first.
  const reports = new Map<string, FileReport>();
  const notes: FileNote[] = [...unlisted];
  let unreadable = unlisted.length > 0;
  // Rules of every set the scan used (a config's rule folders add to the shipped ones), for SARIF.
  const ruleSets = new Set<RuleSet>([engine.ruleSet]);
  const named = new Set(options.paths.filter((target) => !statSync(target).isDirectory()).map((target) => path.resolve(target)));
  // A scan an ignore pattern made clean must say so.
  const ignoredBy = new Map<string, number>();
  const deliver = (outcome: ReportedOutcome): void => {
    const name = shown(outcome.file);
    if (outcome.kind === 'unreadable') {
      err(`hindsight: ${printable(name)}: ${printable(outcome.error.message)}\n`);
      unreadable = true;
      return;
    }
    const report: FileReport = { findings: [], notes: [], failed: false, unrecognised: outcome.kind === 'linted' && outcome.format === undefined };
    reports.set(outcome.file, report);
    const config = outcome.config;
    if (config && !reportedConfigs.has(config.file)) {
      reportedConfigs.add(config.file);
      notes.push(...notesAt(shown(config.file), config.text, config.problems));
    }
    if (outcome.kind === 'skipped') report.notes.push({ file: name, message: `skipped: ${outcome.reason}` });
    if (outcome.kind === 'ignored' && outcome.config) ignoredBy.set(outcome.config.file, (ignoredBy.get(outcome.config.file) ?? 0) + 1);
    if (outcome.kind !== 'linted') return;
    const { analysis } = outcome;
    ruleSets.add(analysis.ruleSet);
    // A rule that failed, or a rule folder that did not load, means the file was not fully checked: CI must not pass.
    report.failed = analysis.failures.length > 0;
    for (const failure of analysis.failures) report.notes.push({ file: name, message: `rule ${failure.ruleId} failed: ${failure.error.message}` });
    report.notes.push(...notesAt(name, outcome.text, [...analysis.notices, ...analysis.pragmaProblems]));
    if (options.baselineWrite) report.recorded = { file: outcome.file, text: outcome.text, findings: outcome.findings };
    const reported = [...parseErrorFindings(analysis.problems), ...outcome.findings];
    report.findings = reportFindings(
      name,
      outcome.text,
      reported,
      (finding) => analysis.ruleSet.incidentsFor(finding),
      (file) => pipeline.engine.readWorkspaceFile(file),
    );
  };
  const scanned = await pipeline.scan(
    files.map((file) => ({ file })),
    deliver,
  );
  for (const problem of scanned.problems) err(`hindsight: ${printable(problem)}\n`);
  for (const file of named) if (reports.get(file)?.unrecognised) err(`hindsight: ${printable(shown(file))}: not read: ${UNRECOGNISED}\n`);
  const findings = [...reports.values()].flatMap((report) => report.findings);
  notes.push(...[...reports.values()].flatMap((report) => report.notes));
  if ([...reports.values()].some((report) => report.failed)) unreadable = true;
  const recorded = [...reports.values()].flatMap((report) => report.recorded ?? []);
  for (const [file, problem] of pipeline.baselineProblems) notes.push({ file: shown(file), message: `baseline not read: ${problem}` });
  if (options.baselineWrite) {
    const written = Baseline.of(path.resolve(options.baselineWrite), recorded);
    written.write();
    err(`hindsight: recorded ${written.size} findings in ${printable(options.baselineWrite)}; scans with --baseline report only new ones\n`);
    return unreadable ? 2 : 0;
  }
  if (settings.baseline && options.baseline) {
    const pruned = settings.baseline.write(true);
    if (pruned > 0) err(`hindsight: ${pruned} findings in ${printable(options.baseline)} no longer occur and were pruned from it\n`);
  }
  for (const [config, count] of ignoredBy) notes.push({ file: shown(config), message: `${count} file${count === 1 ? '' : 's'} not read: its ignore patterns match them` });
  const order = new Map(files.map((file, i) => [shown(file), i]));
  findings.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  if (options.format === 'json') out(formatJson(findings));
  else if (options.format === 'sarif') out(formatSarif(findings, [...ruleSets], HINDSIGHT_VERSION));
  else if (options.format === 'gitlab') out(formatGitlab(findings));
  else if (options.format === 'junit') out(formatJunit(findings));
  else if (options.format === 'github') {
    const github = formatGithub(findings, HINDSIGHT_VERSION);
    out(github.annotations);
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, github.summary);
    else err(github.summary);
  } else out(formatText(findings, notes, unreadable, options.color ? COLOURED : PLAIN));
  if (options.format !== 'text') printNotes(notes, err);
  if (unreadable) return 2;
  return findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.failOn]) ? 1 : 0;
}

// Started as a scan's worker thread, this bundle serves the scan (scan-worker); the command runs everywhere else.
if (!isScanWorker()) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

  run(
    process.argv.slice(2),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`hindsight: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
