/**
 * Growth month by month: with a compounding growth rate per client (`growth 8 % per month` on the
 * client or in its system's settings), the month each component saturates, each latency SLO
 * target is first missed, autoscaling runs out and each store fills, within the horizon.
 * Loads are linear per client: clients are grouped by their rate, each group's loads propagated
 * once at today's rates, and the loads at month t are Σ (1 + g)^t × the group's. Writes grow too:
 * a store's data accumulates ∫ (1 + g)^τ dτ of each group's write rate. Where the loads are not
 * linear (retries or breakers behind timeouts, scheduled jobs: nonlinear.ts), the components they
 * reach and the response times are read from fresh analyses of the model at month t. See
 * docs/analysis.md section 10.
 */
import { sentRps } from '../analysis/component.js';
import { YEAR_MS } from '../analysis/index.js';
import { CH_READS, CH_WRITES, clientSources, propagate } from '../analysis/load.js';
import { isBroker } from '../kinds.js';
import type { Analysis } from '../analysis/types.js';
import type { Model } from '../model.js';
import { bytes, count, duration, percent, plural, possessive } from '../wording.js';
import { basisOf, utilizationAt, type Basis } from './basis.js';
import { lazy } from './lazy.js';
import { lastHolding, percentiles as percentilesOf, responsesAt, surelyUnbounded, type Responses } from './latency.js';
import { atAutoscaleMax, grownModel, ScaledAnalyses } from './nonlinear.js';
import type { ClientCurve, Growth, GrowthEvent } from './types.js';

const LATENCY_TARGETS = [
  ['p50', 'p50Ms', 0.5],
  ['p95', 'p95Ms', 0.95],
  ['p99', 'p99Ms', 0.99],
] as const;

/** Timeline points per month (at most 100 points over the horizon). */
const POINTS_PER_MONTH = 4;

interface Group {
  rate: number;
  /** Arrivals of this group's clients at today's rates, [node * 4 + channel]. */
  arr: Float64Array;
  /** Of its reads, those sent to a store's primary by calls (LoadResult.primaryReads), per node. */
  led: Float64Array;
}

/** A client's growth per month: its own, else its system's; undefined when neither is a valid rate. */
export function growthRateOf(model: Model, clientId: string): number | undefined {
  const c = model.components.find((x) => x.id === clientId);
  if (!c) return undefined;
  const g = c.growthPerMonth ?? model.systems.find((s) => s.name === c.system)?.settings.growthPerMonth;
  return g !== undefined && Number.isFinite(g) && g > -1 ? g : undefined;
}

/** The months of the horizon: the largest of the systems' horizons, 12 a year (default one year). */
export function horizonMonths(model: Model): number {
  let h = 0;
  for (const s of model.systems) {
    const ms = s.settings.horizonMs;
    h = Math.max(h, ms !== undefined && Number.isFinite(ms) && ms > 0 ? (12 * ms) / YEAR_MS : 12);
  }
  return h || 12;
}

export function growth(model: Model, analysis: Analysis): Growth | null {
  const b = basisOf(model, analysis);
  const g = b.g;
  const rates: Record<string, number> = {};
  const byRate = new Map<number, number[]>();
  let grows = false;
  for (let i = 0; i < g.n; i++) {
    const c = g.comps[i]!;
    if (c.kind !== 'client') continue;
    const r = growthRateOf(model, c.id) ?? 0;
    if (r !== 0) {
      rates[c.id] = r;
      grows = true;
    }
    byRate.set(r, [...(byRate.get(r) ?? []), i]);
  }
  if (!grows) return null;
  const groups: Group[] = [...byRate].map(([rate, clients]) => {
    const mine = new Set(clients);
    const load = propagate(
      g,
      clientSources(g, (i) => (mine.has(i) ? sentRps(g.comps[i]!) : 0)),
    );
    return { rate, arr: load.arr, led: load.primaryReads };
  });
  const H = horizonMonths(model);
  const monotone = groups.every((x) => x.rate >= 0);
  const factor = (x: Group, t: number) => Math.pow(1 + x.rate, t);
  /** A per-group figure at month t: each group's, grown by its rate, summed. */
  const grown = (t: number, of: (x: Group) => number) => {
    let v = 0;
    for (const x of groups) v += factor(x, t) * of(x);
    return v;
  };
  const channel = (i: number, ch: number, t: number) => grown(t, (x) => x.arr[i * 4 + ch]!);
  const ledAt = (i: number, t: number) => grown(t, (x) => x.led[i]!);
  // loads not linear: fresh analyses at month t (the model, and with every pool at its autoscale maximum)
  const nl = b.nonLinear;
  const grownAt = (m: Model) => (t: number) => grownModel(m, (id) => Math.pow(1 + (rates[id] ?? 0), t));
  const fresh = nl ? new ScaledAnalyses(grownAt(model), analysis) : null;
  const freshMax =
    nl && b.maxInstances.some((x) => x > 0) ? new ScaledAnalyses(grownAt(atAutoscaleMax(model)), analysis) : null;
  const freshOf = (i: number) => (nl?.affected[i] ? fresh : null);
  const utilAt = (i: number, t: number) =>
    freshOf(i)?.loadsAt(t).svc[i]!.utilization ??
    utilizationAt(b.ctx, i, channel(i, CH_READS, t), channel(i, CH_WRITES, t), ledAt(i, t));
  const arrivalsAt = (t: number) => {
    const out = new Float64Array(g.n * 4);
    for (const x of groups) {
      const f = factor(x, t);
      for (let j = 0; j < out.length; j++) out[j]! += f * x.arr[j]!;
    }
    return out;
  };
  const steps = Math.max(1, Math.min(100, Math.ceil(H * POINTS_PER_MONTH)));
  const months = Array.from({ length: steps + 1 }, (_, s) => Number(((H * s) / steps).toPrecision(12)));

  const events: GrowthEvent[] = [];
  for (let i = 0; i < g.n; i++) {
    const c = g.comps[i]!;
    if (Number.isNaN(b.u1[i]!)) continue;
    if (!(b.u1[i]! > 0) && !groups.some((x) => x.arr[i * 4 + CH_READS]! + x.arr[i * 4 + CH_WRITES]! > 0)) continue;
    const sat = firstMonth((t) => utilAt(i, t) >= 1, months, monotone);
    if (sat !== null)
      events.push({
        kind: 'saturates',
        month: sat,
        system: c.system,
        component: c.id,
        text:
          sat === 0
            ? `${c.id} is saturated today (${percent(b.u1[i]!)})`
            : `${c.id} saturates after ${months_(sat)} (${percent(b.u1[i]!)} today)`,
      });
    const max = b.maxInstances[i]!;
    if (max > 0) {
      // with today's mix a pool's utilisation scales by instances: at the maximum it is u × (u_max / u)
      const ratio = b.satAt[i]! / b.satAtMax[i]!;
      const maxed = freshOf(i) ? freshMax : null;
      const atMax = firstMonth(
        (t) => (maxed ? maxed.loadsAt(t).svc[i]!.utilization : utilAt(i, t) * ratio) >= 1,
        months,
        monotone,
      );
      if (atMax !== null && max > b.ctx.sms[i]!.instances)
        events.push({
          kind: 'saturates',
          month: atMax,
          system: c.system,
          component: c.id,
          text: `${c.id} saturates after ${months_(atMax)} even with autoscaling at its maximum (${plural(max, 'instance')})`,
        });
      // instances needed at the target: load / one instance's capacity / target > max
      const target = b.target(i);
      const per = b.ctx.sms[i]!.perInstanceRps;
      const work = (t: number) =>
        maxed
          ? maxed.loadsAt(t).load.arr[i * 4 + CH_READS]! + maxed.loadsAt(t).load.arr[i * 4 + CH_WRITES]!
          : channel(i, CH_READS, t) + channel(i, CH_WRITES, t);
      const out = firstMonth((t) => work(t) / per / target > max, months, monotone);
      if (out !== null)
        events.push({
          kind: 'autoscale-max',
          month: out,
          system: c.system,
          component: c.id,
          text: `${c.id} needs more than its autoscale maximum of ${plural(max, 'instance')} ${out === 0 ? 'today' : `after ${months_(out)}`} (at ${percent(target)} target utilisation)`,
        });
    }
  }
  events.push(...storageEvents(b, analysis, groups, H));
  // the response times at month t: one rate for every client makes the load at month t
  // (1 + g)^t × today's, a multiplier (the sweep's evaluation); else the groups' arrivals summed
  const one = groups.length === 1 ? groups[0]!.rate : null;
  const at = (t: number): Responses => {
    if (fresh) {
      const tree = fresh.at(t).tree;
      return (r) => tree.latency[b.requests[r]!.k][b.requests[r]!.node]!;
    }
    return one !== null ? responsesAt(b, Math.pow(1 + one, t)) : responsesAt(b, 1, arrivalsAt(t));
  };
  const surely =
    one !== null && !nl ? (r: number, t: number) => surelyUnbounded(b, r, Math.pow(1 + one, t)) : undefined;
  events.push(...sloEvents(b, at, surely, H));
  events.sort((x, y) => x.month - y.month);

  const out: Growth = {
    horizonMonths: H,
    rates,
    events,
    timeline: { months, clients: [], components: [] },
  };
  // made when first read (fresh analyses at every month where the loads are not linear)
  lazy(out.timeline, 'components', () => {
    const components: Growth['timeline']['components'] = [];
    for (let i = 0; i < g.n; i++)
      if (!Number.isNaN(b.u1[i]!))
        components.push({ component: g.comps[i]!.id, utilization: months.map((t) => utilAt(i, t)) });
    return components;
  });
  lazy(out.timeline, 'clients', () =>
    timelineCurves(b, months, fresh ? at : (t) => responsesAt(b, 1, arrivalsAt(t)), monotone && !nl),
  );
  return out;
}

/** "7.1 months". */
const months_ = (m: number) => `${count(m)} ${count(m) === '1' ? 'month' : 'months'}`;

/**
 * The first month in [0, horizon] where `broken` holds: scanned at the timeline's points, then
 * bisected within the step where it first does (to 1e-9 of a month). Null when it never does.
 */
function firstMonth(broken: (t: number) => boolean, months: readonly number[], monotone: boolean): number | null {
  if (broken(0)) return 0;
  let prev = 0;
  const H = months[months.length - 1]!;
  // growth only upward: one look at the horizon says whether it happens at all
  const points = monotone ? (broken(H) ? months : []) : months;
  for (const t of points) {
    if (t === 0) continue;
    if (broken(t)) {
      let lo = prev;
      let hi = t;
      for (let it = 0; it < 80 && hi - lo > 1e-9; it++) {
        const mid = (lo + hi) / 2;
        if (broken(mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    }
    prev = t;
  }
  return null;
}

/** When each store with a size per write and storage per node fills, writes growing month by month. */
function storageEvents(b: Basis, analysis: Analysis, groups: readonly Group[], H: number): GrowthEvent[] {
  const out: GrowthEvent[] = [];
  for (let i = 0; i < b.g.n; i++) {
    const c = b.g.comps[i]!;
    const perNode = c.storagePerNodeBytes;
    if (perNode === undefined || !Number.isFinite(perNode)) continue;
    const st = analysis.components[i]?.storage;
    const perWrite = st?.bytesPerWrite.value;
    if (!st || perWrite === null || perWrite === undefined) continue;
    const shards = c.shards !== undefined && c.shards >= 1 ? Math.floor(c.shards) : 1;
    const monthS = b.ctx.settingsOf(i).monthSeconds;
    const horizonMs = b.ctx.settingsOf(i).horizonMs;
    const retention =
      c.retentionMs !== undefined && Number.isFinite(c.retentionMs) && c.retentionMs >= 0 && c.retentionMs < horizonMs
        ? c.retentionMs
        : null;
    const broker = isBroker(c.kind);
    // bytes per second per node of each group today
    const rates = groups.map((x) => {
      const w = x.arr[i * 4 + CH_WRITES]! + (broker ? x.arr[i * 4 + CH_READS]! : 0);
      return { g: x.rate, perSecond: (w * perWrite) / shards };
    });
    // held per node at month t: from empty, Σ rate × month × ∫0^t (1 + g)^τ dτ; with a retention
    // shorter than the horizon, at most the rate at t × the retention
    const held = (t: number) => {
      let v = 0;
      for (const r of rates) {
        if (!(r.perSecond > 0)) continue;
        if (retention !== null) v += r.perSecond * Math.pow(1 + r.g, t) * (retention / 1000);
        else v += r.perSecond * monthS * (r.g === 0 ? t : (Math.pow(1 + r.g, t) - 1) / Math.log(1 + r.g));
      }
      return v;
    };
    const grid = Array.from({ length: Math.ceil(H) + 1 }, (_, k) => Math.min(H, k));
    const full = firstMonth(
      (t) => held(t) >= perNode,
      grid,
      rates.every((r) => r.g >= 0),
    );
    if (full === null) continue;
    out.push({
      kind: 'storage-full',
      month: full,
      system: c.system,
      component: c.id,
      text:
        retention !== null
          ? `${c.id} fills its ${bytes(perNode)} per node after ${months_(full)}: the growing writes kept for ${duration(retention)} exceed it`
          : `${c.id} fills its ${bytes(perNode)} per node after ${months_(full)} (from empty, writes growing)`,
    });
  }
  return out;
}

/** When each latency SLO target of each system is first missed as the load grows. */
function sloEvents(
  b: Basis,
  at: (t: number) => Responses,
  surely: ((r: number, t: number) => boolean) | undefined,
  H: number,
): GrowthEvent[] {
  const out: GrowthEvent[] = [];
  for (const s of b.systems) {
    for (const [target, key, q] of LATENCY_TARGETS) {
      const ms = s.slo?.[key];
      if (ms === undefined || s.requests.length === 0) continue;
      const { holds, request } = lastHolding(s.requests, q, ms, 0, H, at, surely);
      if (holds === null) continue;
      const req = b.requests[request]!;
      out.push({
        kind: 'slo',
        month: holds,
        system: s.name,
        request: { client: req.client, traffic: req.traffic },
        target,
        text:
          holds === 0
            ? `${possessive(s.name)} ${target} SLO (${duration(ms)}) is missed today (${req.client} ${req.traffic})`
            : `${possessive(s.name)} ${target} SLO (${duration(ms)}) is first missed after ${months_(holds)} (${req.client} ${req.traffic})`,
      });
    }
  }
  return out;
}

/** Every request class's percentiles at every month (a request stops being evaluated once unbounded, when loads only grow). */
function timelineCurves(
  b: Basis,
  months: readonly number[],
  atMonth: (t: number) => Responses,
  monotone: boolean,
): ClientCurve[] {
  const curves: ClientCurve[] = b.requests.map((q) => ({
    client: q.client,
    traffic: q.traffic,
    system: q.system,
    p50: new Array<number>(months.length).fill(Infinity),
    p95: new Array<number>(months.length).fill(Infinity),
    p99: new Array<number>(months.length).fill(Infinity),
  }));
  let active = b.requests.map((_, r) => r);
  for (let p = 0; p < months.length && active.length > 0; p++) {
    const at = atMonth(months[p]!);
    const still: number[] = [];
    for (const r of active) {
      const d = at(r);
      if (d.unbounded) {
        if (!monotone) still.push(r);
        continue;
      }
      const curve = curves[r]!;
      const ps = percentilesOf(d);
      curve.p50[p] = ps.p50;
      curve.p95[p] = ps.p95;
      curve.p99[p] = ps.p99;
      still.push(r);
    }
    active = still;
  }
  return curves;
}

const GROWTHS = new WeakMap<Analysis, Growth | null>();

/** Growth month by month of an analysis, computed once and shared (rules, editor). */
export function growthOf(model: Model, analysis: Analysis): Growth | null {
  let g = GROWTHS.get(analysis);
  if (g === undefined) GROWTHS.set(analysis, (g = growth(model, analysis)));
  return g;
}
