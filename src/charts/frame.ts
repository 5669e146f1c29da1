/**
 * A chart as one self-contained SVG: its title and subtitle, the plot Observable Plot drew, and a
 * legend drawn as SVG (Plot's own swatch legend is HTML, which an exported SVG cannot hold); and
 * the sheet that stacks every chart into one SVG for export (preview and CLI alike).
 */
import type { ChartTheme } from './theme.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';

export interface LegendItem {
  label: string;
  color: string;
  /** A stroke-dasharray for the swatch's line. */
  dash?: string;
  /** A dot instead of a line. */
  dot?: boolean;
}

export interface FrameOptions {
  document: Document;
  theme: ChartTheme;
  /** What the chart shows, for tests and styling: `latency`, `utilization`, `growth`. */
  name: string;
  system?: string;
  title: string;
  subtitle?: string;
  /** The plot Observable Plot drew (an <svg>). */
  plot: SVGSVGElement;
  legend: LegendItem[];
  /** One line under the legend ("3 more components saturate in range"). */
  note?: string;
}

const TITLE_PX = 13;
const TEXT_PX = 11;

/** An estimate of a text's width in px (no layout engine in Node; a little generous). */
export function textWidth(text: string, px = TEXT_PX): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 128 ? (/[A-Z0-9%@mwMW]/.test(ch) ? 0.66 : 0.56) : 0.9;
  return w * px;
}

function node<K extends keyof SVGElementTagNameMap>(
  document: Document,
  tag: K,
  attrs: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Splits a text into lines of at most `width` px (by the estimate), at spaces. */
export function wrap(text: string, width: number, px = TEXT_PX): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, px) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The chart: header, plot, legend, note, in one <svg class="archscale-chart">. */
export function framed(o: FrameOptions): SVGSVGElement {
  const { document: doc, theme } = o;
  const width = Number(o.plot.getAttribute('width')) || 640;
  const plotHeight = Number(o.plot.getAttribute('height')) || 260;
  const svg = node(doc, 'svg', {
    xmlns: SVG_NS,
    class: 'archscale-chart',
    'data-chart': o.name,
    width,
    'font-family': theme.font,
    fill: theme.foreground,
    role: 'img',
  });
  if (o.system !== undefined) svg.setAttribute('data-system', o.system);
  svg.setAttribute('aria-label', o.subtitle ? `${o.title}: ${o.subtitle}` : o.title);
  let y = 4;
  svg.append(node(doc, 'text', { x: 4, y: (y += TITLE_PX + 2), 'font-size': TITLE_PX, 'font-weight': 600 }, o.title));
  if (o.subtitle)
    for (const line of wrap(o.subtitle, width - 8))
      svg.append(node(doc, 'text', { x: 4, y: (y += TEXT_PX + 5), 'font-size': TEXT_PX, opacity: 0.75 }, line));
  y += 6;
  o.plot.setAttribute('x', '0');
  o.plot.setAttribute('y', String(y));
  o.plot.classList.add('archscale-plot');
  svg.append(o.plot);
  y += plotHeight + 4;

  // legend: swatch + label, flowing left to right, wrapping at the chart's width
  let x = 8;
  const rowHeight = TEXT_PX + 8;
  if (o.legend.length) y += rowHeight - 4;
  const legend = node(doc, 'g', { class: 'legend', 'font-size': TEXT_PX });
  for (const item of o.legend) {
    const w = 24 + textWidth(item.label) + 14;
    if (x > 8 && x + w > width) {
      x = 8;
      y += rowHeight;
    }
    const g = node(doc, 'g', { class: 'legend-item' });
    if (item.dot) g.append(node(doc, 'circle', { cx: x + 9, cy: y - 4, r: 4, fill: item.color }));
    else
      g.append(
        node(doc, 'line', {
          x1: x,
          x2: x + 18,
          y1: y - 4,
          y2: y - 4,
          stroke: item.color,
          'stroke-width': 2,
          ...(item.dash ? { 'stroke-dasharray': item.dash } : {}),
        }),
      );
    g.append(node(doc, 'text', { x: x + 24, y }, item.label));
    legend.append(g);
    x += w;
  }
  svg.append(legend);
  if (o.note)
    for (const line of wrap(o.note, width - 16))
      svg.append(node(doc, 'text', { x: 8, y: (y += rowHeight), 'font-size': TEXT_PX, opacity: 0.75 }, line));
  const height = Math.ceil(y + 8);
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return svg;
}

/** The size of a framed chart or sheet. */
export function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
  return { width: Number(svg.getAttribute('width')) || 0, height: Number(svg.getAttribute('height')) || 0 };
}

/**
 * Every chart stacked into one SVG document (for export), on the theme's background, with a title
 * and notes (the break points, worded) at the end.
 */
export function sheet(
  doc: Document,
  theme: ChartTheme,
  charts: readonly SVGSVGElement[],
  options: { title: string; notes?: readonly string[] },
): SVGSVGElement {
  const pad = 16;
  const width = Math.max(320, ...charts.map((c) => sizeOf(c).width)) + 2 * pad;
  const svg = node(doc, 'svg', {
    xmlns: SVG_NS,
    class: 'archscale-charts',
    width,
    'font-family': theme.font,
    fill: theme.foreground,
  });
  const background = node(doc, 'rect', { x: 0, y: 0, width: '100%', height: '100%', fill: theme.background });
  svg.append(background);
  let y = pad;
  svg.append(node(doc, 'text', { x: pad, y: (y += 16), 'font-size': 16, 'font-weight': 600 }, options.title));
  y += 10;
  for (const c of charts) {
    const copy = c.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('x', String(pad));
    copy.setAttribute('y', String(y));
    svg.append(copy);
    y += sizeOf(c).height + 14;
  }
  const notes = options.notes ?? [];
  if (notes.length) {
    svg.append(node(doc, 'text', { x: pad, y: (y += 14), 'font-size': 12, 'font-weight': 600 }, 'Break points'));
    for (const n of notes)
      for (const [i, line] of wrap(n, width - 2 * pad - 12).entries())
        svg.append(
          node(doc, 'text', { x: pad + (i ? 12 : 0), y: (y += 16), 'font-size': TEXT_PX }, `${i ? '' : '• '}${line}`),
        );
  }
  const height = Math.ceil(y + pad);
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return svg;
}
