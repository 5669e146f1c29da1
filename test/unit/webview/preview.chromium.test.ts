/**
 * The preview's webview script (src/webview, bundled with Mermaid as esbuild.mjs does) in real
 * Chromium, in the page the extension serves (same HTML and CSP, nonce and all), with a stand-in
 * for VS Code's webview API that records what the script posts. Nothing may be fetched: every
 * request other than the page and its script is refused and recorded.
 */
import { URI } from 'langium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, generateModel } from '../../../src/core/analysis/index.js';
import { nodeDetails, toMermaid } from '../../../src/core/mermaid/index.js';
import { ArchscaleWorkspace, memoryFs } from '../../../src/language/workspace.js';
import { diagramResponse } from '../../../src/server/diagram.js';
import { DiagramResponse, type FromWebview, type ToWebview } from '../../../src/shared/messages.js';
import { bundleForBrowser, launchChromium, openPreview, type PreviewHarness } from '../chromium-page.js';
import { ROOT, sampleFiles } from '../helpers.js';
import { XSS, xssCase } from '../mermaid/helpers.js';

const ORIGIN = 'https://webview.test';
let bundle = '';
let browser: Browser;
let responses: Record<string, DiagramResponse>;

beforeAll(async () => {
  const t = Date.now();
  bundle = await bundleForBrowser('src/webview/main.ts');
  console.log(
    `[webview] bundled src/webview with Mermaid in ${Date.now() - t} ms (${Math.round(bundle.length / 1024)} KB unminified)`,
  );
  browser = await launchChromium();

  const files = sampleFiles();
  const ws = new ArchscaleWorkspace(memoryFs(files));
  ws.addFiles(Object.keys(files));
  await ws.build();
  responses = {};
  for (const p of Object.keys(files)) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    responses[name] = diagramResponse(ws.shared, ws.services.insight.InsightService, URI.file(p).toString());
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

type Harness = PreviewHarness;

async function open(
  options: { theme?: string; state?: unknown; viewport?: { width: number; height: number } } = {},
): Promise<Harness> {
  return openPreview(browser, {
    origin: ORIGIN,
    script: bundle,
    viewport: options.viewport ?? { width: 1200, height: 800 },
    theme: options.theme ?? 'vscode-light',
    state: options.state,
  });
}

const diagram = (seq: number, d: DiagramResponse, title = 'social-feed.arch'): ToWebview => ({
  type: 'diagram',
  seq,
  title,
  diagram: d,
});

async function rendered(h: Harness, seq: number) {
  await expect
    .poll(async () => (await h.posted()).some((m) => m.type === 'rendered' && m.seq === seq), { timeout: 20_000 })
    .toBe(true);
  return (await h.posted()).find((m) => m.type === 'rendered' && m.seq === seq) as Extract<
    FromWebview,
    { type: 'rendered' }
  >;
}

const nodeCount = (h: Harness) => h.page.locator('.canvas svg g.node').count();
const nodeFor = (h: Harness, d: DiagramResponse, componentId: string) => {
  const nid = Object.entries(d.nodeIds).find(([, c]) => c === componentId)![0];
  return h.page.locator(`.canvas svg g.node[data-archscale-node="${nid}"]`);
};

describe('the preview webview in Chromium', () => {
  it('says it is ready, draws a diagram, reveals a clicked node, shows figures on hover', async () => {
    const h = await open();
    try {
      await expect.poll(h.posted).toContainEqual({ type: 'ready' });
      const social = responses['social-feed.arch']!;
      await h.send(diagram(1, social));
      const r = await rendered(h, 1);
      expect(r.nodes).toBe(Object.keys(social.nodeIds).length);
      expect(await nodeCount(h)).toBe(r.nodes);
      console.log(`[webview] social-feed drawn in ${r.ms} ms (${r.nodes} nodes)`);
      await expect.poll(() => h.page.locator('.toolbar .title').textContent()).toBe('social-feed.arch');

      await nodeFor(h, social, 'auth').click();
      await expect.poll(h.posted).toContainEqual({ type: 'reveal', componentId: 'auth' });

      await nodeFor(h, social, 'timeline-cache').hover();
      const tip = h.page.locator('.tooltip');
      await expect.poll(() => tip.isVisible()).toBe(true);
      const text = await tip.textContent();
      expect(text).toContain('timeline-cache');
      expect(text).toContain('utilisation');
      expect(text).toContain(social.details['timeline-cache']!.rows[0]![1]);

      expect(h.requests).toEqual([]);
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('keeps the last good diagram, zoom and pan across updates; a syntax error shows a banner', async () => {
    const h = await open();
    try {
      const social = responses['social-feed.arch']!;
      await h.send(diagram(1, social));
      await rendered(h, 1);
      // Zoom in twice with the button, pan by dragging the background.
      await h.page.locator('button[data-action="zoom-in"]').click();
      await h.page.locator('button[data-action="zoom-in"]').click();
      const box = (await h.page.locator('.viewport').boundingBox())!;
      await h.page.mouse.move(box.x + 5, box.y + box.height - 5);
      await h.page.mouse.down();
      await h.page.mouse.move(box.x + 65, box.y + box.height - 45, { steps: 5 });
      await h.page.mouse.up();
      const view = () =>
        h.page.evaluate(() =>
          (window as unknown as { __archscalePreview: { view: () => unknown } }).__archscalePreview.view(),
        );
      const before = (await view()) as { scale: number; x: number; y: number };
      expect((await h.posted()).filter((m) => m.type === 'reveal')).toEqual([]); // a drag is not a click

      // The model changes: a new diagram replaces the old one, the view stays.
      const edited = { ...social, text: social.text.replace('timeline-api</b>', 'timeline-api-v2</b>') };
      await h.send(diagram(2, edited));
      await rendered(h, 2);
      expect(await h.page.locator('.canvas svg').textContent()).toContain('timeline-api-v2');
      expect(await view()).toEqual(before);
      expect(await h.page.locator('.canvas svg').count()).toBe(1);

      // A syntax error: the diagram stays, a banner says why.
      await h.send(
        diagram(3, {
          ...social,
          text: '',
          nodeIds: {},
          details: {},
          locations: {},
          error: 'A syntax error in social-feed.arch, first on line 3: expected }',
        }),
      );
      const banner = h.page.locator('.banner.error');
      await expect.poll(() => banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toMatch(/line 3: expected }[\s\S]*last diagram/);
      expect(await h.page.locator('.canvas svg').textContent()).toContain('timeline-api-v2');

      // Mermaid itself rejects a text: same, the last diagram stays.
      await h.send(diagram(4, { ...social, text: 'flowchart LR\n  a -->' }));
      await expect.poll(h.posted).toContainEqual(expect.objectContaining({ type: 'renderError', seq: 4 }));
      expect(await h.page.locator('.canvas svg').textContent()).toContain('timeline-api-v2');

      // Fixed again: the banner goes.
      await h.send(diagram(5, social));
      await rendered(h, 5);
      await expect.poll(() => banner.isVisible()).toBe(false);
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('restores its zoom from the saved state and shows warnings of a collapsed model', async () => {
    const h = await open({ state: { uri: responses['social-feed.arch']!.uri, view: { scale: 0.5, x: 10, y: 20 } } });
    try {
      await h.send(diagram(1, responses['social-feed.arch']!));
      await rendered(h, 1);
      const view = await h.page.evaluate(() =>
        (window as unknown as { __archscalePreview: { view: () => unknown } }).__archscalePreview.view(),
      );
      expect(view).toEqual({ scale: 0.5, x: 10, y: 20 });
      await h.send(
        diagram(2, {
          ...responses['url-shortener.arch']!,
          warnings: ['Large model collapsed: showing 10 of 2,000 components'],
        }),
      );
      await rendered(h, 2);
      const warning = h.page.locator('.banner.warning');
      await expect.poll(() => warning.textContent()).toContain('Large model collapsed');
    } finally {
      await h.close();
    }
  });

  it('lays a diagram out top to bottom in a tall, narrow pane', async () => {
    const h = await open({ viewport: { width: 500, height: 800 } });
    try {
      await h.send(diagram(1, responses['social-feed.arch']!));
      await rendered(h, 1);
      expect(await h.page.locator('button[data-action="direction"]').textContent()).toBe('↓ TB');
      const box = (await h.page.locator('.canvas svg').boundingBox())!;
      expect(box.height).toBeGreaterThan(box.width);
      await h.page.screenshot({ path: `${ROOT}/test-results/preview-webview-narrow.png` });
    } finally {
      await h.close();
    }
  });

  it('follows the VS Code theme: re-renders when the body class changes', async () => {
    const h = await open({ theme: 'vscode-dark' });
    try {
      await h.send(diagram(1, responses['order-pipeline.arch']!, 'order-pipeline.arch'));
      await rendered(h, 1);
      const style = () => h.page.locator('.canvas svg style').first().textContent();
      const dark = await style();
      const count = async () => (await h.posted()).filter((m) => m.type === 'rendered').length;
      await h.page.evaluate(() => {
        document.body.classList.replace('vscode-dark', 'vscode-light');
        document.body.dataset.vscodeThemeKind = 'vscode-light';
      });
      await expect.poll(count).toBe(2);
      expect(await style()).not.toBe(dark);
      await h.page.evaluate(() => {
        document.body.classList.replace('vscode-light', 'vscode-high-contrast');
        document.body.dataset.vscodeThemeKind = 'vscode-high-contrast';
      });
      await expect.poll(count).toBe(3);
      await h.page.screenshot({ path: `${ROOT}/test-results/preview-webview-high-contrast.png` });
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('exports SVG, PNG and Markdown', async () => {
    const h = await open();
    try {
      const d = responses['order-pipeline.arch']!;
      await h.send(diagram(1, d, 'order-pipeline.arch'));
      await rendered(h, 1);
      for (const f of ['svg', 'png', 'md'] as const) await h.page.locator(`button[data-action="export-${f}"]`).click();
      await expect
        .poll(async () => (await h.posted()).filter((m) => m.type === 'export').length, { timeout: 20_000 })
        .toBe(3);
      const exports = Object.fromEntries(
        (await h.posted()).flatMap((m) => (m.type === 'export' ? [[m.format, m.content]] : [])),
      );
      expect(exports.svg).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
      // Well-formed XML with the diagram's nodes.
      const parsed = await h.page.evaluate((s) => {
        const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          nodes: doc.querySelectorAll('g.node').length,
        };
      }, exports.svg!);
      expect(parsed).toEqual({ error: null, nodes: Object.keys(d.nodeIds).length });
      const png = Buffer.from(exports.png!, 'base64');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.readUInt32BE(16)).toBeGreaterThan(400); // width
      expect(exports.md).toBe('```mermaid\n' + d.text + '```\n');
      // Top to bottom instead: the drawing and the Markdown follow.
      await h.page.locator('button[data-action="direction"]').click();
      await rendered(h, 1).then(() =>
        expect.poll(async () => (await h.posted()).filter((m) => m.type === 'rendered').length).toBe(2),
      );
      await h.page.locator('button[data-action="export-md"]').click();
      await expect.poll(async () => (await h.posted()).filter((m) => m.type === 'export').length).toBe(4);
      const md = (await h.posted()).filter((m) => m.type === 'export').at(-1) as Extract<
        FromWebview,
        { type: 'export' }
      >;
      expect(md.content).toContain('flowchart TB\n');
      expect(md.content).toContain('    direction TB\n');
      expect(md.content).not.toMatch(/\bLR\b/);
      expect(h.requests).toEqual([]);
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it("adds little to Mermaid's own render time (200 components; measured, printed)", async () => {
    const h = await open();
    try {
      const model = generateModel(200, 5);
      const analysis = analyze(model);
      const t = performance.now();
      const m = toMermaid(model, analysis, []);
      const generate = performance.now() - t;
      expect(m.collapsed).toBeUndefined();
      const d: DiagramResponse = {
        uri: 'file:///generated.arch',
        text: m.text,
        nodeIds: m.nodeIds,
        locations: {},
        details: nodeDetails(model, analysis, [], Object.values(m.nodeIds)),
        warnings: [],
      };
      const runs: { ms: number; mermaidMs: number }[] = [];
      for (let seq = 1; seq <= 3; seq++) {
        await h.send(diagram(seq, d, 'generated.arch'));
        runs.push(await rendered(h, seq));
      }
      expect(await nodeCount(h)).toBe(200);
      const best = runs.slice(1).sort((a, b) => a.ms - b.ms)[0]!; // the first render warms Mermaid up
      const overhead = best.ms - best.mermaidMs;
      console.log(
        `[webview] 200 components, ${model.edges.length} edges: generate ${generate.toFixed(1)} ms (cold), Mermaid ${best.mermaidMs} ms, preview total ${best.ms} ms: +${overhead} ms (${((100 * overhead) / best.mermaidMs).toFixed(1)} %) over Mermaid (runs: ${runs.map((r) => `${r.ms}/${r.mermaidMs}`).join(', ')})`,
      );
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('runs nothing from hostile names and descriptions; tooltips show them as text', async () => {
    const h = await open();
    try {
      const c = xssCase();
      const m = toMermaid(c.model, c.analysis, c.findings);
      const d: DiagramResponse = {
        uri: 'file:///xss.arch',
        text: m.text,
        nodeIds: m.nodeIds,
        locations: {},
        details: nodeDetails(c.model, analyze(c.model), c.findings, Object.values(m.nodeIds)),
        warnings: [XSS[1]!],
      };
      await h.send(diagram(1, DiagramResponse.parse(d), XSS[0]!));
      const r = await rendered(h, 1);
      expect(r.nodes).toBe(XSS.length);
      // Hover every node: the tooltip holds text only.
      for (const g of await h.page.locator('.canvas svg g.node').all()) {
        await g.hover({ force: true });
        await expect.poll(() => h.page.locator('.tooltip').isVisible()).toBe(true);
        expect(await h.page.locator('.tooltip *:not(div,table,tbody,tr,td,ul,li)').count()).toBe(0);
      }
      expect(await h.page.locator('.banner.warning').textContent()).toBe(XSS[1]);
      expect(await h.page.locator('.toolbar .title').textContent()).toBe(XSS[0]);
      expect(await h.page.locator('img, iframe, script:not([nonce]), a, math').count()).toBe(0);
      expect(await h.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(h.requests).toEqual([]);
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
