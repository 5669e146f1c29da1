/**
 * The load sweep: from 0 past the breaking point, every client request class's p50/p95/p99 and
 * every component's utilisation against a multiplier of today's load, with the break points
 * (saturation, SLO targets missed, autoscaling out of instances) and the bottleneck sequences.
 * Utilisation is closed form (linear in the load); response times evaluate the call trees again
 * at each point, only from the clients whose requests are still bounded (once a component on a
 * request's call tree saturates, it stays saturated at every higher load). See docs/analysis.md
 * section 10.
 */
import { quantile } from '../analysis/stats.js';
import type { Analysis } from '../analysis/types.js';
import type { Model } from '../model.js';
import { availability as words, duration, possessive, times } from '../wording.js';
import { basisOf, type Basis, type SystemBasis } from './basis.js';
import { bottlenecks, componentBreaks, defaultTo, firstOf, saturationBreak } from './breaks.js';
import { lastHolding, responsesAt, surelyUnbounded } from './latency.js';
import { lazy } from './lazy.js';
import type {
  BreakPoint,
  ClientCurve,
  ComponentCurve,
  SloTarget,
  Sweep,
  SweepOptions,
  SystemScaling,
} from './types.js';

export const DEFAULT_STEPS = 100;
const LATENCY_TARGETS: [SloTarget & ('p50' | 'p95' | 'p99'), 'p50Ms' | 'p95Ms' | 'p99Ms', number][] = [
  ['p50', 'p50Ms', 0.5],
  ['p95', 'p95Ms', 0.95],
  ['p99', 'p99Ms', 0.99],
];

export function sweep(model: Model, analysis: Analysis, options: SweepOptions = {}): Sweep {
  const b = basisOf(model, analysis);
  const to = options.to !== undefined && Number.isFinite(options.to) && options.to > 0 ? options.to : defaultTo(b);
  const steps =
    options.steps !== undefined && Number.isFinite(options.steps) && options.steps >= 1
      ? Math.floor(options.steps)
      : DEFAULT_STEPS;
  const multipliers = Array.from({ length: steps }, (_, s) => Number(((to * (s + 1)) / steps).toPrecision(12)));

  const end = multipliers[multipliers.length - 1] ?? 0;
  const systems = b.systems.map((sys) => systemScaling(b, sys, end));
  const out: Sweep = {
    multipliers,
    clients: [],
    components: [],
    breaks: [],
    bottlenecks: { fixed: bottlenecks(b, b.satAt), autoscaled: bottlenecks(b, b.satAtMax) },
    systems: systems.map((x) => x.scaling),
    targetUtilization: b.systems[0]?.targetUtilization ?? analysis.settings.targetUtilization,
  };
  // the curves and the break points' texts are made when first read, the response times
  // evaluated then (the lens and rules need only the SLO's break points, the charts the curves):
  // see docs/analysis.md section 10
  lazy(out, 'components', () => componentCurves(b, multipliers));
  lazy(out, 'clients', () => clientCurves(b, multipliers));
  lazy(out, 'breaks', () =>
    [...componentBreaks(b), ...systems.flatMap((x) => x.sloBreaks())].sort((x, y) => x.multiplier - y.multiplier),
  );
  return out;
}

/** Every component's utilisation at every point: m × today's (closed form). */
function componentCurves(b: Basis, multipliers: readonly number[]): ComponentCurve[] {
  const g = b.g;
  const components: ComponentCurve[] = [];
  for (let i = 0; i < g.n; i++) {
    const u = b.u1[i]!;
    if (Number.isNaN(u)) continue;
    const c = g.comps[i]!;
    const sat = b.satAt[i]!;
    const max = b.maxInstances[i]!;
    const fresh = b.scaled && b.nonLinear!.affected[i] ? b.scaled : null;
    components.push({
      component: c.id,
      system: c.system,
      utilization: multipliers.map((m) => (fresh ? fresh.at(m).svc[i]!.utilization : u === 0 ? 0 : m * u)),
      saturatesAt: Number.isFinite(sat) ? sat : null,
      saturatesAtMax: Number.isFinite(b.satAtMax[i]!) ? b.satAtMax[i]! : null,
      autoscaleMaxAt: max > 0 && Number.isFinite(b.autoscaleMaxAt[i]!) ? b.autoscaleMaxAt[i]! : null,
    });
  }
  return components;
}

/** Every request class's percentiles at every point; a request stops being evaluated once unbounded. */
function clientCurves(b: Basis, multipliers: readonly number[]): ClientCurve[] {
  const curves: ClientCurve[] = b.requests.map((q) => ({
    client: q.client,
    traffic: q.traffic,
    system: q.system,
    p50: new Array<number>(multipliers.length).fill(Infinity),
    p95: new Array<number>(multipliers.length).fill(Infinity),
    p99: new Array<number>(multipliers.length).fill(Infinity),
  }));
  let active = b.requests.map((_, r) => r);
  for (let s = 0; s < multipliers.length && active.length > 0; s++) {
    const m = multipliers[s]!;
    const at = responsesAt(b, m);
    const still: number[] = [];
    for (let a = 0; a < active.length; a++) {
      if (surelyUnbounded(b, active[a]!, m)) continue;
      const d = at(active[a]!);
      if (d.unbounded) {
        if (b.nonLinear) still.push(active[a]!); // an open breaker may bound it again further on
        continue;
      }
      const curve = curves[active[a]!]!;
      curve.p50[s] = quantile(d, 0.5);
      curve.p95[s] = quantile(d, 0.95);
      curve.p99[s] = quantile(d, 0.99);
      still.push(active[a]!);
    }
    active = still;
  }
  return curves;
}

/**
 * The largest multiplier (up to `to`) at which every request class of a system keeps its
 * q-quantile within `target` ms (null: it holds at `to`; 0: missed with no load at all, the
 * service times and fixed latencies alone); and the request that misses it.
 */
export function holdsTo(
  b: Basis,
  s: SystemBasis,
  q: number,
  target: number,
  to: number,
): { holds: number | null; request: number } {
  return sloHolds(b, s, q, target, 0, to);
}

/** As holdsTo, searched between the multipliers `from` (returned when missed there already) and `to`. */
export function sloHolds(
  b: Basis,
  s: SystemBasis,
  q: number,
  target: number,
  from: number,
  to: number,
): { holds: number | null; request: number } {
  return lastHolding(
    s.requests,
    q,
    target,
    from,
    to,
    (m) => responsesAt(b, m),
    (r, m) => surelyUnbounded(b, r, m),
  );
}

interface SystemParts {
  scaling: SystemScaling;
  /** The SLO's break points (computed with sloHoldsTo, on first read). */
  sloBreaks: () => BreakPoint[];
}

function systemScaling(b: Basis, s: SystemBasis, to: number): SystemParts {
  const slo: SystemScaling['slo'] = {};
  const f = firstOf(s.members, b.satAt);
  const firstSaturation = f >= 0 ? saturationBreak(b, f) : null;
  for (const [target, key] of LATENCY_TARGETS) {
    const ms = s.slo?.[key];
    if (ms !== undefined && s.requests.length > 0) slo[target] = ms;
  }
  if (s.slo?.availability !== undefined) slo.availability = s.slo.availability;
  let solved: { holdsTo: SystemScaling['sloHoldsTo']; breaks: BreakPoint[]; lens: string[] } | undefined;
  const solve = () => (solved ??= solveSlo(b, s, to, slo));
  const scaling: SystemScaling = { system: s.name, firstSaturation, sloHoldsTo: {}, slo, lens: '' };
  lazy(scaling, 'sloHoldsTo', () => solve().holdsTo);
  lazy(scaling, 'lens', () =>
    [
      !firstSaturation
        ? `nothing saturates up to ${times(to)}`
        : firstSaturation.multiplier === 0
          ? `breaks at any load (${firstSaturation.component}: no capacity)`
          : `breaks at ${times(firstSaturation.multiplier)} (${firstSaturation.component})`,
      ...solve().lens,
    ].join(' · '),
  );
  return { scaling, sloBreaks: () => solve().breaks };
}

function solveSlo(
  b: Basis,
  s: SystemBasis,
  to: number,
  slo: SystemScaling['slo'],
): { holdsTo: SystemScaling['sloHoldsTo']; breaks: BreakPoint[]; lens: string[] } {
  const held: SystemScaling['sloHoldsTo'] = {};
  const breaks: BreakPoint[] = [];
  const lens: string[] = [];
  for (const [target, , q] of LATENCY_TARGETS) {
    const ms = slo[target];
    if (ms === undefined) continue;
    const { holds, request } = holdsTo(b, s, q, ms, to);
    held[target] = holds;
    if (holds === null) {
      lens.push(`${target} SLO holds past ${times(to)}`);
      continue;
    }
    const req = b.requests[request]!;
    breaks.push({
      multiplier: holds,
      kind: 'slo',
      system: s.name,
      request: { client: req.client, traffic: req.traffic },
      target,
      text:
        holds > 0
          ? `${possessive(s.name)} ${target} SLO (${duration(ms)}) is first missed beyond ${times(holds)} today's load (${req.client} ${req.traffic})`
          : `${possessive(s.name)} ${target} SLO (${duration(ms)}) is missed at any load (${req.client} ${req.traffic})`,
    });
    lens.push(holds > 0 ? `${target} SLO holds to ${times(holds)}` : `${target} SLO missed at any load`);
  }
  const av = slo.availability;
  if (av !== undefined && b.scaled) {
    // loads not linear: timeouts and retries make availability fall with load
    const j = b.systems.indexOf(s);
    const { holds, today } = availabilityHolds(b, j, av, to);
    held.availability = holds;
    if (holds !== null) {
      breaks.push({
        multiplier: holds,
        kind: 'slo',
        system: s.name,
        target: 'availability',
        text:
          holds > 0
            ? `${possessive(s.name)} availability SLO (${words(av)}) is first missed beyond ${times(holds)} today's load (timeouts and retries: ${words(today)} today)`
            : `${possessive(s.name)} availability SLO (${words(av)}) is missed at any load`,
      });
      lens.push(holds > 0 ? `availability SLO holds to ${times(holds)}` : 'availability SLO missed at any load');
    }
  } else if (av !== undefined) {
    if (s.availability !== null && s.availability < av) {
      held.availability = 0;
      breaks.push({
        multiplier: 0,
        kind: 'slo',
        system: s.name,
        target: 'availability',
        text: `${possessive(s.name)} availability SLO (${words(av)}) is missed at any load: ${words(s.availability)} today, and availability does not change with load in this analysis`,
      });
      lens.push('availability SLO missed at any load');
    } else held.availability = null;
  }
  return { holdsTo: held, breaks, lens };
}

/**
 * Where a system's availability (a fresh analysis at each multiplier) first falls below `av` as the
 * load grows to `to`: null when it holds at `to`, 0 when missed at any load, else the largest
 * multiplier that holds, by bisection to 0.05 % (as the latency targets).
 */
function availabilityHolds(b: Basis, j: number, av: number, to: number): { holds: number | null; today: number } {
  const at = (m: number) => b.scaled!.analysis(m).systems[j]?.availability.value ?? 1;
  const misses = (m: number) => at(m) < av;
  const today = b.systems[j]?.availability ?? at(1);
  if (!misses(to)) return { holds: null, today };
  let lo = 0;
  let hi = to;
  if (misses(lo)) return { holds: 0, today };
  while (hi - lo > 5e-4 * hi) {
    const mid = (lo + hi) / 2;
    if (misses(mid)) hi = mid;
    else lo = mid;
  }
  return { holds: lo, today };
}

const SWEEPS = new WeakMap<Analysis, Sweep>();

/** The default sweep of an analysis, computed once and shared (rules, CLI, editor, preview). */
export function sweepOf(model: Model, analysis: Analysis): Sweep {
  let s = SWEEPS.get(analysis);
  if (!s) {
    s = sweep(model, analysis);
    SWEEPS.set(analysis, s);
  }
  return s;
}
