/**
 * Per-component capacity and queueing: how many servers, what capacity, which queue (by the
 * dispatch of dispatch.ts: one shared M/M/c, or each instance its own, Eₙ/M/k under round-robin;
 * a general service time by its CV), the node loads of a store (primary and replicas, shards
 * with skew, quorums), own response time per traffic class and own availability per class.
 * The one place that derives an instance's capacity and service time (`instanceService`,
 * `perInstanceRps`, `serviceTimeMs`) and a client's valid rate (`sentRps`), for the analysis
 * and the rules.
 */
import { KINDS } from '../kinds.js';
import type { Component, Quorum, ReplicationMode } from '../model.js';
import { count, duration, plural, rate } from '../wording.js';
import type { Graph } from './graph.js';
import { dispatchOf, fanInBatch, ledReadsOf, partitionsOf, storeNodeLoads, type FanInBatch } from './dispatch.js';
import { kthOf, withoutFixed } from './order-statistics.js';
import { queueDist, queueOf } from './queue-of.js';
import { atLeast, redundant, type Queue } from './queueing.js';
import { maxOf, mixture, add, type Dist } from './stats.js';
import { writeAvailability } from './store-availability.js';
import type { Dispatch } from './types.js';

export { storeNodeLoads };
export { queueDist, queueOf };

export type ReadFromMode = 'primary' | 'replicas' | 'any' | 'quorum';

export interface StoreShape {
  shards: number;
  replicas: number;
  skew: number;
  readFrom: ReadFromMode;
  quorum: Quorum | null;
  replication: ReplicationMode;
}

/** How a component serves: its servers, capacity, dispatch, store shape, fixed latency. */
export interface ServiceModel {
  /** Capacity known (capacity or a positive service time given). */
  hasCapacity: boolean;
  /** Capacity of one instance (or one store node), rps. */
  perInstanceRps: number;
  /** Servers inside one instance (threads): round(capacity x service time) when both are given, else 1. */
  serversPerInstance: number;
  /** Mean service time used for queueing, ms: k / capacity (equals the written one when consistent). */
  serviceMs: number;
  /** Instances counted (for a pool). */
  instances: number;
  declaredInstances: number;
  /** Autoscale maximum, if any. */
  maxInstances: number | null;
  dispatch: Dispatch;
  /**
   * The busiest instance's share of the component's arrivals: 1 / instances for an even
   * split (round-robin or random), ceil(P / n) / P for consumers of P partitions, 1 when shared.
   */
  busiestShare: number;
  /** Partitions P consumed (dispatch `partitioned`: consumer i owns partitions i, i + n, ...), else 0. */
  partitions: number;
  /** Coefficient of variation of the service time (1 = exponential). */
  serviceCv: number;
  /** Fan-out copies arriving together at each queue (a pool's, split or shared), else null. */
  batch: FanInBatch | null;
  store: StoreShape | null;
  fixedMs: number;
  /** Availability of one instance or node (1 when not given). */
  availability: number;
  /** Share of requests whose data is offline (failed shards in a scenario): they fail. */
  offline?: number;
  notes: string[];
}

/** Whether a component's capacity is that of store nodes (primary and replicas of each shard, or a quorum). */
export function usesStoreModel(c: Component): boolean {
  const nodes = KINDS[c.kind].storeNodes;
  if (nodes === 'always') return true;
  if (nodes === 'when-replicated') return c.replicas !== undefined || c.shards !== undefined || c.quorum !== undefined;
  return false;
}

const posInt = (x: number | undefined): number | undefined =>
  x !== undefined && Number.isFinite(x) && x >= 0 ? Math.floor(x) : undefined;

/** What one instance (or store node) of a component can do: its capacity and service time. */
export interface InstanceService {
  /** Capacity known (capacity or a positive service time given). */
  hasCapacity: boolean;
  /** Capacity of one instance (or one store node), rps. */
  perInstanceRps: number;
  /** Servers inside one instance (threads): round(capacity x service time) when both are given, else 1. */
  serversPerInstance: number;
  /** Mean service time used for queueing, ms: k / capacity (equals the written one when consistent). */
  serviceMs: number;
  notes: string[];
}

/** The instance size that scales capacity: `size` when finite and positive, else 1. */
export function instanceSize(c: Component): number {
  const z = c.size;
  return z !== undefined && Number.isFinite(z) && z > 0 ? z : 1;
}

/** Coefficient of variation of the service time: `service-cv` when finite and >= 0, else 1 (exponential). */
export function serviceCv(c: Component): number {
  const v = c.serviceCv;
  return v !== undefined && Number.isFinite(v) && v >= 0 ? v : 1;
}

/**
 * One instance's capacity and service time: the capacity when given (with a service time too,
 * k = round(capacity x service time) servers per instance, each taking k / capacity), else
 * 1 / service time; none for a client, nor without either. `size` multiplies the capacity (a
 * capacity or service time is written for size 1): size 2 with a service time alone is two
 * servers of that service time.
 */
export function instanceService(c: Component): InstanceService {
  const notes: string[] = [];
  const size = instanceSize(c);
  const st =
    c.serviceTimeMs !== undefined && Number.isFinite(c.serviceTimeMs) && c.serviceTimeMs > 0
      ? c.serviceTimeMs
      : undefined;
  const given =
    c.capacityRps !== undefined && Number.isFinite(c.capacityRps) && c.capacityRps >= 0 ? c.capacityRps : undefined;
  // a size other than 1 scales the written capacity, or the 1 / service time of one server
  const cap =
    size === 1 ? given : given !== undefined ? given * size : st !== undefined ? (1000 / st) * size : undefined;
  if (size !== 1 && cap !== undefined && !KINDS[c.kind].sendsLoad)
    notes.push(
      `size ${count(size)}: capacity ${given !== undefined ? rate(given) : `1 / ${duration(st!)}`} × ${count(size)} = ${rate(cap)} per instance`,
    );
  let perInstanceRps = 0;
  let serversPerInstance = 1;
  let serviceMs = 0;
  let hasCapacity = false;
  if (KINDS[c.kind].sendsLoad) {
    // a load source: no capacity
  } else if (cap !== undefined) {
    hasCapacity = true;
    perInstanceRps = cap;
    if (st !== undefined && cap > 0) {
      serversPerInstance = Math.max(1, Math.round((cap * st) / 1000));
      serviceMs = (serversPerInstance / cap) * 1000;
      if (Math.abs(serviceMs - st) > 1e-9 * st && Number.isFinite(serviceMs)) {
        notes.push(
          `capacity ${rate(cap)} with service time ${duration(st)}: ${plural(serversPerInstance, 'server')} per instance, queueing with S = ${duration(serviceMs)} so that capacity holds`,
        );
      }
    } else if (cap > 0) serviceMs = 1000 / cap;
    if (!Number.isFinite(serviceMs) || !Number.isFinite(serversPerInstance)) {
      // a capacity too small to represent a service time: no service at all
      perInstanceRps = 0;
      serviceMs = 0;
      serversPerInstance = 1;
      notes.push('capacity too small to model: treated as 0');
    }
  } else if (st !== undefined) {
    hasCapacity = true;
    serviceMs = st;
    perInstanceRps = 1000 / st;
    if (!Number.isFinite(perInstanceRps)) {
      hasCapacity = false;
      perInstanceRps = 0;
      notes.push('service time too small to model: no queueing');
    }
  } else if (c.serviceTimeMs === 0) {
    notes.push('service time 0: no queueing');
  }
  return { hasCapacity, perInstanceRps, serversPerInstance, serviceMs, notes };
}

/** Capacity of one instance (or store node), rps, as the analysis models it; undefined when not known. */
export function perInstanceRps(c: Component): number | undefined {
  const s = instanceService(c);
  return s.hasCapacity ? s.perInstanceRps : undefined;
}

/** Mean service time of one request on one server, ms, as the analysis's queues take it (0 when not known). */
export function serviceTimeMs(c: Component): number {
  return instanceService(c).serviceMs;
}

/** Requests per second a client sends: its rate when finite and positive, else 0 (0 for any other kind). */
export function sentRps(c: Component): number {
  if (!KINDS[c.kind].sendsLoad) return 0;
  const r = c.rateRps;
  return r !== undefined && Number.isFinite(r) && r > 0 ? r : 0;
}

export function serviceModel(g: Graph, i: number): ServiceModel {
  const c = g.comps[i]!;
  const { hasCapacity, perInstanceRps, serversPerInstance, serviceMs, notes } = instanceService(c);

  let store: StoreShape | null = null;
  if (usesStoreModel(c)) {
    const shards = Math.max(1, posInt(c.shards) ?? 1);
    const replicas = posInt(c.replicas) ?? 0;
    // The hottest shard carries skew x the mean, and at most everything: skew <= shards (so a
    // store with one shard, or none, carries its whole load, however skewed its keys are).
    const given = c.skew !== undefined && Number.isFinite(c.skew) && c.skew >= 1 ? c.skew : 1;
    const skew = Math.min(given, shards);
    if (given > skew)
      notes.push(
        shards === 1
          ? `skew ${count(given)} with one shard: no effect (one shard carries the whole load)`
          : `skew ${count(given)} above ${plural(shards, 'shard')}: the hottest shard carries at most the whole load (skew ${count(shards)})`,
      );
    const quorum = c.quorum && c.quorum.n >= 1 ? c.quorum : null;
    const written = c.readFrom === 'sticky' ? 'replicas' : c.readFrom; // sticky loads replicas alike
    let readFrom: ReadFromMode = quorum ? 'quorum' : (written ?? (replicas > 0 ? 'replicas' : 'primary'));
    if ((readFrom === 'replicas' || readFrom === 'any') && replicas === 0) {
      if (written === 'replicas') notes.push('read-from replicas but no replicas: reads go to the primary');
      readFrom = 'primary';
    }
    store = { shards, replicas, skew, readFrom, quorum, replication: c.replication ?? 'async' };
    if (c.instances !== undefined)
      notes.push('instances are not used for a store: its nodes are the primary and replicas of each shard');
  }

  const declared = posInt(c.instances) ?? posInt(c.autoscale?.min) ?? 1;
  let instances = declared;
  const maxInstances = posInt(c.autoscale?.max) ?? null;
  // Consumers of partitioned queues or streams: at most one consumer per partition works
  // (partition p goes to consumer p mod n: with several brokers, the most partitions count).
  if (!store && g.inStart[i + 1]! > g.inStart[i]!) {
    let partitions = 0;
    let allPartitioned = true;
    for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) {
      const src = g.comps[g.from[g.inList[j]!]!]!;
      const p = partitionsOf(src);
      if (p > 0) partitions = Math.max(partitions, p);
      else allPartitioned = false;
    }
    if (allPartitioned && partitions > 0 && instances > partitions) {
      notes.push(
        `${count(instances)} consumers but ${plural(partitions, 'partition')}: only ${count(partitions)} consume`,
      );
      instances = partitions;
    }
  }

  const { dispatch, busiestShare, partitions } = store
    ? { dispatch: 'shared' as const, busiestShare: 1, partitions: 0 }
    : dispatchOf(g, i, instances);

  const fixedMs = c.latencyMs !== undefined && Number.isFinite(c.latencyMs) && c.latencyMs > 0 ? c.latencyMs : 0;
  const availability =
    c.availability !== undefined && Number.isFinite(c.availability) ? Math.min(1, Math.max(0, c.availability)) : 1;
  return {
    hasCapacity,
    perInstanceRps,
    serversPerInstance,
    serviceMs,
    instances,
    declaredInstances: declared,
    maxInstances,
    dispatch,
    busiestShare,
    partitions,
    serviceCv: serviceCv(c),
    batch: store ? null : fanInBatch(g, i, dispatch, instances),
    store,
    fixedMs,
    availability,
    ...(c.offlineShare !== undefined && c.offlineShare > 0 ? { offline: Math.min(1, c.offlineShare) } : {}),
    notes,
  };
}

export interface OwnService {
  /** The queue for a pool (its busiest instance's when each has its own), or the primary's for a store. */
  primaryQueue: Queue | null;
  replicaQueue: Queue | null;
  /** Per-node loads (stores). */
  nodes: { primary: number; replica: number | null } | null;
  /** Of the reads, those sent to a store's primary by calls written `read-from primary` (0 elsewhere). */
  ledReads: number;
  /** Utilisation (hottest node for stores); Infinity when capacity is 0 under load, NaN without capacity. */
  utilization: number;
  /** Sustainable rate at the current mix. */
  capacity: number;
  /** Own response time per class. */
  own: [Dist, Dist];
  /** Own availability per class. */
  availability: [number, number];
}

/**
 * Own service of a component under r reads and w writes per second, of which `rp` reads come over
 * calls written `read-from primary` (a store's primary takes them; LoadResult.primaryReads).
 */
export function ownService(sm: ServiceModel, r: number, w: number, rp = 0): OwnService {
  const total = r + w;
  const zeroCap = sm.hasCapacity && sm.perInstanceRps <= 0;
  const s = sm.store;
  const a = sm.availability;
  if (!s) {
    const n = sm.instances;
    // the busiest instance saturates first: capacity is the rate at which it reaches 100 %
    const capacity = !sm.hasCapacity
      ? NaN
      : sm.dispatch === 'partitioned'
        ? sm.perInstanceRps / sm.busiestShare
        : n * sm.perInstanceRps;
    let q: Queue | null = null;
    if (sm.hasCapacity && n > 0 && !zeroCap) {
      q =
        sm.dispatch === 'shared'
          ? queueOf(sm, total, n * sm.serversPerInstance)
          : queueOf(sm, total * sm.busiestShare, sm.serversPerInstance, sm.dispatch === 'round-robin' ? n : 1);
    }
    const noServers = sm.hasCapacity && (n === 0 || zeroCap);
    let d = queueDist(q, sm.fixedMs, noServers && total > 0);
    if (q && sm.dispatch === 'partitioned') d = partitionedResponse(sm, total, d);
    const utilization = !sm.hasCapacity ? NaN : capacity > 0 ? total / capacity : total > 0 ? Infinity : 0;
    const av = redundant(a, n);
    return {
      primaryQueue: q,
      replicaQueue: null,
      nodes: null,
      ledReads: 0,
      utilization,
      capacity,
      own: [d, d],
      availability: [av, av],
    };
  }
  // store: the hottest shard's nodes carry the figures (utilisation, capacity, queues)
  // reads a call sends to the primary (`read-from primary`), where the store would spread them
  const ledReads = ledReadsOf(s, r, rp);
  const led = r > 0 ? ledReads / r : 0;
  const hot = storeShard(sm, s, storeNodeLoads(s, r, w, ledReads), zeroCap, led);
  const { nodes, qp, qr } = hot;
  const busiest = Math.max(nodes.primary, nodes.replica ?? 0);
  const utilization = !sm.hasCapacity
    ? NaN
    : sm.perInstanceRps > 0
      ? busiest / sm.perInstanceRps
      : busiest > 0
        ? Infinity
        : 0;
  // capacity at this mix: the offered rate at which the hottest node reaches 100 %
  let capacity = NaN;
  if (sm.hasCapacity) {
    if (total > 0) capacity = utilization > 0 ? total / utilization : Infinity;
    else {
      const unit = storeNodeLoads(s, 1, 0);
      capacity = sm.perInstanceRps / Math.max(unit.primary, unit.replica ?? 0);
    }
  }
  // a request's response mixes the shards: the hottest takes skew/S of the requests, each of
  // the S − 1 others (S − skew)/(S(S − 1)), as a shape of skew (S − skew)/(S − 1) gives
  let reads = hot.reads;
  let writes = hot.writes;
  const S = s.shards;
  const pHot = s.skew / S;
  if (S > 1 && s.skew > 1 && pHot < 1) {
    const cold = { ...s, skew: (S - s.skew) / (S - 1) };
    const other = storeShard(sm, cold, storeNodeLoads(cold, r, w, ledReads), zeroCap, led);
    reads = mixture([
      { p: pHot, d: hot.reads, label: 'hottest shard' },
      { p: 1 - pHot, d: other.reads, label: 'other shards' },
    ]);
    writes = mixture([
      { p: pHot, d: hot.writes, label: 'hottest shard' },
      { p: 1 - pHot, d: other.writes, label: 'other shards' },
    ]);
  }
  let ar: number;
  let aw: number;
  if (s.quorum) {
    const { n, r: R, w: W } = s.quorum;
    ar = atLeast(Math.min(R, n), n, a);
    aw = atLeast(Math.min(W, n), n, a);
  } else {
    const R = s.replicas;
    ar = s.readFrom === 'replicas' ? redundant(a, R) : s.readFrom === 'any' ? redundant(a, R + 1) : a;
    ar = led * a + (1 - led) * ar; // the primary alone answers the led reads
    aw = writeAvailability(a, s);
  }
  const up = 1 - (sm.offline ?? 0); // the offline shards' share of requests fails
  return {
    primaryQueue: qp,
    replicaQueue: qr,
    nodes,
    ledReads,
    utilization,
    capacity,
    own: [reads, writes],
    availability: [ar * up, aw * up],
  };
}

/** One shard's node queues and read and write responses, under its node loads (`led`: the share of reads sent to the primary). */
function storeShard(
  sm: ServiceModel,
  s: StoreShape,
  nodes: { primary: number; replica: number | null },
  zeroCap: boolean,
  led = 0,
): { nodes: typeof nodes; qp: Queue | null; qr: Queue | null; reads: Dist; writes: Dist } {
  const qp = sm.hasCapacity && !zeroCap ? queueOf(sm, nodes.primary, sm.serversPerInstance) : null;
  const qr =
    sm.hasCapacity && !zeroCap && nodes.replica !== null ? queueOf(sm, nodes.replica, sm.serversPerInstance) : null;
  const dp = queueDist(qp, sm.fixedMs, zeroCap && nodes.primary > 0);
  const dr = nodes.replica === null ? dp : queueDist(qr, sm.fixedMs, zeroCap && nodes.replica > 0);
  if (s.quorum) {
    const { n, r: R, w: W } = s.quorum;
    // a read waits for all r nodes it asks; a write for the w-th fastest of the n it goes to
    return { nodes, qp, qr, reads: maxOf(dp, Math.min(R, n)), writes: kthOf(dp, Math.min(W, n), n) };
  }
  const R = s.replicas;
  const spread =
    s.readFrom === 'replicas'
      ? dr
      : s.readFrom === 'any'
        ? mixture([
            { p: 1 / (R + 1), d: dp },
            { p: R / (R + 1), d: dr },
          ])
        : dp;
  const reads =
    led > 0
      ? mixture([
          { p: led, d: dp, label: 'read-from primary' },
          { p: 1 - led, d: spread, label: `read-from ${s.readFrom}` },
        ])
      : spread;
  // a semi-sync write waits for the first of the R replicas to apply it, a sync write for the slowest
  const writes =
    R > 0 && s.replication === 'semi-sync'
      ? add(dp, kthOf(withoutFixed(dr), 1, R))
      : R > 0 && s.replication === 'sync'
        ? add(dp, maxOf(withoutFixed(dr), R))
        : dp;
  return { nodes, qp, qr, reads, writes };
}

/**
 * A message's response at consumers of P partitions: P mod n consumers own ceil(P/n) partitions
 * (the busiest, `d`), the others floor(P/n); a message reaches each group in proportion to its
 * partitions.
 */
function partitionedResponse(sm: ServiceModel, total: number, d: Dist): Dist {
  const n = sm.instances;
  const P = sm.partitions;
  const hi = Math.ceil(P / n);
  const lo = Math.floor(P / n);
  const busy = P % n;
  if (busy === 0 || lo === 0 || !(P > 0)) return d;
  const other = queueDist(queueOf(sm, (total * lo) / P, sm.serversPerInstance), sm.fixedMs, false);
  return mixture([
    { p: (busy * hi) / P, d },
    { p: ((n - busy) * lo) / P, d: other },
  ]);
}

export function classWeights(r: number, w: number): [number, number] {
  const t = r + w;
  if (!(t > 0) || !Number.isFinite(t)) return [1, 0];
  return [r / t, w / t];
}
