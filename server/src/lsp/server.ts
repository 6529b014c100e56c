import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type FileEvent,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_NAMES } from '../core/config/config-file';
import type { Engine } from '../core/engine';
import { parseErrorFindings, type Finding } from '../core/finding';
import { singleEdit } from '../core/fixes/fix-all';
import { relativeInside } from '../core/paths';
import { Pipeline, type FileOutcome, type ReportedOutcome } from '../core/pipeline';
import { ActivityLog, describeScan } from './activity-log';
import { answered, UNSEEN_PROGRESS } from './client-requests';
import { codeActions, fixAllEdits, FIX_ALL_KIND, type FixAllData } from './code-actions';
import { findingRange, SOURCE, toDiagnostic, toRange } from './convert';
import { hover } from './hover';
import { DEFAULT_SETTINGS, toSettings, unknownRuleSettings, type ServerSettings } from './settings';
import { inScan, planScan } from './workspace-scan';

declare const HINDSIGHT_VERSION: string;

export const SCAN_COMMAND = 'hindsight.scanWorkspace';

export interface ScanResult {
  files: number;
  findings: number;
  cancelled: boolean;
  skipped: number;
  /** Folders the scan could not list. */
  unlisted: string[];
}

/** The path of a `file:` URI on this machine; undefined for any other (an untitled buffer, a remote host). */
function diskPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** What a document is called when linted: its path on disk, or else its URI, which stands for itself as a name. */
function fileOf(uri: string): string {
  return diskPath(uri) ?? uri;
}

function isConfigFile(file: string): boolean {
  return CONFIG_NAMES.some((name) => file.endsWith(`/${name}`) || file.endsWith(`\\${name}`));
}

/** The last outcome of an open document, for code actions and hover at the same version. */
interface Latest {
  version: number;
  outcome: FileOutcome;
}

/**
 * The language server: the one owner of its state (settings, trust, roots, the pipeline, the
 * last lint of each open document, what has been published for closed files). Everything a file
 * goes through is the core pipeline's; this adds the protocol, debounce and progress.
 */
export class HindsightServer {
  private settings: ServerSettings = DEFAULT_SETTINGS;
  private roots: string[] = [];
  private trusted = true;
  private canPullSettings = false;
  /** The client applies snippet edits (LSP 3.18): the ignore actions' reason becomes a tab stop. */
  private snippetEdits = false;
  /** The client resolves a code action's edit when it is chosen. */
  private resolvesEdits = false;
  /** Typing pauses shorter than this do not trigger a lint (the benchmark sets 0 to time the work itself). */
  private debounceMs = 200;
  private pipeline: Pipeline;
  private readonly latest = new Map<string, Latest>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Closed files with published diagnostics (from the scan or file watching). */
  private readonly published = new Set<string>();
  private scanDone = false;
  /** A workspace scan is under way: it skipped the documents open when it started. */
  private scanning = false;
  private readonly reportedFailures = new Set<string>();
  private readonly log: ActivityLog;
  /** The unknown rule ids of `hindsight.rules` the user was last told about. */
  private toldUnknownRules = '';
  /** Resolves once the first settings have been pulled: nothing scans with defaults by accident. */
  private readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly engine: Engine,
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    this.pipeline = new Pipeline(engine, { roots: [] });
    this.log = new ActivityLog(connection.console);
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Wires the protocol to this server's handlers. */
  listen(): void {
    const { connection, documents } = this;
    connection.onInitialized(() => this.initialized());
    connection.onDidChangeConfiguration(async () => {
      await this.pullSettings();
      this.relintEverything();
    });
    connection.onExecuteCommand(async (params) => {
      await this.ready;
      return params.command === SCAN_COMMAND ? this.scan() : undefined;
    });
    connection.onDidChangeWatchedFiles((params) => this.filesChanged(params.changes));
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onCodeActionResolve((action) => this.resolveCodeAction(action));
    connection.onHover((params) => this.hover(params));
    documents.onDidOpen((event) => this.schedule(event.document, 0));
    documents.onDidChangeContent((event) => this.schedule(event.document, this.debounceMs));
    documents.onDidClose((event) => this.closed(event.document));
    documents.onDidSave((event) => this.saved(event.document));
  }

  initialize(params: InitializeParams): InitializeResult {
    const options = (params.initializationOptions ?? {}) as { trusted?: boolean; debounceMs?: number };
    this.trusted = options.trusted ?? true;
    this.debounceMs = options.debounceMs ?? this.debounceMs;
    this.canPullSettings = params.capabilities.workspace?.configuration === true;
    this.snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    this.resolvesEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
    this.roots = (params.workspaceFolders ?? []).flatMap((folder) => diskPath(folder.uri) ?? []);
    this.configure();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        executeCommandProvider: { commands: [SCAN_COMMAND] },
      },
      serverInfo: { name: 'hindsight', version: HINDSIGHT_VERSION },
    };
  }

  private async initialized(): Promise<void> {
    this.log.started(HINDSIGHT_VERSION, this.engine.ruleSet, this.engine.rulesDir);
    if (this.canPullSettings) {
      // A client that cannot register still sends the notification when settings change.
      this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'hindsight' }).catch(() => undefined);
    }
    await this.pullSettings();
    this.markReady();
    this.relintEverything();
    if (this.settings.scanOnStartup) await this.scan();
  }

  /** Settings, trust, roots or configs changed: a new pipeline, whose configs and cross-file facts are read afresh. */
  private configure(): void {
    this.pipeline = new Pipeline(this.engine, {
      roots: this.roots,
      severities: this.settings.rules,
      trusted: this.trusted,
      ansibleFiles: this.settings.ansibleFiles,
      // The workspace scan reads files on every core; a keystroke's lint stays on this thread.
      jobs: availableParallelism(),
    });
  }

  private async pullSettings(): Promise<void> {
    if (this.canPullSettings) {
      const asked = this.connection.workspace.getConfiguration([{ section: 'hindsight' }, { section: 'files.exclude' }]);
      const [hindsight, filesExclude] = await answered<Awaited<typeof asked>>(asked, [undefined, undefined], (why) =>
        this.connection.console.warn(`Hindsight: the client did not send its settings (${why}); using the defaults.`),
      );
      this.settings = toSettings(hindsight, filesExclude);
    }
    this.configure();
    this.checkRuleSettings();
  }

  /** `hindsight.rules` entries that name no rule do nothing: the user is told, once per set of them. */
  private checkRuleSettings(): void {
    const ruleFolders = this.roots.flatMap((root) => {
      const config = this.pipeline.configFor(path.join(root, CONFIG_NAMES[0]));
      return this.trusted && config ? (config.config.ruleFolders ?? []).map((folder) => path.resolve(config.dir, folder)) : [];
    });
    const unknown = unknownRuleSettings(this.settings.rules, [this.engine.rulesDir, ...ruleFolders]);
    const told = unknown.join('\n');
    if (told !== this.toldUnknownRules && unknown.length > 0) {
      for (const message of unknown) this.connection.console.warn(message);
      this.tell(unknown.length === 1 ? unknown[0] : `Hindsight: ${unknown.length} entries of hindsight.rules name no rule and have no effect; see the Hindsight output.`);
    }
    this.toldUnknownRules = told;
  }

  /**
   * Settings, configs or the rule set changed: every open file is linted again, and after a scan the
   * workspace is scanned again (what files tell each other may have changed with them).
   */
  private relintEverything(): void {
    this.latest.clear();
    for (const document of this.documents.all()) this.publishOpen(document);
    if (this.scanDone) void this.scan(false);
    else for (const file of [...this.published]) this.publishClosed(file);
  }

  private schedule(document: TextDocument, delay: number): void {
    clearTimeout(this.timers.get(document.uri));
    this.timers.set(
      document.uri,
      setTimeout(() => {
        this.timers.delete(document.uri);
        const current = this.documents.get(document.uri);
        if (current) this.publishOpen(current);
      }, delay),
    );
  }

  private lintOpen(document: TextDocument): FileOutcome | undefined {
    const file = fileOf(document.uri);
    const cached = this.latest.get(document.uri);
    if (cached && cached.version === document.version) return cached.outcome;
    const outcome = this.pipeline.lint({ file, text: document.getText(), languageId: document.languageId });
    this.report(outcome);
    this.latest.set(document.uri, { version: document.version, outcome });
    return outcome;
  }

  private publishOpen(document: TextDocument, dependants = true): void {
    const file = fileOf(document.uri);
    const before = dependants ? this.toldBy(file) : undefined;
    const diagnostics = isConfigFile(file) ? this.configDiagnostics(document, file) : this.diagnosticsFor(document, this.lintOpen(document));
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    if (before) this.publishAffected(file, before);
  }

  /** Lints a file that is not open and publishes (or clears) its diagnostics. */
  private publishClosed(file: string, dependants = true): number {
    if (this.documents.get(pathToFileURL(file).href)) return 0;
    const before = dependants ? this.toldBy(file) : undefined;
    const outcome = this.pipeline.lint({ file });
    this.report(outcome);
    const findings = this.publishOutcome(outcome);
    if (before) this.publishAffected(file, before);
    return findings;
  }

  /** What a file tells the others, and the files that depend on it, before it is linted again. */
  private toldBy(file: string): { told: string; affected: string[] } {
    return { told: this.pipeline.facts.told(file), affected: this.pipeline.facts.affectedBy(file) };
  }

  /**
   * A file was linted again: if what it tells the others changed, the files it runs, hands over or
   * installs — before or now — are read as it says now (a unit's `ExecStart` decides how the script it
   * runs is read). Their own dependants are not followed: one level is what a single edit changes.
   */
  private publishAffected(file: string, before: { told: string; affected: string[] }): void {
    if (this.pipeline.facts.told(file) !== before.told) this.relint([...before.affected, ...this.pipeline.facts.affectedBy(file)]);
  }

  /** Files whose reading depends on another that changed, linted again (open ones from the editor's text). */
  private relint(files: string[]): void {
    for (const other of new Set(files)) {
      const document = this.documents.get(pathToFileURL(other).href);
      if (document) {
        this.latest.delete(document.uri);
        this.publishOpen(document, false);
      } else if (this.scanDone || this.published.has(other)) this.publishClosed(other, false);
    }
  }

  /** Publishes what a lint found in a file that is not open. */
  private publishOutcome(outcome: ReportedOutcome): number {
    const uri = pathToFileURL(outcome.file).href;
    const document = TextDocument.create(uri, 'plaintext', 0, outcome.kind === 'linted' ? outcome.text : '');
    const diagnostics = outcome.kind === 'linted' ? this.diagnosticsFor(document, outcome) : [];
    if (diagnostics.length > 0) this.published.add(outcome.file);
    else this.published.delete(outcome.file);
    void this.connection.sendDiagnostics({ uri, diagnostics });
    return outcome.kind === 'linted' ? outcome.findings.length : 0;
  }

  private diagnosticsFor(document: TextDocument, outcome: ReportedOutcome | undefined): Diagnostic[] {
    if (outcome?.kind === 'skipped') return this.skippedDiagnostic(document, outcome.reason);
    if (outcome?.kind !== 'linted') return [];
    const { analysis } = outcome;
    const findings = [...parseErrorFindings(analysis.problems), ...outcome.findings].map((finding) =>
      toDiagnostic(document, finding, analysis.ruleSet.incidentsFor(finding), (file) => this.engine.readWorkspaceFile(file)),
    );
    const notices = analysis.notices.map((notice) => ({
      range: findingRange(document, notice.span),
      severity: DiagnosticSeverity.Hint,
      source: SOURCE,
      code: 'not-followed',
      message: notice.message,
    }));
    // Warnings, as ESLint reports unused disable directives: a hint is three faint dots, missing from the Problems panel.
    const pragmas = analysis.pragmaProblems.map((problem) => ({
      range: toRange(document, problem.span),
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      code: 'pragma',
      message: problem.message,
    }));
    return [...findings, ...notices, ...pragmas];
  }

  /** An open provisioning file too large to lint says so; other files stay silent. */
  private skippedDiagnostic(document: TextDocument, reason: string): Diagnostic[] {
    const file = fileOf(document.uri);
    const head = document.getText().slice(0, 4096);
    if (!this.engine.recognise(file, head, { relativePath: this.pipeline.relativePath(file), languageId: document.languageId })) return [];
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        code: 'limit',
        message: `Hindsight skipped this file: it is ${reason}.`,
      },
    ];
  }

  /** Problems of a `.hindsight.yaml` shown in the file itself. */
  private configDiagnostics(document: TextDocument, file: string): Diagnostic[] {
    const config = this.pipeline.configResolver.load(file, document.getText());
    this.log.config(config, this.trusted);
    return config.problems.map((problem) => ({
      range: toRange(document, problem.span),
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: 'config',
      message: problem.message,
    }));
  }

  /** A message to the user; a client that cannot show it must not take the server down. */
  private tell(message: string, level: 'info' | 'warning' = 'warning'): void {
    const shown: unknown = level === 'info' ? this.connection.window.showInformationMessage(message) : this.connection.window.showWarningMessage(message);
    Promise.resolve(shown).catch(() => this.connection.console.warn(message));
  }

  /** Logs the config and rules a lint used, and tells the user about rules that failed on it. */
  private report(outcome: ReportedOutcome): void {
    if (outcome.kind === 'unreadable') return;
    this.log.config(outcome.config, this.trusted);
    if (outcome.kind !== 'linted') return;
    this.log.rules(outcome.analysis.ruleSet, this.engine.ruleSet, outcome.config);
    for (const failure of outcome.analysis.failures) {
      const key = `${failure.ruleId}:${outcome.file}`;
      this.connection.console.error(`rule ${failure.ruleId} failed on ${outcome.file}: ${failure.error.stack ?? failure.error.message}`);
      if (!this.reportedFailures.has(key)) {
        this.reportedFailures.add(key);
        this.tell(`Hindsight: ${failure.ruleId} failed on ${outcome.file.split(/[\\/]/).pop()}: ${failure.error.message}. Other rules still ran.`);
      }
    }
  }

  private filesChanged(changes: FileEvent[]): void {
    let configChanged = false;
    for (const change of changes) {
      const file = diskPath(change.uri);
      if (file === undefined) continue;
      this.engine.forgetFiles(file);
      if (isConfigFile(file)) {
        configChanged = true;
      } else if (change.type === FileChangeType.Deleted) {
        // A deleted folder takes along the problems of every file under it, and what those files told the others.
        const affected = this.pipeline.facts.filesUnder(file).flatMap((gone) => this.pipeline.facts.affectedBy(gone));
        this.pipeline.forgetUnder(file);
        const shown = [...this.published].filter((published) => relativeInside(file, published) !== undefined);
        for (const deleted of new Set([file, ...shown])) {
          this.published.delete(deleted);
          void this.connection.sendDiagnostics({ uri: pathToFileURL(deleted).href, diagnostics: [] });
        }
        this.relint(affected.filter((other) => relativeInside(file, other) === undefined));
      } else if (this.published.has(file) || (this.scanDone && inScan(this.pipeline, this.roots, this.settings.filesExclude, file))) {
        this.publishClosed(file);
      }
    }
    if (configChanged) {
      this.configure();
      this.relintEverything();
    }
  }

  private closed(document: TextDocument): void {
    clearTimeout(this.timers.get(document.uri));
    this.timers.delete(document.uri);
    this.latest.delete(document.uri);
    const file = diskPath(document.uri);
    if (file === undefined || isConfigFile(file)) {
      // An untitled buffer is gone with everything it told other files.
      this.pipeline.forget(fileOf(document.uri));
      void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    } else if (this.scanDone || this.scanning) {
      // A scanned file keeps its findings when closed, as they are on disk; so does one a running scan skipped because it was open.
      this.publishClosed(file);
    } else {
      // What it tells other files is what is on disk now, not the unsaved buffer.
      this.pipeline.lint({ file });
      void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    }
  }

  private saved(document: TextDocument): void {
    const file = diskPath(document.uri);
    if (file === undefined) return;
    this.engine.forgetFiles(file);
    if (isConfigFile(file)) {
      this.configure();
      this.relintEverything();
    }
  }

  private codeActions(params: CodeActionParams) {
    const document = this.documents.get(params.textDocument.uri);
    const outcome = document && this.lintOpen(document);
    if (!document || outcome?.kind !== 'linted') return [];
    return codeActions(this.engine, document, outcome.analysis, outcome.findings, params, {
      fixAll: () => this.fixAll(document),
      snippets: this.snippetEdits,
      resolveFixAll: this.resolvesEdits,
    });
  }

  /** Every fix of an open document, as one edit. */
  private fixAll(document: TextDocument) {
    const fixed = this.pipeline.fix({ file: fileOf(document.uri), text: document.getText(), languageId: document.languageId });
    return fixed && singleEdit(fixed.before, fixed.after);
  }

  /** "Fix all" chosen from the menu: its edit, computed now on the document as it is. */
  private resolveCodeAction(action: CodeAction): CodeAction {
    const uri = (action.data as FixAllData | undefined)?.fixAll;
    const document = uri === undefined ? undefined : this.documents.get(uri);
    if (!document) return action;
    return { ...action, edit: { changes: { [document.uri]: fixAllEdits(document, () => this.fixAll(document)) } } };
  }

  private hover(params: HoverParams) {
    const document = this.documents.get(params.textDocument.uri);
    const outcome = document && this.lintOpen(document);
    if (!document || outcome?.kind !== 'linted') return undefined;
    const { analysis } = outcome;
    const withheld = (finding: Finding) => this.engine.fixReport(analysis, finding).withheld.map((fix) => `\`${fix.id}\`: ${fix.reason}`);
    return hover(analysis.ruleSet, document, outcome.findings, params.position, withheld);
  }

  /**
   * The workspace scan: every provisioning file of every folder, with progress and cancellation.
   * A scan the user asked for ends with a message that sums it up; one that settings or configs set off is only logged.
   */
  async scan(announce = true): Promise<ScanResult> {
    this.scanning = true;
    try {
      return await this.scanWorkspace(announce);
    } finally {
      this.scanning = false;
    }
  }

  private async scanWorkspace(announce: boolean): Promise<ScanResult> {
    const started = performance.now();
    // Roles, templates and configs are read afresh: a scan must not trust what changed without an event.
    this.engine.forgetFiles();
    const progress = await answered(this.connection.window.createWorkDoneProgress(), UNSEEN_PROGRESS, (why) =>
      this.connection.console.warn(`Hindsight: the client did not create a progress bar (${why}); scanning without one.`),
    );
    progress.begin('Hindsight: scanning the workspace', 0, 'Looking for provisioning files…', true);
    const plan = planScan(this.pipeline, this.roots, this.settings.filesExclude, this.settings.maxScanFiles, progress.token);
    // Open documents lint themselves from the editor's text.
    const closed = plan.files.filter((file) => !this.documents.get(pathToFileURL(file).href));
    let findings = 0;
    let filesWithFindings = 0;
    const skipped = new Map<string, number>();
    const result = await this.pipeline.scan(
      closed.map((file) => ({ file })),
      (outcome) => {
        if (outcome.kind === 'skipped') skipped.set(outcome.reason, (skipped.get(outcome.reason) ?? 0) + 1);
        this.report(outcome);
        const found = this.publishOutcome(outcome);
        findings += found;
        if (found > 0) filesWithFindings++;
      },
      {
        cancelled: () => progress.token.isCancellationRequested,
        progress: async (done, total) => {
          progress.report(Math.round((done / total) * 100), `${done}/${total} files`);
          await new Promise((resolve) => setImmediate(resolve));
        },
      },
    );
    for (const problem of result.problems) this.connection.console.warn(`Hindsight: ${problem}`);
    // What the scan read and parsed from roles and templates is not kept: open documents read it again when they need it.
    this.engine.forgetFiles();
    if (!result.cancelled) this.scanDone = true;
    progress.done();
    if (plan.found > plan.files.length) this.tell(`Hindsight scanned the first ${plan.files.length} of ${plan.found} files (hindsight.scan.maxFiles).`, 'info');
    const files = result.done + (plan.files.length - closed.length);
    const summary = { files, findings, filesWithFindings, ms: performance.now() - started, skipped, cancelled: result.cancelled, threads: result.threads };
    this.log.scanned(summary);
    if (announce) this.tell(`Hindsight: ${describeScan(summary)}.`, 'info');
    if (plan.unlisted.length > 0)
      this.tell(
        `Hindsight could not read ${plan.unlisted.length} folder${plan.unlisted.length === 1 ? '' : 's'}; their files were not scanned: ${plan.unlisted.slice(0, 3).join(', ')}${plan.unlisted.length > 3 ? ', …' : ''}`,
      );
    return { files, findings, cancelled: result.cancelled, skipped: [...skipped.values()].reduce((sum, n) => sum + n, 0), unlisted: plan.unlisted };
  }
}
