/**
 * Growth as a timeline: months from now on x, the busiest components' utilisation as the load
 * compounds month by month, the 100 % and target lines, and the growth events (a component
 * saturates, an SLO target is missed, autoscaling runs out, a store fills) where they happen.
 */
import * as Plot from '@observablehq/plot';
import type { Growth, GrowthEvent } from '../core/scaling/types.js';
import { count, percent } from '../core/wording.js';
import { DEFAULT_WIDTH, frameOptions, labelRows, seriesStyle, type ChartOptions } from './base.js';
import { framed, type LegendItem } from './frame.js';
import { BUSIEST, utilizationTop } from './select.js';

const KIND_LABEL: Record<GrowthEvent['kind'], string> = {
  saturates: 'saturates',
  slo: 'SLO missed',
  'autoscale-max': 'autoscale max',
  'storage-full': 'storage full',
};

/** "8 % a month", or "3 % to 8 % a month" when the clients grow at different rates. */
export function ratesText(rates: Record<string, number>): string {
  const xs = Object.values(rates).filter((r) => Number.isFinite(r));
  if (!xs.length) return 'no growth rate';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? `${percent(lo)} a month` : `${percent(lo)} to ${percent(hi)} a month`;
}

export function growthChart(growth: Growth, targetUtilization: number, o: ChartOptions): SVGSVGElement {
  const { theme } = o;
  const months = growth.timeline.months;
  const end = months[months.length - 1] ?? growth.horizonMonths;
  const lastOf = (xs: readonly number[]) => {
    for (let i = xs.length - 1; i >= 0; i--) if (Number.isFinite(xs[i]!)) return xs[i]!;
    return xs.length ? Infinity : 0;
  };
  const eventful = new Set(growth.events.map((e) => e.component).filter((c): c is string => c !== undefined));
  const curves = [...growth.timeline.components]
    .filter((c) => lastOf(c.utilization) > 0)
    .sort(
      (a, b) =>
        Number(eventful.has(b.component)) - Number(eventful.has(a.component)) ||
        lastOf(b.utilization) - lastOf(a.utilization),
    )
    .slice(0, BUSIEST);
  const top = utilizationTop(
    curves.map((c) => ({ ...c, system: '', saturatesAt: null, saturatesAtMax: null, autoscaleMaxAt: null })),
    targetUtilization,
  );
  const marks: Plot.Markish[] = [
    Plot.ruleY([1], { stroke: theme.danger, strokeWidth: 1.5, className: 'full' }),
    Plot.text(['100 %'], { x: end, y: 1, textAnchor: 'end', dy: -6, fill: theme.danger }),
    Plot.ruleY([targetUtilization], {
      stroke: theme.warning,
      strokeWidth: 1.5,
      strokeDasharray: '6,3',
      className: 'target',
    }),
  ];
  const legend: LegendItem[] = [];
  curves.forEach((c, i) => {
    const { color, dash } = seriesStyle(theme, i);
    const points = months.map((x, s) => ({ x, y: c.utilization[s]! })).filter((p) => Number.isFinite(p.y));
    marks.push(
      Plot.line(points, {
        x: 'x',
        y: 'y',
        stroke: color,
        strokeWidth: 2,
        strokeDasharray: dash,
        clip: true,
        className: 'growth',
        ariaDescription: c.component,
        title: () => c.component,
      }),
    );
    legend.push({ label: c.component, color, ...(dash ? { dash } : {}) });
  });
  legend.push({ label: '100 %', color: theme.danger }, { label: 'target', color: theme.warning, dash: '6,3' });

  const events = growth.events.filter((e) => Number.isFinite(e.month) && e.month >= 0 && e.month <= end);
  if (events.length) {
    const text = (x: GrowthEvent) => `${x.component ?? x.target ?? ''} ${KIND_LABEL[x.kind]} · month ${count(x.month)}`;
    const side = (e: GrowthEvent) => (e.month > end * 0.6 ? 'end' : 'start');
    const rows = labelRows(
      events.map((e) => ({ x: e.month, text: text(e), anchor: side(e) })),
      end,
      Math.max(280, o.width ?? DEFAULT_WIDTH),
    );
    marks.push(
      Plot.ruleX(events, {
        x: 'month',
        stroke: (e: GrowthEvent) => (e.kind === 'saturates' ? theme.danger : theme.warning),
        strokeOpacity: 0.55,
        strokeDasharray: '4,3',
        className: 'growth-event',
        title: 'text',
      }),
      ...events.map((e, i) => {
        const right = side(e) === 'end';
        return Plot.text([e], {
          x: 'month',
          frameAnchor: 'top',
          text,
          textAnchor: right ? 'end' : 'start',
          dx: right ? -4 : 4,
          dy: 4 + 13 * rows[i]!,
          fill: e.kind === 'saturates' ? theme.danger : theme.warning,
          className: 'growth-event-label',
        });
      }),
    );
  }

  const plot = Plot.plot({
    ...frameOptions(o),
    x: { domain: [0, end], label: 'Months from now →', labelAnchor: 'right' },
    y: { domain: [0, top], label: '↑ Utilisation', grid: true, nice: false, tickFormat: (d: number) => percent(d, 0) },
    marks,
  }) as SVGSVGElement;

  const firstEvent = [...growth.events].sort((a, b) => a.month - b.month)[0];
  return framed({
    document: o.document,
    theme,
    name: 'growth',
    title: 'Growth',
    subtitle: `Load growing ${ratesText(growth.rates)} over ${count(growth.horizonMonths)} months${
      firstEvent ? `; first: ${firstEvent.text}` : '; nothing breaks within the horizon'
    }`,
    plot,
    legend,
  });
}
