/**
 * Response times against the load multiplier, one system: p95 (solid) and p99 (dashed) of each
 * client's request class, the system's SLO targets as horizontal lines, where each SLO target is
 * first missed (a dot on its line) and where the first component saturates (a vertical line).
 * A request whose response time becomes unbounded (a component on its path saturated) climbs to
 * the top of the axis and stops there, marked "saturated".
 */
import * as Plot from '@observablehq/plot';
import type { Sweep } from '../core/scaling/types.js';
import { duration, times } from '../core/wording.js';
import { DEFAULT_WIDTH, frameOptions, labelRows, seriesStyle, toTop, type ChartOptions } from './base.js';
import { framed, type LegendItem } from './frame.js';
import { latencyTop } from './select.js';

const TARGETS = ['p50', 'p95', 'p99'] as const;
const SLO_DASH: Record<(typeof TARGETS)[number], string | undefined> = { p50: '1,3', p95: undefined, p99: '6,3' };

export function latencyChart(sweep: Sweep, system: string, o: ChartOptions): SVGSVGElement {
  const { theme } = o;
  const curves = sweep.clients.filter((c) => c.system === system);
  const scaling = sweep.systems.find((s) => s.system === system);
  const slo = scaling?.slo ?? {};
  const targets = TARGETS.filter((t) => slo[t] !== undefined && Number.isFinite(slo[t]));
  const top = latencyTop(
    curves,
    targets.map((t) => slo[t]!),
  );
  const end = sweep.multipliers[sweep.multipliers.length - 1] ?? 1;
  const marks: Plot.Markish[] = [
    Plot.ruleX([1], { stroke: theme.foreground, strokeOpacity: 0.35, strokeDasharray: '2,3', className: 'today' }),
    Plot.text(['today'], { x: 1, frameAnchor: 'top', dy: -12, fill: theme.foreground, fillOpacity: 0.7 }),
  ];
  for (const t of targets) {
    const ms = slo[t]!;
    marks.push(
      Plot.ruleY([ms], {
        stroke: theme.danger,
        strokeWidth: 1.5,
        strokeDasharray: SLO_DASH[t],
        className: `slo slo-${t}`,
      }),
      Plot.text([`${t} SLO ${duration(ms)}`], {
        x: end,
        y: ms,
        textAnchor: 'end',
        dy: -6,
        fill: theme.danger,
        className: `slo-label slo-${t}-label`,
      }),
    );
  }

  const legend: LegendItem[] = [];
  const saturated = new Set<number>();
  curves.forEach((c, i) => {
    const { color, dash } = seriesStyle(theme, i);
    const label = `${c.client} ${c.traffic}`;
    for (const [pct, ys] of [
      ['p95', c.p95],
      ['p99', c.p99],
    ] as const) {
      const { points, saturatedAt } = toTop(sweep.multipliers, ys, top);
      if (saturatedAt !== undefined) saturated.add(saturatedAt);
      if (points.length === 0) continue;
      marks.push(
        Plot.line(points, {
          x: 'x',
          y: 'y',
          stroke: color,
          strokeWidth: pct === 'p95' ? 2 : 1.5,
          strokeDasharray: pct === 'p99' ? '5,3' : dash,
          clip: true,
          className: 'latency',
          ariaDescription: `${label} ${pct}`,
          title: () => `${label} ${pct}`,
        }),
      );
    }
    legend.push({ label: `${label} p95`, color, ...(dash ? { dash } : {}) });
  });
  if (curves.length) legend.push({ label: 'p99 (dashed)', color: theme.foreground, dash: '5,3' });
  for (const t of targets)
    legend.push({ label: `${t} SLO`, color: theme.danger, ...(SLO_DASH[t] ? { dash: SLO_DASH[t] } : {}) });

  // where each SLO target is first missed
  const sloBreaks = sweep.breaks.filter(
    (b) =>
      b.kind === 'slo' &&
      b.system === system &&
      b.target !== undefined &&
      b.target !== 'availability' &&
      slo[b.target] !== undefined &&
      b.multiplier > 0,
  );
  if (sloBreaks.length) {
    const rows = labelRows(
      sloBreaks.map((b) => ({ x: b.multiplier, text: `${b.target} SLO to ${times(b.multiplier)}`, anchor: 'end' })),
      end,
      Math.max(280, o.width ?? DEFAULT_WIDTH),
    );
    marks.push(
      Plot.dot(sloBreaks, {
        x: 'multiplier',
        y: (b) => slo[b.target as 'p95']!,
        r: 4.5,
        fill: theme.danger,
        stroke: theme.background,
        className: 'break-slo',
        title: 'text',
      }),
      ...sloBreaks.map((b, i) =>
        Plot.text([b], {
          x: 'multiplier',
          y: (x) => slo[x.target as 'p95']!,
          text: (x) => `${x.target} SLO to ${times(x.multiplier)}`,
          textAnchor: 'end',
          dx: -7,
          dy: 12 + 13 * rows[i]!,
          fill: theme.danger,
          className: 'break-slo-label',
        }),
      ),
    );
  }
  // where the first component saturates
  const first = scaling?.firstSaturation;
  if (first && first.multiplier <= end) {
    marks.push(
      Plot.ruleX([first.multiplier], {
        stroke: theme.danger,
        strokeOpacity: 0.6,
        strokeDasharray: '4,3',
        className: 'break-saturation',
        title: () => first.text,
      }),
      Plot.text([`${first.component ?? ''} saturates · ${times(first.multiplier)}`], {
        x: first.multiplier,
        frameAnchor: 'top',
        textAnchor: first.multiplier > end * 0.6 ? 'end' : 'start',
        dx: first.multiplier > end * 0.6 ? -4 : 4,
        dy: 4,
        fill: theme.danger,
        className: 'break-saturation-label',
      }),
    );
  }
  const firstUnbounded = Math.min(...saturated);
  // "saturated" by the first line that climbs out, unless the first saturation's label is there already
  const labelled = first && first.multiplier <= end && Math.abs(first.multiplier - firstUnbounded) < end * 0.08;
  if (saturated.size && !labelled)
    marks.push(
      Plot.text(['saturated'], {
        x: firstUnbounded,
        y: top,
        textAnchor: 'start',
        dx: 7,
        dy: 9,
        fill: theme.danger,
        className: 'saturated-label',
      }),
    );
  if (saturated.size)
    marks.push(
      Plot.dot([...saturated], {
        x: (x: number) => x,
        y: top,
        symbol: 'triangle',
        r: 3.5,
        fill: theme.danger,
        className: 'saturated',
        title: (x: number) => `unbounded from ${times(x)}: a component on the path saturates`,
      }),
    );

  const plot = Plot.plot({
    ...frameOptions(o),
    x: { domain: [0, end], label: "Load (× today's) →", labelAnchor: 'right', tickFormat: (d: number) => `${d}×` },
    y: { domain: [0, top], label: '↑ Response time (ms)', grid: true, nice: false },
    marks,
  }) as SVGSVGElement;

  const sat = saturated.size ? `; a line climbing to the top is unbounded there (saturated)` : '';
  const subtitle = curves.length
    ? `${system}: p95 and p99 of each client's requests as load grows${sat}`
    : `${system}: no client's requests reach this system`;
  return framed({
    document: o.document,
    theme,
    name: 'latency',
    system,
    title: 'Response times',
    subtitle,
    plot,
    legend,
  });
}
