/**
 * What every scaling question starts from, computed once per analysis: loads are linear in the
 * clients' rates, so each component's utilisation at a multiplier m of today's load is m × its
 * utilisation today (closed form), and its saturation multiplier 1 / u. The service models and
 * loads are the analysis's own (result-context.ts `internalsOf`); only the queues and the call
 * trees are evaluated again at another load (latency.ts). Where the loads are not linear
 * (retries or breakers behind timeouts, scheduled jobs: nonlinear.ts), the break points of the
 * components they reach are searched over fresh analyses of the scaled model instead.
 */
import { analyze } from '../analysis/index.js';
import { ownService, type ServiceModel } from '../analysis/component.js';
import { dispatchOf, fanInBatch, storeNodeLoads } from '../analysis/dispatch.js';
import { reachableFrom, READS, sentReadShare, WRITES, type ClassIndex, type Graph } from '../analysis/graph.js';
import { CH_READS, CH_WRITES } from '../analysis/load.js';
import { internalsOf, type Context } from '../analysis/result-context.js';
import type { Analysis } from '../analysis/types.js';
import type { Model, Slo } from '../model.js';
import { loadNonLinearity, type LoadNonLinearity } from '../analysis/timeouts.js';
import { atAutoscaleMax, ScaledAnalyses } from './nonlinear.js';
import { searchBreaks } from './nonlinear-breaks.js';
import type { RequestKey } from './types.js';

/** One client request class. */
export interface Request extends RequestKey {
  /** The client's index in the graph. */
  node: number;
  k: ClassIndex;
  system: string;
}

export interface SystemBasis {
  name: string;
  /** Indices of its members: what its clients reach and what it declares. */
  members: number[];
  /** Indices of its clients. */
  clients: number[];
  /** Its request classes (indices into Basis.requests). */
  requests: number[];
  slo: Slo | undefined;
  targetUtilization: number;
  /** Rate-weighted availability of its requests today (constant under load in this analysis). */
  availability: number | null;
}

export interface Basis {
  ctx: Context;
  g: Graph;
  model: Model;
  /** Where the loads are not linear in the clients' rates (null: the closed form holds everywhere). */
  nonLinear: LoadNonLinearity | null;
  /** Fresh analyses of the scaled model (nonLinear only). */
  scaled: ScaledAnalyses | null;
  /** Per component: why it saturates earlier than its load today says ("" when it does not). */
  satNote: string[];
  /** Utilisation today (NaN: no capacity; 0: no load). */
  u1: Float64Array;
  /** Multiplier at which it saturates with today's instances (Infinity: never). */
  satAt: Float64Array;
  /** With autoscaling at its maximum (== satAt without autoscale). */
  satAtMax: Float64Array;
  /** Where the instances needed at the target utilisation exceed the autoscale maximum (NaN: no autoscale). */
  autoscaleMaxAt: Float64Array;
  /** Instances at the autoscale maximum (0: no autoscale). */
  maxInstances: Int32Array;
  requests: Request[];
  systems: SystemBasis[];
  /** Target utilisation of a component's system. */
  target: (i: number) => number;
}

/** The analysis's internals; an analysis made elsewhere (a plain copy) is made again. */
export function contextOf(model: Model, analysis: Analysis): Context {
  return internalsOf(analysis) ?? internalsOf(analyze(model))!;
}

/** A pool's service model with another instance count (dispatch and fan-in batches follow it). */
export function withInstances(g: Graph, i: number, sm: ServiceModel, instances: number): ServiceModel {
  const d = dispatchOf(g, i, instances);
  return {
    ...sm,
    instances,
    dispatch: d.dispatch,
    busiestShare: d.busiestShare,
    partitions: d.partitions,
    batch: fanInBatch(g, i, d.dispatch, instances),
  };
}

/** Utilisation of component i at today's load with `instances` instances (a pool; a store keeps its nodes). */
export function utilizationWith(ctx: Context, i: number, instances: number): number {
  const sm = ctx.sms[i]!;
  if (sm.store || instances === sm.instances) return ctx.svc[i]!.utilization;
  const r = ctx.load.arr[i * 4 + CH_READS]!;
  const w = ctx.load.arr[i * 4 + CH_WRITES]!;
  return ownService(withInstances(ctx.g, i, sm, instances), r, w).utilization;
}

/**
 * Of r reads at component i, those sent to its primary by calls written `read-from primary`: today's
 * share of them (exact at a multiple of today's load).
 */
export function ledReadsAt(ctx: Context, i: number, r: number): number {
  const today = ctx.load.arr[i * 4 + CH_READS]!;
  const led = ctx.load.primaryReads[i]!;
  return led > 0 && today > 0 ? (r * led) / today : 0;
}

/**
 * Utilisation of component i under r reads and w writes per second (`rp` of the reads sent to the
 * primary by calls; today's share by default), as ownService gives it (the busiest instance, or a
 * store's hottest node) without solving its queues.
 */
export function utilizationAt(ctx: Context, i: number, r: number, w: number, rp = ledReadsAt(ctx, i, r)): number {
  const sm = ctx.sms[i]!;
  if (!sm.hasCapacity) return NaN;
  if (sm.store) {
    const nodes = storeNodeLoads(sm.store, r, w, rp);
    const busiest = Math.max(nodes.primary, nodes.replica ?? 0);
    return sm.perInstanceRps > 0 ? busiest / sm.perInstanceRps : busiest > 0 ? Infinity : 0;
  }
  const capacity = ctx.svc[i]!.capacity;
  const total = r + w;
  return capacity > 0 ? total / capacity : total > 0 ? Infinity : 0;
}

const satOf = (u: number) => (u > 0 ? 1 / u : Infinity);

export function buildBasis(model: Model, analysis: Analysis): Basis {
  const ctx = contextOf(model, analysis);
  const g = ctx.g;
  const n = g.n;
  const u1 = new Float64Array(n);
  const satAt = new Float64Array(n);
  const satAtMax = new Float64Array(n);
  const autoscaleMaxAt = new Float64Array(n).fill(NaN);
  const maxInstances = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = ctx.svc[i]!.utilization;
    u1[i] = u;
    satAt[i] = satOf(u);
    satAtMax[i] = satAt[i]!;
    const sm = ctx.sms[i]!;
    if (sm.maxInstances === null || sm.store || !sm.hasCapacity || !(u > 0)) continue;
    const max = Math.max(sm.maxInstances, sm.instances);
    maxInstances[i] = max;
    satAtMax[i] = satOf(utilizationWith(ctx, i, max));
    // instances needed at the target utilisation: m × (load / one instance's capacity) / target
    const work = (ctx.load.arr[i * 4 + CH_READS]! + ctx.load.arr[i * 4 + CH_WRITES]!) / sm.perInstanceRps;
    autoscaleMaxAt[i] = work > 0 ? (max * ctx.settingsOf(i).targetUtilization) / work : Infinity;
  }

  const requests: Request[] = [];
  for (let i = 0; i < n; i++) {
    const c = g.comps[i]!;
    if (c.kind !== 'client') continue;
    const rf = sentReadShare(g, i);
    if (rf > 0) requests.push({ client: c.id, traffic: 'reads', node: i, k: READS, system: c.system });
    if (rf < 1) requests.push({ client: c.id, traffic: 'writes', node: i, k: WRITES, system: c.system });
  }

  const systems = model.systems.map((s, j): SystemBasis => {
    const clients: number[] = [];
    for (let i = 0; i < n; i++) if (g.comps[i]!.kind === 'client' && g.comps[i]!.system === s.name) clients.push(i);
    const reach = reachableFrom(g, clients);
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (reach[i] || g.comps[i]!.system === s.name) members.push(i);
    const mine = requests.flatMap((q, r) => (q.system === s.name ? [r] : []));
    const first = clients[0] ?? members[0];
    return {
      name: s.name,
      members,
      clients,
      requests: mine,
      slo: s.slo,
      targetUtilization: first !== undefined ? ctx.settingsOf(first).targetUtilization : 0.7,
      availability: analysis.systems[j]?.availability.value ?? null,
    };
  });
  const nonLinear = loadNonLinearity(g);
  const scaled = nonLinear ? new ScaledAnalyses(model, analysis) : null;
  const satNote = new Array<string>(n).fill('');
  if (nonLinear && scaled) {
    const maxed = maxInstances.some((x) => x > 0) ? new ScaledAnalyses(atAutoscaleMax(model), analysis) : null;
    searchBreaks(ctx, nonLinear, scaled, maxed, { u1, satAt, satAtMax, autoscaleMaxAt, maxInstances, satNote });
  }
  return {
    ctx,
    g,
    model,
    nonLinear,
    scaled,
    satNote,
    u1,
    satAt,
    satAtMax,
    autoscaleMaxAt,
    maxInstances,
    requests,
    systems,
    target: (i) => ctx.settingsOf(i).targetUtilization,
  };
}

const BASES = new WeakMap<Analysis, Basis>();

/** The basis of an analysis, made once (the sweep, efficiency and growth share it). */
export function basisOf(model: Model, analysis: Analysis): Basis {
  let b = BASES.get(analysis);
  if (!b) {
    b = buildBasis(model, analysis);
    BASES.set(analysis, b);
  }
  return b;
}
