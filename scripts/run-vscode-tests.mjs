#!/usr/bin/env node
// Runs the extension-host tests (test/vscode/suite) in a real VS Code workbench through the
// standard runner, @vscode/test-electron's runTests, with scripts/code-server-launcher.mjs
// standing in for the VS Code executable (code-server + headless Chromium, see real-vscode.md).
// Last line: `vscode: N passed, M failed`; exit code non-zero on any failure or hang.
// Then the Restricted Mode suite (scripts/vscode-restricted.mjs: the .vsix installed, workspace
// trust on, the folder untrusted), counted in the same totals; --no-restricted skips it.
//   node scripts/run-vscode-tests.mjs [--no-build] [--extension-path DIR] [--no-restricted]
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildVscodeTests, suiteIndex } from './build-vscode-tests.mjs';
import { buildBundles } from './package-vsix.mjs';
import { setupCodeServer } from './setup-code-server.mjs';
import { runRestrictedSuite } from './vscode-restricted.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const extensionPath = path.resolve(option('--extension-path') ?? root);
const deadlineMs = Number(process.env.ARCHSCALE_VSCODE_DEADLINE_MS) || 180_000;
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** SIGTERMs this process's direct children (the launcher runTests spawned). */
function terminateChildren() {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) process.kill(Number(pid), 'SIGTERM');
    } catch {
      /* gone */
    }
  }
}

let summary = null;
let exitCode;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'acst-'));
try {
  setupCodeServer();
  if (!flag('--no-build') && !option('--extension-path')) {
    buildBundles();
  }
  await buildVscodeTests();
  const resultsFile = path.join(tmp, 'results.json');
  // The tests edit files (rename, format): give them a copy of the workspace, never the repo's.
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  // Backstop for the launcher's own deadline: if it does not come back, SIGTERM it (it then
  // stops code-server) and fail.
  const watchdog = setTimeout(() => {
    console.error(`[vscode-tests] launcher still running ${deadlineMs + 30_000} ms after start: giving up`);
    terminateChildren();
    console.log('vscode: 0 passed, 1 failed');
    process.exit(1);
  }, deadlineMs + 30_000);
  watchdog.unref();
  try {
    exitCode = await runTests({
      vscodeExecutablePath: path.join(root, 'scripts', 'code-server-launcher.mjs'),
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: suiteIndex,
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
      ],
      extensionTestsEnv: { ARCHSCALE_RESULTS_FILE: resultsFile, ARCHSCALE_VSCODE_DEADLINE_MS: String(deadlineMs) },
    });
  } catch (err) {
    console.error(`[vscode-tests] ${err.message}`);
    exitCode = err.code || 1;
  } finally {
    clearTimeout(watchdog);
  }
  if (fs.existsSync(resultsFile)) summary = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  if (!flag('--no-restricted') && !option('--extension-path')) {
    console.log(
      `[vscode-tests] main suite done at ${secs()}; now Restricted Mode (the .vsix installed, the folder untrusted)`,
    );
    const restricted = await runRestrictedSuite({ deadlineMs });
    const r = restricted.summary ?? { passed: 0, failed: 1 };
    console.log(`[vscode-tests] Restricted Mode: ${r.passed} passed, ${r.failed} failed`);
    summary = { passed: (summary?.passed ?? 0) + r.passed, failed: (summary?.failed ?? 0) + r.failed };
    if (restricted.exitCode !== 0 || !restricted.summary) {
      exitCode = exitCode || restricted.exitCode || 1;
      if (r.failed === 0) summary.failed += 1;
    }
  }
} catch (err) {
  console.error(`[vscode-tests] FAILED: ${err.stack ?? err}`);
  exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

let passed = summary?.passed ?? 0;
let failed = summary?.failed ?? 0;
if (exitCode !== 0 && failed === 0) {
  console.log('[vscode-tests] the run did not complete (no result from the suite): counted as 1 failure');
  failed = 1;
}
if (exitCode === 0 && passed === 0) {
  console.log('[vscode-tests] no test ran: counted as 1 failure');
  failed = 1;
}
console.log(`[vscode-tests] total ${secs()}`);
console.log(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || exitCode !== 0 ? 1 : 0);
