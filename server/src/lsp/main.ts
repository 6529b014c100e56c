import ignore, { type Ignore } from 'ignore';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../core/engine';
import { AnalysisCache } from './analysis-cache';
import { codeActions, diagnostics, hover } from './features';

declare const HINDSIGHT_VERSION: string;

/** Typing pauses shorter than this do not trigger a lint. */
const DEBOUNCE_MS = 200;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let engine: Engine | undefined;
let cache: AnalysisCache | undefined;
const pending = new Map<string, NodeJS.Timeout>();
const reportedFailures = new Set<string>();

function fileName(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** Files the user declared Ansible (`hindsight.ansible.files`, gitignore-style, workspace-relative). */
let ansibleFiles: Ignore | undefined;
let workspaceRoots: string[] = [];

function isDeclaredAnsible(file: string): boolean {
  if (!ansibleFiles) return false;
  return workspaceRoots.some((root) => {
    const relative = path.relative(root, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative) && ansibleFiles!.ignores(relative.split(path.sep).join('/'));
  });
}

function analyse(document: TextDocument) {
  const file = fileName(document.uri);
  return cache!.get(document.uri, document.version, file, () => document.getText(), { languageId: document.languageId, ansible: isDeclaredAnsible(file) });
}

function publish(document: TextDocument): void {
  if (!engine) return;
  const analysis = analyse(document);
  for (const failure of analysis.failures) {
    const key = `${failure.ruleId}:${document.uri}`;
    connection.console.error(`rule ${failure.ruleId} failed on ${document.uri}: ${failure.error.stack ?? failure.error.message}`);
    // Told once per rule and file, not on every keystroke.
    if (!reportedFailures.has(key)) {
      reportedFailures.add(key);
      void connection.window.showWarningMessage(`Hindsight: rule ${failure.ruleId} failed on this file; other rules still ran. See the Hindsight output.`);
    }
  }
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnostics(engine, document, analysis) });
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

connection.onInitialize(async (params) => {
  const patterns = (params.initializationOptions as { ansibleFiles?: string[] } | undefined)?.ansibleFiles ?? [];
  ansibleFiles = patterns.length > 0 ? ignore().add(patterns) : undefined;
  workspaceRoots = (params.workspaceFolders ?? []).flatMap((folder) => (folder.uri.startsWith('file:') ? [fileURLToPath(folder.uri)] : []));
  engine = await Engine.create();
  cache = new AnalysisCache(engine);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      hoverProvider: true,
    },
    serverInfo: { name: 'hindsight', version: HINDSIGHT_VERSION },
  };
});

documents.onDidOpen((event) => schedule(event.document, 0));
documents.onDidChangeContent((event) => schedule(event.document, DEBOUNCE_MS));
documents.onDidClose((event) => {
  clearTimeout(pending.get(event.document.uri));
  pending.delete(event.document.uri);
  cache?.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!engine || !document) return [];
  return codeActions(engine, document, analyse(document), params);
});

connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!engine || !document) return undefined;
  return hover(engine, document, analyse(document), params.position);
});

documents.listen(connection);
connection.listen();
