// UI end-to-end: the preview's Scaling view in the real workbench. A copy of the capacity-plan
// sample with two scenarios and a growth rate is opened, the preview shown beside it, the Scaling
// view opened from the preview's toolbar: its charts are drawn (response times, utilisation,
// growth); the scenario picker redraws the diagram under a scenario (the database saturated when
// the cache is down); the charts export as SVG through VS Code's save dialog.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../../scripts/lib/code-server.mjs';
import { WAIT, previewFrame, quickOpen, runCommand, waitForWorkbench } from './workbench.mjs';

const FILE = 'scaling-plan.arch';

/** The file the tests open, written before code-server starts (scripts/run-e2e.mjs). */
export function prepare(folder) {
  const plan = fs.readFileSync(path.join(folder, 'capacity-plan.arch'), 'utf8');
  fs.writeFileSync(
    path.join(folder, FILE),
    plan
      .replace('client users { rate 10 k rps', 'client users { growth 8 % per month rate 10 k rps')
      .replace(/\}\s*$/, '\n  scenario black-friday { load 3 x }\n  scenario redis-down { fail redis }\n}\n'),
  );
}

export const tests = [
  {
    name: 'scaling: the Scaling view draws the sweep and growth charts beside the diagram',
    async run({ page, screenshot }) {
      await waitForWorkbench(page);
      await quickOpen(page, FILE);
      await runCommand(page, 'archscale: Open Preview to the Side');
      const frame = previewFrame(page);
      await frame.locator('.canvas svg g.node').first().waitFor({ timeout: 45_000 });
      const t = Date.now();
      await frame.locator('button[data-action="scaling"]').click();
      await waitFor(async () => (await frame.locator('.scaling svg.archscale-chart').count()) === 3, {
        what: 'three charts in the Scaling view',
      });
      console.log(`[e2e] scaling: charts drawn ${Date.now() - t} ms after the click`);
      const kinds = await frame
        .locator('.scaling svg.archscale-chart')
        .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-chart')));
      if (kinds.join() !== 'latency,utilization,growth') throw new Error(`charts drawn: ${kinds.join()}`);
      const label = await frame.locator('.scaling g.break-saturates-label text').first().textContent();
      if (label !== 'app 1.71×') throw new Error(`the first saturation reads ${label}`);
      await frame.locator('.scaling g.slo-p95 line').waitFor({ ...WAIT, state: 'attached' });
      await screenshot('scaling-view.png');
      // the preview's group maximised (Ctrl+K Ctrl+M): the diagram and the charts side by side
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+M');
      await waitFor(async () => (await frame.locator('.main:not(.stacked)').count()) === 1, {
        what: 'the Scaling view beside the diagram in a wide pane',
      });
      await frame.locator('button[data-action="fit"]').click();
      await screenshot('scaling-view-wide.png');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+M');
    },
  },
  {
    name: 'scaling: the scenario picker redraws the diagram under a scenario, and back',
    async run({ page, screenshot }) {
      const frame = previewFrame(page);
      const picker = frame.locator('select.scenario-picker');
      await picker.waitFor(WAIT);
      const db = frame.locator('.canvas svg g.node[aria-label="flights-db"]');
      const before = await db.textContent();
      await picker.selectOption('redis-down');
      await frame
        .locator('.banner.scenario', { hasText: 'Scenario redis-down: breaks: flights-db at 151 %' })
        .waitFor(WAIT);
      await waitFor(async () => (await db.textContent())?.includes('151'), {
        what: 'flights-db at 151 % in the diagram',
      });
      await frame.locator('.scaling-title', { hasText: 'Scaling — scenario redis-down' }).waitFor(WAIT);
      await screenshot('scaling-scenario.png');
      await picker.selectOption('');
      await waitFor(async () => (await db.textContent()) === before, { what: "today's diagram again" });
    },
  },
  {
    name: 'scaling: the charts export as SVG through the save dialog',
    async run({ page, folder }) {
      const frame = previewFrame(page);
      const target = path.join(folder, 'scaling-plan-scaling.svg');
      fs.rmSync(target, { force: true });
      await frame.locator('button[data-action="charts-svg"]').click();
      // VS Code's own save dialog (a quick input with the path), proposing <model>-scaling.svg beside the model
      const input = page.locator('.quick-input-widget input');
      await input.waitFor(WAIT);
      await waitFor(async () => (await input.inputValue()).endsWith('scaling-plan-scaling.svg'), {
        what: 'the proposed file name',
      });
      await input.press('Enter');
      await waitFor(() => fs.existsSync(target) && fs.statSync(target).size > 0, { what: `${target} written` });
      const svg = fs.readFileSync(target, 'utf8');
      if (
        !svg.startsWith('<?xml') ||
        !svg.includes('class="archscale-charts"') ||
        !svg.includes('app saturates at 1.71×')
      )
        throw new Error(`unexpected export: ${svg.slice(0, 200)}`);
      await runCommand(page, 'View: Close All Editor Groups');
      await page.locator('iframe.webview.ready').waitFor({ ...WAIT, state: 'detached' });
    },
  },
];
