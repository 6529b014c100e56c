import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ExecuteCommandRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { FILES_PER_WORKER } from '../../server/src/core/scan/lanes';
import { LspSession } from './session';

const root = path.resolve(__dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-faces-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The bundled examples plus a task file under a nested `tasks/` folder and a molecule scenario, checked out at `dir`. */
function checkout(dir: string): string {
  cpSync(path.join(root, 'examples'), dir, { recursive: true });
  write(path.join(dir, 'deploy', 'tasks', 'main.yml'), '- name: route to the storage network\n  shell: ip route add 10.9.0.0/16 via 10.0.0.1\n');
  write(path.join(dir, 'roles', 'web', 'molecule', 'default', 'converge.yml'), '- hosts: all\n  tasks:\n    - apt: upgrade=dist\n');
  return dir;
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

function cliFindings(dir: string, ...args: string[]): string[] {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hindsight.js'), 'scan', '.', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(result.status, 1, result.stderr);
  const findings = JSON.parse(result.stdout).findings as {
    file: string;
    ruleId: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number } };
  }[];
  return findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.severity} ${f.message}`).sort();
}

/** What the server published for a workspace scan, and what it logged. */
async function serverFindings(dir: string, logged: string[] = []): Promise<string[]> {
  const lsp = new LspSession({ workspace: dir });
  try {
    await lsp.initialize();
    await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace', arguments: [] });
    logged.push(...lsp.messages.map((message) => message.message));
    const latest = new Map<string, Diagnostic[]>();
    for (const params of lsp.published) latest.set(params.uri, params.diagnostics);
    return [...latest]
      .flatMap(([uri, diagnostics]) => {
        const file = path.relative(dir, fileURLToPath(uri)).split(path.sep).join('/');
        return diagnostics
          .filter((d) => d.code !== 'pragma')
          .map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${SEVERITY[d.severity!]} ${d.message}`);
      })
      .sort();
  } finally {
    lsp.dispose();
  }
}

describe('the CLI and the language server are one pipeline', () => {
  const places = { plain: path.join(scratch, 'plain', 'checkout'), tasks: path.join(scratch, 'tasks', 'checkout'), molecule: path.join(scratch, 'molecule', 'checkout') };
  for (const dir of Object.values(places)) checkout(dir);

  it('both faces report the same findings over the same tree', async () => {
    const cli = cliFindings(places.plain);
    assert.deepEqual(await serverFindings(places.plain), cli);
    assert.ok(
      cli.some((line) => line.startsWith('deploy/tasks/main.yml:2:')),
      'a task file under a nested tasks/ folder is read',
    );
    assert.ok(
      cli.some((line) => line.startsWith('ansible/site.yml:') && line.includes(' play-without-serial ')),
      'a playbook is read as a playbook',
    );
    assert.ok(!cli.some((line) => line.includes('molecule/')), 'molecule scenarios are test scaffolding');
  });

  it('a checkout under a folder named tasks/ or molecule/ gives the same findings', async () => {
    const expected = cliFindings(places.plain);
    for (const dir of [places.tasks, places.molecule]) {
      assert.deepEqual(cliFindings(dir), expected, dir);
      assert.deepEqual(await serverFindings(dir), expected, dir);
    }
  });
});

describe('a large workspace scan', () => {
  it('the server reads it on every core, its bundle serving as the worker, and publishes what a one-thread CLI scan finds', async () => {
    const dir = path.join(scratch, 'large');
    // Enough files for a worker unasked; every tenth holds a one-shot route.
    const files = FILES_PER_WORKER + 200;
    for (let i = 0; i < files; i++)
      write(
        path.join(dir, `host-${Math.floor(i / 100)}`, `node-${i}`, 'user-data'),
        `#cloud-config\nruncmd:\n  - ${i % 10 ? 'echo ok' : 'ip route add 10.9.0.0/16 via 10.0.0.1'}\n`,
      );
    const logged: string[] = [];
    const server = await serverFindings(dir, logged);
    assert.deepEqual(server, cliFindings(dir, '--jobs', '1'));
    assert.equal(server.length, files / 10);
    if (availableParallelism() > 1)
      assert.ok(
        logged.some((line) => / on 2 threads: /.test(line)),
        logged.join('\n'),
      );
  });
});
