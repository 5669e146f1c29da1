// UI end-to-end: the scalability rules in the Problems panel of the deliberately bad sample, and a
// quick fix applied through the editor's light bulb menu (Ctrl+.), after which its finding is gone.
import fs from 'node:fs';
import path from 'node:path';
import { WAIT, openProblemsFor, quickOpen } from './workbench.mjs';

const FILE = 'bad-design.arch';

/** 1-based line and column of `text` in the sample (first occurrence on the line matching `lineHas`). */
function position(folder, lineHas, text) {
  const lines = fs.readFileSync(path.join(folder, FILE), 'utf8').split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(lineHas));
  if (line < 0) throw new Error(`no line with ${lineHas} in ${FILE}`);
  return { line: line + 1, column: lines[line].indexOf(text) + 1 };
}

const row = (panel, rule, line) =>
  panel
    .locator('.monaco-list-row', { hasText: `[Ln ${line},` })
    .filter({ hasText: rule })
    .filter({ hasText: 'archscale' });

export const tests = [
  {
    name: 'the bad design shows rule findings with their ids at their lines',
    async run({ page, folder, screenshot }) {
      await quickOpen(page, FILE);
      const web = position(folder, 'service web ', 'sessions local');
      const cache = position(folder, 'cache page-cache', 'file');
      const mainDb = position(folder, 'database main-db', 'main-db');
      for (const [rule, line] of [
        ['stateful-clones', web.line],
        ['file-cache', cache.line],
        ['query-cache', cache.line],
        ['overloaded', mainDb.line],
        ['single-database', mainDb.line],
      ]) {
        // Filter by the rule id: the list is virtualised and findings carry related rows.
        const panel = await openProblemsFor(page, rule);
        await row(panel, rule, line).first().waitFor(WAIT);
      }
      await openProblemsFor(page, FILE);
      await screenshot('e2e-rules.png');
    },
  },
  {
    name: 'a quick fix from the light bulb menu clears its finding',
    async run({ page, folder }) {
      const { line, column } = position(folder, 'cache page-cache', 'file');
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor(WAIT);
      await input.fill(`:${line}:${column + 1}`);
      await input.press('Enter');
      await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line}, Col ${column + 1}` }).waitFor(WAIT);
      await page.keyboard.press('Control+.');
      // The Quick Fix menu opens with the preferred fix first and selected.
      await page.getByText('cache in Redis instead of files (engine redis)').first().waitFor(WAIT);
      await page.keyboard.press('Enter');
      const editorLine = page
        .locator('.editor-instance .monaco-editor .view-line', { hasText: 'cache page-cache' })
        .first();
      await editorLine.filter({ hasText: 'engine redis' }).waitFor(WAIT);
      const fixed = await openProblemsFor(page, 'file-cache');
      await row(fixed, 'file-cache', line)
        .first()
        .waitFor({ ...WAIT, state: 'detached' });
      // Other findings on the same line stay.
      const others = await openProblemsFor(page, 'query-cache');
      await row(others, 'query-cache', line).first().waitFor(WAIT);
    },
  },
];
