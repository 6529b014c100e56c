import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedConfig } from './config/config-file';
import { ConfigResolver } from './config/config-resolver';
import { applyPolicy, type SeveritySetting } from './config/policy';
import { FileCache, type ReadFile } from './file-cache';
import type { Finding } from './finding';
import { fixesFor } from './fixes';
import type { Fix } from './fixes/types';
import type { FormatPlugin, Recognition } from './formats/format';
import { Formats } from './formats/registry';
import type { ParseProblem, ProvisioningDocument } from './model';
import { applyPragmas, type PragmaProblem } from './pragmas';
import { lintDocument, type RuleFailure } from './rules/lint';
import { defaultRulesDir, extendRuleSet, loadRuleSet } from './rules/load';
import type { RuleSet } from './rules/rule-set';
import { initShellParser } from './shell/parser';

export interface Analysis {
  /** Undefined when the file is not one Hindsight reads. */
  doc?: ProvisioningDocument;
  /** The rules the file was linted with: the shipped ones plus its config's rule folders. */
  ruleSet: RuleSet;
  findings: Finding[];
  problems: ParseProblem[];
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
}

/**
 * The pure core for one document: recognise → parse into the model → run the rules → severity
 * policy → pragmas. Files, configs and cross-file facts are the pipeline's (`pipeline.ts`).
 */
export class Engine {
  /** Rule sets extended by configs' rule folders, by config file, folders and content. */
  private readonly extendedRuleSets = new Map<string, { ruleSet: RuleSet; failures: RuleFailure[] }>();

  private constructor(
    /** The shipped rules. */
    readonly ruleSet: RuleSet,
    readonly rulesDir: string,
    readonly formats: Formats,
    private readonly readFile: ReadFile,
    private readonly today: () => Date,
    private readonly files: FileCache,
  ) {}

  static async create(options: EngineOptions = {}): Promise<Engine> {
    await initShellParser();
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

  /** Files that roles, templates or configs come from changed (undefined: anything may have). */
  forgetFiles(file?: string): void {
    this.files.forget(file);
  }

  /** A resolver for `.hindsight.yaml` files, reading through the same file access as the engine. */
  configResolver(roots: string[] = []): ConfigResolver {
    return new ConfigResolver(this.readFile, this.rulesDir, roots, (dir) => existsSync(path.join(dir, '.git')));
  }

  recognise(fileName: string, text: string, hints: DocumentHints = {}): Recognition | undefined {
    return this.formats.recognise({ relativePath: hints.relativePath ?? fileName, text, languageId: hints.languageId, declaredAnsible: hints.ansible });
  }

  parse(fileName: string, text: string, hints: DocumentHints = {}): ProvisioningDocument | undefined {
    const recognition = this.recognise(fileName, text, hints);
    return recognition && this.formats.parse(fileName, text, recognition, this.readFile);
  }

  analyse(fileName: string, text: string, hints: DocumentHints = {}, settings: AnalysisSettings = {}): Analysis {
    const { ruleSet, failures: loadFailures } = this.ruleSetFor(settings.config, settings.trusted ?? true);
    const empty = { ruleSet, findings: [], problems: [], failures: [], pragmaProblems: [] };
    let doc;
    try {
      doc = this.parse(fileName, text, hints);
    } catch (error) {
      // A bug in an adapter costs this file its findings, never the process.
      return { ...empty, failures: [{ ruleId: '(parser)', error: error as Error }] };
    }
    if (!doc) return empty;
    const linted = lintDocument(doc, ruleSet, this.today());
    const failures = [...loadFailures, ...linted.failures];
    const findings = applyPolicy(linted.findings, ruleSet, fileName, settings.config, settings.severities);
    if (settings.config?.config.pragmas === false) return { doc, ruleSet, findings, problems: doc.problems, failures, pragmaProblems: [] };
    const pragmas = applyPragmas(text, findings, ruleSet);
    return { doc, ruleSet, findings: pragmas.findings, problems: doc.problems, failures, pragmaProblems: pragmas.problems };
  }

  /** The shipped rules plus a config's rule folders (when trusted): a new, unchanging set per config content. */
  private ruleSetFor(config: LoadedConfig | undefined, trusted: boolean): { ruleSet: RuleSet; failures: RuleFailure[] } {
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

  fixes(analysis: Analysis, finding: Finding): Fix[] {
    return analysis.doc ? fixesFor(analysis.doc, finding, { ruleSet: analysis.ruleSet, today: this.today() }, this.formatOf(analysis.doc)) : [];
  }
}
