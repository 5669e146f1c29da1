#!/usr/bin/env node
// UI end-to-end tests: packages the extension with vsce, installs the .vsix into code-server
// (--install-extension), serves a temp copy of samples/ (plus the broken.arch fixture) and drives
// the real workbench in Debian's headless Chromium with playwright-core. Runs test/e2e/*.test.mjs
// (each exports `tests = [{ name, run(ctx) }]`), prints `ok - name` / `not ok - name` per test and
// ends with `e2e: N passed, M failed`; exit code 1 on any failure.
//   node scripts/run-e2e.mjs [--no-build] [--vsix FILE] [--grep TEXT]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codeServerCli, installVsix, launchChromium, makeSandbox, startCodeServer, tail } from './lib/code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { setupCodeServer } from './setup-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const testTimeoutMs = Number(process.env.ARCHSCALE_E2E_TEST_TIMEOUT_MS) || 60_000;
const deadlineMs = Number(process.env.ARCHSCALE_E2E_DEADLINE_MS) || 300_000;
const resultsDir = path.join(root, 'test-results');
const t0 = Date.now();
const log = (msg) => console.log(`[e2e] ${msg}`);
let passed = 0;
let failed = 0;

function finish() {
  log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

// The whole run must end, whatever hangs: the exit hook in lib/code-server.mjs kills code-server.
setTimeout(() => {
  log(`overall deadline of ${deadlineMs} ms reached (ARCHSCALE_E2E_DEADLINE_MS)`);
  failed++;
  finish();
}, deadlineMs).unref();

async function timed(label, fn) {
  const t = Date.now();
  const r = await fn();
  log(`${label}: ${Date.now() - t} ms`);
  return r;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function loadTests() {
  const dir = path.join(root, 'test', 'e2e');
  const grep = option('--grep');
  const all = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.mjs'))
    .sort()) {
    const mod = await import(pathToFileURL(path.join(dir, file)).href);
    for (const t of mod.tests ?? []) all.push({ ...t, file });
    // A file a test opens is written before code-server starts: Quick Open does not list a file
    // written later until its index catches up (seen on a fresh machine).
    if (typeof mod.prepare === 'function') prepares.push(mod.prepare);
  }
  return grep ? all.filter((t) => t.name.includes(grep)) : all;
}

/** Each test file's `prepare(folder)`, run on the workspace folder before code-server starts. */
const prepares = [];
const sandbox = makeSandbox('acse-');
process.on('exit', () => sandbox.remove());
let server;
let browser;
try {
  await timed('setup code-server', () => setupCodeServer());
  const vsix = option('--vsix')
    ? path.resolve(option('--vsix'))
    : await timed('package vsix', () => packageVsix({ build: !args.includes('--no-build') }));
  await timed('install vsix', () => log(installVsix(vsix, sandbox).split('\n').pop()));
  const listed = codeServerCli(
    [
      '--user-data-dir',
      sandbox.userDataDir,
      '--extensions-dir',
      sandbox.extensionsDir,
      '--list-extensions',
      '--show-versions',
    ],
    sandbox,
  );
  if (!/archscale\.archscale@/.test(listed)) throw new Error(`archscale.archscale is not installed:\n${listed}`);
  log(`installed: ${listed.trim().split('\n').join(', ')}`);

  const folder = path.join(sandbox.dir, 'samples');
  fs.cpSync(path.join(root, 'samples'), folder, { recursive: true });
  fs.copyFileSync(path.join(root, 'test', 'vscode', 'workspace', 'broken.arch'), path.join(folder, 'broken.arch'));
  const tests = await loadTests();
  for (const prepare of prepares) prepare(folder);

  server = await timed('start code-server', () => startCodeServer({ sandbox, folder }));
  browser = await timed('launch chromium', () => launchChromium({ sandbox }));
  const { page } = browser;
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  fs.mkdirSync(resultsDir, { recursive: true });
  const screenshot = async (name) => {
    const file = path.join(resultsDir, name);
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(root, file)}`);
  };
  await page.goto(`${server.url}?${new URLSearchParams({ folder })}`);
  const ctx = { page, server, folder, root, sandbox, screenshot };

  for (const test of tests) {
    const t = Date.now();
    try {
      await withTimeout(test.run(ctx), testTimeoutMs, test.name);
      passed++;
      console.log(`ok - ${test.name} (${Date.now() - t} ms)`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${test.name} (${Date.now() - t} ms)`);
      console.log(
        `  ${String(err.stack ?? err)
          .split('\n')
          .slice(0, 8)
          .join('\n  ')}`,
      );
      const slug = test.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await withTimeout(screenshot(`e2e-failed-${slug}.png`), 10_000, 'screenshot').catch(() => {});
    }
  }
  if (failed) {
    if (pageErrors.length) log(`page errors:\n  ${pageErrors.slice(-10).join('\n  ')}`);
    log(`code-server log (tail):\n${tail(fs.readFileSync(server.logFile, 'utf8'))}`);
  }
} catch (err) {
  failed++;
  console.log(`not ok - setup`);
  console.log(
    `  ${String(err.stack ?? err)
      .split('\n')
      .join('\n  ')}`,
  );
} finally {
  await browser?.close();
  await server?.stop();
}
finish();
