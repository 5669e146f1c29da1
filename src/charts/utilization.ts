/**
 * Utilisation against the load multiplier, one system: the busiest components (and any other
 * that saturates within the sweep) with today's instances (solid; linear in the load), and for
 * autoscaled ones with autoscaling at its maximum (dashed); the 100 % line and the target
 * utilisation; where each saturates (a dot on the 100 % line, labelled with the multiplier).
 */
import * as Plot from '@observablehq/plot';
import type { ComponentCurve, Sweep } from '../core/scaling/types.js';
import { percent, plural, times } from '../core/wording.js';
import { DEFAULT_WIDTH, frameOptions, labelRows, seriesStyle, type ChartOptions } from './base.js';
import { framed, type LegendItem } from './frame.js';
import { pickComponents, utilizationTop } from './select.js';

interface Marker {
  x: number;
  component: string;
  color: string;
  text: string;
  autoscaled: boolean;
}

export function utilizationChart(sweep: Sweep, system: string, o: ChartOptions): SVGSVGElement {
  const { theme } = o;
  const picked = pickComponents(sweep, system);
  const curves = picked.curves;
  const more = picked.more + (o.leftOut?.[system] ?? 0);
  const target = sweep.targetUtilization;
  const top = utilizationTop(curves, target);
  const end = sweep.multipliers[sweep.multipliers.length - 1] ?? 1;
  const marks: Plot.Markish[] = [
    Plot.ruleX([1], { stroke: theme.foreground, strokeOpacity: 0.35, strokeDasharray: '2,3', className: 'today' }),
    Plot.text(['today'], { x: 1, frameAnchor: 'top', dy: -12, fill: theme.foreground, fillOpacity: 0.7 }),
    Plot.ruleY([1], { stroke: theme.danger, strokeWidth: 1.5, className: 'full' }),
    Plot.text(['100 %'], { x: end, y: 1, textAnchor: 'end', dy: -6, fill: theme.danger }),
    Plot.ruleY([target], { stroke: theme.warning, strokeWidth: 1.5, strokeDasharray: '6,3', className: 'target' }),
    Plot.text([`target ${percent(target, 0)}`], { x: end, y: target, textAnchor: 'end', dy: 12, fill: theme.warning }),
  ];
  const legend: LegendItem[] = [];
  const markers: Marker[] = [];
  const breakText = (c: ComponentCurve) =>
    sweep.breaks.find((b) => b.kind === 'saturates' && b.component === c.component)?.text ??
    `${c.component} saturates at ${times(c.saturatesAt!)} today's load`;
  let autoscaled = false;
  curves.forEach((c, i) => {
    const { color, dash } = seriesStyle(theme, i);
    const points = sweep.multipliers.map((x, s) => ({ x, y: c.utilization[s]! })).filter((p) => Number.isFinite(p.y));
    marks.push(
      Plot.line([{ x: 0, y: 0 }, ...points], {
        x: 'x',
        y: 'y',
        stroke: color,
        strokeWidth: 2,
        strokeDasharray: dash,
        clip: true,
        className: 'utilization',
        ariaDescription: c.component,
        title: () => c.component,
      }),
    );
    legend.push({ label: c.component, color, ...(dash ? { dash } : {}) });
    if (c.saturatesAt !== null && c.saturatesAt <= end)
      markers.push({ x: c.saturatesAt, component: c.component, color, text: breakText(c), autoscaled: false });
    const max = c.saturatesAtMax;
    if (max !== null && c.saturatesAt !== null && max > c.saturatesAt * (1 + 1e-9)) {
      // with autoscaling at its maximum the utilisation is linear too, reaching 100 % at saturatesAtMax
      autoscaled = true;
      marks.push(
        Plot.line(
          [
            { x: 0, y: 0 },
            { x: end, y: end / max },
          ],
          {
            x: 'x',
            y: 'y',
            stroke: color,
            strokeWidth: 1.5,
            strokeDasharray: '5,3',
            strokeOpacity: 0.8,
            clip: true,
            className: 'utilization-autoscaled',
            ariaDescription: c.component,
            title: () => `${c.component} with autoscaling at its maximum`,
          },
        ),
      );
      if (max <= end)
        markers.push({
          x: max,
          component: c.component,
          color,
          text: `${c.component} saturates at ${times(max)} today's load with autoscaling at its maximum`,
          autoscaled: true,
        });
    }
  });
  if (autoscaled) legend.push({ label: 'at the autoscale maximum (dashed)', color: theme.foreground, dash: '5,3' });
  legend.push({ label: '100 %', color: theme.danger }, { label: 'target', color: theme.warning, dash: '6,3' });

  if (markers.length) {
    const rows = labelRows(
      markers.map((m) => ({ x: m.x, text: `${m.component} ${times(m.x)}`, anchor: 'end' })),
      end,
      Math.max(280, o.width ?? DEFAULT_WIDTH),
    );
    marks.push(
      Plot.dot(markers, {
        x: 'x',
        y: 1,
        r: 4.5,
        fill: (m: Marker) => (m.autoscaled ? theme.background : m.color),
        stroke: (m: Marker) => (m.autoscaled ? m.color : theme.danger),
        strokeWidth: 1.5,
        className: 'break-saturates',
        title: 'text',
      }),
      ...markers.map((m, i) =>
        Plot.text([m], {
          x: 'x',
          y: 1,
          text: (x: Marker) => `${x.component} ${times(x.x)}`,
          textAnchor: 'end',
          dx: -6,
          dy: -8 - 13 * rows[i]!,
          fill: m.color,
          className: 'break-saturates-label',
        }),
      ),
    );
  }

  const plot = Plot.plot({
    ...frameOptions(o),
    x: { domain: [0, end], label: "Load (× today's) →", labelAnchor: 'right', tickFormat: (d: number) => `${d}×` },
    y: {
      domain: [0, top],
      label: '↑ Utilisation',
      grid: true,
      nice: false,
      tickFormat: (d: number) => percent(d, 0),
    },
    marks,
  }) as SVGSVGElement;

  const first = markers.filter((m) => !m.autoscaled).sort((a, b) => a.x - b.x)[0];
  const subtitle = curves.length
    ? `${system}: ${first ? `${first.component} saturates first, at ${times(first.x)} today's load` : `nothing saturates up to ${times(end)}`}`
    : `${system}: no component receives load`;
  return framed({
    document: o.document,
    theme,
    name: 'utilization',
    system,
    title: 'Utilisation',
    subtitle,
    plot,
    legend,
    ...(more
      ? {
          note: `${plural(more, 'more component')} ${more === 1 ? 'saturates' : 'saturate'} within this range (not drawn)`,
        }
      : {}),
  });
}
