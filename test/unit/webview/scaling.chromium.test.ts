/**
 * The preview's Scaling view in real Chromium, in the page the extension serves (same HTML, CSP
 * and bundle as the preview test), fed with the server's real answers for the capacity-plan
 * sample (archscale/diagram and archscale/scaling computed here by the server's functions): the
 * toggle, the charts in the theme's colours, the SLO line and break points, the growth timeline,
 * export as SVG and PNG, the scenario picker redrawing the diagram under a scenario, and nothing
 * breaking on an error or a model without clients. Nothing may be fetched, the CSP never violated.
 */
import { readFileSync } from 'node:fs';
import { URI } from 'langium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchscaleWorkspace, memoryFs } from '../../../src/language/workspace.js';
import { diagramResponse } from '../../../src/server/diagram.js';
import { scalingResponse } from '../../../src/server/scaling.js';
import type { DiagramResponse, FromWebview, ScalingResponse, ToWebview } from '../../../src/shared/messages.js';
import { bundleForBrowser, launchChromium, openPreview, type PreviewHarness } from '../chromium-page.js';
import { ROOT } from '../helpers.js';

const ORIGIN = 'https://webview.test';
const PLAN = '/w/capacity-plan.arch';
const GROWING = '/w/growing.arch';
const NO_CLIENTS = '/w/no-clients.arch';
const SCENARIOS = '/w/scenarios.arch';
let bundle = '';
let browser: Browser;
let ws: ArchscaleWorkspace;

const plan = readFileSync(`${ROOT}/samples/capacity-plan.arch`, 'utf8');
const files: Record<string, string> = {
  [PLAN]: plan,
  [GROWING]: plan.replace('client users { rate 10 k rps', 'client users { growth 8 % per month rate 10 k rps'),
  [NO_CLIENTS]: 'system empty {\n  service lonely { instances 2 capacity 100 rps }\n}\n',
  [SCENARIOS]: plan.replace(
    /\}\s*$/,
    '\n  scenario black-friday { load 3 x }\n  scenario redis-down { fail redis }\n}\n',
  ),
};
const uriOf = (p: string) => URI.file(p).toString();
const diagramOf = (p: string, scenario?: string): DiagramResponse =>
  diagramResponse(ws.shared, ws.services.insight.InsightService, uriOf(p), scenario);
const scalingOf = (p: string, scenario?: string): ScalingResponse =>
  JSON.parse(JSON.stringify(scalingResponse(ws.shared, ws.services.insight.InsightService, uriOf(p), scenario)));

beforeAll(async () => {
  bundle = await bundleForBrowser('src/webview/main.ts');
  browser = await launchChromium();
  ws = new ArchscaleWorkspace(memoryFs(files));
  ws.addFiles(Object.keys(files));
  await ws.build();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

type Harness = PreviewHarness;

/** VS Code puts its theme's colours on the page as CSS variables; a few, recognisable. */
const CHART_BLUE = '#1f77b4';
const CHART_RED = '#d62728';

async function open(
  options: { theme?: string; state?: unknown; viewport?: { width: number; height: number } } = {},
): Promise<Harness> {
  const theme = options.theme ?? 'vscode-light';
  return openPreview(browser, {
    origin: ORIGIN,
    script: bundle,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    theme,
    state: options.state,
    cssVariables: {
      '--vscode-charts-blue': CHART_BLUE,
      '--vscode-charts-red': CHART_RED,
      ...(theme === 'vscode-dark' ? { '--vscode-editor-background': '#1f1f1f', '--vscode-foreground': '#cccccc' } : {}),
    },
  });
}

const diagram = (seq: number, d: DiagramResponse): ToWebview => ({
  type: 'diagram',
  seq,
  title: 'capacity-plan.arch',
  diagram: d,
});
const scaling = (seq: number, s: ScalingResponse): ToWebview => ({
  type: 'scaling',
  seq,
  title: 'capacity-plan.arch',
  scaling: s,
});

async function rendered(h: Harness, seq: number) {
  await expect
    .poll(async () => (await h.posted()).some((m) => m.type === 'rendered' && m.seq === seq), { timeout: 20_000 })
    .toBe(true);
}

const charts = (h: Harness) => h.page.locator('.scaling svg.archscale-chart');

describe('the Scaling view in Chromium', () => {
  it('opens beside the diagram, asks for the sweep, draws the charts in the theme colours with the SLO and break points', async () => {
    const h = await open();
    try {
      await expect.poll(h.posted).toContainEqual({ type: 'ready' });
      await h.send(diagram(1, diagramOf(PLAN)));
      await rendered(h, 1);
      expect(await h.page.locator('.scaling').isVisible()).toBe(false);
      await h.page.locator('button[data-action="scaling"]').click();
      await expect.poll(h.posted).toContainEqual({ type: 'options', scaling: true });
      expect(await h.page.locator('.scaling').isVisible()).toBe(true);
      expect(await h.page.locator('button[data-action="scaling"]').getAttribute('aria-pressed')).toBe('true');
      await h.send(scaling(1, scalingOf(PLAN)));
      await expect.poll(() => charts(h).count()).toBe(2);
      // the webview says what it drew (the extension logs it; archscale.showScaling resolves with it)
      await expect
        .poll(async () => (await h.posted()).filter((m) => m.type === 'chartsDrawn').at(-1))
        .toMatchObject({ type: 'chartsDrawn', charts: ['latency', 'utilization'] });
      expect(await charts(h).evaluateAll((cs) => cs.map((c) => c.getAttribute('data-chart')))).toEqual([
        'latency',
        'utilization',
      ]);
      const util = h.page.locator('.scaling svg[data-chart="utilization"]');
      expect(await util.locator('g.break-saturates-label text').first().textContent()).toBe('app 1.71×');
      // the theme's colours: the first series in --vscode-charts-blue, the 100 % line in --vscode-charts-red
      expect(await util.locator('g.utilization').first().getAttribute('stroke')).toBe(CHART_BLUE);
      expect(await util.locator('g.full').getAttribute('stroke')).toBe(CHART_RED);
      const latency = h.page.locator('.scaling svg[data-chart="latency"]');
      expect(await latency.locator('g.slo-p95 line').count()).toBe(1);
      expect(await latency.locator('g.break-slo circle').count()).toBe(1);
      await expect.poll(() => h.page.locator('.scaling-lens').first().textContent()).toContain('breaks at 1.71× (app)');
      expect(await h.page.locator('.scaling-breaks li').first().textContent()).toMatch(/1\.71×/);
      // the diagram is still there, beside the charts
      const [d, s] = await Promise.all([
        h.page.locator('.viewport').boundingBox(),
        h.page.locator('.scaling').boundingBox(),
      ]);
      expect(d!.width).toBeGreaterThan(300);
      expect(s!.x).toBeGreaterThanOrEqual(d!.x + d!.width - 1);
      await h.page.screenshot({ path: `${ROOT}/test-results/scaling-view-light.png` });
      // the s key closes it (not while the scenario picker has the focus), and opens it again
      await h.page.locator('.viewport').click({ position: { x: 5, y: 5 } });
      await h.page.keyboard.press('s');
      await expect.poll(() => h.page.locator('.scaling').isVisible()).toBe(false);
      expect((await h.posted()).at(-1)).toEqual({ type: 'options' });
      await h.page.keyboard.press('s');
      await expect.poll(() => h.page.locator('.scaling').isVisible()).toBe(true);
      expect(h.requests).toEqual([]);
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('shows growth as a timeline, keeps the last charts on an error, says when nothing can be swept', async () => {
    const h = await open({ theme: 'vscode-dark', state: { scaling: true } });
    try {
      await expect.poll(h.posted).toContainEqual({ type: 'ready', scaling: true });
      await h.send(diagram(1, diagramOf(GROWING)));
      await h.send(scaling(1, scalingOf(GROWING)));
      await expect.poll(() => charts(h).count()).toBe(3);
      const growth = h.page.locator('.scaling svg[data-chart="growth"]');
      expect(await growth.getAttribute('aria-label')).toContain('8 % a month');
      expect(await growth.locator('g.growth-event-label text').allTextContents()).toContainEqual(
        expect.stringMatching(/^app saturates · month (6\.9|7)/),
      );
      await rendered(h, 1);
      await h.page.screenshot({ path: `${ROOT}/test-results/scaling-view-dark.png` });
      await growth.screenshot({ path: `${ROOT}/test-results/scaling-growth-dark.png` });
      // a syntax error: the charts stay, a line says why
      await h.send(scaling(2, { uri: uriOf(GROWING), sweep: null, growth: null, error: 'A syntax error on line 3' }));
      await expect.poll(() => h.page.locator('.scaling-error').textContent()).toMatch(/line 3[\s\S]*last charts/);
      expect(await charts(h).count()).toBe(3);
      // a stale message is ignored
      await h.send(scaling(1, scalingOf(PLAN)));
      // a model without clients: nothing to sweep, said in words, no crash
      const none = scalingOf(NO_CLIENTS);
      expect(none.error).toMatch(/No client/);
      const h2 = await open();
      try {
        // the extension's archscale.showScaling opens the view
        await h2.send({ type: 'showScaling' });
        await expect.poll(h2.posted).toContainEqual({ type: 'options', scaling: true });
        expect(await h2.page.locator('.scaling').isVisible()).toBe(true);
        await h2.send(scaling(1, none));
        await expect.poll(() => h2.page.locator('.scaling .status').textContent()).toMatch(/No client sends load/);
        expect(h2.errors).toEqual([]);
      } finally {
        await h2.close();
      }
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('picks a scenario: "Today" first, the diagram and the charts redrawn under it, back to today', async () => {
    const h = await open({ state: { scaling: true } });
    try {
      await h.send(diagram(1, diagramOf(SCENARIOS)));
      await rendered(h, 1);
      const select = h.page.locator('select.scenario-picker');
      expect(await select.isVisible()).toBe(true);
      // the sample's own drills (they hold), then the two scenarios added here
      expect(await select.locator('option').allTextContents()).toEqual([
        'Today',
        'load-test — holds',
        'slow-fares — holds',
        'replica-down — holds',
        'black-friday — breaks',
        'redis-down — breaks',
      ]);
      expect(await select.inputValue()).toBe('');
      const db = h.page.locator('.canvas svg g.node[aria-label="flights-db"]');
      const before = await db.textContent();
      await select.selectOption('redis-down');
      await expect.poll(h.posted).toContainEqual({ type: 'options', scaling: true, scenario: 'redis-down' });
      // the extension answers with the diagram and the sweep under the scenario
      await h.send(diagram(2, diagramOf(SCENARIOS, 'redis-down')));
      await h.send(scaling(2, scalingOf(SCENARIOS, 'redis-down')));
      await rendered(h, 2);
      const after = await db.textContent();
      expect(after).not.toBe(before);
      // 10k reads over 4 replicas (125 %) × the cache's and the app's 10 % retry budgets
      expect(after).toContain('151');
      await expect
        .poll(() => h.page.locator('.banner.scenario').textContent())
        .toBe('Scenario redis-down: breaks: flights-db at 151 %');
      await expect.poll(() => h.page.locator('.scaling-title').textContent()).toBe('Scaling — scenario redis-down');
      expect(await select.inputValue()).toBe('redis-down');
      await h.page.screenshot({ path: `${ROOT}/test-results/scaling-view-scenario.png` });
      // the picked scenario survives a reload (kept in the webview's state)
      const state = await h.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
      expect(state).toMatchObject({ scaling: true, scenario: 'redis-down' });
      // back to today
      await select.selectOption('');
      await expect.poll(async () => (await h.posted()).at(-1)).toEqual({ type: 'options', scaling: true });
      await h.send(diagram(3, diagramOf(SCENARIOS)));
      await rendered(h, 3);
      expect(await db.textContent()).toBe(before);
      expect(await h.page.locator('.banner.scenario').isVisible()).toBe(false);
      // a model without scenarios (the capacity-plan sample has its own now): no picker
      await h.send(diagram(4, diagramOf(NO_CLIENTS)));
      await rendered(h, 4);
      expect(await select.isVisible()).toBe(false);
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('exports the charts as SVG and PNG', async () => {
    const h = await open({ state: { scaling: true } });
    try {
      await h.send(scaling(1, scalingOf(PLAN)));
      await expect.poll(() => charts(h).count()).toBe(2);
      await h.page.locator('button[data-action="charts-svg"]').click();
      await h.page.locator('button[data-action="charts-png"]').click();
      await expect
        .poll(async () => (await h.posted()).filter((m) => m.type === 'export').length, { timeout: 20_000 })
        .toBe(2);
      const exports = (await h.posted()).filter((m) => m.type === 'export') as Extract<
        FromWebview,
        { type: 'export' }
      >[];
      expect(exports.map((e) => [e.format, e.subject])).toEqual([
        ['svg', 'charts'],
        ['png', 'charts'],
      ]);
      const svg = exports[0]!.content;
      expect(svg).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
      // well-formed XML with both charts and the break points
      const parsed = await h.page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          charts: doc.querySelectorAll('svg.archscale-chart').length,
          text: doc.documentElement.textContent,
        };
      }, svg);
      expect(parsed.error).toBeNull();
      expect(parsed.charts).toBe(2);
      expect(parsed.text).toContain("app saturates at 1.71× today's load");
      expect(parsed.text).toContain('capacity-plan.arch');
      const png = Buffer.from(exports[1]!.content, 'base64');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThan(600);
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
