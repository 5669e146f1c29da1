/**
 * The preview's Scaling view: a panel beside the diagram with the load sweep's charts (response
 * times and utilisation against the load multiplier, per system; growth as a timeline when a
 * growth rate is set), drawn by src/charts (Observable Plot) in the VS Code theme's colours; the
 * systems' break points in words; export of the charts as one SVG or PNG. It draws what the
 * extension sends (`scaling` messages from archscale/scaling); the newest only; the last good
 * charts stay when the model does not parse.
 */
import { chartSheet, scalingCharts, sizeOf, themeFromCss, type ChartTheme } from '../charts/index.js';
import type { Growth, Sweep } from '../core/scaling/types.js';
import type { ExportFormat, ScalingResponse } from '../shared/messages.js';
import { growthFromWire, sweepFromWire } from '../charts/wire.js';
import { pngBase64 } from './export.js';
import { themeKind } from './theme.js';

interface Shown {
  sweep: Sweep;
  growth: Growth | null;
  leftOut: Record<string, number>;
  title: string;
  scenario: string | undefined;
  notes: string[];
}

const h = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) => {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
};

export class ScalingView {
  readonly element = h('aside', 'scaling');
  private readonly heading = h('div', 'scaling-head');
  private readonly label = h('span', 'scaling-title', 'Scaling');
  private readonly error = h('div', 'scaling-error');
  private readonly body = h('div', 'scaling-body');
  private readonly status = h('p', 'status', 'Computing the load sweep…');
  private shown: Shown | undefined;
  private width = 0;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onExport: (format: ExportFormat, content: string) => void,
    private readonly onError: (message: string) => void,
    private readonly onDrawn: (charts: string[], ms: number) => void = () => {},
  ) {
    this.element.setAttribute('aria-label', 'Scaling');
    this.error.hidden = true;
    this.error.setAttribute('role', 'alert');
    this.status.setAttribute('role', 'status');
    const exportButton = (format: 'svg' | 'png') => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = format.toUpperCase();
      b.title = `Export the charts as ${format.toUpperCase()}`;
      b.setAttribute('aria-label', b.title);
      b.dataset.action = `charts-${format}`;
      b.addEventListener('click', () => void this.exportAs(format));
      return b;
    };
    this.heading.append(this.label, exportButton('svg'), exportButton('png'));
    this.body.append(this.status);
    this.element.append(this.heading, this.error, this.body);
    new ResizeObserver(() => {
      const w = this.chartWidth();
      if (!this.shown || this.element.hidden || Math.abs(w - this.width) < 8) return;
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.draw(), 120);
    }).observe(this.element);
  }

  /** The data of a `scaling` message: draw it, or say why there is nothing new. */
  show(title: string, r: ScalingResponse): void {
    if (r.error || !r.sweep) {
      const message = r.error ?? 'No sweep for this model.';
      if (this.shown) this.banner(`${message}\nShowing the last charts that could be drawn.`);
      else {
        this.banner(undefined);
        this.status.textContent = message;
        this.body.replaceChildren(this.status);
      }
      return;
    }
    const { sweep, leftOut } = sweepFromWire(r.sweep);
    this.shown = {
      sweep,
      leftOut,
      growth: r.growth ? growthFromWire(r.growth) : null,
      title,
      scenario: r.scenario,
      notes: r.notes ?? [],
    };
    this.banner(undefined);
    this.draw();
  }

  /** Redraws the charts (theme changed, resized). */
  draw(): void {
    const s = this.shown;
    if (!s) return;
    this.label.textContent = s.scenario ? `Scaling — scenario ${s.scenario}` : 'Scaling — today';
    const t = performance.now();
    try {
      this.width = this.chartWidth();
      const charts = scalingCharts(s.sweep, s.growth, {
        document,
        theme: this.theme(),
        width: this.width,
        height: 240,
        leftOut: s.leftOut,
      });
      const parts: Node[] = [];
      for (const x of s.sweep.systems) if (x.lens) parts.push(h('p', 'scaling-lens', `${x.system}: ${x.lens}`));
      const sections = charts.systems.flatMap((x) => x.charts);
      if (charts.growth) sections.push(charts.growth);
      if (!sections.length) parts.push(h('p', 'status', 'Nothing to chart: no component of this model receives load.'));
      for (const svg of sections) {
        const figure = h('figure', 'chart');
        figure.append(svg);
        parts.push(figure);
      }
      for (const note of [...s.notes, ...charts.notes]) parts.push(h('p', 'scaling-note', note));
      if (s.sweep.breaks.length) {
        parts.push(h('h3', 'scaling-subhead', 'Break points'));
        const ul = h('ul', 'scaling-breaks');
        for (const b of s.sweep.breaks.slice(0, 12)) ul.append(h('li', b.kind, b.text));
        parts.push(ul);
      }
      this.body.replaceChildren(...parts);
      this.onDrawn(
        sections.map((x) => x.getAttribute('data-chart') ?? ''),
        Math.round(performance.now() - t),
      );
    } catch (err) {
      this.onError(`The charts could not be drawn: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Whether charts are on screen. */
  get hasCharts(): boolean {
    return this.shown !== undefined;
  }

  private chartWidth(): number {
    return Math.max(280, Math.min(900, Math.floor(this.element.clientWidth - 28)));
  }

  private theme(): ChartTheme {
    const css = getComputedStyle(document.body);
    return themeFromCss(themeKind(document.body), (name) => css.getPropertyValue(name));
  }

  private banner(text: string | undefined): void {
    this.error.textContent = text ?? '';
    this.error.hidden = !text;
  }

  private async exportAs(format: 'svg' | 'png'): Promise<void> {
    const s = this.shown;
    if (!s) {
      this.banner('Nothing to export yet.');
      return;
    }
    try {
      const theme = this.theme();
      const svg = chartSheet(s.sweep, s.growth, {
        document,
        theme,
        width: Math.max(this.width, 640),
        height: 260,
        leftOut: s.leftOut,
        title: `${s.title}${s.scenario ? ` — scenario ${s.scenario}` : ''}: scaling`,
      });
      const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
      if (format === 'svg') this.onExport('svg', text);
      else {
        const { width, height } = sizeOf(svg);
        this.onExport('png', await pngBase64(text, width, height, theme.background));
      }
    } catch (err) {
      this.banner(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
