/**
 * core/scaling's Sweep and Growth to and from their JSON form (shared/messages.ts `WireSweep`,
 * `WireGrowth`): an unbounded response time or utilisation (Infinity) travels as null, and only the
 * components the charts draw are sent (a model of 10,000 components would otherwise send a million
 * numbers); how many saturating components were left out travels with it. Used by the server
 * (archscale/scaling), the CLI's chart export, and the pages that draw the charts.
 */
import { BUSIEST, chartedSystems, pickComponents } from './select.js';
import type { ClientCurve, ComponentCurve, Growth, Sweep } from '../core/scaling/types.js';
import type { WireGrowth, WireSweep } from '../shared/messages.js';

/** Break points sent at most (the earliest; those of the drawn components and the SLO always). */
const MAX_BREAKS = 60;
const MAX_BOTTLENECKS = 20;

const out = (xs: readonly number[]) => xs.map((x) => (Number.isFinite(x) ? x : null));
const back = (xs: readonly (number | null)[]) => xs.map((x) => (x === null ? Infinity : x));

const clientOut = (c: ClientCurve) => ({
  client: c.client,
  traffic: c.traffic,
  system: c.system,
  p50: out(c.p50),
  p95: out(c.p95),
  p99: out(c.p99),
});
const clientBack = (c: WireSweep['clients'][number]): ClientCurve => ({
  ...c,
  p50: back(c.p50),
  p95: back(c.p95),
  p99: back(c.p99),
});
const finiteOrNull = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/**
 * The sweep as JSON. Without `latency`, the response-time curves are neither computed (the sweep
 * solves them on first read: seconds on a model of thousands of components) nor sent.
 */
export function sweepToWire(sweep: Sweep, options: { latency?: boolean } = {}): WireSweep {
  const clients = options.latency === false ? [] : sweep.clients;
  const components = new Set<ComponentCurve>();
  const leftOut: Record<string, number> = {};
  for (const system of chartedSystems({ systems: sweep.systems, clients, components: sweep.components })) {
    const { curves, more } = pickComponents(sweep, system);
    for (const c of curves) components.add(c);
    if (more) leftOut[system] = more;
  }
  const drawn = new Set([...components].map((c) => c.component));
  const breaks = sweep.breaks.filter(
    (b, i) => i < MAX_BREAKS || b.kind === 'slo' || (b.component !== undefined && drawn.has(b.component)),
  );
  return {
    multipliers: [...sweep.multipliers],
    clients: clients.map(clientOut),
    components: [...components].map((c) => ({
      component: c.component,
      system: c.system,
      utilization: out(c.utilization),
      saturatesAt: finiteOrNull(c.saturatesAt),
      saturatesAtMax: finiteOrNull(c.saturatesAtMax),
      autoscaleMaxAt: finiteOrNull(c.autoscaleMaxAt),
    })),
    breaks: breaks.map((b) => ({ ...b })),
    bottlenecks: {
      fixed: sweep.bottlenecks.fixed.slice(0, MAX_BOTTLENECKS),
      autoscaled: sweep.bottlenecks.autoscaled.slice(0, MAX_BOTTLENECKS),
    },
    systems: sweep.systems.map((s) => ({
      system: s.system,
      firstSaturation: s.firstSaturation ? { ...s.firstSaturation } : null,
      sloHoldsTo: { ...s.sloHoldsTo },
      slo: { ...s.slo },
      lens: s.lens,
    })),
    targetUtilization: sweep.targetUtilization,
    leftOut,
  };
}

/** The Sweep again (with only the components sent), and the counts left out. */
export function sweepFromWire(w: WireSweep): { sweep: Sweep; leftOut: Record<string, number> } {
  return {
    sweep: {
      multipliers: w.multipliers,
      clients: w.clients.map(clientBack),
      components: w.components.map((c) => ({ ...c, utilization: back(c.utilization) })),
      breaks: w.breaks,
      bottlenecks: w.bottlenecks,
      systems: w.systems,
      targetUtilization: w.targetUtilization,
    },
    leftOut: w.leftOut,
  };
}

export function growthToWire(g: Growth): WireGrowth {
  // the busiest components over the horizon (the chart draws at most BUSIEST of them, the
  // components with events first)
  const lastOf = (xs: readonly number[]) => xs[xs.length - 1] ?? 0;
  const eventful = new Set(g.events.map((e) => e.component));
  const components = [...g.timeline.components]
    .sort(
      (a, b) =>
        Number(eventful.has(b.component)) - Number(eventful.has(a.component)) ||
        lastOf(b.utilization) - lastOf(a.utilization),
    )
    .slice(0, Math.max(BUSIEST, eventful.size));
  return {
    horizonMonths: g.horizonMonths,
    rates: { ...g.rates },
    events: g.events.map((e) => ({ ...e })),
    timeline: {
      months: [...g.timeline.months],
      // the growth chart draws utilisation and events; the percentiles (solved on first read) stay unsent
      clients: [],
      components: components.map((c) => ({ component: c.component, utilization: out(c.utilization) })),
    },
  };
}

export function growthFromWire(w: WireGrowth): Growth {
  return {
    ...w,
    timeline: {
      months: w.timeline.months,
      clients: w.timeline.clients.map(clientBack),
      components: w.timeline.components.map((c) => ({ component: c.component, utilization: back(c.utilization) })),
    },
  };
}
