// UI end-to-end: figures in the editor. Opens the capacity plan, waits for the inlay hints the
// language server computes (load, utilisation, consistency), hovers a component for its figures
// and derivations, and keeps a screenshot of each for the README.
import { WAIT, quickOpen, waitForWorkbench } from './workbench.mjs';

const FILE = 'capacity-plan.arch';

export const tests = [
  {
    name: 'inlay hints show loads, utilisation and consistency after components and edges',
    async run({ page, screenshot }) {
      await waitForWorkbench(page);
      await quickOpen(page, FILE);
      const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
      // app: 10k rps at 58.3 %; flights-db reads are eventual within the 200 ms replica lag.
      await lines.filter({ hasText: '≈ 10k rps · 58.3 %' }).waitFor(WAIT);
      await page.locator('.codelens-decoration', { hasText: 'bottleneck app' }).first().waitFor(WAIT);
      await screenshot('editor-hints.png');
      // flights-db's block is below the first screen (the sample's resilience comments and calls):
      // to the end of the file, and back to the top for the hover
      await page.keyboard.press('Control+End');
      await lines.filter({ hasText: 'eventual ≤ 200 ms' }).waitFor(WAIT);
      await page.keyboard.press('Control+Home');
    },
  },
  {
    name: 'hovering a component shows its figures with their derivation',
    async run({ page, screenshot }) {
      const word = page.locator('.editor-instance .monaco-editor .view-line span', { hasText: /^flights-db$/ }).first();
      await word.waitFor(WAIT);
      await word.hover();
      const hover = page.locator('.monaco-hover', { hasText: 'utilisation' });
      await hover.first().waitFor({ ...WAIT, state: 'visible' });
      // Wait for the fade-in to finish before reading and photographing it.
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.monaco-hover')].some(
            (h) =>
              h.textContent.includes('utilisation') &&
              h.getAnimations({ subtree: true }).every((a) => a.playState === 'finished') &&
              getComputedStyle(h).opacity === '1',
          ),
        null,
        WAIT,
      );
      const text = await hover.first().innerText();
      if (!/flights-db/.test(text) || !/eventual/.test(text)) throw new Error(`unexpected hover: ${text}`);
      await screenshot('editor-hover.png');
      await page.keyboard.press('Escape');
    },
  },
];
