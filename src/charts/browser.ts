/**
 * Entry of out/charts.js: the scaling charts for a plain browser page, as `archscale sweep
 * --format svg|png` draws them in Chromium (src/cli/sweep-charts.ts). Defines
 * `window.archscaleCharts.sheet(sweep, growth, options)`, taking the JSON forms (messages.ts) and
 * returning the sheet's SVG markup.
 */
import type { WireGrowth, WireSweep } from '../shared/messages.js';
import { growthFromWire, sweepFromWire } from './wire.js';
import { chartSheet, DARK, LIGHT } from './index.js';

export interface SheetOptions {
  theme?: 'light' | 'dark';
  width?: number;
  title?: string;
}

function sheetMarkup(sweep: WireSweep, growth: WireGrowth | null, options: SheetOptions = {}): string {
  const { sweep: s, leftOut } = sweepFromWire(sweep);
  const svg = chartSheet(s, growth ? growthFromWire(growth) : null, {
    document,
    theme: options.theme === 'dark' ? DARK : LIGHT,
    leftOut,
    ...(options.width ? { width: options.width } : {}),
    ...(options.title ? { title: options.title } : {}),
  });
  document.body.replaceChildren(svg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

(window as unknown as { archscaleCharts: unknown }).archscaleCharts = { sheet: sheetMarkup };
