import ignore from 'ignore';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ignoredByConfig } from '../core/config/policy';
import { Engine } from '../core/engine';
import type { FormatId, Span } from '../core/model';
import type { Finding } from '../core/rules/types';
import { factsOf, WorkspaceIndex } from '../core/workspace-index';
import type { Incident, Severity } from '../core/rules/types';
import { LineIndex } from '../core/text/line-index';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { reportFindings, SEVERITY_RANK, type FileNote, type ReportedFinding } from './report';
import { walk } from '../core/walk';

declare const HINDSIGHT_VERSION: string;

const USAGE = `Usage: hindsight scan [paths…] [--format text|json|sarif] [--fail-on error|warning|info] [--ansible PATTERN]…

Finds provisioning patterns that caused public outages in cloud-init user-data and Ansible.
--ansible reads files matching a gitignore-style pattern (relative to the working directory) as
Ansible even where neither their place nor their content says so.
Paths default to the current directory. Exit code: 0 clean, 1 findings at or above --fail-on
(default warning), 2 usage error or unreadable input.`;

/** Files larger than this are not provisioning files anyone edits by hand. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

class UsageError extends Error {}

interface Options {
  paths: string[];
  ansible: string[];
  format: 'text' | 'json' | 'sarif';
  failOn: Severity;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'warning' },
      ansible: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [command, ...paths] = positionals;
  if (command !== 'scan') throw new UsageError(command ? `unknown command "${command}"` : 'missing command "scan"');
  if (!['text', 'json', 'sarif'].includes(values.format!)) throw new UsageError(`--format must be text, json or sarif, not "${values.format}"`);
  if (!['error', 'warning', 'info'].includes(values['fail-on']!)) throw new UsageError(`--fail-on must be error, warning or info, not "${values['fail-on']}"`);
  return { paths: paths.length > 0 ? paths : ['.'], ansible: values.ansible!, format: values.format as Options['format'], failOn: values['fail-on'] as Severity };
}

/** The files to read: walked directories plus files named on the command line (always read). */
function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const target of paths) {
    if (!existsSync(target)) throw new UsageError(`${target}: no such file or directory`);
    if (statSync(target).isDirectory()) files.push(...walk(target));
    else files.push(target);
  }
  return [...new Set(files)];
}

/** Notes with `file:line:col` for problems found in a text. */
function notesAt(file: string, text: string, problems: { message: string; span: Span }[], suffix = ''): FileNote[] {
  if (problems.length === 0) return [];
  const lines = new LineIndex(text);
  return problems.map((problem) => {
    const { line, character } = lines.position(problem.span.start);
    return { file: `${file}:${line + 1}:${character + 1}`, message: problem.message + suffix };
  });
}

export async function run(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
    if (options === 'help') {
      out(`${USAGE}\n`);
      return 0;
    }
  } catch (error) {
    err(`hindsight: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  let files: string[];
  try {
    files = collectFiles(options.paths);
  } catch (error) {
    err(`hindsight: ${(error as Error).message}\n`);
    return 2;
  }
  const engine = await Engine.create();
  const configs = engine.configResolver();
  const reportedConfigs = new Set<string>();
  const declaredAnsible = options.ansible.length > 0 ? ignore().add(options.ansible) : undefined;
  const incidentsOf = (ruleId: string): Incident[] => engine.incidents(ruleId);
  const findings: ReportedFinding[] = [];
  const notes: FileNote[] = [];
  let unreadable = false;
  const index = new WorkspaceIndex();
  // Findings that another file of the scan may complete wait for the end of the scan (the same as the
  // editor's scan); everything else is reported as it is found, so memory does not grow with the tree.
  const pending: { file: string; shown: string; text: string; format?: FormatId; findings: Omit<Finding, 'subject'>[] }[] = [];
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    let text;
    try {
      if (statSync(file).size > MAX_FILE_BYTES) {
        notes.push({ file: shown, message: `skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
        continue;
      }
      // Editors drop a UTF-8 byte-order mark; so do we, so columns agree with what users see.
      text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch (error) {
      err(`hindsight: ${shown}: ${(error as Error).message}\n`);
      unreadable = true;
      continue;
    }
    const config = configs.forFile(file);
    if (config && !reportedConfigs.has(config.file)) {
      reportedConfigs.add(config.file);
      notes.push(...notesAt(path.relative(process.cwd(), config.file), config.text, config.problems, ' (the file is ignored until fixed)'));
    }
    if (ignoredByConfig(config, path.resolve(file))) continue;
    const hints = { ansible: declaredAnsible?.ignores(path.relative(process.cwd(), file).split(path.sep).join('/')) ?? false };
    const analysis = engine.analyse(path.resolve(file), text, hints, { config });
    index.set(path.resolve(file), factsOf(analysis));
    for (const failure of analysis.failures) notes.push({ file: shown, message: `rule ${failure.ruleId} failed: ${failure.error.message}` });
    notes.push(...notesAt(shown, text, [...analysis.problems, ...analysis.pragmaProblems]));
    const slim = analysis.findings.map(({ subject: _model, ...finding }) => finding);
    if (WorkspaceIndex.completes(slim)) pending.push({ file: path.resolve(file), shown, text, format: analysis.doc?.format, findings: slim });
    else findings.push(...reportFindings(shown, text, slim, incidentsOf));
  }
  for (const { file, shown, text, format, findings: found } of pending) findings.push(...reportFindings(shown, text, index.complete(file, found, format), incidentsOf));
  const order = new Map(files.map((file, i) => [path.relative(process.cwd(), file) || file, i]));
  findings.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  if (options.format === 'json') out(formatJson(findings));
  else if (options.format === 'sarif') out(formatSarif(findings, engine.ruleSet.rules, incidentsOf, HINDSIGHT_VERSION));
  else out(formatText(findings, notes));
  if (options.format !== 'text') for (const note of notes) err(`hindsight: ${note.file}: ${note.message}\n`);
  if (unreadable) return 2;
  return findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.failOn]) ? 1 : 0;
}

run(process.argv.slice(2), (text) => process.stdout.write(text), (text) => process.stderr.write(text)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`hindsight: ${error.message}\n`);
    process.exitCode = 2;
  },
);
