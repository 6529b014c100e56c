/**
 * Hindsight's benchmark: prints a table and writes the numbers as JSON.
 *   npm run bench -- [corpus-path] [--quick] [--json=path]
 * Peers (ansible-lint, cloud-init schema, dockerfile-utils) are measured when installed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDocument } from 'yaml';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { Engine } from '../server/src/core/engine';
import { Formats } from '../server/src/core/formats/registry';
import { walk } from '../server/src/core/walk';
import { hclParser } from '../server/src/core/grammars';
import { MAX_FILE_BYTES } from '../server/src/core/limits';
import { ansible, cloudInit, dockerfile, shellUserData, terraform } from './generate';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const corpus = args.find((arg) => !arg.startsWith('--'));
const jsonPath = args.find((arg) => arg.startsWith('--json='))?.slice('--json='.length) ?? path.join(root, 'bench', 'results.json');
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  quick,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
};

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], n: sorted.length };
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));

function table(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

function time<T>(fn: () => T): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Runs a command and returns wall seconds and peak RSS (via GNU time when present). */
function measureCommand(command: string, commandArgs: string[], cwd = root): { seconds: number; rssMB?: number; status: number | null; stdout: string } {
  const gnuTime = existsSync('/usr/bin/time');
  const start = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command, commandArgs, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - start) / 1000;
  const kb = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, rssMB: Number.isFinite(kb) ? kb / 1024 : undefined, status: result.status, stdout: result.stdout };
}

const cli = path.join(root, 'bin', 'hindsight.js');

const FORMATS = [
  ['cloud-init', cloudInit, 'user-data'],
  ['shell user-data', shellUserData, 'user-data'],
  ['Ansible', ansible, 'site.yml'],
  ['Dockerfile', dockerfile, 'Dockerfile'],
  ['Terraform', terraform, 'main.tf'],
] as const;

/** One lint of a new text (as after a keystroke: nothing is served from a cache of the whole), in ms. */
function lintOnce(engine: Engine, name: string, text: string, edit: number): number {
  return time(() => engine.analyse(name, text.replace(/\n/, `\n# edit ${edit}\n`)));
}

/**
 * How much a tenfold longer document costs: the median, over rounds that time one lint of each length
 * back to back, of their ratio. The machine's load drifts between runs; within a round both see the
 * same. Linear is 10x; the target is at most 12x.
 */
function growth(engine: Engine, name: string, make: (lines: number) => string, lines: number): number {
  const [short, long] = [make(lines / 10), make(lines)];
  const rounds = quick ? 5 : 11;
  const ratios = Array.from({ length: rounds }, (_, i) => lintOnce(engine, name, long, i) / lintOnce(engine, name, short, i));
  return stats(ratios).median;
}

async function perDocument(engine: Engine) {
  const sizes = quick ? [300, 3000] : [300, 3000, 30000];
  const rows: (string | number)[][] = [];
  const out: Record<string, unknown> = {};
  for (const [format, make, name] of FORMATS) {
    for (const lines of sizes) {
      const text = make(lines);
      const runs = lines <= 300 ? (quick ? 100 : 400) : lines <= 3000 ? (quick ? 10 : 40) : 5;
      for (let i = 0; i < 3; i++) engine.analyse(name, text.replace('\n', `\n# warm ${i}\n`));
      const s = stats(Array.from({ length: runs }, (_, i) => lintOnce(engine, name, text, i)));
      const tenfold = lines > 300 ? growth(engine, name, make, lines) : undefined;
      out[`${format} ${lines}`] = { ...s, growth: tenfold };
      rows.push([format, lines, ms(s.median), ms(s.p95), ms(s.max), s.n, tenfold === undefined ? '' : `${tenfold.toFixed(1)}x`]);
    }
  }
  table('Per-document lint (ms, in-process, engine.analyse)', ['format', 'lines', 'median', 'p95', 'max', 'runs', 'vs 1/10 the lines'], rows);
  results.perDocument = out;
  // The largest document read: a shell user-data at the size cap (ASCII, so characters are bytes), cut at a line end.
  const generous = shellUserData(Math.ceil(MAX_FILE_BYTES / 30));
  const text = generous.slice(0, generous.lastIndexOf('\n', MAX_FILE_BYTES - 200) + 1);
  const seconds = time(() => engine.analyse('user-data', text)) / 1000;
  console.log(`\nLargest document read: a ${(text.length / 2 ** 20).toFixed(1)} MB shell user-data (${text.split('\n').length - 1} lines) in ${seconds.toFixed(1)} s`);
  results.largestDocument = { bytes: text.length, seconds };
}

async function keystroke() {
  const server = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const waiting = new Map<number, (at: number) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => waiting.get(params.version ?? -1)?.(performance.now()));
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: null,
    initializationOptions: { debounceMs: 0 },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const uri = pathToFileURL('/bench/user-data').href;
  const text = cloudInit(300);
  const published = (version: number) => new Promise<number>((resolve) => waiting.set(version, resolve));
  let first = published(1);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
  await first;
  const samples: number[] = [];
  const runs = quick ? 50 : 200;
  for (let version = 2; version < runs + 2; version++) {
    first = published(version);
    const start = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: version % 2 ? ' ' : '' }],
    });
    samples.push((await first) - start);
  }
  connection.dispose();
  server.kill();
  const s = stats(samples);
  table(
    'Keystroke: edit a 300-line user-data -> new diagnostics, over LSP (debounce 0; the editor waits 200 ms first)',
    ['median ms', 'p95 ms', 'max ms', 'edits'],
    [[ms(s.median), ms(s.p95), ms(s.max), s.n]],
  );
  results.keystroke = s;
}

function filesOf(dir: string) {
  const files = walk(dir, (relative) => new Formats().mayHold(relative));
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  return { files, bytes };
}

/** Threads the many-thread scans use: the machine's cores, at least two. */
const JOBS = Math.max(2, availableParallelism());

/** One scan on one thread and one on every core: the speed-up, and whether both found exactly the same. */
function scanRow(label: string, dir: string) {
  const { files, bytes } = filesOf(dir);
  const scan = (jobs: number) => measureCommand(process.execPath, [cli, 'scan', dir, '--format', 'json', '--jobs', String(jobs)]);
  const one = scan(1);
  const many = scan(JOBS);
  const mb = bytes / 1e6;
  return {
    label,
    files: files.length,
    mb,
    oneJobSeconds: one.seconds,
    seconds: many.seconds,
    jobs: JOBS,
    speedUp: one.seconds / many.seconds,
    sameFindings: one.stdout === many.stdout,
    filesPerSecond: files.length / many.seconds,
    mbPerSecond: mb / many.seconds,
    oneJobRssMB: one.rssMB,
    rssMB: many.rssMB,
  };
}

function generatedWorkspace(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-bench-'));
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `svc-${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    if (i % 3 === 0) writeFileSync(path.join(sub, `user-data-${i}`), cloudInit(40));
    else if (i % 3 === 1) writeFileSync(path.join(sub, `play-${i}.yml`), ansible(40));
    else writeFileSync(path.join(sub, `${i}.Dockerfile`), dockerfile(30));
  }
  return dir;
}

/** Instances whose findings other files complete: half add a route, half restart networkd (each route relates to restarts elsewhere). */
function crossFileWorkspace(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-bench-xf-'));
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `host-${i}`);
    mkdirSync(sub, { recursive: true });
    const step = i % 2 ? 'ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0' : 'systemctl restart systemd-networkd';
    writeFileSync(path.join(sub, 'user-data'), `#cloud-config\nruncmd:\n  - ${step}\n`);
  }
  return dir;
}

function wholeScans() {
  const rows = [];
  if (corpus) rows.push(scanRow(`corpus ${path.basename(path.resolve(corpus))}`, corpus));
  const generated = generatedWorkspace(quick ? 2000 : 10000);
  rows.push(scanRow(`generated ${quick ? '2,000' : '10,000'} files`, generated));
  rmSync(generated, { recursive: true, force: true });
  const crossFile = crossFileWorkspace(quick ? 2000 : 20000);
  rows.push(scanRow(`cross-file ${quick ? '2,000' : '20,000'} files (routes, restarts)`, crossFile));
  rmSync(crossFile, { recursive: true, force: true });
  const empty = mkdtempSync(path.join(tmpdir(), 'hindsight-empty-'));
  const startups = Array.from({ length: 5 }, () => measureCommand(process.execPath, [cli, 'scan', empty]).seconds * 1000);
  rmSync(empty, { recursive: true, force: true });
  table(
    `Whole scans through the CLI (including start-up), --jobs 1 and --jobs ${JOBS}`,
    ['workspace', 'files', 'MB', 'wall s, 1 job', `wall s, ${JOBS} jobs`, 'speed-up', 'same findings', 'files/s', 'MB/s', 'peak RSS MB (1 / N)'],
    rows.map((row) => [
      row.label,
      row.files,
      row.mb.toFixed(1),
      row.oneJobSeconds.toFixed(2),
      row.seconds.toFixed(2),
      `${row.speedUp.toFixed(2)}x`,
      row.sameFindings ? 'yes' : 'NO',
      row.filesPerSecond.toFixed(0),
      row.mbPerSecond.toFixed(2),
      `${row.oneJobRssMB?.toFixed(0) ?? 'n/a'} / ${row.rssMB?.toFixed(0) ?? 'n/a'}`,
    ]),
  );
  const startup = stats(startups);
  console.log(`CLI start-up (scan of an empty folder): median ${ms(startup.median)} ms, max ${ms(startup.max)} ms`);
  results.scans = rows;
  results.cliStartup = startup;
}

/** Bare parse of the same files Hindsight lints, against Hindsight's full analysis. */
function floor(engine: Engine, dir: string) {
  const docs = walk(dir, (relative) => engine.formats.mayHold(relative)).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const doc = engine.parse(file, text);
    return doc && doc.format !== 'user-data-script' ? [{ file, text, format: doc.format }] : [];
  });
  const rows: (string | number)[][] = [];
  const out: Record<string, unknown> = {};
  for (const [label, formats, parse] of [
    ['YAML (cloud-init + Ansible)', ['cloud-init', 'ansible'], (text: string) => parseDocument(text)],
    ['Dockerfile', ['dockerfile'], (text: string) => DockerfileParser.parse(text)],
  ] as const) {
    const subset = docs.filter((doc) => (formats as readonly string[]).includes(doc.format));
    const best = (fn: () => void) => Math.min(...Array.from({ length: quick ? 2 : 5 }, () => time(fn)));
    const bare = best(() => subset.forEach((doc) => parse(doc.text)));
    const full = best(() => subset.forEach((doc) => engine.analyse(doc.file, doc.text)));
    out[label] = { files: subset.length, bareMs: bare, hindsightMs: full, ratio: full / bare, bareFilesPerSecond: subset.length / (bare / 1000) };
    rows.push([label, subset.length, ms(bare), ms(full), (full / bare).toFixed(2), (subset.length / (bare / 1000)).toFixed(0)]);
  }
  // The corpus holds no Terraform: a generated module stands in, parsed by the grammar alone and by Hindsight.
  const modules = [300, 3000].map((lines) => terraform(lines));
  const best = (fn: () => void) => Math.min(...Array.from({ length: quick ? 3 : 10 }, () => time(fn)));
  const bareTf = best(() => modules.forEach((text) => hclParser().parse(text)?.delete()));
  const parseTf = best(() => modules.forEach((text) => engine.parse('main.tf', text)));
  out['Terraform (generated, parse only)'] = { files: modules.length, bareMs: bareTf, hindsightMs: parseTf, ratio: parseTf / bareTf };
  rows.push(['Terraform, generated (parse only)', modules.length, ms(bareTf), ms(parseTf), (parseTf / bareTf).toFixed(2), (modules.length / (bareTf / 1000)).toFixed(0)]);
  table('Floor: bare parse vs full analysis of the same files (in-process, best run)', ['files', 'count', 'bare parse ms', 'Hindsight ms', 'ratio', 'bare files/s'], rows);
  results.floor = out;
  return docs;
}

async function serverRss(dir: string) {
  const server = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onNotification(PublishDiagnosticsNotification.type, () => undefined);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(path.resolve(dir)).href, name: 'corpus' }],
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const start = performance.now();
  const result = await connection.sendRequest(ExecuteCommandRequest.type, { command: 'hindsight.scanWorkspace' });
  const seconds = (performance.now() - start) / 1000;
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const rssMB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  const hwmMB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  connection.dispose();
  server.kill();
  console.log(
    `\nLanguage server after scanning ${path.basename(path.resolve(dir))}: ${JSON.stringify(result)} in ${seconds.toFixed(2)} s; RSS ${rssMB.toFixed(0)} MB (peak ${hwmMB.toFixed(0)} MB)`,
  );
  results.serverScan = { result, seconds, rssMB, peakRssMB: hwmMB };
}

function which(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

async function peers(engine: Engine, dir: string, docs: { file: string; text: string; format: string }[]) {
  const rows: (string | number)[][] = [];
  const out: Record<string, unknown> = {};
  const ansibleRepo = ['geerlingguy__ansible-for-devops', 'geerlingguy__ansible-role-security'].map((name) => path.join(dir, name)).find(existsSync);
  if (which('ansible-lint') && ansibleRepo) {
    const files = docs.filter((doc) => doc.format === 'ansible' && doc.file.startsWith(ansibleRepo));
    const peer = measureCommand('ansible-lint', ['--offline', '-p', '--nocolor', ...files.map((doc) => doc.file)], ansibleRepo);
    const ours = measureCommand(process.execPath, [cli, 'scan', ...files.map((doc) => doc.file), '--format', 'json'], ansibleRepo);
    // Offline, without the collections a repository uses, ansible-lint stops at its syntax check: a lower bound.
    const stopped = peer.status === 2 ? ' (stopped at syntax-check)' : '';
    out.ansibleLint = { files: files.length, peerSeconds: peer.seconds, hindsightSeconds: ours.seconds, ratio: peer.seconds / ours.seconds, peerExitStatus: peer.status };
    rows.push([`ansible-lint (CLI, whole run)${stopped}`, files.length, peer.seconds.toFixed(2), ours.seconds.toFixed(2), `${(peer.seconds / ours.seconds).toFixed(0)}x`]);
  } else rows.push(['ansible-lint', '-', 'not installed', '-', '-']);
  const cloudInitFiles = docs.filter((doc) => doc.format === 'cloud-init').slice(0, quick ? 10 : 40);
  if (which('cloud-init') && cloudInitFiles.length > 0) {
    const peer = cloudInitFiles.reduce((sum, doc) => sum + measureCommand('cloud-init', ['schema', '-c', doc.file]).seconds, 0);
    const ours = cloudInitFiles.reduce((sum, doc) => sum + time(() => engine.analyse(doc.file, doc.text)) / 1000, 0);
    out.cloudInitSchema = {
      files: cloudInitFiles.length,
      peerSecondsPerFile: peer / cloudInitFiles.length,
      hindsightSecondsPerFile: ours / cloudInitFiles.length,
      ratio: peer / ours,
    };
    rows.push([
      'cloud-init schema (per file, process each)',
      cloudInitFiles.length,
      (peer / cloudInitFiles.length).toFixed(3),
      (ours / cloudInitFiles.length).toFixed(4),
      `${(peer / ours).toFixed(0)}x`,
    ]);
  } else rows.push(['cloud-init schema', '-', 'not installed', '-', '-']);
  const dockerfiles = docs.filter((doc) => doc.format === 'dockerfile');
  let validate: ((text: string) => unknown) | undefined;
  try {
    const utils = await import('dockerfile-utils');
    validate = (text) => utils.validate(text);
  } catch {
    validate = undefined;
  }
  if (validate && dockerfiles.length > 0) {
    const best = (fn: () => void) => Math.min(...Array.from({ length: 3 }, () => time(fn)));
    const peer = best(() => dockerfiles.forEach((doc) => validate!(doc.text))) / 1000;
    const ours = best(() => dockerfiles.forEach((doc) => engine.analyse(doc.file, doc.text))) / 1000;
    out.dockerfileUtils = { files: dockerfiles.length, peerFilesPerSecond: dockerfiles.length / peer, hindsightFilesPerSecond: dockerfiles.length / ours, ratio: peer / ours };
    rows.push(['dockerfile-utils validate (in-process)', dockerfiles.length, peer.toFixed(3), ours.toFixed(3), `${(peer / ours).toFixed(2)}x`]);
  } else rows.push(['dockerfile-utils', '-', 'not installed', '-', '-']);
  table('Peers on the same files (ratio = peer time / Hindsight time)', ['peer', 'files', 'peer s', 'Hindsight s', 'ratio'], rows);
  results.peers = out;
}

/** `npm run catalog:check` against the real date: a stale end-of-life catalog shows in every benchmark run. */
function eolCatalog() {
  const check = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'catalog-check.ts')], { cwd: root, encoding: 'utf8' });
  console.log(`\n${check.stdout.trim()}${check.stderr ? `\n${check.stderr.trim()}` : ''}`);
  results.eolCatalog = { status: check.status, report: check.stdout.trim().split('\n') };
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'server.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const engine = await Engine.create();
  console.log(`Hindsight benchmark${quick ? ' (quick)' : ''} — ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  await perDocument(engine);
  await keystroke();
  wholeScans();
  if (corpus) {
    const docs = floor(engine, corpus);
    await serverRss(corpus);
    await peers(engine, corpus, docs);
  } else console.log('\n(no corpus path given: floor, server RSS and peers need one)');
  eolCatalog();
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nnumbers written to ${path.relative(process.cwd(), jsonPath)}`);
}

void main();
