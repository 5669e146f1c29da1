/**
 * What the scaling charts draw, decided without drawing (shared by the charts, the server that
 * trims a sweep before sending it to the preview, and the tests): which components get a line,
 * and how far the response-time axis goes.
 */
import type { ClientCurve, ComponentCurve, Sweep } from '../core/scaling/types.js';

/** Lines of the busiest components drawn in each system's utilisation chart. */
export const BUSIEST = 8;
/** At most this many component lines, the busiest first, then those saturating soonest. */
export const MAX_COMPONENT_LINES = 12;

const last = (xs: readonly number[]) => xs[xs.length - 1] ?? 0;
const finite = (x: number) => Number.isFinite(x);

/**
 * The components of one system (all when `system` is undefined) to draw: the `BUSIEST` busiest
 * at the end of the sweep, then any other that saturates within it, soonest first, up to
 * `MAX_COMPONENT_LINES`; `more` counts those saturating in range left out.
 */
export function pickComponents(
  sweep: Pick<Sweep, 'components' | 'multipliers'>,
  system?: string,
): { curves: ComponentCurve[]; more: number } {
  const end = last(sweep.multipliers);
  const pool = sweep.components.filter(
    (c) => (system === undefined || c.system === system) && finite(last(c.utilization)) && last(c.utilization) > 0,
  );
  const busiest = [...pool]
    .sort((a, b) => last(b.utilization) - last(a.utilization) || a.component.localeCompare(b.component))
    .slice(0, BUSIEST);
  const chosen = new Set(busiest);
  const saturating = pool
    .filter((c) => !chosen.has(c) && c.saturatesAt !== null && c.saturatesAt <= end)
    .sort((a, b) => a.saturatesAt! - b.saturatesAt! || a.component.localeCompare(b.component));
  const room = Math.max(0, MAX_COMPONENT_LINES - busiest.length);
  return { curves: [...busiest, ...saturating.slice(0, room)], more: Math.max(0, saturating.length - room) };
}

/** The systems worth a chart: those with a request class or a loaded component, in the sweep's order. */
export function chartedSystems(sweep: Pick<Sweep, 'systems' | 'clients' | 'components'>): string[] {
  const names = [
    ...sweep.systems.map((s) => s.system),
    ...sweep.clients.map((c) => c.system),
    ...sweep.components.map((c) => c.system),
  ];
  return [...new Set(names)].filter(
    (s) =>
      sweep.clients.some((c) => c.system === s) ||
      sweep.components.some((c) => c.system === s && last(c.utilization) > 0),
  );
}

/**
 * The top of the response-time axis (ms): room above the SLO targets and today's p99, but not so
 * high that the climb towards saturation (which goes to infinity) flattens the rest: at most 3×
 * that base, and no higher than the largest finite value needs. Never 0 or infinite.
 */
export function latencyTop(curves: readonly ClientCurve[], sloMs: readonly number[]): number {
  let early = 0;
  let highest = 0;
  for (const c of curves) {
    for (const xs of [c.p95, c.p99]) {
      const first = xs.find(finite);
      if (first !== undefined) early = Math.max(early, first);
      for (const x of xs) if (finite(x)) highest = Math.max(highest, x);
    }
  }
  const slo = Math.max(0, ...sloMs.filter(finite));
  const base = Math.max(slo, early);
  if (!(base > 0)) return highest > 0 ? niceCeil(highest * 1.1) : 1;
  const top = Math.max(base * 1.25, Math.min(highest * 1.05, base * 3));
  return niceCeil(top);
}

/** The top of the utilisation axis (a fraction): 100 % always in view, at most 200 %. */
export function utilizationTop(curves: readonly ComponentCurve[], target: number): number {
  let highest = 0;
  for (const c of curves) for (const u of c.utilization) if (finite(u)) highest = Math.max(highest, u);
  const want = Math.max(1.1, target + 0.1, Math.min(highest * 1.05, 2));
  return Math.ceil(want * 10) / 10;
}

/** 1, 2, 2.5, 5 × 10^k at or above x. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !finite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}
