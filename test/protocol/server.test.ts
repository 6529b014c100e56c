import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const root = path.resolve(__dirname, '../..');
const uri = 'file:///work/example/user-data';
const text = '#cloud-config\nruncmd:\n  - ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0\n  - echo done\n';

let server: ChildProcess;
let connection: ProtocolConnection;
const published: PublishDiagnosticsParams[] = [];
const waiters: (() => void)[] = [];

/** Resolves with the first diagnostics for `version` — polling the stream, never sleeping a fixed time. */
function diagnosticsFor(version: number, forUri = uri): Promise<Diagnostic[]> {
  return new Promise((resolve) => {
    const check = () => {
      const hit = published.find((params) => params.uri === forUri && params.version === version);
      if (hit) resolve(hit.diagnostics);
      else waiters.push(check);
    };
    check();
  });
}

before(async () => {
  server = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    waiters.splice(0).forEach((wake) => wake());
  });
  connection.listen();
  const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  assert.equal(result.serverInfo?.name, 'hindsight');
  await connection.sendNotification(InitializedNotification.type, {});
});

after(() => {
  connection.dispose();
  server.kill();
});

describe('language server over stdio', () => {
  let diagnostic: Diagnostic;

  it('publishes diagnostics with source, code and codeDescription on open', async () => {
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
    const diagnostics = await diagnosticsFor(1);
    assert.equal(diagnostics.length, 1);
    diagnostic = diagnostics[0];
    assert.equal(diagnostic.source, 'hindsight');
    assert.equal(diagnostic.code, 'non-persistent-route');
    assert.equal(diagnostic.codeDescription?.href, 'https://www.heroku.com/blog/summary-of-june-10-outage/');
    assert.deepEqual(diagnostic.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 51 } });
  });

  it('shows the explanation and incident links on hover', async () => {
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 10 } });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /non-persistent-route/);
    assert.match(value, /\[Heroku, 2025-06-10: .*\]\(https:\/\/www\.heroku\.com\/blog\/summary-of-june-10-outage\/\)/);
    // A line and a link, as ESLint and hadolint show: the mechanism in a few sentences, the rest stays on the page.
    assert.match(value, /\[Documentation\]\(command:hindsight\.showRuleDocs/);
    assert.ok(value.length < 1200, `${value.length} characters`);
    assert.doesNotMatch(value, /When it is fine|```/);
    assert.equal(await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } }), null);
  });

  it('the hover says where the step runs, as inferred, and why', async () => {
    const playbook = 'file:///work/example/site.yml';
    const playText = '- hosts: web\n  tasks:\n    - apt: {upgrade: dist}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: playbook, languageId: 'ansible', version: 1, text: playText } });
    await diagnosticsFor(1, playbook);
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: playbook }, position: { line: 2, character: 12 } });
    assert.match(
      (hover?.contents as MarkupContent).value,
      /\*Where it runs, as inferred:\* fleet host \(the play targets the group web\); Debian family \(it installs with apt\)\./,
    );
  });

  it('offers the preferred fix and the post-mortem link; the fixed document lints clean', async () => {
    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const preferred = actions.find((action) => action.isPreferred)!;
    assert.match(preferred.title, /netplan/);
    const link = actions.find((action) => action.title === 'Open post-mortem: Heroku 2025-06-10')!;
    assert.deepEqual(link.command?.arguments, ['https://www.heroku.com/blog/summary-of-june-10-outage/']);

    const edits = preferred.edit!.changes![uri] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 1, text), edits);
    assert.match(fixed, /path: \/etc\/netplan\/60-static-routes-eth0\.yaml/);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepEqual(await diagnosticsFor(2), []);
  });

  it('lints a Terraform document (HashiCorp language id) on the exact text, and a parse error as a warning', async () => {
    const tfUri = 'file:///work/example/main.tf';
    const module = 'resource "aws_instance" "web" {\n  user_data = <<-EOT\n    #cloud-config\n    runcmd:\n      - ip route add 10.0.0.0/8 via ${var.gw} dev eth0\n  EOT\n}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: tfUri, languageId: 'terraform', version: 1, text: module } });
    const [route] = await diagnosticsFor(1, tfUri);
    assert.equal(route.code, 'non-persistent-route');
    assert.deepEqual(route.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 54 } });
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: tfUri, version: 2 },
      contentChanges: [{ text: 'resource "x" "y" {\n  user_data = <<EOT\n' }],
    });
    const [broken] = await diagnosticsFor(2, tfUri);
    assert.equal(broken.code, 'parse-error');
    assert.equal(broken.severity, 2);
  });

  it('reads a document the editor calls ansible, with related locations for the risky tasks', async () => {
    const ansibleUri = 'file:///work/example/deploy.yml';
    const playbook = '- hosts: all\n  tasks:\n    - name: Reboot\n      ansible.builtin.reboot:\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: ansibleUri, languageId: 'ansible', version: 1, text: playbook } });
    const [play] = await diagnosticsFor(1, ansibleUri);
    assert.equal(play.code, 'play-without-serial');
    assert.deepEqual(play.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 12 } });
    assert.deepEqual(
      play.relatedInformation?.map((related) => [related.location.uri, related.location.range.start.line, related.message]),
      [[ansibleUri, 3, '"Reboot" reboots the host']],
    );
  });
});
