/**
 * The load sweep: from 0 past the breaking point, every client request class's p50/p95/p99 and
 * every component's utilisation against a multiplier of today's load, with the break points
 * (saturation, SLO targets missed, autoscaling out of instances) and the bottleneck sequences.
 * Utilisation is closed form (linear in the load); response times evaluate the call trees again
 * at each point, only from the clients whose requests are still bounded (once a component on a
 * request's call tree saturates, it stays saturated at every higher load). See docs/analysis.md
 * section 10.
 */
import type { Dist } from '../analysis/stats.js';
import { quantile } from '../analysis/stats.js';
import type { Analysis } from '../analysis/types.js';
import type { Model } from '../model.js';
import { availability as words, duration, times } from '../wording.js';
import { basisOf, type Basis, type SystemBasis } from './basis.js';
import { componentBreaks, defaultTo, firstOf } from './breaks.js';
import { responsesAt } from './latency.js';
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
  const g = b.g;
  const cb = componentBreaks(b);
  const to = options.to !== undefined && Number.isFinite(options.to) && options.to > 0 ? options.to : defaultTo(b);
  const steps =
    options.steps !== undefined && Number.isFinite(options.steps) && options.steps >= 1
      ? Math.floor(options.steps)
      : DEFAULT_STEPS;
  const multipliers = Array.from({ length: steps }, (_, s) => Number(((to * (s + 1)) / steps).toPrecision(12)));

  // utilisation: m × today's
  const components: ComponentCurve[] = [];
  for (let i = 0; i < g.n; i++) {
    const u = b.u1[i]!;
    if (Number.isNaN(u)) continue;
    const c = g.comps[i]!;
    const sat = b.satAt[i]!;
    const max = b.maxInstances[i]!;
    components.push({
      component: c.id,
      system: c.system,
      utilization: multipliers.map((m) => (u === 0 ? 0 : m * u)),
      saturatesAt: Number.isFinite(sat) ? sat : null,
      saturatesAtMax: Number.isFinite(b.satAtMax[i]!) ? b.satAtMax[i]! : null,
      autoscaleMaxAt: max > 0 && Number.isFinite(b.autoscaleMaxAt[i]!) ? b.autoscaleMaxAt[i]! : null,
    });
  }

  const clients = clientCurves(b, multipliers);
  const breaks = [...cb.breaks];
  const systems = b.systems.map((s) => {
    const out = systemScaling(b, s, multipliers, clients, cb.saturation);
    breaks.push(...out.breaks);
    return out.scaling;
  });
  breaks.sort((x, y) => x.multiplier - y.multiplier);
  return {
    multipliers,
    clients,
    components,
    breaks,
    bottlenecks: { fixed: cb.fixed, autoscaled: cb.autoscaled },
    systems,
    targetUtilization: b.systems[0]?.targetUtilization ?? analysis.settings.targetUtilization,
  };
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
    const ds = responsesAt(b, multipliers[s]!, active);
    const still: number[] = [];
    for (let a = 0; a < active.length; a++) {
      const d = ds[a]!;
      if (d.unbounded) continue;
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

/** The worst of a system's requests at one quantile, from their responses. */
function worst(ds: readonly Dist[], q: number): number {
  let w = 0;
  for (const d of ds) {
    const v = d.unbounded ? Infinity : quantile(d, q);
    if (v > w) w = v;
  }
  return w;
}

/**
 * The largest multiplier at which a latency target still holds, between `lo` (holds) and `hi`
 * (missed), by bisection to 0.01 % (each step evaluates the system's requests only).
 */
function refine(b: Basis, s: SystemBasis, q: number, target: number, lo: number, hi: number): number {
  for (let it = 0; it < 40 && hi - lo > 1e-4 * hi; it++) {
    const mid = (lo + hi) / 2;
    if (worst(responsesAt(b, mid, s.requests), q) > target) hi = mid;
    else lo = mid;
  }
  return lo;
}

function systemScaling(
  b: Basis,
  s: SystemBasis,
  multipliers: readonly number[],
  curves: readonly ClientCurve[],
  saturation: ReadonlyMap<number, BreakPoint>,
): { scaling: SystemScaling; breaks: BreakPoint[] } {
  const breaks: BreakPoint[] = [];
  const sloHoldsTo: SystemScaling['sloHoldsTo'] = {};
  const slo: SystemScaling['slo'] = {};
  const lens: string[] = [];
  const f = firstOf(s.members, b.satAt);
  const firstSaturation = f >= 0 ? (saturation.get(f) ?? null) : null;
  const to = multipliers[multipliers.length - 1] ?? 0;
  lens.push(
    firstSaturation
      ? `breaks at ${times(firstSaturation.multiplier)} (${firstSaturation.component})`
      : `nothing saturates up to ${times(to)}`,
  );
  for (const [target, key, q] of LATENCY_TARGETS) {
    const ms = s.slo?.[key];
    if (ms === undefined || s.requests.length === 0) continue;
    slo[target] = ms;
    const pick = target === 'p50' ? 'p50' : target === 'p95' ? 'p95' : 'p99';
    let missedAt = -1;
    let who = -1;
    for (let p = 0; p < multipliers.length && missedAt < 0; p++)
      for (const r of s.requests)
        if (curves[r]![pick][p]! > ms) {
          missedAt = p;
          who = r;
          break;
        }
    if (missedAt < 0) {
      sloHoldsTo[target] = null;
      lens.push(`${target} SLO holds past ${times(to)}`);
      continue;
    }
    const holds = refine(b, s, q, ms, missedAt > 0 ? multipliers[missedAt - 1]! : 0, multipliers[missedAt]!);
    sloHoldsTo[target] = holds;
    const req = b.requests[who]!;
    breaks.push({
      multiplier: holds,
      kind: 'slo',
      system: s.name,
      request: { client: req.client, traffic: req.traffic },
      target,
      text:
        holds > 0
          ? `${s.name}'s ${target} SLO (${duration(ms)}) is first missed beyond ${times(holds)} today's load (${req.client} ${req.traffic})`
          : `${s.name}'s ${target} SLO (${duration(ms)}) is missed at any load (${req.client} ${req.traffic})`,
    });
    lens.push(holds > 0 ? `${target} SLO holds to ${times(holds)}` : `${target} SLO missed at any load`);
  }
  const av = s.slo?.availability;
  if (av !== undefined) {
    slo.availability = av;
    if (s.availability !== null && s.availability < av) {
      sloHoldsTo.availability = 0;
      breaks.push({
        multiplier: 0,
        kind: 'slo',
        system: s.name,
        target: 'availability',
        text: `${s.name}'s availability SLO (${words(av)}) is missed at any load: ${words(s.availability)} today, and availability does not change with load in this analysis`,
      });
      lens.push('availability SLO missed at any load');
    } else sloHoldsTo.availability = null;
  }
  return { scaling: { system: s.name, firstSaturation, sloHoldsTo, slo, lens: lens.join(' · ') }, breaks };
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
