import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  FileChangeType,
  WorkDoneProgressCancelNotification,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspSession, uri } from './session';

const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-ws-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A workspace of a few hundred provisioning files, some hazardous, some ignored. */
function generatedWorkspace(name: string): string {
  const ws = path.join(scratch, name);
  for (let i = 0; i < 300; i++) {
    const hazard = i % 3 === 0 ? '  - curl -s https://example.com/i.sh | sh\n' : '  - echo ok\n';
    write(path.join(ws, 'hosts', `node-${i}`, 'user-data'), `#cloud-config\nruncmd:\n${hazard}`);
  }
  write(path.join(ws, '.gitignore'), 'ignored/\n');
  write(path.join(ws, 'ignored', 'user-data'), '#cloud-config\nruncmd:\n  - curl x | sh\n');
  write(path.join(ws, 'excluded', 'user-data'), '#cloud-config\nruncmd:\n  - curl x | sh\n');
  write(path.join(ws, 'roles', 'net', 'tasks', 'main.yml'), '- command: ip route add 10.0.0.0/8 via 10.1.1.1\n');
  write(path.join(ws, 'roles', 'base', 'tasks', 'main.yml'), '- apt: name=unattended-upgrades\n');
  write(path.join(ws, 'edge.yml'), '- hosts: edge\n  serial: 1\n  roles: [base, net]\n');
  return ws;
}

async function session(options: ConstructorParameters<typeof LspSession>[0]): Promise<LspSession> {
  const created = new LspSession(options);
  await created.initialize();
  return created;
}

function open(lsp: LspSession, file: string, text: string, languageId = 'plaintext'): Promise<void> {
  return lsp.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(file), languageId, version: 1, text } });
}

describe('a client that does not answer', () => {
  for (const unhelpful of ['silent', 'error'] as const) {
    it(`the server still lints and scans when the client's answers are ${unhelpful === 'silent' ? 'never sent' : 'errors'}`, { timeout: 30_000 }, async () => {
      const ws = path.join(scratch, `unhelpful-${unhelpful}`);
      const file = write(path.join(ws, 'user-data'), '#cloud-config\nruncmd:\n  - curl -s https://example.com/i.sh | sh\n');
      const lsp = await session({ workspace: ws, unhelpful });
      try {
        const result = await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
        assert.deepEqual(result, { files: 1, findings: 1, cancelled: false, skipped: 0, unlisted: [] });
        const [diagnostic] = await lsp.diagnostics(file);
        assert.equal(diagnostic.code, 'remote-script-piped-to-shell');
      } finally {
        lsp.dispose();
      }
    });
  }
});

describe('a script and the unit that runs it', () => {
  const ws = path.join(scratch, 'runners');
  const unit = write(
    path.join(ws, 'roles/routes/files/static-routes.service'),
    '[Service]\nType=oneshot\nExecStart=/usr/local/sbin/add-routes.sh\n[Install]\nWantedBy=multi-user.target\n',
  );
  const script = write(path.join(ws, 'roles/routes/files/add-routes.sh'), '#!/bin/sh\nip route add 10.20.0.0/16 via 10.0.0.1 dev eth0\n');
  write(path.join(ws, 'roles/routes/tasks/main.yml'), '- copy:\n    src: add-routes.sh\n    dest: /usr/local/sbin/add-routes.sh\n');
  let lsp: LspSession;
  after(() => lsp?.dispose());

  it('the scan flags the script, related to the unit; editing the unit updates the closed script', { timeout: 30_000 }, async () => {
    lsp = await session({ workspace: ws });
    await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
    const [route] = await lsp.diagnostics(script);
    assert.equal(route.code, 'non-persistent-route');
    assert.match(String(route.message), /runs at every boot \(static-routes\.service, WantedBy=multi-user\.target\)/);
    assert.deepEqual(
      route.relatedInformation?.map((related) => [related.location.uri, related.location.range.start.line, related.message]),
      [
        [uri(unit), 2, 'static-routes.service ExecStart runs it'],
        [uri(path.join(ws, 'roles/routes/tasks/main.yml')), 2, 'tasks[0] installs it at /usr/local/sbin/add-routes.sh'],
      ],
    );
    const count = () => lsp.published.filter((params) => params.uri === uri(script)).length;
    const before = count();
    const text = readFileSync(unit, 'utf8');
    await open(lsp, unit, text);
    await lsp.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(unit), version: 2 },
      contentChanges: [{ text: text.replace('/usr/local/sbin/add-routes.sh', '/usr/local/sbin/other.sh') }],
    });
    const latest = () => lsp.published.filter((params) => params.uri === uri(script)).pop()!.diagnostics.length;
    // `until` waits while its condition is undefined.
    await lsp.until(() => (count() > before && latest() === 0) || undefined);
    await lsp.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri(unit), version: 3 }, contentChanges: [{ text }] });
    await lsp.until(() => latest() === 1 || undefined);
  });
});

describe('a deleted folder takes what its files told the others along', () => {
  const ws = path.join(scratch, 'runners-deleted');
  write(path.join(ws, 'units/static-routes.service'), '[Service]\nType=oneshot\nExecStart=/usr/local/sbin/add-routes.sh\n[Install]\nWantedBy=multi-user.target\n');
  const script = write(path.join(ws, 'roles/routes/files/add-routes.sh'), '#!/bin/sh\nip route add 10.20.0.0/16 via 10.0.0.1 dev eth0\n');
  write(path.join(ws, 'roles/routes/tasks/main.yml'), '- copy:\n    src: add-routes.sh\n    dest: /usr/local/sbin/add-routes.sh\n');
  let lsp: LspSession;
  after(() => lsp?.dispose());

  it('the script a unit in that folder ran is read again, no longer as a boot script', { timeout: 30_000 }, async () => {
    lsp = await session({ workspace: ws });
    await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
    assert.equal((await lsp.diagnostics(script))[0]?.code, 'non-persistent-route');
    const count = lsp.published.filter((params) => params.uri === uri(script)).length;
    // The unit has no problem of its own: only what it told the script goes with the folder.
    rmSync(path.join(ws, 'units'), { recursive: true, force: true });
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(path.join(ws, 'units')), type: FileChangeType.Deleted }] });
    assert.deepEqual(await lsp.diagnostics(script, count + 1), []);
  });
});

describe('workspace scan', () => {
  const ws = generatedWorkspace('scan');
  let lsp: LspSession;
  after(() => lsp?.dispose());

  it('lints unopened files with progress, honouring .gitignore and files.exclude', async () => {
    lsp = await session({ workspace: ws, settings: { 'files.exclude': { '**/excluded': true } } });
    const result = await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
    assert.deepEqual(result, { files: 303, findings: 102, cancelled: false, skipped: 0, unlisted: [] });
    const kinds = lsp.progress.map((progress) => progress.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(
      lsp.progress.some((progress) => /^\d+\/303 files$/.test(progress.value.message ?? '')),
      'progress reports counts',
    );
    const [diagnostic] = await lsp.diagnostics(path.join(ws, 'hosts', 'node-0', 'user-data'));
    assert.equal(diagnostic.code, 'remote-script-piped-to-shell');
    assert.ok(!lsp.published.some((params) => params.uri.includes('/ignored/') || params.uri.includes('/excluded/')));
  });

  it('completes a finding with another file: the route, the role its play also runs that turns upgrades on, and the play', async () => {
    const [route] = await lsp.diagnostics(path.join(ws, 'roles', 'net', 'tasks', 'main.yml'));
    assert.equal(route.code, 'non-persistent-route');
    assert.deepEqual(
      route.relatedInformation?.map((related) => [related.location.uri, related.location.range.start.line]),
      [
        [uri(path.join(ws, 'roles', 'base', 'tasks', 'main.yml')), 0],
        [uri(path.join(ws, 'edge.yml')), 0],
      ],
    );
  });

  it('file events for what the scan does not read (ignored, dependencies) publish nothing', async () => {
    const skipped = [write(path.join(ws, 'node_modules', 'pkg', 'user-data'), '#cloud-config\nruncmd:\n  - curl x | sh\n'), path.join(ws, 'ignored', 'user-data')];
    const real = path.join(ws, 'hosts', 'node-9', 'user-data');
    const before = lsp.published.filter((params) => params.uri === uri(real)).length;
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [...skipped, real].map((file) => ({ uri: uri(file), type: FileChangeType.Changed as FileChangeType })),
    });
    await lsp.diagnostics(real, before + 1);
    for (const file of skipped)
      assert.deepEqual(
        lsp.published.filter((params) => params.uri === uri(file)),
        [],
        file,
      );
  });

  it('keeps results fresh: a changed file is re-linted, a deleted file is cleared', async () => {
    const file = path.join(ws, 'hosts', 'node-3', 'user-data');
    const before = lsp.published.filter((params) => params.uri === uri(file)).length;
    writeFileSync(file, '#cloud-config\nruncmd:\n  - echo fixed\n');
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(file), type: FileChangeType.Changed }] });
    assert.deepEqual(await lsp.diagnostics(file, before + 1), []);
    const gone = path.join(ws, 'hosts', 'node-6', 'user-data');
    const published = lsp.published.filter((params) => params.uri === uri(gone)).length;
    unlinkSync(gone);
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(gone), type: FileChangeType.Deleted }] });
    assert.deepEqual(await lsp.diagnostics(gone, published + 1), []);
  });

  it('a deleted folder takes the problems of the files under it along', { timeout: 30_000 }, async () => {
    const folder = path.join(ws, 'hosts', 'node-9');
    const file = path.join(folder, 'user-data');
    const count = lsp.published.filter((params) => params.uri === uri(file)).length;
    assert.equal((await lsp.diagnostics(file)).length, 1);
    rmSync(folder, { recursive: true, force: true });
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(folder), type: FileChangeType.Deleted }] });
    assert.deepEqual(await lsp.diagnostics(file, count + 1), []);
  });

  it('can be cancelled', async () => {
    const cancelling = await session({ workspace: ws });
    try {
      const seen = cancelling.progress.length;
      const running = cancelling.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
      const report = await cancelling.until(() => cancelling.progress.slice(seen).find((progress) => progress.value.kind === 'report'));
      await cancelling.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token: report.token });
      const result = (await running) as { cancelled: boolean; files: number };
      assert.equal(result.cancelled, true, JSON.stringify(result));
      assert.ok(result.files < 302);
    } finally {
      cancelling.dispose();
    }
  });

  it('a document open when the scan starts and closed while it runs keeps its findings', async () => {
    const closing = await session({ workspace: ws });
    try {
      const file = path.join(ws, 'hosts', 'node-12', 'user-data');
      await open(closing, file, readFileSync(file, 'utf8'));
      await closing.diagnostics(file);
      const seen = closing.progress.length;
      const running = closing.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
      await closing.until(() => closing.progress.slice(seen).find((progress) => progress.value.kind === 'report'));
      await closing.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uri(file) } });
      await running;
      const latest = closing.published.filter((params) => params.uri === uri(file)).pop();
      assert.equal(latest?.diagnostics[0]?.code, 'remote-script-piped-to-shell');
    } finally {
      closing.dispose();
    }
  });
});

describe('files that change under the server', () => {
  const ws = generatedWorkspace('changing');
  let lsp: LspSession;
  after(() => lsp?.dispose());

  it('files deleted while the scan runs are cleared, not reported as skipped or too large', { timeout: 30_000 }, async () => {
    lsp = await session({ workspace: ws });
    const running = lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
    await lsp.until(() => lsp.progress.find((progress) => progress.value.kind === 'report'));
    // Folders are read in name order: node-2… come after the first report.
    const doomed = Array.from({ length: 100 }, (_, i) => path.join(ws, 'hosts', `node-${200 + i}`));
    for (const folder of doomed) rmSync(folder, { recursive: true, force: true });
    const result = (await running) as { files: number; skipped: number };
    assert.equal(result.skipped, 0);
    // A file read before it went keeps what it had; one that was gone gets nothing, never a "skipped" note.
    for (const folder of doomed)
      for (const params of lsp.published.filter((published) => published.uri === uri(path.join(folder, 'user-data'))))
        assert.ok(
          params.diagnostics.every((diagnostic) => diagnostic.code === 'remote-script-piped-to-shell'),
          JSON.stringify(params.diagnostics),
        );
    assert.ok(!lsp.messages.some((message) => /larger than|skipped/.test(message.message)), JSON.stringify(lsp.messages));
  });

  it('file events for a FIFO and a link to /dev/zero skip them at once; the server keeps answering', { timeout: 30_000 }, async () => {
    const fifo = path.join(ws, 'hosts', 'fifo', 'user-data');
    mkdirSync(path.dirname(fifo), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    const zero = path.join(ws, 'hosts', 'zero', 'user-data');
    mkdirSync(path.dirname(zero), { recursive: true });
    symlinkSync('/dev/zero', zero);
    const real = path.join(ws, 'hosts', 'node-3', 'user-data');
    const before = lsp.published.filter((params) => params.uri === uri(real)).length;
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [fifo, zero, real].map((file) => ({ uri: uri(file), type: FileChangeType.Created as FileChangeType })),
    });
    assert.equal((await lsp.diagnostics(real, before + 1)).length, 1);
    for (const file of [fifo, zero]) for (const params of lsp.published.filter((published) => published.uri === uri(file))) assert.deepEqual(params.diagnostics, []);
  });
});

describe('files outside the project named by a document', () => {
  for (const trusted of [true, false]) {
    it(`a template under /proc neither blocks the server nor keeps it from stopping (${trusted ? '' : 'un'}trusted workspace)`, { timeout: 30_000 }, async () => {
      const ws = path.join(scratch, `proc-${trusted}`);
      const file = write(path.join(ws, 'site.yml'), '- hosts: all\n  tasks:\n    - template: src=/proc/kmsg dest=/etc/x\n    - shell: curl -s https://x | sh\n');
      const lsp = await session({ workspace: ws, trusted });
      await open(lsp, file, readFileSync(file, 'utf8'));
      assert.deepEqual(
        (await lsp.diagnostics(file)).map((diagnostic) => diagnostic.code),
        ['remote-script-piped-to-shell'],
      );
      assert.equal(await lsp.terminate(), 'SIGTERM');
    });
  }
});

describe('pragmas, config file and settings', () => {
  const ws = path.join(scratch, 'config');
  write(path.join(ws, '.hindsight.yaml'), 'rules:\n  first-boot-package-upgrade: error\n');
  let lsp: LspSession;
  after(() => lsp?.dispose());

  it('each pragma form suppresses, and wrong pragmas are warnings', async () => {
    lsp = await session({ workspace: ws });
    const file = path.join(ws, 'pragmas', 'user-data');
    await open(
      lsp,
      file,
      [
        '#cloud-config',
        '# hindsight ignore-file=automatic-reboot -- lab host',
        `apt: {conf: 'Unattended-Upgrade::Automatic-Reboot "true";'}`,
        'runcmd:',
        '  # hindsight ignore=non-persistent-route -- the route is re-added by a dispatcher hook',
        '  - ip route add 10.0.0.0/8 via 10.1.1.1',
        '  - curl -s https://x.example.com | sh  # hindsight ignore=remote-script-piped-to-shell -- vendored copy',
        '  - curl -s https://y.example.com | sh  # hindsight ignore=remote-script-piped-to-shell',
        '  - echo hi  # hindsight ignore=no-such-rule -- typo',
        '  # hindsight ignore=networkd-restart -- nothing here restarts networkd',
        '  - echo bye',
        '',
      ].join('\n'),
    );
    const diagnostics = await lsp.diagnostics(file);
    assert.deepEqual(
      diagnostics.map((diagnostic: Diagnostic) => [diagnostic.range.start.line, diagnostic.code, diagnostic.severity, String(diagnostic.message).split(':')[0]]),
      [
        [7, 'pragma', 2, 'Say why this is suppressed'],
        [8, 'pragma', 2, 'Unknown Hindsight rule id'],
        [9, 'pragma', 2, 'This pragma suppresses nothing here; remove it.'],
      ],
    );
  });

  it('the config file sets severity; the editor setting wins over it; changes apply without a restart', async () => {
    const file = path.join(ws, 'severity', 'user-data');
    await open(lsp, file, '#cloud-config\npackage_upgrade: true\n');
    const [fromConfig] = await lsp.diagnostics(file);
    assert.deepEqual([fromConfig.code, fromConfig.severity], ['first-boot-package-upgrade', 1]);
    lsp.settings = { hindsight: { rules: { 'first-boot-package-upgrade': 'off' } } };
    await lsp.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(await lsp.diagnostics(file, 2), []);
  });

  it('schema errors are shown in the config file itself', async () => {
    const file = path.join(ws, 'broken', '.hindsight.yaml');
    await open(lsp, file, 'rules:\n  automatic-reboot: loud\nfleet:\n  hosts: [prod]\n', 'yaml');
    const diagnostics = await lsp.diagnostics(file);
    assert.deepEqual(
      diagnostics.map((diagnostic: Diagnostic) => [diagnostic.range.start.line, diagnostic.severity, diagnostic.code]),
      [
        [1, 1, 'config'],
        [3, 1, 'config'],
      ],
    );
    assert.match(String(diagnostics[0].message), /rules\.automatic-reboot: must be one of off, info, warning, error; it is ignored\./);
  });

  it('code actions: ignore for line and file, documentation, and fix all on save', async () => {
    const file = path.join(ws, 'fixall', 'user-data');
    const text =
      "#cloud-config\napt: {conf: 'Unattended-Upgrade::Automatic-Reboot \"true\";'}\nwrite_files:\n  - path: /etc/needrestart/conf.d/x.conf\n    content: |\n      $nrconf{restart} = 'a';\n";
    await open(lsp, file, text);
    const diagnostics = await lsp.diagnostics(file);
    const quick = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri(file) },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    })) as CodeAction[];
    assert.deepEqual(
      quick.map((action) => action.title),
      // Enter takes the first: the rewrite; the post-mortem, which leaves the editor for a browser, is last.
      [
        'Turn automatic reboot off',
        'Fix all Hindsight problems in this file',
        'Ignore automatic-reboot for this line (with reason)',
        'Ignore automatic-reboot for this file (with reason)',
        'Show documentation for automatic-reboot',
        'Open post-mortem: GOV.UK 2020-10-30',
      ],
    );
    const ignoreFile = quick.find((action) => action.title.endsWith('for this file (with reason)'))!.edit!.changes![uri(file)] as TextEdit[];
    assert.deepEqual(ignoreFile, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '# hindsight ignore-file=automatic-reboot -- \n' }]);
    const [fixAll] = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri(file) },
      range: diagnostics[0].range,
      context: { diagnostics: [], only: ['source.fixAll.hindsight'] },
    })) as CodeAction[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri(file), 'plaintext', 1, text), fixAll.edit!.changes![uri(file)] as TextEdit[]);
    assert.equal(
      fixed,
      "#cloud-config\napt: {conf: 'Unattended-Upgrade::Automatic-Reboot \"false\";'}\nwrite_files:\n  - path: /etc/needrestart/conf.d/x.conf\n    content: |\n      $nrconf{restart} = 'l';\n",
    );
  });
});

describe('restricted mode', () => {
  const ws = path.join(scratch, 'restricted');
  write(path.join(ws, '.hindsight.yaml'), 'ruleFolders: [ops-rules]\n');
  write(
    path.join(ws, 'ops-rules', 'no-telnet.yaml'),
    'id: no-telnet\ntitle: Telnet in provisioning\nseverity: warning\nmatch:\n  - command:\n      programs: [telnet]\nmessage: "telnet is not allowed here"\nexplanation: Use ssh.\nincidents: [codecov-2021-04]\n',
  );
  const file = path.join(ws, 'user-data');
  const text = '#cloud-config\nruncmd:\n  - telnet example.com 23\n';

  for (const trusted of [true, false]) {
    it(`workspace rule folders are ${trusted ? '' : 'not '}loaded when the workspace is ${trusted ? '' : 'not '}trusted`, async () => {
      const lsp = await session({ workspace: ws, trusted });
      try {
        await open(lsp, file, text);
        const codes = (await lsp.diagnostics(file)).map((diagnostic: Diagnostic) => diagnostic.code);
        assert.deepEqual(codes, trusted ? ['no-telnet'] : []);
      } finally {
        lsp.dispose();
      }
    });
  }
});

describe('ignore actions in a client that takes snippets', () => {
  it('the reason is a tab stop', async () => {
    const ws = path.join(scratch, 'snippets');
    const lsp = await session({ workspace: ws, snippets: true });
    try {
      const file = write(path.join(ws, 'user-data'), '#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n');
      await open(lsp, file, readFileSync(file, 'utf8'));
      const [diagnostic] = await lsp.diagnostics(file);
      const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: uri(file) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })) as CodeAction[];
      const line = actions.find((action) => action.title === 'Ignore non-persistent-route for this line (with reason)')!;
      const change = line.edit!.documentChanges![0] as { edits: { range: unknown; snippet: { kind: string; value: string } }[] };
      assert.deepEqual(change.edits, [
        {
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
          snippet: { kind: 'snippet', value: '  # hindsight ignore=non-persistent-route -- ${1:reason}\n' },
        },
      ]);
    } finally {
      lsp.dispose();
    }
  });
});

describe('fix all in a client that resolves code actions', () => {
  it('the menu entry carries no edit; resolving it computes the edit on the document as it is', async () => {
    const ws = path.join(scratch, 'resolve');
    const lsp = await session({ workspace: ws, resolvesEdits: true });
    try {
      const text = `#cloud-config\npackage_upgrade: true\napt: {conf: 'Unattended-Upgrade::Automatic-Reboot "true";'}\n`;
      const file = write(path.join(ws, 'user-data'), text);
      await open(lsp, file, text);
      const [diagnostic] = await lsp.diagnostics(file);
      const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: uri(file) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })) as CodeAction[];
      const fixAll = actions.find((action) => action.title === 'Fix all Hindsight problems in this file')!;
      assert.equal(fixAll.edit, undefined);
      const resolved = await lsp.connection.sendRequest(CodeActionResolveRequest.type, fixAll);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri(file), 'plaintext', 1, text), resolved.edit!.changes![uri(file)] as TextEdit[]);
      assert.equal(fixed, `#cloud-config\npackage_upgrade: false\napt: {conf: 'Unattended-Upgrade::Automatic-Reboot "false";'}\n`);
    } finally {
      lsp.dispose();
    }
  });
});

describe('documents that are not files on this machine', () => {
  it('a remote or oddly encoded file URI is linted while open and cleared when closed', async () => {
    const lsp = await session({ workspace: path.join(scratch, 'remote') });
    try {
      const text = '#cloud-config\nruncmd:\n  - ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0\n';
      for (const remote of ['file://remotehost/share/user-data', `file://${path.join(scratch, 'a%2Fb', 'user-data')}`]) {
        await lsp.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: remote, languageId: 'plaintext', version: 1, text } });
        const open = await lsp.until(() => lsp.published.find((params) => params.uri === remote && params.diagnostics.length > 0));
        assert.equal(open.diagnostics[0].code, 'non-persistent-route');
        const count = lsp.published.filter((params) => params.uri === remote).length;
        await lsp.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: remote } });
        // A publication still on its way when the document closed may come first: the last one must be empty.
        const cleared = await lsp.until(() => {
          const published = lsp.published.filter((params) => params.uri === remote);
          return published.length > count && published[published.length - 1].diagnostics.length === 0 ? published[published.length - 1].diagnostics : undefined;
        });
        assert.deepEqual(cleared, []);
      }
    } finally {
      lsp.dispose();
    }
  });
});

describe('limits and failures in the editor', () => {
  const ws = path.join(scratch, 'limits');
  write(path.join(ws, '.hindsight.yaml'), 'ruleFolders: [broken-rules]\n');
  write(
    path.join(ws, 'broken-rules', 'bad-rule.yaml'),
    'id: bad-rule\ntitle: x\nseverity: loud\nmessage: x\nexplanation: x\nincidents: [codecov-2021-04]\ncheck: remote-script-piped-to-shell\n',
  );

  it('a broken rule folder is reported once; built-in rules still run; a huge document is skipped with a note', async () => {
    const lsp = await session({ workspace: ws });
    const messages = () => lsp.messages.filter((message) => message.shown).map((message) => message.message);
    try {
      const file = path.join(ws, 'user-data');
      await open(lsp, file, '#cloud-config\nruncmd:\n  - curl -s https://x | sh\n');
      const [finding] = await lsp.diagnostics(file);
      assert.equal(finding.code, 'remote-script-piped-to-shell');
      await lsp.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uri(file), version: 2 },
        contentChanges: [{ text: '#cloud-config\nruncmd:\n  - curl -s https://y | sh\n' }],
      });
      await lsp.until(() => lsp.published.find((params) => params.uri === uri(file) && params.version === 2));
      assert.equal(messages().length, 1);
      assert.match(messages()[0], /broken-rules.*bad-rule\.yaml:3: severity/);
      const huge = path.join(ws, 'huge', 'user-data');
      await open(lsp, huge, `#cloud-config\n# ${'x'.repeat(3 * 1024 * 1024)}\n`);
      const [note] = await lsp.diagnostics(huge);
      assert.deepEqual([note.code, note.severity], ['limit', 3]);
    } finally {
      lsp.dispose();
    }
  });
});

describe('rule folders belong to their configuration', () => {
  const base = path.join(scratch, 'three-folders');
  /** A folder whose config loads its own `no-telnet` rule, citing its own incident. */
  function folderWithRule(name: string): string {
    const dir = path.join(base, name);
    write(path.join(dir, '.hindsight.yaml'), 'ruleFolders: [own-rules]\n');
    write(
      path.join(dir, 'own-rules', 'no-telnet.yaml'),
      `id: no-telnet\ntitle: Telnet in provisioning\nseverity: warning\nmatch:\n  - command:\n      programs: [telnet]\nmessage: "telnet is not allowed in ${name}"\nexplanation: Use ssh.\nincidents: [${name}-telnet]\n`,
    );
    write(
      path.join(dir, 'own-rules', 'incidents.yaml'),
      `incidents:\n  - id: ${name}-telnet\n    organisation: ${name}\n    date: "2024-01-01"\n    title: Telnet left open\n    url: https://example.com/${name}\n    summary: Telnet was open.\n    lesson: Use ssh.\n`,
    );
    return dir;
  }
  const ops = folderWithRule('ops');
  const lab = folderWithRule('lab');
  const app = path.join(base, 'app');
  const text = '#cloud-config\nruncmd:\n  # hindsight ignore=no-telnet -- lab only\n  - telnet example.com 23\n  - telnet example.com 24\n';

  it('a folder’s own rules and incidents apply to its files only, in one server with all the folders', async () => {
    const lsp = await session({ workspace: ops, folders: [ops, lab, app] });
    const seen = (diagnostics: Diagnostic[]) =>
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line, diagnostic.message, diagnostic.codeDescription?.href]);
    try {
      const files = Object.fromEntries([ops, lab, app].map((dir) => [dir, write(path.join(dir, 'user-data'), text)]));
      for (const dir of [ops, lab, app]) await open(lsp, files[dir], text);
      assert.deepEqual(seen(await lsp.diagnostics(files[lab])), [['no-telnet', 4, 'telnet is not allowed in lab', 'https://example.com/lab']]);
      assert.deepEqual(seen(await lsp.diagnostics(files[app])), [['pragma', 2, 'Unknown Hindsight rule id: no-telnet.', undefined]]);
      // Linted again after the other folders' rules were loaded: still its own rule and incident.
      await lsp.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uri(files[ops]), version: 2 },
        contentChanges: [{ text: `${text}\n` }],
      });
      assert.deepEqual(seen(await lsp.diagnostics(files[ops], 2)), [['no-telnet', 4, 'telnet is not allowed in ops', 'https://example.com/ops']]);
    } finally {
      lsp.dispose();
    }
  });
});

describe('what the editor says about configs, settings, pragmas and scans', () => {
  const ws = path.join(scratch, 'feedback');
  const config = write(
    path.join(ws, '.hindsight.yaml'),
    'rules:\n  non-persistant-route: off\n  automatic-reboot: warn\n  remote-script-piped-to-shell: info\nignor: [vendor/**]\n',
  );
  const pipe = write(path.join(ws, 'pipe', 'user-data'), '#cloud-config\nruncmd:\n  - curl -s https://x.example.com | sh\n');
  let lsp: LspSession;
  after(() => lsp?.dispose());

  it('a config with mistakes applies its valid entries and says in the file what is ignored, with the id meant', async () => {
    lsp = await session({ workspace: ws, settings: { hindsight: { rules: { 'networkd-restrat': 'off' } } } });
    await open(lsp, pipe, readFileSync(pipe, 'utf8'));
    const [finding] = await lsp.diagnostics(pipe);
    assert.deepEqual([finding.code, finding.severity], ['remote-script-piped-to-shell', 3]);
    await open(lsp, config, readFileSync(config, 'utf8'), 'yaml');
    const problems = await lsp.diagnostics(config);
    assert.deepEqual(
      problems.map((problem: Diagnostic) => [problem.range.start.line, problem.range.start.character, problem.range.end.character, problem.message]),
      [
        [4, 0, 5, '.hindsight.yaml: ignor: not a setting (did you mean ignore?); it is ignored.'],
        [2, 20, 24, '.hindsight.yaml: rules.automatic-reboot: must be one of off, info, warning, error (did you mean warning?); it is ignored.'],
        [1, 2, 22, '.hindsight.yaml: rules.non-persistant-route: no rule has this id (did you mean non-persistent-route?); it is ignored.'],
      ],
    );
  });

  it('a rule id in hindsight.rules that names no rule is logged and shown, with the id meant', () => {
    const told = lsp.messages.filter((message) => message.message.includes('networkd-restrat'));
    assert.deepEqual(
      told.map((message) => message.shown),
      [false, true],
    );
    assert.equal(told[1].message, 'Hindsight: hindsight.rules names no rule "networkd-restrat" (did you mean networkd-restart?); it has no effect.');
  });

  it('the output channel has the version, the rules, each config and its problems, and each scan; a scan ends with a summary', async () => {
    const scanned = await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
    assert.deepEqual(scanned, { files: 1, findings: 0, cancelled: false, skipped: 0, unlisted: [] });
    const logged = lsp.messages.filter((message) => !message.shown).map((message) => message.message);
    assert.ok(
      logged.some((line) => /^Hindsight \d+\.\d+\.\d+: \d+ rules loaded from \S+rules$/.test(line)),
      logged.join('\n'),
    );
    assert.ok(
      logged.includes(
        `Config ${config}: 3 problems; the rest applies\n  .hindsight.yaml: ignor: not a setting (did you mean ignore?); it is ignored.\n  .hindsight.yaml: rules.automatic-reboot: must be one of off, info, warning, error (did you mean warning?); it is ignored.\n  .hindsight.yaml: rules.non-persistant-route: no rule has this id (did you mean non-persistent-route?); it is ignored.`,
      ),
      logged.join('\n'),
    );
    assert.ok(
      logged.some((line) => /^Workspace scan: 1 file scanned in (\d+ ms|\d+\.\d s): no findings$/.test(line)),
      logged.join('\n'),
    );
    const shown = lsp.messages.filter((message) => message.shown).map((message) => message.message);
    assert.match(shown[shown.length - 1], /^Hindsight: 1 file scanned in (\d+ ms|\d+\.\d s): no findings\.$/);
  });

  it('a scan of closed files sums up findings, the files they are in, and what was skipped and why', async () => {
    const other = await session({ workspace: generatedWorkspace('feedback-scan') });
    try {
      write(path.join(scratch, 'feedback-scan', 'big', 'user-data'), `#cloud-config\n# ${'x'.repeat(3 * 1024 * 1024)}\n`);
      await other.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
      const shown = other.messages.filter((message) => message.shown).map((message) => message.message);
      assert.match(shown[shown.length - 1], /^Hindsight: 305 files scanned in (\d+ ms|\d+\.\d s)( on \d+ threads)?: 103 findings in 103 files; 1 skipped \(larger than 2 MB\)\.$/);
    } finally {
      other.dispose();
    }
  });

  it('a pragma for a rule only the editor turns off is not called unused: CI still runs the rule', async () => {
    lsp.settings = { hindsight: { rules: { 'non-persistent-route': 'off' } } };
    await lsp.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const file = path.join(ws, 'route', 'user-data');
    await open(
      lsp,
      file,
      '#cloud-config\nruncmd:\n  # hindsight ignore=non-persistent-route -- the dispatcher hook re-adds it\n  - ip route add 10.0.0.0/8 via 10.1.1.1\n  # hindsight ignore=remote-script-piped-to-shell -- vendored\n  - echo hi\n',
    );
    assert.deepEqual(
      (await lsp.diagnostics(file)).map((diagnostic: Diagnostic) => [diagnostic.range.start.line, diagnostic.message]),
      [[4, 'This pragma suppresses nothing here; remove it.']],
    );
  });

  it('a parse error is underlined from its first to its last character, not into the next line', async () => {
    const file = path.join(ws, 'edge', 'user-data');
    // examples/user-data with one package indented by a space too few.
    const text = readFileSync(path.resolve(__dirname, '../../examples/user-data'), 'utf8').replace('\n  - jq\n', '\n - jq\n');
    await open(lsp, file, text);
    const problem = (await lsp.diagnostics(file)).find((diagnostic: Diagnostic) => /Implicit map keys need to be followed by map values/.test(String(diagnostic.message)))!;
    assert.deepEqual(problem.range, { start: { line: 9, character: 1 }, end: { line: 9, character: 5 } });
  });

  it('where no rewrite exists, the first quick fix stays in the editor and the post-mortem is last', async () => {
    const [finding] = await lsp.diagnostics(pipe);
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri(pipe) },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    assert.match(actions[0].title, /^Ignore remote-script-piped-to-shell for this line/);
    assert.match(actions[actions.length - 1].title, /^Open post-mortem: /);
  });
});
