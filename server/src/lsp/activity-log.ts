import type { RemoteConsole } from 'vscode-languageserver';
import type { LoadedConfig } from '../core/config/config-file';
import type { RuleSet } from '../core/rules/rule-set';

/** What a workspace scan did, for the log and the message that ends it. */
export interface ScanSummary {
  files: number;
  findings: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  ms: number;
  /** How many files were skipped, by why. */
  skipped: Map<string, number>;
  cancelled: boolean;
  /** Threads the files were read on. */
  threads: number;
}

const count = new Intl.NumberFormat('en-US');

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

/** "1,234 files scanned in 3.2 s on 2 threads: 12 findings in 5 files; 3 skipped (larger than 2 MB)". */
export function describeScan(summary: ScanSummary): string {
  const verb = summary.cancelled ? 'scanned before the scan was cancelled' : 'scanned';
  const found = summary.findings === 0 ? 'no findings' : `${plural(summary.findings, 'finding')} in ${plural(summary.filesWithFindings, 'file')}`;
  const skipped = [...summary.skipped.values()].reduce((sum, n) => sum + n, 0);
  const reasons = [...summary.skipped].map(([reason, n]) => (summary.skipped.size > 1 ? `${count.format(n)} ${reason}` : reason)).join(', ');
  const took = summary.ms < 1000 ? `${Math.round(summary.ms)} ms` : `${(summary.ms / 1000).toFixed(1)} s`;
  const threads = summary.threads > 1 ? ` on ${summary.threads} threads` : '';
  return `${plural(summary.files, 'file')} ${verb} in ${took}${threads}: ${found}${skipped > 0 ? `; ${count.format(skipped)} skipped (${reasons})` : ''}`;
}

/**
 * The "Hindsight" output channel: what the server runs with (version, rules, config files and what
 * is wrong with them) and what each scan did. Each config and rule set is logged when first seen,
 * and a config again when its text changes.
 */
export class ActivityLog {
  private readonly configs = new Map<string, string>();
  private readonly ruleSets = new WeakSet<RuleSet>();

  constructor(private readonly console: RemoteConsole) {}

  started(version: string, shipped: RuleSet, rulesDir: string): void {
    this.console.info(`Hindsight ${version}: ${plural(shipped.rules.length, 'rule')} loaded from ${rulesDir}`);
  }

  config(config: LoadedConfig | undefined, trusted: boolean): void {
    if (!config || this.configs.get(config.file) === config.text) return;
    this.configs.set(config.file, config.text);
    const folders = config.config.ruleFolders ?? [];
    const untrusted = !trusted && folders.length > 0 ? ` (its rule folders are not loaded: the workspace is not trusted)` : '';
    if (config.problems.length === 0) this.console.info(`Config ${config.file}: applied${untrusted}`);
    else
      this.console.warn(
        [`Config ${config.file}: ${plural(config.problems.length, 'problem')}; the rest applies${untrusted}`, ...config.problems.map((problem) => `  ${problem.message}`)].join(
          '\n',
        ),
      );
  }

  /** A rule set extended by a config's rule folders, once. */
  rules(ruleSet: RuleSet, shipped: RuleSet, config: LoadedConfig | undefined): void {
    if (ruleSet === shipped || this.ruleSets.has(ruleSet)) return;
    this.ruleSets.add(ruleSet);
    const folders = (config?.config.ruleFolders ?? []).join(', ');
    this.console.info(`Rules for ${config?.file ?? 'a config'}: ${plural(ruleSet.rules.length, 'rule')} (${shipped.rules.length} built in, the rest from rule folders ${folders})`);
  }

  scanned(summary: ScanSummary): void {
    this.console.info(`Workspace scan: ${describeScan(summary)}`);
  }
}
