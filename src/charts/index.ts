/**
 * The scaling charts (Observable Plot), from a sweep and a growth result to SVG elements in a given
 * document: per system, response times and utilisation against the load multiplier; growth as a
 * timeline when a growth rate is set; and a sheet stacking them all for export. Used by the
 * preview's Scaling view (src/webview) and by `archscale sweep --format svg|png` (in Chromium,
 * through out/charts.js). Pure drawing: no I/O, no globals (the document is passed in).
 */
import type { Growth, Sweep } from '../core/scaling/types.js';
import { times } from '../core/wording.js';
import type { ChartOptions } from './base.js';
import { sheet } from './frame.js';
import { growthChart } from './growth.js';
import { latencyChart } from './latency.js';
import { chartedSystems } from './select.js';
import { utilizationChart } from './utilization.js';

export { DARK, LIGHT, themeFromCss, type ChartTheme, type ThemeKind } from './theme.js';
export { sizeOf } from './frame.js';
export type { ChartOptions } from './base.js';

/** At most this many systems get charts (the rest are named in a note). */
export const MAX_SYSTEMS = 6;

export interface ScalingCharts {
  /** Each charted system's response-time and utilisation charts. */
  systems: Array<{ system: string; charts: SVGSVGElement[] }>;
  growth: SVGSVGElement | null;
  /** Lines for what could not be charted ("2 more systems not charted"), empty when none. */
  notes: string[];
}

export function scalingCharts(sweep: Sweep, growth: Growth | null, o: ChartOptions): ScalingCharts {
  const names = chartedSystems(sweep);
  const systems = names.slice(0, MAX_SYSTEMS).map((system) => ({
    system,
    charts: [
      ...(sweep.clients.some((c) => c.system === system) ? [latencyChart(sweep, system, o)] : []),
      utilizationChart(sweep, system, o),
    ],
  }));
  const notes: string[] = [];
  if (names.length > MAX_SYSTEMS)
    notes.push(`${names.length - MAX_SYSTEMS} more systems not charted: ${names.slice(MAX_SYSTEMS).join(', ')}`);
  const g =
    growth && growth.timeline.months.length > 0 && Object.keys(growth.rates).length > 0
      ? growthChart(growth, sweep.targetUtilization, o)
      : null;
  return { systems, growth: g, notes };
}

/** Every chart in one SVG (title, charts, the break points worded), for export. */
export function chartSheet(sweep: Sweep, growth: Growth | null, o: ChartOptions & { title?: string }): SVGSVGElement {
  const c = scalingCharts(sweep, growth, o);
  const charts = [...c.systems.flatMap((s) => s.charts), ...(c.growth ? [c.growth] : [])];
  const end = sweep.multipliers[sweep.multipliers.length - 1];
  const notes = [
    ...sweep.breaks.slice(0, 12).map((b) => b.text),
    ...(sweep.breaks.length > 12 ? [`${sweep.breaks.length - 12} more break points`] : []),
    ...(sweep.breaks.length === 0 && end !== undefined ? [`nothing breaks up to ${times(end)} today's load`] : []),
    ...c.notes,
  ];
  return sheet(o.document, o.theme, charts, { title: o.title ?? 'Scaling', notes });
}
