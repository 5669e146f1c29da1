// Small helpers to drive the VS Code workbench (code-server) through its DOM with playwright-core.
// Every wait polls a condition; nothing sleeps for a fixed time.
export const WAIT = { timeout: 30_000 };

/** Waits until the workbench is painted and the explorer lists the folder's files. */
export async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench').waitFor(WAIT);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor(WAIT);
}

/** Opens a file by name through Quick Open (Ctrl+P). */
export async function quickOpen(page, fileName) {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('Control+P');
  await input.waitFor(WAIT);
  await input.fill(fileName);
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
  await pick.waitFor(WAIT);
  await input.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${fileName}"]`).waitFor(WAIT);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor(WAIT);
}

/** Runs a command by its title through the command palette (F1). */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.waitFor(WAIT);
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor(WAIT);
  await input.press('Enter');
  await input.waitFor({ ...WAIT, state: 'hidden' });
}

/** The preview's document inside the webview's two iframes. */
export const previewFrame = (page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** The language mode shown in the status bar for the active editor. */
export const languageStatus = (page) => page.locator('[id="status.editor.mode"]');

/** Opens the Problems panel (Ctrl+Shift+M) and returns its root. */
export async function openProblems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor(WAIT);
  return panel;
}

/**
 * Opens the Problems panel filtered to one file: the samples folder has many rule findings, and
 * the panel's list is virtualised (rows off screen are not in the DOM).
 */
export async function openProblemsFor(page, fileName) {
  const panel = await openProblems(page);
  const filter = page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
  await filter.waitFor(WAIT);
  // The panel sometimes drops a filter typed while it is still opening: type it until it holds.
  for (let attempt = 0; attempt < 10; attempt++) {
    await filter.fill(fileName);
    await page.waitForTimeout(300);
    if ((await filter.inputValue()) === fileName) break;
  }
  return panel;
}
