/**
 * The resilience of each edge compiled for the simulation (issue 16): per-attempt timeout, retry
 * back-off (jitter) and budget, circuit breaker, fallback, optional, parallel group, connection
 * pool or bulkhead per caller instance, `read-from primary`. An edge with none of them takes the
 * engine's plain path (`any[e]` is 0).
 */
import type { Graph } from '../analysis/graph.js';

export const POOL_NONE = 0;
export const POOL_QUEUE = 1;
export const POOL_BULKHEAD = 2;

/** Jitter without a timeout: the back-off is uniform over 0..this, ms. */
export const DEFAULT_BACKOFF_MS = 50;

export interface CallPlan {
  /** Per edge: 1 when it has retries, a timeout, budget, breaker, fallback, optional or a pool. */
  any: Uint8Array;
  /** Per-attempt timeout, ms (0: none). */
  timeout: Float64Array;
  /** Longest back-off before a retry, ms (0: retry at once). */
  backoff: Float64Array;
  /** Retry budget (retries per call), -1: none. */
  budget: Float64Array;
  /** Breaker threshold (0: none) and the edge's breaker slot (-1: none). */
  breaker: Float64Array;
  brIndex: Int32Array;
  breakers: number;
  /** A final failure does not fail the caller (optional or fallback). */
  tolerant: Uint8Array;
  /** Parallel group number (-1: sequential). */
  group: Int32Array;
  poolKind: Uint8Array;
  poolSize: Int32Array;
  /** First pool slot of the edge (one per caller instance). */
  poolBase: Int32Array;
  poolSlots: number;
  readPrimary: Uint8Array;
}

const pos = (x: number | undefined): number => (x !== undefined && Number.isFinite(x) && x > 0 ? x : 0);

/**
 * `instances(u)`: the caller's server groups (its instances). Which pool an edge has (as
 * docs/analysis.md's connection pools): its `bulkhead`, else its `connections`, else the caller's
 * own `connections` (every synchronous call it makes).
 */
export function compileCalls(g: Graph, instances: (u: number) => number): CallPlan {
  const m = g.edges.length;
  const any = new Uint8Array(m);
  const timeout = new Float64Array(m);
  const backoff = new Float64Array(m);
  const budget = new Float64Array(m).fill(-1);
  const breaker = new Float64Array(m);
  const brIndex = new Int32Array(m).fill(-1);
  const tolerant = new Uint8Array(m);
  const group = new Int32Array(m).fill(-1);
  const poolKind = new Uint8Array(m);
  const poolSize = new Int32Array(m);
  const poolBase = new Int32Array(m);
  const readPrimary = new Uint8Array(m);
  const groups = new Map<string, number>();
  let breakers = 0;
  let slots = 0;
  for (let e = 0; e < m; e++) {
    const ed = g.edges[e]!;
    const u = g.from[e]!;
    timeout[e] = pos(ed.timeoutMs);
    if (ed.jitter) backoff[e] = timeout[e]! > 0 ? timeout[e]! / 2 : DEFAULT_BACKOFF_MS;
    const b = ed.retryBudget;
    if (b !== undefined && Number.isFinite(b) && b >= 0) budget[e] = b;
    const th = ed.breaker?.threshold;
    if (th !== undefined && Number.isFinite(th) && th > 0) {
      breaker[e] = Math.min(1, th);
      brIndex[e] = breakers++;
    }
    tolerant[e] = ed.optional || ed.fallback ? 1 : 0;
    if (ed.parallelGroup !== undefined) {
      const key = `${u}\u0000${ed.parallelGroup}`;
      let k = groups.get(key);
      if (k === undefined) groups.set(key, (k = groups.size));
      group[e] = k;
    }
    // a pool or bulkhead holds a connection per synchronous call (async and CDC calls hold none)
    const sync = g.sync[0][e] === 1 || g.sync[1][e] === 1;
    const bulk = sync ? Math.floor(pos(ed.bulkhead)) : 0;
    const own = Math.floor(pos(ed.connections));
    const conn = !sync ? 0 : own > 0 ? own : Math.floor(pos(g.comps[u]!.connections));
    if (bulk > 0 || conn > 0) {
      poolKind[e] = bulk > 0 ? POOL_BULKHEAD : POOL_QUEUE;
      poolSize[e] = bulk > 0 ? bulk : conn;
      poolBase[e] = slots;
      slots += Math.max(1, instances(u));
    }
    readPrimary[e] = ed.readFrom === 'primary' ? 1 : 0;
    any[e] =
      (ed.retries ?? 0) > 0 || timeout[e]! > 0 || budget[e]! >= 0 || brIndex[e]! >= 0 || tolerant[e] || poolKind[e]
        ? 1
        : 0;
  }
  return {
    any,
    timeout,
    backoff,
    budget,
    breaker,
    brIndex,
    breakers,
    tolerant,
    group,
    poolKind,
    poolSize,
    poolBase,
    poolSlots: slots,
    readPrimary,
  };
}
