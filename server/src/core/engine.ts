import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedConfig } from './config/config-file';
import { ConfigResolver } from './config/config-resolver';
import { applyPolicy, type SeveritySetting } from './config/policy';
import { detectFormat } from './detect';
import { FileCache } from './file-cache';
import { FIXES, fixesFor } from './fixes';
import type { Fix } from './fixes/types';
import type { ParseProblem, ProvisioningDocument } from './model';
import { parseAnsible, type ReadFile } from './parse/ansible/adapter';
import { parseCloudConfig, parseUserDataScript } from './parse/cloud-init';
import { parseDockerfile } from './parse/dockerfile/adapter';
import { CHECKS } from './rules/checks';
import { lintDocument, type RuleFailure } from './rules/lint';
import { defaultRulesDir, loadRuleFolder, loadRuleSet, type CodeRegistry } from './rules/load';
import { applyPragmas, type PragmaProblem } from './pragmas';
import type { Finding, Incident, Rule, RuleSet } from './rules/types';
import { initShellParser } from './shell/parser';

export interface Analysis {
  /** Undefined when the file is not one Hindsight reads. */
  doc?: ProvisioningDocument;
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
}

/** What the caller knows about a document beyond its name and text. */
export interface DocumentHints {
  /** The editor's language id (`ansible` makes a YAML task list Ansible). */
  languageId?: string;
  /** The user configured this file as Ansible. */
  ansible?: boolean;
}



/**
 * The pure core: detect → adapt into the model → run the rules. Both the language server and the
 * CLI call this and nothing else, so they report the same findings for the same text.
 */
export class Engine {
  private readonly rulesById: Map<string, Rule>;

  private readonly extraRuleSets = new Map<string, { ruleSet: RuleSet; failures: RuleFailure[] }>();

  private constructor(
    readonly ruleSet: RuleSet,
    readonly rulesDir: string,
    private readonly code: CodeRegistry,
    private readonly readFile: ReadFile,
    private readonly today: () => Date,
    private readonly files: FileCache,
  ) {
    this.rulesById = new Map(ruleSet.rules.map((rule) => [rule.id, rule]));
  }

  static async create(options: EngineOptions = {}): Promise<Engine> {
    await initShellParser();
    const code = { checks: new Set(Object.keys(CHECKS)), fixes: new Set(Object.keys(FIXES)) };
    const rulesDir = options.rulesDir ?? defaultRulesDir();
    const files = new FileCache();
    return new Engine(loadRuleSet(rulesDir, code), rulesDir, code, options.readFile ?? ((file) => files.read(file)), options.today ?? (() => new Date()), files);
  }

  rule(id: string): Rule | undefined {
    return this.rulesById.get(id);
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

  /** The incidents behind a rule, main one first. */
  incidents(ruleId: string): Incident[] {
    return (this.rulesById.get(ruleId)?.incidents ?? []).flatMap((id) => this.ruleSet.incidents.get(id) ?? []);
  }

  parse(fileName: string, text: string, hints: DocumentHints = {}): ProvisioningDocument | undefined {
    const detection = detectFormat(fileName, text, hints.languageId, hints.ansible);
    if (!detection) return undefined;
    if (detection.format === 'cloud-init') return parseCloudConfig(text);
    if (detection.format === 'ansible') return parseAnsible(fileName, text, detection.ansible, this.readFile);
    if (detection.format === 'dockerfile') return parseDockerfile(text);
    return parseUserDataScript(text, detection.everyBoot ?? false);
  }

  analyse(fileName: string, text: string, hints: DocumentHints = {}, settings: AnalysisSettings = {}): Analysis {
    const empty = { findings: [], problems: [], failures: [], pragmaProblems: [] };
    let doc;
    try {
      doc = this.parse(fileName, text, hints);
    } catch (error) {
      // A bug in an adapter costs this file its findings, never the process.
      return { ...empty, failures: [{ ruleId: '(parser)', error: error as Error }] };
    }
    if (!doc) return empty;
    const { ruleSet, failures: loadFailures } = this.ruleSetFor(settings.config, settings.trusted ?? true);
    const linted = lintDocument(doc, ruleSet, this.today());
    const failures = [...loadFailures, ...linted.failures];
    const findings = applyPolicy(linted.findings, this.rulesById, fileName, settings.config, settings.severities);
    if (settings.config?.config.pragmas === false) return { doc, findings, problems: doc.problems, failures, pragmaProblems: [] };
    const pragmas = applyPragmas(text, findings, new Set(ruleSet.rules.map((rule) => rule.id)));
    return { doc, findings: pragmas.findings, problems: doc.problems, failures, pragmaProblems: pragmas.problems };
  }

  /** The shipped rules plus a config's rule folders (when trusted), loaded once per config content. */
  private ruleSetFor(config: LoadedConfig | undefined, trusted: boolean): { ruleSet: RuleSet; failures: RuleFailure[] } {
    const folders = trusted ? (config?.config.ruleFolders ?? []) : [];
    if (!config || folders.length === 0) return { ruleSet: this.ruleSet, failures: [] };
    const key = `${config.file}\0${JSON.stringify(folders)}`;
    const cached = this.extraRuleSets.get(key);
    if (cached) return cached;
    const failures: RuleFailure[] = [];
    const rules = [...this.ruleSet.rules];
    for (const folder of folders) {
      try {
        const extra = loadRuleFolder(path.resolve(config.dir, folder), this.ruleSet, this.rulesDir, this.code);
        rules.push(...extra);
        for (const rule of extra) this.rulesById.set(rule.id, rule);
      } catch (error) {
        failures.push({ ruleId: `(rule folder ${folder})`, error: error as Error });
      }
    }
    const result = { ruleSet: { ...this.ruleSet, rules }, failures };
    this.extraRuleSets.set(key, result);
    return result;
  }

  fixes(doc: ProvisioningDocument, finding: Finding): Fix[] {
    const rule = this.rulesById.get(finding.ruleId);
    return rule ? fixesFor(doc, finding, rule, { eolReleases: this.ruleSet.eolReleases }) : [];
  }
}
