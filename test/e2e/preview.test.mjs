// UI end-to-end: the live Mermaid preview in the real workbench. Opens a sample, runs
// "archscale: Open Preview to the Side" from the command palette (F1), checks the diagram inside
// the webview, edits the model and sees the diagram change, clicks a node and sees the editor
// select its declaration (read from the status bar's "Ln X, Col Y (N selected)").
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../../scripts/lib/code-server.mjs';
import { WAIT, previewFrame, quickOpen, runCommand, waitForWorkbench } from './workbench.mjs';

const SAMPLE = 'social-feed.arch';
const PROBE = 'preview-probe';

/** 1-based line of the first line of the sample containing `text`. */
function lineOf(folder, text) {
  const lines = fs.readFileSync(path.join(folder, SAMPLE), 'utf8').split(/\r?\n/);
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${SAMPLE} has no line with ${text}`);
  return { line: i + 1, text: lines[i] };
}

/**
 * Puts the focus in the model's editor (the first editor group) with Ctrl+1. Not by clicking its
 * text: Playwright scrolls a click target into view with DOM scrolling, which shifts Monaco's view.
 */
async function focusEditor(page) {
  await page.keyboard.press('Control+1');
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor(WAIT);
}

const selectionStatus = (page) => page.locator('[id="status.editor.selection"]');

export const tests = [
  {
    name: 'preview: "archscale: Open Preview to the Side" draws the diagram in a webview',
    async run({ page, screenshot }) {
      await waitForWorkbench(page);
      // More room for the editor and the preview (the side bar comes back at the end).
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.locator('#workbench\\.parts\\.sidebar').waitFor({ ...WAIT, state: 'hidden' });
      await quickOpen(page, SAMPLE);
      const t = Date.now();
      await runCommand(page, 'archscale: Open Preview to the Side');
      const frame = previewFrame(page);
      await frame.locator('.canvas svg g.node').first().waitFor({ timeout: 45_000 });
      // Every component of the sample (and of the file it imports) is a node.
      await waitFor(async () => (await frame.locator('.canvas svg g.node').count()) >= 9, {
        what: 'nine nodes in the preview',
      });
      for (const name of ['app-users', 'timeline-api', 'posts-db', 'auth'])
        await frame.locator(`.canvas svg g.node[aria-label="${name}"]`).waitFor(WAIT);
      console.log(`[e2e] preview: diagram shown ${Date.now() - t} ms after the command`);
      await page.locator('.tabs-container .tab', { hasText: `Preview ${SAMPLE}` }).waitFor(WAIT);
      await screenshot('preview.png');
    },
  },
  {
    name: 'preview: typing in the model updates the diagram',
    async run({ page, folder, screenshot }) {
      const frame = previewFrame(page);
      const before = await frame.locator('.canvas svg g.node').count();
      // Add a component on the blank line after the worker (inside the system).
      const line = lineOf(folder, 'worker fanout-workers').line + 1;
      if (fs.readFileSync(path.join(folder, SAMPLE), 'utf8').split(/\r?\n/)[line - 1].trim() !== '') {
        throw new Error(`${SAMPLE}: expected a blank line after the worker (line ${line})`);
      }
      await focusEditor(page);
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor(WAIT);
      await input.fill(`:${line}:1`);
      await input.press('Enter');
      await selectionStatus(page)
        .filter({ hasText: `Ln ${line}, Col 1` })
        .waitFor(WAIT);
      await page.keyboard.type(`  cache ${PROBE}`, { delay: 20 });
      await page.keyboard.press('Escape');
      const t = Date.now();
      await frame.locator(`.canvas svg g.node[aria-label="${PROBE}"]`).waitFor({ timeout: 30_000 });
      console.log(`[e2e] preview: new node drawn ${Date.now() - t} ms after the last keystroke`);
      await waitFor(async () => (await frame.locator('.canvas svg g.node').count()) === before + 1, {
        what: `${before + 1} nodes after the edit`,
      });
      await screenshot('preview-edited.png');
    },
  },
  {
    name: 'preview: clicking a node selects its declaration in the editor',
    async run({ page, folder, screenshot }) {
      const frame = previewFrame(page);
      const target = 'posts-db';
      const { line, text } = lineOf(folder, `database ${target}`);
      const col = text.indexOf(target) + 1;
      // Move the cursor elsewhere first, so the check below sees the click's effect.
      await focusEditor(page);
      await page.keyboard.press('Control+Home');
      await selectionStatus(page).filter({ hasText: 'Ln 1, Col 1' }).waitFor(WAIT);
      await frame.locator(`.canvas svg g.node[aria-label="${target}"]`).click();
      // The name is selected: the cursor sits at its end, "(8 selected)".
      const status = selectionStatus(page).filter({
        hasText: `Ln ${line}, Col ${col + target.length} (${target.length} selected)`,
      });
      await status.waitFor(WAIT);
      // The model's editor (not the preview's group) has the focus, and the preview is still open beside it.
      await page
        .locator('.editor-group-container.active .tabs-container .tab.active', { hasText: SAMPLE })
        .filter({ hasNotText: 'Preview' })
        .waitFor(WAIT);
      await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor(WAIT);
      await frame.locator('.canvas svg g.node').first().waitFor(WAIT);
      await screenshot('preview-reveal.png');
    },
  },
  {
    name: 'preview: closes, and the edited sample is reverted',
    async run({ page }) {
      await focusEditor(page);
      await runCommand(page, 'File: Revert File');
      await runCommand(page, 'View: Close All Editor Groups');
      await page.locator('iframe.webview.ready').waitFor({ ...WAIT, state: 'detached' });
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor(WAIT);
    },
  },
];
