/**
 * The preview's cost on top of Mermaid's own render: the shipped webview script (out/preview.js,
 * Mermaid bundled) in the page the extension serves, in headless Chromium (Debian's), drawing
 * 200 generated components. The webview reports, per diagram, the time from the message to the
 * finished drawing and the part of it spent inside Mermaid's render; the difference is the
 * webview's own work (message check, insertion, node labels, fitting).
 */
import { existsSync, readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, chromiumPath } from '../src/cli/mermaid-browser.js';
import { analyze, generateModel } from '../src/core/analysis/index.js';
import { nodeDetails, toMermaid } from '../src/core/mermaid/index.js';
import type { DiagramResponse, FromWebview } from '../src/shared/messages.js';
import { previewHtml } from '../src/shared/preview-html.js';

export interface PreviewResult {
  nodes: number;
  edges: number;
  /** Per render after the first (which warms Mermaid up): total and Mermaid's part, ms. */
  runs: { ms: number; mermaidMs: number }[];
  /** Medians over those runs. */
  mermaidMs: number;
  totalMs: number;
  overheadPct: number;
}

const ORIGIN = 'https://webview.bench';

export async function measurePreview(
  scriptPath = 'out/preview.js',
  renders = 6,
): Promise<PreviewResult | { skipped: string }> {
  if (!existsSync(scriptPath)) return { skipped: `${scriptPath} is missing (npm run build)` };
  if (!existsSync(chromiumPath())) return { skipped: `no Chromium at ${chromiumPath()}` };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
    const script = readFileSync(scriptPath, 'utf8');
    const nonce = 'BenchNonce0123456789abcdef';
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/index.html`)
        return route.fulfill({
          contentType: 'text/html',
          body: previewHtml({ cspSource: ORIGIN, nonce, scriptUri: `${ORIGIN}/preview.js` }),
        });
      if (url === `${ORIGIN}/preview.js`) return route.fulfill({ contentType: 'text/javascript', body: script });
      return route.abort('blockedbyclient');
    });
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.__posted = [];
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => (w.__posted as unknown[]).push(m),
        getState: () => undefined,
        setState: () => undefined,
      });
    });
    await page.goto(`${ORIGIN}/index.html`);

    const model = generateModel(200, 5);
    const analysis = analyze(model);
    const m = toMermaid(model, analysis, []);
    const diagram: DiagramResponse = {
      uri: 'file:///generated.arch',
      text: m.text,
      nodeIds: m.nodeIds,
      locations: {},
      details: nodeDetails(model, analysis, [], Object.values(m.nodeIds)),
      warnings: [],
    };
    const runs: { ms: number; mermaidMs: number; nodes: number }[] = [];
    for (let seq = 1; seq <= renders; seq++) {
      await page.evaluate((msg) => window.postMessage(msg, '*'), {
        type: 'diagram',
        seq,
        title: 'generated.arch',
        diagram,
      });
      await page.waitForFunction(
        (s) =>
          (window as unknown as { __posted: FromWebview[] }).__posted.some((x) => x.type === 'rendered' && x.seq === s),
        seq,
        { timeout: 60_000 },
      );
      const r = (await page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted)).find(
        (x) => x.type === 'rendered' && x.seq === seq,
      ) as Extract<FromWebview, { type: 'rendered' }>;
      runs.push({ ms: r.ms, mermaidMs: r.mermaidMs, nodes: r.nodes });
    }
    const warm = runs.slice(1);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const mermaidMs = med(warm.map((r) => r.mermaidMs));
    const overheads = warm.map((r) => (100 * (r.ms - r.mermaidMs)) / r.mermaidMs);
    return {
      nodes: runs[0]!.nodes,
      edges: model.edges.length,
      runs: warm.map(({ ms, mermaidMs: mm }) => ({ ms, mermaidMs: mm })),
      mermaidMs,
      totalMs: med(warm.map((r) => r.ms)),
      overheadPct: med(overheads),
    };
  } finally {
    await browser.close();
  }
}
