import { readFileSync, statSync } from 'node:fs';
import { detectFormat } from './detect';
import { FIXES, fixesFor } from './fixes';
import type { Fix } from './fixes/types';
import type { ParseProblem, ProvisioningDocument } from './model';
import { parseAnsible, type ReadFile } from './parse/ansible/adapter';
import { parseCloudConfig, parseUserDataScript } from './parse/cloud-init';
import { parseDockerfile } from './parse/dockerfile/adapter';
import { CHECKS } from './rules/checks';
import { lintDocument, type RuleFailure } from './rules/lint';
import { defaultRulesDir, loadRuleSet } from './rules/load';
import type { Finding, Incident, Rule, RuleSet } from './rules/types';
import { initShellParser } from './shell/parser';

export interface Analysis {
  /** Undefined when the file is not one Hindsight reads. */
  doc?: ProvisioningDocument;
  findings: Finding[];
  problems: ParseProblem[];
  failures: RuleFailure[];
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

/** Larger files are not roles or templates anyone writes by hand. */
const MAX_RELATED_FILE_BYTES = 1024 * 1024;

function readSmallFile(file: string): string | undefined {
  try {
    return statSync(file).size <= MAX_RELATED_FILE_BYTES ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pure core: detect → adapt into the model → run the rules. Both the language server and the
 * CLI call this and nothing else, so they report the same findings for the same text.
 */
export class Engine {
  private readonly rulesById: Map<string, Rule>;

  private constructor(
    readonly ruleSet: RuleSet,
    private readonly readFile: ReadFile,
    private readonly today: () => Date,
  ) {
    this.rulesById = new Map(ruleSet.rules.map((rule) => [rule.id, rule]));
  }

  static async create(options: EngineOptions = {}): Promise<Engine> {
    await initShellParser();
    const code = { checks: new Set(Object.keys(CHECKS)), fixes: new Set(Object.keys(FIXES)) };
    return new Engine(loadRuleSet(options.rulesDir ?? defaultRulesDir(), code), options.readFile ?? readSmallFile, options.today ?? (() => new Date()));
  }

  rule(id: string): Rule | undefined {
    return this.rulesById.get(id);
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

  analyse(fileName: string, text: string, hints: DocumentHints = {}): Analysis {
    let doc;
    try {
      doc = this.parse(fileName, text, hints);
    } catch (error) {
      // A bug in an adapter costs this file its findings, never the process.
      return { findings: [], problems: [], failures: [{ ruleId: '(parser)', error: error as Error }] };
    }
    if (!doc) return { findings: [], problems: [], failures: [] };
    const { findings, failures } = lintDocument(doc, this.ruleSet, this.today());
    return { doc, findings, problems: doc.problems, failures };
  }

  fixes(doc: ProvisioningDocument, finding: Finding): Fix[] {
    const rule = this.rulesById.get(finding.ruleId);
    return rule ? fixesFor(doc, finding, rule, { eolReleases: this.ruleSet.eolReleases }) : [];
  }
}
