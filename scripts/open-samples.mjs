#!/usr/bin/env node
// `npm start`: builds and packages the extension, installs the .vsix into code-server and serves
// samples/ in a real VS Code workbench on 127.0.0.1. Prints the URL and serves until Ctrl-C.
//   node scripts/open-samples.mjs [--no-build] [--port N] [--screenshot [--file NAME]]
// --screenshot: opens the workbench in headless Chromium instead, opens a sample (NAME, default
// url-shortener.arch), saves test-results/start.png and exits.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installVsix, launchChromium, makeSandbox, startCodeServer } from './lib/code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { setupCodeServer } from './setup-code-server.mjs';
import { languageStatus, quickOpen, waitForWorkbench, WAIT } from '../test/e2e/workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const samples = path.join(root, 'samples');
const t0 = Date.now();
const log = (msg) => console.log(`[start] ${msg}`);

const sandbox = makeSandbox('acss-');
process.on('exit', () => sandbox.remove());
try {
  setupCodeServer();
  const vsix = packageVsix({ build: !args.includes('--no-build') });
  log(installVsix(vsix, sandbox).split('\n').pop());
  const port = option('--port') ? Number(option('--port')) : undefined;
  const server = await startCodeServer({ sandbox, folder: samples, port });
  const url = `${server.url}?folder=${encodeURI(samples)}`;
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  if (args.includes('--screenshot')) {
    const arch = fs
      .readdirSync(samples)
      .filter((f) => f.endsWith('.arch'))
      .sort();
    const file = option('--file') ?? (arch.includes('url-shortener.arch') ? 'url-shortener.arch' : arch[0]);
    const browser = await launchChromium({ sandbox });
    try {
      const { page } = browser;
      await page.goto(url);
      await waitForWorkbench(page);
      await quickOpen(page, file);
      await languageStatus(page)
        .filter({ hasText: /archscale|arch/ })
        .waitFor(WAIT);
      // Wait for the language server's figures (the system's code lens) before the picture.
      await page.locator('.codelens-decoration', { hasText: 'bottleneck' }).first().waitFor(WAIT);
      const out = path.join(root, 'test-results', 'start.png');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await page.screenshot({ path: out });
      log(`opened ${file}; screenshot ${path.relative(root, out)}`);
    } finally {
      await browser.close();
      await server.stop();
    }
  } else {
    console.log(`\n  archscale samples in VS Code: ${url}\n`);
    log('serving until Ctrl-C');
    await new Promise(() => {}); // Ctrl-C: the exit hook in lib/code-server.mjs stops code-server.
  }
} catch (err) {
  console.error(`[start] FAILED: ${err.stack ?? err}`);
  process.exit(1);
}
