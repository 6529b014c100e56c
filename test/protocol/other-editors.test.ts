import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const root = path.resolve(__dirname, '../..');

/**
 * Starts the server from its executable, through its #! line with `--stdio` (how an editor's server
 * configuration runs it), and initialises it as nvim-lspconfig, Helix and eglot do: a root, workspace
 * folders, no VS Code-only settings.
 */
async function startServer(workspace: string) {
  const server = spawn(path.join(root, 'bin/hindsight-language-server.js'), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
  });
  connection.listen();
  const workspaceUri = pathToFileURL(workspace).href;
  const initialized = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspaceUri,
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
    workspaceFolders: [{ uri: workspaceUri, name: 'workspace' }],
  });
  await connection.sendNotification(InitializedNotification.type, {});
  /** The first diagnostics published for a document: polled, never a fixed sleep. */
  const diagnostics = async (uri: string) => {
    for (let tries = 0; tries < 400; tries++) {
      const found = published.find((params) => params.uri === uri);
      if (found) return found.diagnostics;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no diagnostics for ${uri}`);
  };
  return { connection, initialized, exited, diagnostics, dispose: () => (connection.dispose(), server.kill()) };
}

describe('a baseline in the editor', () => {
  it('the findings a .hindsight.yaml baseline holds are not shown; a new one is', { timeout: 30_000 }, async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'hindsight-editor-baseline-'));
    const file = path.join(workspace, 'user-data');
    const known = '#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1\n';
    writeFileSync(file, known);
    execFileSync(process.execPath, [path.join(root, 'bin/hindsight.js'), 'scan', '.', '--baseline-write', 'baseline.json'], { cwd: workspace });
    writeFileSync(path.join(workspace, '.hindsight.yaml'), 'baseline: baseline.json\n');
    const { connection, diagnostics, dispose } = await startServer(workspace);
    try {
      const uri = pathToFileURL(file).href;
      const text = `${known}  - ip route add 10.9.0.0/16 via 10.1.1.1\n`;
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      assert.deepEqual(
        (await diagnostics(uri)).map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [['non-persistent-route', 3]],
      );
    } finally {
      dispose();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('hindsight-language-server for other editors', () => {
  it('starts from its executable with --stdio as Neovim, Helix and Emacs do, lints an opened file, and exits on shutdown', { timeout: 30_000 }, async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'hindsight-editor-'));
    const file = path.join(workspace, 'user-data');
    const text = '#cloud-config\nruncmd:\n  - ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0\n';
    writeFileSync(file, text);
    const { connection, initialized, exited, diagnostics, dispose } = await startServer(workspace);
    try {
      assert.equal(initialized.serverInfo?.name, 'hindsight');
      const uri = pathToFileURL(file).href;
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      assert.deepEqual(
        (await diagnostics(uri)).map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [['non-persistent-route', 2]],
      );
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      assert.equal(await exited, 0);
    } finally {
      dispose();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
