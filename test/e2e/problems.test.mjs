// UI end-to-end: the packaged extension, installed into code-server, in headless Chromium.
// The folder is a temp copy of samples/ plus broken.arch (a syntax error on the "{{" line).
import fs from 'node:fs';
import path from 'node:path';
import { WAIT, languageStatus, openProblemsFor, quickOpen, waitForWorkbench } from './workbench.mjs';

const BROKEN = 'broken.arch';

/** 1-based line and column of the second brace of "{{" in the broken file. */
function brokenPosition(folder) {
  const lines = fs.readFileSync(path.join(folder, BROKEN), 'utf8').split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes('{{'));
  return { line: line + 1, column: lines[line].indexOf('{{') + 2 };
}

export const tests = [
  {
    name: 'the workbench opens the samples folder',
    async run({ page }) {
      await waitForWorkbench(page);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: BROKEN }).waitFor(WAIT);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: '.arch' }).first().waitFor(WAIT);
    },
  },
  {
    name: 'quick open shows broken.arch in the archscale language mode',
    async run({ page }) {
      await quickOpen(page, BROKEN);
      await languageStatus(page)
        .filter({ hasText: /^\s*(archscale|arch)\s*$/ })
        .waitFor(WAIT);
    },
  },
  {
    name: 'the Problems panel shows the syntax error from archscale at its line',
    async run({ page, folder, screenshot }) {
      const { line } = brokenPosition(folder);
      const panel = await openProblemsFor(page, BROKEN);
      // A row like "expected '}' but found '{'  archscale(syntax)  [Ln 4, Col 21]": the source
      // 'archscale' proves the extension activated and its language server answered.
      const row = panel.locator('.monaco-list-row', { hasText: `[Ln ${line},` }).filter({ hasText: 'archscale' });
      await row.first().waitFor(WAIT);
      const label = await row.first().getAttribute('aria-label');
      if (!/^Error\b/.test(label ?? '')) throw new Error(`expected an error, the row reads: ${label}`);
      await screenshot('e2e-problems.png');
    },
  },
  {
    name: 'fixing the syntax in the editor clears the problem',
    async run({ page, folder }) {
      const { line, column } = brokenPosition(folder);
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor(WAIT);
      await input.fill(`:${line}:${column}`);
      await input.press('Enter');
      await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line}, Col ${column}` }).waitFor(WAIT);
      await page.keyboard.press('Delete');
      const panel = await openProblemsFor(page, BROKEN);
      await panel.locator('.monaco-list-row', { hasText: `[Ln ${line},` }).waitFor({ ...WAIT, state: 'detached' });
    },
  },
];
