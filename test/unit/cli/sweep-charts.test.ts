/**
 * The scaling charts from the CLI side (src/cli/sweep-charts.ts): the capacity-plan sample's sweep
 * drawn in Debian's Chromium with the charts' browser bundle (built here as esbuild.mjs builds
 * out/charts.js), as SVG and PNG; a missing Chromium is a setup error, not a crash.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepCharts } from '../../../src/cli/sweep-charts.js';
import { RenderSetupError } from '../../../src/cli/mermaid-browser.js';
import { analyze } from '../../../src/core/analysis/index.js';
import { sweepOf } from '../../../src/core/scaling/index.js';
import type { Sweep } from '../../../src/core/scaling/types.js';
import { ROOT, load } from '../helpers.js';

const RESULTS = join(ROOT, 'test-results');
let bundlePath = '';
let sweep: Sweep;

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  bundlePath = join(RESULTS, 'charts.test-bundle.js');
  await build({
    entryPoints: [join(ROOT, 'src/charts/browser.ts')],
    bundle: true,
    outfile: bundlePath,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  const r = await load(readFileSync(join(ROOT, 'samples/capacity-plan.arch'), 'utf8'));
  sweep = sweepOf(r.model, analyze(r.model));
}, 60_000);

const chromium = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (chromium === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = chromium;
});

describe('renderSweepCharts', () => {
  it('draws the capacity plan as a standalone SVG: both charts, the SLO line, the break points', async () => {
    const svg = (await renderSweepCharts(sweep, null, 'svg', { bundlePath, title: 'capacity-plan.arch' })) as string;
    expect(typeof svg).toBe('string');
    writeFileSync(join(RESULTS, 'sweep-charts.svg'), svg);
    expect(svg.startsWith('<?xml')).toBe(true);
    const doc = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
    const root = doc.documentElement;
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect([...root.querySelectorAll('svg.archscale-chart')].map((c) => c.getAttribute('data-chart'))).toEqual([
      'latency',
      'utilization',
    ]);
    expect(root.querySelector('g.slo-p95 line')).not.toBeNull();
    expect([...root.querySelectorAll('g.break-saturates-label text')].map((t) => t.textContent)).toContain('app 1.71×');
    expect(root.textContent).toContain('capacity-plan.arch');
    expect(root.textContent).toContain("app saturates at 1.71× today's load");
    expect(svg).not.toMatch(/NaN|<script|on\w+=/i);
  }, 60_000);

  it('draws a PNG at 2x', async () => {
    const png = (await renderSweepCharts(sweep, null, 'png', { bundlePath, theme: 'dark' })) as Buffer;
    expect(Buffer.isBuffer(png)).toBe(true);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    writeFileSync(join(RESULTS, 'sweep-charts-dark.png'), png);
    // width in the IHDR chunk: (720 + 2 × 16) × 2
    expect(png.readUInt32BE(16)).toBe((720 + 32) * 2);
  }, 60_000);

  it('says what is missing when there is no Chromium', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    await expect(renderSweepCharts(sweep, null, 'svg', { bundlePath })).rejects.toThrow(RenderSetupError);
    await expect(renderSweepCharts(sweep, null, 'svg', { bundlePath })).rejects.toThrow(/needs Chromium/);
  });
});
