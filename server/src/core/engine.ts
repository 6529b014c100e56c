import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedConfig } from './config/config-file';
import { ConfigResolver } from './config/config-resolver';
import { applyPolicy, type SeveritySetting } from './config/policy';
import { FileCache, type ReadFile } from './file-cache';
import type { Finding } from './finding';
import { fixesFor, type FixReport } from './fixes';
import { applyFix, whatAFixLoses } from './fixes/guard';
import { ignoreFile, ignoreLineAt, pragmaAnchors } from './fixes/pragma-edits';
import type { Fix } from './fixes/types';
import type { FormatPlugin, Recognition } from './formats/format';
import { Formats } from './formats/registry';
import type { ParseProblem, ProvisioningDocument, ReadAs } from './model';
import { forgetParsedTaskFiles } from './parse/ansible/adapter';
import { forgetIncludeGraph } from './parse/ansible/includes';
import { relativeInside } from './paths';
import { FILE_BUDGET_MS } from './limits';
import { applyPragmas, parsePragmas, type PragmaProblem } from './pragmas';
import { lintDocument, type RuleFailure } from './rules/lint';
import { defaultRulesDir, extendRuleSet, loadRuleSet } from './rules/load';
import type { RuleSet } from './rules/rule-set';
import { initParsers } from './grammars';
import { withoutBlankEdges } from './text/blank-edges';

export interface Analysis {
  /** Undefined when the file is not one Hindsight reads. */
  doc?: ProvisioningDocument;
  /** How the document was read, to read a rewritten text the same way. */
  source?: { file: string; recognition: Recognition };
  /** The rules the file was linted with: the shipped ones plus its config's rule folders. */
  ruleSet: RuleSet;
  findings: Finding[];
  problems: ParseProblem[];
  /** What the document names that was not followed (a collection role): said, never a finding. */
  notices: ParseProblem[];
  failures: RuleFailure[];
  /** Pragmas that are wrong: no reason, unknown rule, nothing suppressed. */
  pragmaProblems: PragmaProblem[];
}

/** The project's and the user's say on a file: its `.hindsight.yaml` and editor overrides. */
export interface AnalysisSettings {
  config?: LoadedConfig;
  /** `hindsight.rules` from the editor: wins over the config file. */
  severities?: Record<string, SeveritySetting>;
  /** In an untrusted workspace the config's rule folders are not loaded. */
  trusted?: boolean;
  /** Files a document refers to (roles, templates, scripts) are read only inside these folders, resolved through links. */
  readableRoots?: string[];
  /** How long reading and checking the file may take (`FILE_BUDGET_MS` when absent). */
  budgetMs?: number;
}

export interface EngineOptions {
  rulesDir?: string;
  /** How other workspace files (roles, templates) are read; defaults to the file system. */
  readFile?: ReadFile;
  /** Today's date, for end-of-life comparisons; defaults to the clock. */
  today?: () => Date;
  /** The formats read; defaults to the shipped ones. */
  formats?: Formats;
}

/** What the caller knows about a document beyond its name and text. */
export interface DocumentHints {
  /** The path relative to the project root that names may be judged by; defaults to the file name as given. */
  relativePath?: string;
  /** The editor's language id (`ansible` makes a YAML task list Ansible). */
  languageId?: string;
  /** The user configured this file as Ansible. */
  ansible?: boolean;
  /** What another file says this one is (a play runs it; Terraform hands it over as user-data). */
  readAs?: ReadAs;
}

/** A document's parse problems and those of the documents embedded in it (a broken cloud-config in a heredoc). */
function problemsOf(doc: ProvisioningDocument): ParseProblem[] {
  return [...doc.problems, ...(doc.parts ?? []).flatMap(problemsOf)];
}

/**
 * The pure core for one document: recognise → parse into the model → run the rules → severity
 * policy → pragmas. Files, configs and cross-file facts are the pipeline's (`pipeline.ts`).
 */
export class Engine {
  /** Rule sets extended by configs' rule folders, by config file, folders and content. */
  private readonly extendedRuleSets = new Map<string, { ruleSet: RuleSet; failures: RuleFailure[] }>();
  /** Readers confined to a set of folders, by those folders. */
  private readonly readers = new Map<string, ReadFile>();
  private readonly realPaths = new Map<string, string>();

  private constructor(
    /** The shipped rules. */
    readonly ruleSet: RuleSet,
    readonly rulesDir: string,
    readonly formats: Formats,
    private readonly readFile: ReadFile,
    /** Today's date, for end-of-life comparisons (worker threads of a scan are given the same). */
    readonly today: () => Date,
    private readonly files: FileCache,
  ) {}

  static async create(options: EngineOptions = {}): Promise<Engine> {
    await initParsers();
    const rulesDir = options.rulesDir ?? defaultRulesDir();
    const files = new FileCache();
    return new Engine(
      loadRuleSet(rulesDir),
      rulesDir,
      options.formats ?? new Formats(),
      options.readFile ?? ((file) => files.read(file)),
      options.today ?? (() => new Date()),
      files,
    );
  }

  /** A workspace file as the engine last read it (roles, templates): for positions of related places. */
  readWorkspaceFile(file: string): string | undefined {
    return this.readFile(file);
  }

  /**
   * Files that roles, templates or configs come from changed (undefined: anything may have; what
   * was parsed from them is dropped too, which also gives back the memory a workspace scan used).
   */
  forgetFiles(file?: string): void {
    this.files.forget(file);
    this.realPaths.clear();
    forgetIncludeGraph();
    if (file === undefined) forgetParsedTaskFiles();
  }

  /** A resolver for `.hindsight.yaml` files, reading through the same file access as the engine. */
  configResolver(roots: string[] = []): ConfigResolver {
    return new ConfigResolver(this.readFile, this.rulesDir, roots, (dir) => existsSync(path.join(dir, '.git')));
  }

  recognise(fileName: string, text: string, hints: DocumentHints = {}): Recognition | undefined {
    return this.formats.recognise({ relativePath: hints.relativePath ?? fileName, text, languageId: hints.languageId, declaredAnsible: hints.ansible, readAs: hints.readAs });
  }

  parse(fileName: string, text: string, hints: DocumentHints = {}): ProvisioningDocument | undefined {
    const recognition = this.recognise(fileName, text, hints);
    return recognition && this.formats.parse(fileName, text, recognition, this.readFile);
  }

  /** A rewritten text of an analysed file, read as that file was; undefined when it no longer parses cleanly. */
  reparse(analysis: Analysis, text: string): ProvisioningDocument | undefined {
    if (!analysis.source) return undefined;
    try {
      const doc = this.formats.parse(analysis.source.file, text, analysis.source.recognition, this.readFile);
      return doc.problems.length > (analysis.doc?.problems.length ?? 0) ? undefined : doc;
    } catch {
      return undefined;
    }
  }

  analyse(fileName: string, text: string, hints: DocumentHints = {}, settings: AnalysisSettings = {}): Analysis {
    const budget = settings.budgetMs ?? FILE_BUDGET_MS;
    const deadline = performance.now() + budget;
    const { ruleSet, failures: loadFailures } = this.ruleSetFor(settings.config, settings.trusted ?? true);
    const empty = { ruleSet, findings: [], problems: [], notices: [], failures: [], pragmaProblems: [] };
    let recognition;
    let doc;
    try {
      // Recognition may parse too (a template's head, a YAML list): a failure there is the same as in the parser.
      recognition = this.recognise(fileName, text, hints);
      if (!recognition) return empty;
      doc = this.formats.parse(fileName, text, recognition, settings.readableRoots ? this.readerWithin(settings.readableRoots) : this.readFile);
    } catch (error) {
      // A bug in an adapter, or input beyond it, costs this file its findings, never the process; it is
      // reported like a parse error so that CI does not pass on a file it could not read.
      return { ...empty, problems: [{ message: `the file could not be read: ${(error as Error).message}`, span: { start: 0, end: 0 } }] };
    }
    const source = { file: fileName, recognition };
    // `pragmas: false` turns off every in-file suppression, `# noqa` included.
    const pragmasOff = settings.config?.config.pragmas === false;
    const env = { ruleSet, today: this.today(), config: settings.config?.config };
    const linted = lintDocument(pragmasOff ? { ...doc, suppressions: undefined } : doc, env, deadline);
    const failures = [...loadFailures, ...linted.failures];
    const findings = applyPolicy(linted.findings, ruleSet, fileName, settings.config, settings.severities);
    const notices = doc.notices ?? [];
    // A file not fully checked must not pass as clean: like a parse error, it is a finding of the file.
    const problems = [
      ...problemsOf(doc).map((problem) => ({ ...problem, span: withoutBlankEdges(text, problem.span) })),
      ...(linted.notRun.length > 0 ? [outOfTime(budget, linted.notRun)] : []),
    ];
    if (pragmasOff) return { doc, source, ruleSet, findings, problems, notices, failures, pragmaProblems: [] };
    // A pragma is unused only if the rules as the project sets them find nothing there: a rule the
    // editor's settings turn off still runs in CI, where the pragma is needed.
    const projectFindings = settings.severities ? applyPolicy(linted.findings, ruleSet, fileName, settings.config) : findings;
    const pragmas = applyPragmas(text, findings, ruleSet, projectFindings);
    return { doc, source, ruleSet, findings: pragmas.findings, problems, notices, failures, pragmaProblems: pragmas.problems };
  }

  /**
   * A reader that returns only files inside `roots` once links are resolved: a template `src`, a
   * role path or a Packer script cannot make the engine read `/etc/shadow` or a file a link points
   * out of the project to.
   */
  private readerWithin(roots: string[]): ReadFile {
    // One reader per set of roots: what was found through a reader (the include graph) is kept per reader.
    const key = roots.join('\0');
    let reader = this.readers.get(key);
    if (!reader) {
      const realRoots = roots.map((root) => this.realPath(root));
      reader = (file) => {
        if (!roots.some((root) => relativeInside(root, file) !== undefined)) return undefined;
        const text = this.readFile(file);
        return text !== undefined && realRoots.some((root) => relativeInside(root, this.realPath(file)) !== undefined) ? text : undefined;
      };
      this.readers.set(key, reader);
    }
    return reader;
  }

  /** A path with its links resolved (the path itself when it does not exist), looked up once until files change. */
  private realPath(file: string): string {
    let real = this.realPaths.get(file);
    if (real === undefined) {
      try {
        real = realpathSync(file);
      } catch {
        real = file;
      }
      this.realPaths.set(file, real);
    }
    return real;
  }

  /** The shipped rules plus a config's rule folders (when trusted): a new, unchanging set per config content. */
  ruleSetFor(config: LoadedConfig | undefined, trusted: boolean): { ruleSet: RuleSet; failures: RuleFailure[] } {
    const folders = trusted ? (config?.config.ruleFolders ?? []) : [];
    if (!config || folders.length === 0) return { ruleSet: this.ruleSet, failures: [] };
    const key = `${config.file}\0${JSON.stringify(folders)}\0${config.text}`;
    const cached = this.extendedRuleSets.get(key);
    if (cached) return cached;
    const failures: RuleFailure[] = [];
    let ruleSet = this.ruleSet;
    for (const folder of folders) {
      try {
        ruleSet = extendRuleSet(ruleSet, path.resolve(config.dir, folder), this.rulesDir);
      } catch (error) {
        failures.push({ ruleId: `(rule folder ${folder})`, error: error as Error });
      }
    }
    const result = { ruleSet, failures };
    // Each edit of a config is a new key; only the current few are worth keeping.
    if (this.extendedRuleSets.size >= 32) this.extendedRuleSets.clear();
    this.extendedRuleSets.set(key, result);
    return result;
  }

  /** The plug-in of the format a document was read as. */
  formatOf(doc: ProvisioningDocument): FormatPlugin | undefined {
    return this.formats.get(doc.format);
  }

  /**
   * "Ignore for this line" at the first place where the pragma covers the finding and the file
   * still does everything it did (never inside a quoted or folded scalar), then "for this file".
   */
  ignoreFixes(analysis: Analysis, finding: Finding): Fix[] {
    const doc = analysis.doc;
    if (!doc) return [];
    const format = this.formatOf(doc);
    const harmless = (fix: Fix): boolean => {
      const after = applyFix(doc.text, fix);
      if (whatAFixLoses(doc, this.reparse(analysis, after), fix, []) !== undefined) return false;
      const inserted = fix.edits.filter((edit) => edit.span.start <= finding.span.start).reduce((sum, edit) => sum + edit.newText.length, 0);
      const at = finding.span.start + inserted;
      return parsePragmas(after).some((pragma) => pragma.ruleIds.includes(finding.ruleId) && pragma.covers.start <= at && at <= pragma.covers.end);
    };
    const line = pragmaAnchors(finding, format)
      .map((anchor) => ignoreLineAt(doc, finding, anchor))
      .find(harmless);
    const file = ignoreFile(doc, finding, format);
    return [...(line ? [line] : []), ...(harmless(file) ? [file] : [])];
  }

  fixes(analysis: Analysis, finding: Finding): Fix[] {
    return this.fixReport(analysis, finding).fixes;
  }

  /** The fixes a finding offers, and those withheld because they would lose or break something, with why. */
  fixReport(analysis: Analysis, finding: Finding): FixReport {
    const doc = analysis.doc;
    return doc
      ? fixesFor(doc, finding, { ruleSet: analysis.ruleSet, today: this.today() }, this.formatOf(doc), (text) => this.reparse(analysis, text))
      : { fixes: [], withheld: [] };
  }
}

/** The problem of a file whose checking ran out of time. */
function outOfTime(budgetMs: number, notRun: string[]): ParseProblem {
  const rules = notRun.length > 3 ? `${notRun.slice(0, 3).join(', ')} and ${notRun.length - 3} more` : notRun.join(', ');
  return { message: `checking stopped after ${budgetMs / 1000} s, before ${rules} could run: the file is too large or complex to check in time`, span: { start: 0, end: 0 } };
}
