/**
 * The scaling charts as SVG or PNG, for `archscale sweep --format svg|png`: the same charts the
 * preview's Scaling view draws (src/charts, Observable Plot), drawn in Debian's Chromium driven
 * by playwright-core as `archscale render` draws Mermaid (mermaid-browser.ts): a blank local page,
 * the charts' browser bundle (out/charts.js, built by esbuild.mjs) put into it, every request
 * refused. Never downloads a browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Growth, Sweep } from '../core/scaling/types.js';
import type { WireGrowth, WireSweep } from '../shared/messages.js';
import { growthToWire, sweepToWire } from '../charts/wire.js';
import { CHROMIUM_ARGS, chromiumPath, RenderSetupError } from './mermaid-browser.js';

export interface SweepChartOptions {
  /** Light (default) or dark colours. */
  theme?: 'light' | 'dark';
  /** Width of each chart, px (default 720). */
  width?: number;
  /** The sheet's title (default "Scaling"). */
  title?: string;
  /** The charts' browser bundle (default: charts.js beside the CLI's bundle, or out/charts.js). */
  bundlePath?: string;
}

/** Where out/charts.js is: beside the running bundle (out/cli.cjs), or the project's out/ from the sources. */
export function chartsBundlePath(): string {
  const candidates = [new URL('./charts.js', import.meta.url), new URL('../../out/charts.js', import.meta.url)];
  for (const u of candidates) {
    const p = fileURLToPath(u);
    if (existsSync(p)) return p;
  }
  throw new RenderSetupError("the charts' browser bundle (out/charts.js) was not found: run npm run build");
}

/**
 * Draws the sweep's charts (and growth's timeline when given) in Chromium: the SVG markup
 * (format 'svg') or a PNG at 2× (format 'png'). Throws RenderSetupError when Chromium,
 * playwright-core or the bundle is missing.
 */
export async function renderSweepCharts(
  sweep: Sweep,
  growth: Growth | null,
  format: 'svg' | 'png',
  options: SweepChartOptions = {},
): Promise<Buffer | string> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath))
    throw new RenderSetupError(
      `drawing charts as SVG or PNG needs Chromium, and ${executablePath} was not found: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  const script = readFileSync(options.bundlePath ?? chartsBundlePath(), 'utf8');
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new RenderSetupError(
      'drawing charts as SVG or PNG needs the playwright-core package (npm install playwright-core)',
    );
  }
  const wire = { sweep: sweepToWire(sweep), growth: growth ? growthToWire(growth) : null };
  const browser = await playwright.chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 2 });
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"></body></html>',
    );
    await page.addScriptTag({ content: script });
    const svg = await page.evaluate(
      ({ sweep, growth, o }) =>
        (
          window as unknown as {
            archscaleCharts: { sheet(s: WireSweep, g: WireGrowth | null, o: object): string };
          }
        ).archscaleCharts.sheet(sweep, growth, o),
      {
        ...wire,
        o: { theme: options.theme ?? 'light', width: options.width ?? 720, title: options.title ?? 'Scaling' },
      },
    );
    if (errors.length) throw new Error(`drawing the charts failed: ${errors.join('; ')}`);
    if (format === 'svg') return svg;
    return await page.locator('body > svg').screenshot({ type: 'png', omitBackground: false });
  } finally {
    await browser.close();
  }
}
