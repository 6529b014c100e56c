import { detectFormat } from './detect';
import { FIXES, fixesFor } from './fixes';
import type { Fix } from './fixes/types';
import type { ParseProblem, ProvisioningDocument } from './model';
import { parseCloudConfig, parseUserDataScript } from './parse/cloud-init';
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
}

/**
 * The pure core: detect → adapt into the model → run the rules. Both the language server and the
 * CLI call this and nothing else, so they report the same findings for the same text.
 */
export class Engine {
  private readonly rulesById: Map<string, Rule>;

  private constructor(readonly ruleSet: RuleSet) {
    this.rulesById = new Map(ruleSet.rules.map((rule) => [rule.id, rule]));
  }

  static async create(options: EngineOptions = {}): Promise<Engine> {
    await initShellParser();
    const code = { checks: new Set(Object.keys(CHECKS)), fixes: new Set(Object.keys(FIXES)) };
    return new Engine(loadRuleSet(options.rulesDir ?? defaultRulesDir(), code));
  }

  rule(id: string): Rule | undefined {
    return this.rulesById.get(id);
  }

  /** The incidents behind a rule, main one first. */
  incidents(ruleId: string): Incident[] {
    return (this.rulesById.get(ruleId)?.incidents ?? []).flatMap((id) => this.ruleSet.incidents.get(id) ?? []);
  }

  parse(fileName: string, text: string): ProvisioningDocument | undefined {
    const detection = detectFormat(fileName, text);
    if (!detection) return undefined;
    if (detection.format === 'cloud-init') return parseCloudConfig(text);
    return parseUserDataScript(text, detection.everyBoot ?? false);
  }

  analyse(fileName: string, text: string): Analysis {
    let doc;
    try {
      doc = this.parse(fileName, text);
    } catch (error) {
      // A bug in an adapter costs this file its findings, never the process.
      return { findings: [], problems: [], failures: [{ ruleId: '(parser)', error: error as Error }] };
    }
    if (!doc) return { findings: [], problems: [], failures: [] };
    const { findings, failures } = lintDocument(doc, this.ruleSet);
    return { doc, findings, problems: doc.problems, failures };
  }

  fixes(doc: ProvisioningDocument, finding: Finding): Fix[] {
    const rule = this.rulesById.get(finding.ruleId);
    return rule ? fixesFor(doc, finding, rule) : [];
  }
}
