import { fileURLToPath } from 'node:url';
import { createConnection, DiagnosticSeverity, DidChangeConfigurationNotification, FileChangeType, type Diagnostic, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { detectFormat } from '../core/detect';
import { Engine } from '../core/engine';
import { SOURCE } from './convert';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { hover } from './hover';
import { fileOf, HindsightServer } from './server';
import { DEFAULT_SETTINGS, toSettings } from './settings';

declare const HINDSIGHT_VERSION: string;

/** Typing pauses shorter than this do not trigger a lint (the benchmark sets 0 to time the work itself). */
let debounceMs = 200;
export const SCAN_COMMAND = 'hindsight.scanWorkspace';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let server: HindsightServer | undefined;
/** Resolves once the first settings have been pulled: nothing scans with defaults by accident. */
let markReady: () => void;
const ready = new Promise<void>((resolve) => (markReady = resolve));
let canPullSettings = false;
let trusted = true;
const pending = new Map<string, NodeJS.Timeout>();
/** The last lint of each open document, for code actions and hover at the same version. */
const latest = new Map<string, { version: number; linted: ReturnType<HindsightServer['lint']> }>();

function lintOpen(document: TextDocument) {
  const cached = latest.get(document.uri);
  if (cached && cached.version === document.version) return cached.linted;
  const linted = server!.lint(fileOf(document.uri), document.getText(), document.languageId);
  latest.set(document.uri, { version: document.version, linted });
  return linted;
}

/** Open documents larger than this are not linted; a provisioning file that size is generated. */
const MAX_OPEN_DOCUMENT_CHARS = 2 * 1024 * 1024;

function tooLargeDiagnostic(document: TextDocument): Diagnostic[] {
  if (!detectFormat(fileOf(document.uri), document.getText().slice(0, 4096), document.languageId)) return [];
  return [{
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: 'limit',
    message: `Hindsight skipped this file: it is larger than ${MAX_OPEN_DOCUMENT_CHARS / 1024 / 1024} MB.`,
  }];
}

function publish(document: TextDocument): void {
  if (!server) return;
  const file = fileOf(document.uri);
  const diagnostics = HindsightServer.isConfigFile(file)
    ? server.configDiagnostics(document)
    : document.getText().length > MAX_OPEN_DOCUMENT_CHARS
      ? tooLargeDiagnostic(document)
      : server.diagnosticsFor(document, lintOpen(document));
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

function schedule(document: TextDocument, delay: number): void {
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) publish(current);
    }, delay),
  );
}

/** Settings, configs or the rule set changed: every open and every scanned file is linted again. */
function relintEverything(): void {
  if (!server) return;
  latest.clear();
  for (const document of documents.all()) publish(document);
  for (const file of [...server.scanned]) server.publishClosed(file);
}

async function pullSettings(): Promise<void> {
  if (!server) return;
  const roots = server.roots;
  if (canPullSettings) {
    const [hindsight, filesExclude] = await connection.workspace.getConfiguration([{ section: 'hindsight' }, { section: 'files.exclude' }]);
    server.configure(roots, toSettings(hindsight, filesExclude), trusted);
  } else {
    server.configure(roots, server.settings, trusted);
  }
}

connection.onInitialize(async (params) => {
  const options = (params.initializationOptions ?? {}) as { trusted?: boolean; debounceMs?: number };
  trusted = options.trusted ?? true;
  debounceMs = options.debounceMs ?? debounceMs;
  canPullSettings = params.capabilities.workspace?.configuration === true;
  const engine = await Engine.create();
  server = new HindsightServer(engine, connection, documents);
  const roots = (params.workspaceFolders ?? []).flatMap((folder) => (folder.uri.startsWith('file:') ? [fileURLToPath(folder.uri)] : []));
  server.configure(roots, DEFAULT_SETTINGS, trusted);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
      hoverProvider: true,
      executeCommandProvider: { commands: [SCAN_COMMAND] },
    },
    serverInfo: { name: 'hindsight', version: HINDSIGHT_VERSION },
  };
});

connection.onInitialized(async () => {
  if (canPullSettings) {
    // A client that cannot register still sends the notification when settings change.
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'hindsight' }).catch(() => undefined);
  }
  await pullSettings();
  markReady();
  relintEverything();
  if (server?.settings.scanOnStartup) await server.scan();
});

connection.onDidChangeConfiguration(async () => {
  await pullSettings();
  relintEverything();
});

connection.onExecuteCommand(async (params) => {
  await ready;
  if (params.command === SCAN_COMMAND && server) return server.scan();
  return undefined;
});

connection.onDidChangeWatchedFiles((params) => {
  if (!server) return;
  let configChanged = false;
  for (const change of params.changes) {
    const file = fileOf(change.uri);
    server.engine.forgetFiles(file);
    if (HindsightServer.isConfigFile(file)) {
      configChanged = true;
      continue;
    }
    if (change.type === FileChangeType.Deleted) server.forget(file);
    else if (server.scanDone || server.scanned.has(file)) server.publishClosed(file);
  }
  if (configChanged) {
    server.configure(server.roots, server.settings, trusted);
    relintEverything();
  }
});

documents.onDidOpen((event) => schedule(event.document, 0));
documents.onDidChangeContent((event) => schedule(event.document, debounceMs));
documents.onDidClose((event) => {
  clearTimeout(pending.get(event.document.uri));
  pending.delete(event.document.uri);
  latest.delete(event.document.uri);
  const file = fileOf(event.document.uri);
  // A scanned file keeps its findings when closed; others are cleared.
  if (server?.scanDone && !HindsightServer.isConfigFile(file)) server.publishClosed(file);
  else void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});
documents.onDidSave((event) => {
  server?.engine.forgetFiles(fileOf(event.document.uri));
  if (HindsightServer.isConfigFile(fileOf(event.document.uri)) && server) {
    server.configure(server.roots, server.settings, trusted);
    relintEverything();
  }
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  const linted = document && server && document.getText().length <= MAX_OPEN_DOCUMENT_CHARS ? lintOpen(document) : undefined;
  if (!document || !server || !linted) return [];
  return codeActions(server.engine, document, linted.analysis, linted.findings, params);
});

connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  const linted = document && server && document.getText().length <= MAX_OPEN_DOCUMENT_CHARS ? lintOpen(document) : undefined;
  if (!document || !server || !linted) return undefined;
  return hover(server.engine, document, linted.findings, params.position);
});

documents.listen(connection);
connection.listen();
