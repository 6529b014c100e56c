import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const SOURCE = 'hindsight';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

/** Polls until `read` returns something (never a fixed sleep), failing after `timeoutMs`. */
async function until<T>(read: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function hindsightDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

async function openAndWait(name: string, count = 1): Promise<{ document: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  const diagnostics = await until(() => {
    const found = hindsightDiagnostics(document.uri);
    return found.length >= count ? found : undefined;
  }, `Hindsight diagnostics in ${name}`);
  return { document, diagnostics };
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function byCode(diagnostics: vscode.Diagnostic[], code: string): vscode.Diagnostic {
  const found = diagnostics.find((diagnostic) => codeOf(diagnostic) === code);
  assert.ok(found, `no ${code} among ${diagnostics.map(codeOf).join(', ')}`);
  return found;
}

suite('Hindsight in VS Code', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension('hindsight.hindsight');
    assert.ok(extension, 'the Hindsight extension is installed');
    await extension.activate();
  });

  test('a user-data file without extension opens as plain text and gets diagnostics with exact ranges and links', async () => {
    const { document, diagnostics } = await openAndWait('user-data', 3);
    // No extension: VS Code opens it as plain text, or as YAML when its first line is #cloud-config.
    assert.ok(['plaintext', 'yaml'].includes(document.languageId), document.languageId);
    const route = byCode(diagnostics, 'non-persistent-route');
    assert.equal(document.getText(route.range), 'ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0');
    assert.equal((route.code as { target: vscode.Uri }).target.toString(), 'https://www.heroku.com/blog/summary-of-june-10-outage/');
    assert.equal(route.severity, vscode.DiagnosticSeverity.Warning);
    const pipe = byCode(diagnostics, 'remote-script-piped-to-shell');
    assert.equal(document.getText(pipe.range), 'curl -fsSL https://get.example.com/install.sh | sh');
  });

  test('hover explains the mechanism and links the post-mortem', async () => {
    const { document, diagnostics } = await openAndWait('user-data', 3);
    const route = byCode(diagnostics, 'non-persistent-route');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, route.range.start.translate(0, 3));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /non-persistent-route/);
    assert.match(text, /heroku\.com\/blog\/summary-of-june-10-outage/);
  });

  test('the preferred quick fix rewrites the file and the diagnostic goes away', async () => {
    const { document, diagnostics } = await openAndWait('user-data', 3);
    const route = byCode(diagnostics, 'non-persistent-route');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, route.range, vscode.CodeActionKind.QuickFix.value);
    // The API does not hand back an action's diagnostics; the route's range selects its fix.
    const preferred = actions.find((action) => action.isPreferred && action.edit !== undefined);
    assert.ok(
      preferred?.edit,
      `a preferred fix among: ${JSON.stringify(actions.map((action) => [action.title, action.isPreferred, action.kind?.value, action.diagnostics?.map(codeOf)]))}`,
    );
    assert.ok(actions.some((action) => action.title === 'Open post-mortem: Heroku 2025-06-10'));
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.match(document.getText(), /path: \/etc\/netplan\/60-static-routes-eth0\.yaml/);
    assert.doesNotMatch(document.getText(), /ip route add/);
    await until(() => (hindsightDiagnostics(document.uri).some((diagnostic) => codeOf(diagnostic) === 'non-persistent-route') ? undefined : true), 'the route finding to go away');
  });

  test('a #cloud-config YAML file, an Ansible playbook and a Dockerfile are read by content and name', async () => {
    const web = await openAndWait('web.yaml');
    assert.equal(web.document.languageId, 'yaml');
    byCode(web.diagnostics, 'automatic-reboot');
    const play = await openAndWait('site.yml');
    const serial = byCode(play.diagnostics, 'play-without-serial');
    assert.equal(play.document.getText(serial.range), 'hosts: webservers');
    const docker = await openAndWait('Dockerfile');
    assert.equal(docker.document.getText(byCode(docker.diagnostics, 'eol-base-image').range), 'debian:stretch-slim');
  });

  test('Show Rule Documentation is in the command palette; without a rule it lists the rules and opens the one picked', async function () {
    this.timeout(60_000);
    const manifest = vscode.extensions.getExtension('hindsight.hindsight')!.packageJSON as { contributes: { menus?: { commandPalette?: { command: string }[] } } };
    assert.deepEqual(
      (manifest.contributes.menus?.commandPalette ?? []).filter((entry) => entry.command === 'hindsight.showRuleDocs'),
      [],
    );
    let done = false;
    const shown = Promise.resolve(vscode.commands.executeCommand('hindsight.showRuleDocs')).finally(() => (done = true));
    // The pick list has no API of its own: accept its first entry (rules are in id order) once it is there.
    await until(async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return done || undefined;
    }, 'the rule to be picked');
    await shown;
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const page = await until(
      () => tabs().find((tab) => /apt-lock-race\.md/.test(tab.label)),
      `the apt-lock-race page among ${tabs()
        .map((tab) => tab.label)
        .join(', ')}`,
    );
    await vscode.window.tabGroups.close(page);
  });

  test('the workspace scan reports files that are not open', async function () {
    this.timeout(60_000);
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('hindsight.scanWorkspace');
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= 4, JSON.stringify(result));
    assert.ok(hindsightDiagnostics(workspaceFile('Dockerfile')).length > 0);
  });
});
