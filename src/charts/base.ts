/** What every scaling chart shares: Plot's frame options in the theme, series colours, labels. */
import type * as Plot from '@observablehq/plot';
import { textWidth } from './frame.js';
import type { ChartTheme } from './theme.js';

export interface ChartOptions {
  /** The document to create the SVG in (the page's, or jsdom's in Node). */
  document: Document;
  theme: ChartTheme;
  /** Width in px (default 640). */
  width?: number;
  /** Height of the plot area with its axes, px (default 260). */
  height?: number;
  /** Per system, components saturating within the sweep left out before the sweep got here (wire.ts). */
  leftOut?: Record<string, number>;
}

export const DEFAULT_WIDTH = 640;
export const DEFAULT_HEIGHT = 260;

/** Plot's options shared by every chart: size, margins, the theme's text colour and font, no background. */
export function frameOptions(o: ChartOptions): Plot.PlotOptions {
  return {
    document: o.document,
    width: Math.max(280, Math.round(o.width ?? DEFAULT_WIDTH)),
    height: Math.max(160, Math.round(o.height ?? DEFAULT_HEIGHT)),
    marginLeft: 56,
    marginRight: 20,
    marginTop: 22,
    marginBottom: 40,
    style: { background: 'transparent', color: o.theme.foreground, fontFamily: o.theme.font, fontSize: '11px' },
  };
}

/** The i-th series' colour, and a dash once the theme's colours run out. */
export function seriesStyle(theme: ChartTheme, i: number): { color: string; dash: string | undefined } {
  const n = theme.series.length;
  return {
    color: theme.series[i % n]!,
    dash: i < n ? undefined : ['6,3', '2,2', '8,3,2,3'][Math.floor(i / n - 1) % 3],
  };
}

/** Points with y = Infinity drawn to the top of the axis, then the line stops (saturated). */
export function toTop(
  xs: readonly number[],
  ys: readonly number[],
  top: number,
): { points: Array<{ x: number; y: number }>; saturatedAt: number | undefined } {
  const points: Array<{ x: number; y: number }> = [];
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === undefined || Number.isNaN(y)) continue;
    if (!Number.isFinite(y)) {
      points.push({ x: xs[i]!, y: top });
      return { points, saturatedAt: xs[i]! };
    }
    points.push({ x: xs[i]!, y });
  }
  return { points, saturatedAt: undefined };
}

/** A label placed along x: its position (data units), its text and which side of x it extends to. */
export interface Label {
  x: number;
  text: string;
  anchor: 'start' | 'end';
}

/**
 * A row for each label (0, 1, 2, ...) so that labels whose text would overlap (by the estimated
 * width, on a plot of `width` px showing 0..`end`) go on different rows; at most `rows` rows (then
 * the least crowded one).
 */
export function labelRows(labels: readonly Label[], end: number, width: number, rows = 4): number[] {
  const inner = Math.max(1, width - 56 - 20);
  const px = (x: number) => (end > 0 ? (x / end) * inner : 0);
  const taken: Array<Array<[number, number]>> = Array.from({ length: rows }, () => []);
  const order = labels.map((l, i) => [l, i] as const).sort((a, b) => a[0].x - b[0].x);
  const out = new Array<number>(labels.length).fill(0);
  for (const [l, i] of order) {
    const w = textWidth(l.text) + 10;
    const x = px(l.x);
    const span: [number, number] = l.anchor === 'end' ? [x - w, x] : [x, x + w];
    let row = taken.findIndex((r) => r.every(([a, b]) => span[1] <= a || span[0] >= b));
    if (row < 0) row = taken.reduce((best, r, k) => (r.length < taken[best]!.length ? k : best), 0);
    taken[row]!.push(span);
    out[i] = row;
  }
  return out;
}
