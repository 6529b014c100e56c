import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

describe('hindsight-language-server for other editors', () => {
  it('starts from its executable with --stdio as Neovim, Helix and Emacs do, lints an opened file, and exits on shutdown', { timeout: 30_000 }, async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'hindsight-editor-'));
    const file = path.join(workspace, 'user-data');
    const text = '#cloud-config\nruncmd:\n  - ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0\n';
    writeFileSync(file, text);
    // The executable itself, through its #! line: how an editor's server configuration runs it.
    const server = spawn(path.join(root, 'bin/hindsight-language-server.js'), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    const published: PublishDiagnosticsParams[] = [];
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        published.push(params);
        if (params.diagnostics.length > 0) resolve(params);
      }),
    );
    connection.listen();
    try {
      const uri = pathToFileURL(file).href;
      const workspaceUri = pathToFileURL(workspace).href;
      // What nvim-lspconfig, Helix and eglot send: a root, workspace folders, no VS Code-only settings.
      const result = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: workspaceUri,
        capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
        workspaceFolders: [{ uri: workspaceUri, name: 'workspace' }],
      });
      assert.equal(result.serverInfo?.name, 'hindsight');
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const params = await diagnostics;
      assert.equal(params.uri, uri);
      assert.deepEqual(
        params.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [['non-persistent-route', 2]],
      );
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      server.kill();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
