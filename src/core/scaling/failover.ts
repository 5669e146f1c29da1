/**
 * N+1 failover: a redundant component loses its busiest instance, replica, shard's node or — when
 * spread over zones — a zone (zones.ts: zone 0, which holds ceil(n / Z) of its nodes), and the
 * rest must carry the load: the survivors' utilisation (the analysis's own service code,
 * component.ts `ownService`, with the smaller pool or store), against 100 % and the target, and
 * whether the system's SLO still holds.
 *
 * The SLO part: `exact` analyses the model with that one component changed (service models of the
 * others reused: analyze's `previous`), as the editor does for one hovered component. `screen`
 * (the rule, for every redundant component on every edit) decides without a second analysis where
 * it safely can: availability falls at most by the component's own availability ratio (each call
 * factor is monotone and concave in it); the clients' latency by at most their visits to it times
 * the rise of its own p99; a pool only async callers reach leaves latency alone; an SLO missed
 * before the loss stays missed (a loss never helps). Only components
 * the screen cannot clear are analysed again, at most `MAX_EXACT` per analysis (by utilisation
 * after the loss, highest first); the others' `sloHolds` stays null (not known).
 */
import { ownService, type OwnService, type ServiceModel } from '../analysis/component.js';
import { dispatchOf, storeNodeLoads } from '../analysis/dispatch.js';
import { CH_READS, CH_WRITES } from '../analysis/load.js';
import { analyze } from '../analysis/index.js';
import { SATURATED, type Context } from '../analysis/result-context.js';
import { redundant } from '../analysis/queueing.js';
import { quantile } from '../analysis/stats.js';
import type { Analysis } from '../analysis/types.js';
import type { Component, Model, Slo } from '../model.js';
import { count, duration, fraction, percent, plural, possessive } from '../wording.js';
import { contextOf, withInstances } from './basis.js';
import type { Failover } from './types.js';
import { latencyMisses, type LatencyMiss } from './verdict.js';
import { lostInZones, poolInstances, withoutInstances, withoutNodes, withoutZones, zonesOf } from './zones.js';

/** At most this many components per analysis get the SLO part by a second analysis in `screen` mode. */
export const MAX_EXACT = 4;

export type SloMode = 'exact' | 'screen';

/** What one component loses, and what it is then. */
interface Loss {
  lost: Failover['lost'];
  lostCount: number;
  remaining: number;
  /** The component after the loss (zones.ts). */
  after: Component;
  /** Its service model after the loss (made when the SLO part needs its queues). */
  sm: () => ServiceModel;
  /** The survivors' utilisation at today's load, as ownService computes it (closed form). */
  utilization: number;
  /** What the remaining count counts. */
  noun: string;
  /** A store of several shards (a zone loses nodes of each). */
  sharded?: boolean;
}

function lossOf(model: Model, ctx: Context, i: number): Loss | null {
  const c = ctx.g.comps[i]!;
  const sm = ctx.sms[i]!;
  if (c.kind === 'client' || !sm.hasCapacity) return null;
  const Z = zonesOf(model, c);
  const zoned = Z >= 2;
  const st = sm.store;
  const r = ctx.load.arr[i * 4 + CH_READS]!;
  const w = ctx.load.arr[i * 4 + CH_WRITES]!;
  const per = sm.perInstanceRps;
  const over = (load: number) => (per > 0 ? load / per : load > 0 ? Infinity : 0);
  if (!st) {
    const declared = poolInstances(c);
    const lost = zoned ? lostInZones(declared, Z, 1) : 1;
    const left = declared - lost;
    if (left < 1) return null;
    const instances = Math.min(sm.instances, left);
    // as ownService: capacity n × one instance's, or one instance's over its share of the partitions
    const share = sm.dispatch === 'partitioned' ? dispatchOf(ctx.g, i, instances).busiestShare : 1 / instances;
    return {
      lost: zoned ? 'zone' : 'instance',
      lostCount: lost,
      remaining: left,
      after: zoned ? withoutZones(model, c, 1) : withoutInstances(model, c, lost),
      sm: () => ({ ...withInstances(ctx.g, i, sm, instances), declaredInstances: left }),
      utilization: over((r + w) * share),
      noun: 'instance',
    };
  }
  const N = st.quorum ? st.quorum.n : st.replicas + 1;
  const lost = zoned ? lostInZones(N, Z, 1) : 1;
  if (N - lost < 1 || (!st.quorum && st.replicas < 1)) return null;
  const after = zoned ? withoutZones(model, c, 1) : withoutNodes(model, c, lost);
  const replicas = st.quorum ? st.replicas : st.replicas - lost;
  const readFrom = replicas === 0 && (st.readFrom === 'replicas' || st.readFrom === 'any') ? 'primary' : st.readFrom;
  const store = {
    ...st,
    replicas,
    readFrom,
    quorum: st.quorum ? { ...st.quorum, n: st.quorum.n - lost } : null,
  };
  const downed = after.availability === 0 && c.availability !== 0;
  const nodes = storeNodeLoads(store, r, w);
  return {
    lost: zoned ? 'zone' : st.quorum || st.shards > 1 ? 'node' : 'replica',
    lostCount: lost,
    remaining: N - lost,
    after,
    sm: () => ({ ...sm, store, ...(downed ? { availability: 0 } : {}) }),
    utilization: over(Math.max(nodes.primary, nodes.replica ?? 0)),
    noun: st.quorum || st.shards > 1 ? 'node' : 'replica',
    sharded: st.shards > 1,
  };
}

/** The SLO's verdict for a model with one component changed (a second analysis). */
function exactSlo(
  model: Model,
  analysis: Analysis,
  i: number,
  after: Component,
  system: string,
  slo: Slo,
): { holds: boolean; misses: LatencyMiss[]; availability: number | null } {
  const components = model.components.slice();
  components[i] = after;
  const changed: Model = { ...model, components };
  const a = analyze(changed, { previous: analysis, maxPaths: 0 });
  const misses = latencyMisses(changed, a, system, slo) ?? [];
  const summary = a.systems.find((s) => s.name === system);
  const availOk = summary?.meetsAvailabilitySlo !== false;
  return {
    holds: misses.length === 0 && availOk,
    misses,
    availability: availOk ? null : (summary?.availability.value ?? null),
  };
}

/** Whether the screen clears the SLO without a second analysis (true), or cannot (undefined). */
function screenSlo(
  analysis: Analysis,
  ctx: Context,
  i: number,
  loss: Loss,
  afterSvc: () => OwnService,
  system: string,
  slo: Slo,
): boolean | undefined {
  const g = ctx.g;
  const summary = analysis.systems.find((s) => s.name === system);
  if (!summary) return undefined;
  // a loss never makes latency or availability better: an SLO missed already stays missed
  const worst = worstOf(analysis, g.model, system);
  const slack = latencySlack(worst, slo);
  if (slack < 0 || summary.meetsAvailabilitySlo === false) return false;
  const before = ctx.svc[i]!;
  const sm = ctx.sms[i]!;
  // availability: the request's falls at most by the component's own ratio (to the power of the fan-out)
  if (slo.availability !== undefined) {
    let ratio = 1;
    if (!sm.store) {
      // a pool's own availability is its instances' in parallel
      const b = redundant(sm.availability, sm.instances);
      if (b > 0) ratio = redundant(sm.availability, loss.remaining) / b;
    } else {
      const after = afterSvc();
      for (const k of [0, 1]) {
        const b = before.availability[k]!;
        if (b > 0) ratio = Math.min(ratio, after.availability[k]! / b);
      }
    }
    let fan = 1;
    for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) fan = Math.max(fan, g.fanout[g.inList[j]!]!);
    const now = summary.availability.value;
    if (now === null || now * Math.pow(ratio, fan) < slo.availability) return undefined;
  }
  if (slo.p50Ms === undefined && slo.p95Ms === undefined && slo.p99Ms === undefined) return true;
  // latency: a component no caller waits for leaves the clients' latency alone
  let waited = false;
  for (let j = g.inStart[i]!; j < g.inStart[i + 1]! && !waited; j++) {
    const e = g.inList[j]!;
    if (g.sync[0][e] || g.sync[1][e]) waited = true;
  }
  if (!waited) return true;
  if (loss.utilization >= SATURATED) return undefined;
  const arrivals = ctx.load.arr[i * 4 + CH_READS]! + ctx.load.arr[i * 4 + CH_WRITES]!;
  const rate = summary.clientRate.value ?? 0;
  const visits = rate > 0 ? Math.max(1, arrivals / rate) : 1;
  // first a coarse bound on a pool's wait, no queue solved: its p99 is at most S ln(100) / (1 − ρ)
  // for one exponential server at the survivors' utilisation ρ (more servers wait less), scaled by
  // (1 + cv²) / 2 for another service time (Allen–Cunneen); fan-in batches wait more: not bounded
  if (!sm.store && !sm.batch && visits * coarseWait(sm, loss.utilization) <= slack) return true;
  const after = afterSvc();
  let rise = 0;
  for (const k of [0, 1]) rise = Math.max(rise, quantile(after.own[k]!, 0.99) - quantile(before.own[k]!, 0.99));
  if (!Number.isFinite(rise)) return undefined;
  return visits * rise <= slack ? true : undefined;
}

/** A bound on the p99 of a pool's wait at utilisation u (see screenSlo), ms. */
function coarseWait(sm: ServiceModel, u: number): number {
  if (!(u < 1)) return Infinity;
  return ((sm.serviceMs * Math.log(100)) / (1 - u)) * Math.max(1, (1 + sm.serviceCv * sm.serviceCv) / 2);
}

type Worst = { p50: number; p95: number; p99: number };
const WORST = new WeakMap<Analysis, Map<string, Worst>>();

/** The worst p50, p95 and p99 over a system's client requests (Infinity: unbounded), once per analysis. */
function worstOf(analysis: Analysis, model: Model, system: string): Worst {
  let bySystem = WORST.get(analysis);
  if (!bySystem) WORST.set(analysis, (bySystem = new Map()));
  let w = bySystem.get(system);
  if (w) return w;
  const slo = model.systems.find((s) => s.name === system)?.slo;
  const clients = new Set(model.components.filter((c) => c.kind === 'client' && c.system === system).map((c) => c.id));
  w = { p50: -Infinity, p95: -Infinity, p99: -Infinity };
  for (const q of analysis.requests) {
    if (!clients.has(q.client)) continue;
    // only the percentiles the SLO names are solved
    if (slo?.p50Ms !== undefined) w.p50 = Math.max(w.p50, q.latency.p50.value ?? Infinity);
    if (slo?.p95Ms !== undefined) w.p95 = Math.max(w.p95, q.latency.p95.value ?? Infinity);
    if (slo?.p99Ms !== undefined) w.p99 = Math.max(w.p99, q.latency.p99.value ?? Infinity);
  }
  bySystem.set(system, w);
  return w;
}

/** The least room under the SLO's latency targets, ms (negative: missed; Infinity: no target). */
function latencySlack(w: Worst, slo: Slo): number {
  let slack = Infinity;
  if (slo.p50Ms !== undefined) slack = Math.min(slack, slo.p50Ms - w.p50);
  if (slo.p95Ms !== undefined) slack = Math.min(slack, slo.p95Ms - w.p95);
  if (slo.p99Ms !== undefined) slack = Math.min(slack, slo.p99Ms - w.p99);
  return slack;
}

function textOf(
  c: Component,
  loss: Loss,
  u: number,
  target: number,
  total: number,
  slo: { holds: boolean | null; misses: LatencyMiss[]; availability: number | null; want?: number },
): string {
  const store = loss.noun !== 'instance';
  const what =
    loss.lost === 'zone'
      ? `losing a zone of ${c.id} (${count(loss.lostCount)} of ${store ? `its ${plural(total, 'node')}${loss.sharded ? ' per shard' : ''}` : plural(total, 'instance')})`
      : store
        ? `losing one of ${possessive(c.id)} ${plural(total, 'node')}`
        : `losing one of ${count(total)} ${c.id} instances`;
  const who = store ? `the busiest of the other ${count(loss.remaining)}` : `the other ${count(loss.remaining)}`;
  const load =
    u >= SATURATED
      ? `${who} cannot carry ${store ? 'its' : 'the'} load (${percent(u, 0)})`
      : `${who} ${store ? 'runs' : 'run'} at ${percent(u, 0)}${u > target ? ` (above the ${percent(target, 0)} target)` : ''}`;
  let sloText = '';
  if (slo.holds === true) sloText = '; SLO holds';
  else if (slo.holds === false) {
    const parts = slo.misses.map((m) => `${m.key} ${duration(m.got)} > ${duration(m.want)}`);
    if (slo.availability !== null && slo.want !== undefined)
      parts.push(`availability ${fraction(slo.availability)} < ${fraction(slo.want)}`);
    sloText = parts.length ? `; SLO breaks: ${parts.join(', ')}` : '; SLO breaks';
  }
  return `${what}: ${load}${sloText}`;
}

/** The failover of one component with its SLO part decided (or left null: see `screen`). */
function compute(
  model: Model,
  analysis: Analysis,
  id: string,
  mode: SloMode,
  budget: { exact: number },
): Failover | null {
  const ctx = contextOf(model, analysis);
  const i = ctx.g.index.get(id);
  if (i === undefined) return null;
  const c = ctx.g.comps[i]!;
  const loss = lossOf(model, ctx, i);
  if (!loss) return null;
  const r = ctx.load.arr[i * 4 + CH_READS]!;
  const w = ctx.load.arr[i * 4 + CH_WRITES]!;
  let svc: OwnService | undefined;
  const afterSvc = () => (svc ??= ownService(loss.sm(), r, w));
  const u = loss.utilization;
  const target = ctx.settingsOf(i).targetUtilization;
  const carries = u < SATURATED;
  const sys = model.systems.find((s) => s.name === c.system);
  const slo = sys?.slo;
  let verdict: { holds: boolean | null; misses: LatencyMiss[]; availability: number | null; want?: number } = {
    holds: null,
    misses: [],
    availability: null,
  };
  if (
    sys &&
    slo &&
    (slo.availability !== undefined || slo.p50Ms !== undefined || slo.p95Ms !== undefined || slo.p99Ms !== undefined)
  ) {
    const screened = mode === 'screen' ? screenSlo(analysis, ctx, i, loss, afterSvc, sys.name, slo) : undefined;
    if (screened !== undefined) verdict = { holds: screened, misses: [], availability: null };
    else if (mode === 'exact' || budget.exact > 0) {
      budget.exact--;
      verdict = { ...exactSlo(model, analysis, i, loss.after, sys.name, slo), want: slo.availability };
    }
  }
  const total = loss.remaining + loss.lostCount;
  return {
    component: id,
    lost: loss.lost,
    lostCount: loss.lostCount,
    remaining: loss.remaining,
    utilizationAfter: u,
    carries,
    withinTarget: u <= target,
    sloHolds: verdict.holds,
    text: textOf(c, loss, u, target, total, verdict),
  };
}

const EXACT = new WeakMap<Analysis, Map<string, Failover | null>>();

/**
 * N+1 for one component: null when it is not redundant (one instance, a store without replicas,
 * a zone holding every node) or has no capacity. The SLO part by a second analysis (`exact`, the
 * default: one hovered component), or screened first (`screen`: see the file's comment).
 */
export function failover(
  model: Model,
  analysis: Analysis,
  componentId: string,
  mode: SloMode = 'exact',
): Failover | null {
  if (mode === 'screen') return failoversOf(model, analysis).get(componentId) ?? null;
  let cache = EXACT.get(analysis);
  if (!cache) EXACT.set(analysis, (cache = new Map()));
  if (cache.has(componentId)) return cache.get(componentId)!;
  const f = compute(model, analysis, componentId, 'exact', { exact: 1 });
  cache.set(componentId, f);
  return f;
}

const SCREENED = new WeakMap<Analysis, Map<string, Failover | null>>();

/**
 * N+1 for every component of the model, screened (once per analysis): the rule and the summaries
 * read this. Components the screen cannot clear are analysed again, the busiest after the loss
 * first, at most MAX_EXACT of them.
 */
export function failoversOf(model: Model, analysis: Analysis): Map<string, Failover | null> {
  const hit = SCREENED.get(analysis);
  if (hit) return hit;
  const out = new Map<string, Failover | null>();
  const none = { exact: 0 };
  const pending: Failover[] = [];
  for (const c of model.components) {
    if (out.has(c.id)) continue;
    const f = compute(model, analysis, c.id, 'screen', none);
    out.set(c.id, f);
    if (f && f.sloHolds === null && hasSlo(model, c.system)) pending.push(f);
  }
  pending.sort((a, b) => b.utilizationAfter - a.utilizationAfter);
  for (const f of pending.slice(0, MAX_EXACT)) out.set(f.component, failover(model, analysis, f.component, 'exact'));
  SCREENED.set(analysis, out);
  return out;
}

function hasSlo(model: Model, system: string): boolean {
  const slo = model.systems.find((s) => s.name === system)?.slo;
  return (
    !!slo &&
    (slo.availability !== undefined || slo.p50Ms !== undefined || slo.p95Ms !== undefined || slo.p99Ms !== undefined)
  );
}

/** How many of a pool's instances or a store's replicas N+1 needs (see `failoverSizing`). */
export interface FailoverSizing {
  part: 'instances' | 'replicas';
  count: number;
  /** The survivors' utilisation with that many, after the same loss. */
  utilizationAfter: number;
}

/**
 * The fewest instances (a pool) or replicas (a store) at which losing one of them, or a zone,
 * leaves the survivors at or below the target utilisation; null when more do not help (consumers
 * beyond their partitions, a store whose busiest node is its primary) or none up to a bound does.
 */
export function failoverSizing(model: Model, analysis: Analysis, componentId: string): FailoverSizing | null {
  const ctx = contextOf(model, analysis);
  const i = ctx.g.index.get(componentId);
  if (i === undefined) return null;
  const c = ctx.g.comps[i]!;
  const sm = ctx.sms[i]!;
  if (c.kind === 'client' || !sm.hasCapacity || !(sm.perInstanceRps > 0)) return null;
  const Z = zonesOf(model, c);
  const r = ctx.load.arr[i * 4 + CH_READS]!;
  const w = ctx.load.arr[i * 4 + CH_WRITES]!;
  const target = ctx.settingsOf(i).targetUtilization;
  const lose = (n: number) => (Z >= 2 ? lostInZones(n, Z, 1) : 1);
  const st = sm.store;
  if (!st) {
    if (sm.dispatch === 'partitioned') return null;
    for (let n = poolInstances(c) + 1; n <= poolInstances(c) + 10_000; n++) {
      const u = (r + w) / ((n - lose(n)) * sm.perInstanceRps);
      if (n - lose(n) >= 1 && u <= target) return { part: 'instances', count: n, utilizationAfter: u };
    }
    return null;
  }
  if (st.quorum) return null;
  for (let R = st.replicas + 1; R <= st.replicas + 64; R++) {
    const left = R - lose(R + 1);
    if (left < 0 || lose(R + 1) >= R + 1) continue;
    const readFrom = left === 0 && (st.readFrom === 'replicas' || st.readFrom === 'any') ? 'primary' : st.readFrom;
    const nodes = storeNodeLoads({ ...st, replicas: left, readFrom }, r, w);
    const u = Math.max(nodes.primary, nodes.replica ?? 0) / sm.perInstanceRps;
    if (u <= target) return { part: 'replicas', count: R, utilizationAfter: u };
    // more replicas cannot help a primary busier than the target
    if (nodes.primary / sm.perInstanceRps > target) return null;
  }
  return null;
}
