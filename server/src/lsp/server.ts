import ignore, { type Ignore } from 'ignore';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_NAMES, type LoadedConfig } from '../core/config/config-file';
import type { ConfigResolver } from '../core/config/config-resolver';
import { ignoredByConfig } from '../core/config/policy';
import type { Analysis, Engine } from '../core/engine';
import type { Finding } from '../core/rules/types';
import { factsOf, WorkspaceIndex } from '../core/workspace-index';
import { SOURCE, toDiagnostic, toRange } from './convert';
import { DEFAULT_SETTINGS, type ServerSettings } from './settings';
import { MAX_SCAN_FILE_BYTES, planScan, tooLarge } from './workspace-scan';

export function fileOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

interface Linted {
  analysis: Analysis;
  findings: Finding[];
}

export interface ScanResult {
  files: number;
  findings: number;
  cancelled: boolean;
  skipped: number;
}

/**
 * The server's state: the engine, settings, configs, the workspace index and what has been
 * published for files that are not open. All linting goes through `lint`, so open documents, the
 * scan and file-watching publish the same findings.
 */
export class HindsightServer {
  settings: ServerSettings = DEFAULT_SETTINGS;
  roots: string[] = [];
  trusted = true;
  readonly index = new WorkspaceIndex();
  private configs: ConfigResolver;
  private ansibleFiles: Ignore | undefined;
  /** Files with published diagnostics that are not open in the editor (from the scan or watching). */
  readonly scanned = new Set<string>();
  scanDone = false;
  private readonly reportedFailures = new Set<string>();

  constructor(
    readonly engine: Engine,
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    this.configs = engine.configResolver();
  }

  configure(roots: string[], settings: ServerSettings, trusted: boolean): void {
    this.roots = roots;
    this.settings = settings;
    this.trusted = trusted;
    this.ansibleFiles = settings.ansibleFiles.length > 0 ? ignore().add(settings.ansibleFiles) : undefined;
    this.configs = this.engine.configResolver(roots);
  }

  /** The text of a file: the open document's if it is open (unsaved edits count), else the disk's. */
  readText(file: string): string | undefined {
    const open = this.documents.get(pathToFileURL(file).href);
    if (open) return open.getText();
    try {
      return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return undefined;
    }
  }

  configFor(file: string): LoadedConfig | undefined {
    return this.configs.forFile(file);
  }

  private declaredAnsible(file: string): boolean {
    return this.roots.some((root) => {
      const relative = path.relative(root, file);
      return !relative.startsWith('..') && !path.isAbsolute(relative) && (this.ansibleFiles?.ignores(relative.split(path.sep).join('/')) ?? false);
    });
  }

  /** Analyses one file and records its facts in the workspace index. Undefined when ignored. */
  lint(file: string, text: string, languageId?: string): Linted | undefined {
    const config = this.configFor(file);
    if (ignoredByConfig(config, file)) {
      this.index.delete(file);
      return undefined;
    }
    const analysis = this.engine.analyse(file, text, { languageId, ansible: this.declaredAnsible(file) }, { config, severities: this.settings.rules, trusted: this.trusted });
    this.index.set(file, factsOf(analysis));
    this.reportFailures(file, analysis);
    return { analysis, findings: this.index.complete(file, analysis.findings, analysis.doc?.format) };
  }

  /** A message to the user; a client that cannot show it must not take the server down. */
  private tell(message: string, level: 'info' | 'warning' = 'warning'): void {
    const shown: unknown = level === 'info' ? this.connection.window.showInformationMessage(message) : this.connection.window.showWarningMessage(message);
    Promise.resolve(shown).catch(() => this.connection.console.warn(message));
  }

  private reportFailures(file: string, analysis: Analysis): void {
    for (const failure of analysis.failures) {
      const key = `${failure.ruleId}:${file}`;
      this.connection.console.error(`rule ${failure.ruleId} failed on ${file}: ${failure.error.stack ?? failure.error.message}`);
      if (!this.reportedFailures.has(key)) {
        this.reportedFailures.add(key);
        this.tell(`Hindsight: ${failure.ruleId} failed on ${path.basename(file)}: ${failure.error.message}. Other rules still ran.`);
      }
    }
  }

  diagnosticsFor(document: TextDocument, linted: Linted | undefined): Diagnostic[] {
    if (!linted) return [];
    const findings = linted.findings.map((finding) => toDiagnostic(document, finding, this.engine.incidents(finding.ruleId), (file) => this.engine.readWorkspaceFile(file)));
    const pragmas = linted.analysis.pragmaProblems.map((problem) => ({
      range: toRange(document, problem.span),
      severity: DiagnosticSeverity.Hint,
      source: SOURCE,
      code: 'pragma',
      message: problem.message,
    }));
    return [...findings, ...pragmas];
  }

  /** Problems of a `.hindsight.yaml` shown in the file itself. */
  configDiagnostics(document: TextDocument): Diagnostic[] {
    const config = this.configs.load(fileOf(document.uri), document.getText());
    return config.problems.map((problem) => ({ range: toRange(document, problem.span), severity: DiagnosticSeverity.Error, source: SOURCE, code: 'config', message: problem.message }));
  }

  static isConfigFile(file: string): boolean {
    return CONFIG_NAMES.includes(path.basename(file));
  }

  /** Lints a file that is not open and publishes (or clears) its diagnostics. */
  publishClosed(file: string): number {
    if (this.documents.get(pathToFileURL(file).href)) return 0;
    const text = tooLarge(file) ? undefined : this.readText(file);
    return this.publishLinted(file, text ?? '', text === undefined ? undefined : this.lint(file, text));
  }

  /** Publishes what a lint found in a file that is not open. */
  private publishLinted(file: string, text: string, linted: Linted | undefined): number {
    const uri = pathToFileURL(file).href;
    const document = TextDocument.create(uri, 'plaintext', 0, text);
    const diagnostics = this.diagnosticsFor(document, linted);
    if (diagnostics.length > 0) this.scanned.add(file);
    else this.scanned.delete(file);
    void this.connection.sendDiagnostics({ uri, diagnostics });
    return linted?.findings.length ?? 0;
  }

  forget(file: string): void {
    this.index.delete(file);
    this.scanned.delete(file);
    void this.connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics: [] });
  }

  /** The workspace scan: every provisioning file of every folder, with progress and cancellation. */
  async scan(): Promise<ScanResult> {
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('Hindsight: scanning the workspace', 0, 'Looking for provisioning files…', true);
    const plan = planScan(this.roots, this.settings.filesExclude, this.settings.maxScanFiles, progress.token);
    let findings = 0;
    let skipped = 0;
    let done = 0;
    let cancelled = false;
    // Files whose findings other files may complete are published when the index is full; the rest
    // as they are linted, so memory does not grow with the workspace.
    const pending: { file: string; text: string; result: Linted }[] = [];
    for (const file of plan.files) {
      if (progress.token.isCancellationRequested) {
        cancelled = true;
        break;
      }
      if (tooLarge(file)) {
        skipped++;
        continue;
      }
      const text = this.readText(file);
      if (text !== undefined && !this.documents.get(pathToFileURL(file).href)) {
        const result = this.lint(file, text);
        if (result && WorkspaceIndex.completes(result.analysis.findings)) pending.push({ file, text, result });
        else findings += this.publishLinted(file, text, result);
      }
      done++;
      if (done % 25 === 0) {
        progress.report(Math.round((done / plan.files.length) * 100), `${done}/${plan.files.length} files`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    for (const { file, text, result } of pending) {
      findings += this.publishLinted(file, text, { analysis: result.analysis, findings: this.index.complete(file, result.analysis.findings, result.analysis.doc?.format) });
    }
    if (!cancelled) this.scanDone = true;
    progress.done();
    if (plan.found > plan.files.length) {
      this.tell(`Hindsight scanned the first ${plan.files.length} of ${plan.found} files (hindsight.scan.maxFiles).`, 'info');
    }
    if (skipped > 0) this.connection.console.info(`Hindsight skipped ${skipped} files larger than ${MAX_SCAN_FILE_BYTES / 1024} KB.`);
    return { files: done, findings, cancelled, skipped };
  }
}
