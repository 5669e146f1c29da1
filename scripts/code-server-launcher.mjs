#!/usr/bin/env node
// Stands in for the VS Code executable given to @vscode/test-electron's runTests
// ({ vscodeExecutablePath }): takes the desktop arguments (--extensionDevelopmentPath=,
// --extensionTestsPath=, --user-data-dir=, --extensions-dir=, a folder), starts code-server and
// headless Chromium, opens the workbench with those paths in the URL payload, relays the
// extension host's log (window.codeAutomationLog) and exits with the suite's exit code
// (window.codeAutomationExit). An overall deadline turns a hang into a failure.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium, makeSandbox, startCodeServer, tail } from './lib/code-server.mjs';

const RESULT_PREFIX = '[archscale-vscode-results]';
const START_MARKER = '[archscale-vscode-start]';
// The extension host cannot see inside webviews: a test logs
// `[archscale-probe] {"selector": "...", "reply": "/abs/file.json"}` and the launcher writes
// `{count, texts}` for the elements matching the selector in every frame of the page to `reply`.
const PROBE_PREFIX = '[archscale-probe]';

async function probe(page, request) {
  const { selector, reply } = JSON.parse(request);
  let count = 0;
  const texts = [];
  for (const frame of page.frames()) {
    try {
      const found = frame.locator(selector);
      const n = await found.count();
      count += n;
      if (n) texts.push(...(await found.allTextContents()).slice(0, 20));
    } catch {
      /* a frame that went away */
    }
  }
  fs.writeFileSync(`${reply}.tmp`, JSON.stringify({ count, texts }));
  fs.renameSync(`${reply}.tmp`, reply);
}
// Workbench info lines that arrive interleaved with the suite's output (kept back like the rest).
const WORKBENCH_CHATTER =
  /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creating a socket|Resolv(ing|ed) connection token|\[Service Worker\]|ChatSessionStore:)/;
const deadlineMs = Number(process.env.ARCHSCALE_VSCODE_DEADLINE_MS) || 180_000;
const say = (msg) => console.log(`[launcher] ${msg}`);

function parseArgs(argv) {
  const opts = { devPaths: [], testsPath: null, userDataDir: null, extensionsDir: null, folder: null };
  const valued = {
    extensionDevelopmentPath: (v) => opts.devPaths.push(path.resolve(v)),
    extensionTestsPath: (v) => {
      opts.testsPath = path.resolve(v);
    },
    'user-data-dir': (v) => {
      opts.userDataDir = path.resolve(v);
    },
    'extensions-dir': (v) => {
      opts.extensionsDir = path.resolve(v);
    },
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (m && valued[m[1]]) valued[m[1]](m[2] ?? argv[++i]);
    else if (!a.startsWith('-')) opts.folder = path.resolve(a);
    // Other desktop flags (--no-sandbox, --disable-updates, --skip-welcome...) do not apply.
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.testsPath || opts.devPaths.length === 0) {
    console.error(
      'usage: code-server-launcher.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=D] [--extensions-dir=E] [FOLDER]',
    );
    return 2;
  }
  const sandbox = makeSandbox('acsl-');
  process.on('exit', () => sandbox.remove());
  const userDataDir = opts.userDataDir ?? sandbox.userDataDir;
  const extensionsDir = opts.extensionsDir ?? sandbox.extensionsDir;
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });

  let server;
  let browser;
  let timer;
  const results = { summary: null };
  const t0 = Date.now();
  try {
    server = await startCodeServer({
      sandbox,
      folder: opts.folder,
      userDataDir,
      extensionsDir,
      // Restricted Mode tests (scripts/vscode-restricted.mjs): trust on, the folder untrusted.
      workspaceTrust: process.env.ARCHSCALE_WORKSPACE_TRUST === '1',
    });
    say(`code-server ${server.url} up in ${Date.now() - t0} ms`);
    browser = await launchChromium({ sandbox });
    const { page } = browser;

    let finish;
    const finished = new Promise((resolve) => {
      finish = resolve;
    });
    // Workbench chatter (everything before the suite starts, known noise after) is kept back and
    // shown only if the run fails or with ARCHSCALE_VERBOSE=1; the suite's output is printed live.
    const verbose = process.env.ARCHSCALE_VERBOSE === '1';
    const early = [];
    let suiteStarted = false;
    await page.exposeFunction('codeAutomationLog', (type, message) => {
      // The workbench passes printf-style arguments (an array) or a string.
      const text = Array.isArray(message) ? format(...message) : String(message);
      const probeAt = text.indexOf(PROBE_PREFIX);
      if (probeAt >= 0) {
        probe(page, text.slice(probeAt + PROBE_PREFIX.length)).catch((e) => say(`probe failed: ${e}`));
        return;
      }
      if (text.includes(START_MARKER)) {
        suiteStarted = true;
        return;
      }
      const at = text.indexOf(RESULT_PREFIX);
      if (at >= 0) {
        try {
          results.summary = JSON.parse(text.slice(at + RESULT_PREFIX.length));
        } catch {
          /* reported as incomplete */
        }
        return;
      }
      if (!verbose && (!suiteStarted || WORKBENCH_CHATTER.test(text))) early.push(`[workbench ${type}] ${text}`);
      else (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('crash', () => finish({ code: 1, reason: 'the workbench page crashed' }));
    timer = setTimeout(
      () => finish({ code: 1, reason: `no result within ${deadlineMs} ms (ARCHSCALE_VSCODE_DEADLINE_MS)` }),
      deadlineMs,
    );

    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ...opts.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(opts.testsPath)],
    ];
    const query = new URLSearchParams();
    if (opts.folder) query.set('folder', opts.folder);
    query.set('payload', JSON.stringify(payload));
    await page.goto(`${server.url}?${query}`);
    say(`workbench opened; waiting for the extension tests`);

    const outcome = await finished;
    if (outcome.code !== 0 && early.length) say(`workbench log (held back):\n${early.join('\n')}`);
    if (outcome.reason) {
      say(`FAILED: ${outcome.reason}`);
      if (pageErrors.length) say(`page errors:\n  ${pageErrors.slice(-10).join('\n  ')}`);
      say(`code-server log (tail):\n${tail(fs.readFileSync(server.logFile, 'utf8'))}`);
    }
    const { passed = 0, failed = 0 } = results.summary ?? {};
    say(
      `extension tests exited with code ${outcome.code} after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${passed} passed, ${failed} failed`,
    );
    return outcome.code === 0 && results.summary ? 0 : outcome.code || 1;
  } catch (err) {
    say(`FAILED: ${err.stack ?? err}`);
    return 1;
  } finally {
    clearTimeout(timer);
    if (process.env.ARCHSCALE_RESULTS_FILE) {
      fs.writeFileSync(process.env.ARCHSCALE_RESULTS_FILE, JSON.stringify(results.summary ?? null));
    }
    await browser?.close();
    await server?.stop();
  }
}

process.exit(await main());
