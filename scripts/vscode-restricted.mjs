#!/usr/bin/env node
// The Restricted Mode suite (test/vscode/restricted): archscale installed from its .vsix into a
// fresh profile (an extension under development is never disabled by workspace trust, so the
// main suite cannot see the manifest's `capabilities`), code-server with workspace trust on and
// no prompt (the folder opens untrusted), and a stub extension under development that only
// carries the tests. Called by run-vscode-tests.mjs after the main suite; on its own:
//   node scripts/vscode-restricted.mjs [--no-build]
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build-vscode-tests.mjs';
import { installVsix, makeSandbox } from './lib/code-server.mjs';
import { buildBundles, packageVsix } from './package-vsix.mjs';
import { setupCodeServer } from './setup-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'test', 'vscode', 'restricted');
const outDir = path.join(root, 'out', 'test', 'restricted');

async function buildRestrictedTests() {
  return (await buildSuite(srcDir, outDir)).index;
}

/** Runs the suite; resolves to { exitCode, summary: {passed, failed} | null }. */
export async function runRestrictedSuite({ deadlineMs = 180_000 } = {}) {
  const index = await buildRestrictedTests();
  const sandbox = makeSandbox('acsr-');
  try {
    const vsix = packageVsix({ build: false, out: path.join(sandbox.dir, 'archscale.vsix') });
    installVsix(vsix, sandbox);
    const workspace = path.join(sandbox.dir, 'workspace');
    fs.cpSync(path.join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
    const resultsFile = path.join(sandbox.dir, 'results.json');
    let exitCode;
    try {
      exitCode = await runTests({
        vscodeExecutablePath: path.join(root, 'scripts', 'code-server-launcher.mjs'),
        extensionDevelopmentPath: path.join(srcDir, 'runner'),
        extensionTestsPath: index,
        launchArgs: [workspace, `--user-data-dir=${sandbox.userDataDir}`, `--extensions-dir=${sandbox.extensionsDir}`],
        extensionTestsEnv: {
          ARCHSCALE_RESULTS_FILE: resultsFile,
          ARCHSCALE_VSCODE_DEADLINE_MS: String(deadlineMs),
          ARCHSCALE_WORKSPACE_TRUST: '1',
        },
      });
    } catch (err) {
      console.error(`[vscode-restricted] ${err.message}`);
      exitCode = err.code || 1;
    }
    const summary = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : null;
    return { exitCode, summary };
  } finally {
    sandbox.remove();
  }
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  setupCodeServer();
  if (!process.argv.includes('--no-build')) buildBundles();
  const { exitCode, summary } = await runRestrictedSuite();
  const passed = summary?.passed ?? 0;
  const failed = summary?.failed ?? (exitCode === 0 ? 0 : 1);
  console.log(`vscode (Restricted Mode): ${passed} passed, ${failed} failed`);
  process.exit(exitCode === 0 && failed === 0 && passed > 0 ? 0 : 1);
}
