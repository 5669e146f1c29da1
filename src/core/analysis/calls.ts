/**
 * One synchronous call of the call tree (paths.ts) and the walk over the calls: which edges are
 * calls, a call's availability with retries and a timeout, and a guarded call (a timeout,
 * `optional`, `fallback`, an open breaker): its time and availability; a call's latency (edge latency,
 * region latency, fan-out) and a pool or bulkhead on it (pools.ts).
 */
import { NEGLIGIBLE_SHARE, timedCallTime } from './calltime.js';
import { serviceModel } from './component.js';
import { fanoutGroups } from './dispatch.js';
import type { ClassIndex, Graph } from './graph.js';
import { throughPool, type PoolInputs } from './pools.js';
import { regionLatency } from './regions.js';
import { add, constant, exceedance, maxOf, ZERO, type Dist } from './stats.js';

/** Retries written on an edge (0 when none or not a positive number). */
export function retries(g: Graph, e: number): number {
  const r = g.edges[e]!.retries;
  return r !== undefined && r > 0 && Number.isFinite(r) ? r : 0;
}

/** Whether e is a synchronous call of class k that is actually taken. */
export function isCall(g: Graph, k: ClassIndex, e: number): boolean {
  return g.sync[k][e] === 1 && g.choice[k][e]! > 0;
}

/**
 * Availability of one call along e to a callee of availability a, when a share s of its attempts
 * exceed the edge's timeout: an attempt fails with q = 1 − a·(1 − s), the call with r retries
 * succeeds with 1 − q^(r+1), and all of its fan-out calls must: (1 − q^(r+1))^fanout.
 */
export function callAvailability(g: Graph, e: number, a: number, s = 0): number {
  const r = retries(g, e);
  const q = s > 0 ? 1 - a * (1 - s) : 1 - a;
  const once = r > 0 ? 1 - Math.pow(q, r + 1) : s > 0 ? 1 - q : a;
  const n = g.fanout[e]!;
  return n > 1 ? Math.pow(once, n) : once;
}

/** The edge's per-attempt timeout, ms (undefined when none or not a positive number). */
export function timeoutOf(g: Graph, e: number): number | undefined {
  const t = g.edges[e]!.timeoutMs;
  return t !== undefined && t > 0 && Number.isFinite(t) ? t : undefined;
}

/** Whether a call along e is changed by a timeout, partial results, a fallback or an open breaker. */
export function isGuarded(g: Graph, e: number): boolean {
  const ed = g.edges[e]!;
  return ed.timeoutMs !== undefined || ed.optional === true || ed.fallback === true || g.breakerOpen[e] === 1;
}

/**
 * A guarded call along e (see `isGuarded`) whose call time is cd (edge latency and fan-out
 * included) to a callee of availability a: s = P(cd > τ); its time with the timeout and retries
 * (calltime.ts `timedCallTime`), its availability (`callAvailability`, 1 when `optional` or
 * `fallback`: the caller answers without it). An open breaker fails fast: 0 ms, succeeding only
 * with a fallback or when optional.
 */
export function guardedCall(g: Graph, e: number, cd: Dist, a: number): { d: Dist; a: number; s: number } {
  const ed = g.edges[e]!;
  const tau = timeoutOf(g, e);
  const s = tau !== undefined ? exceedance(cd, tau) : 0;
  const soft = ed.optional === true || ed.fallback === true;
  if (g.breakerOpen[e] === 1) return { d: ZERO, a: soft ? 1 : 0, s };
  const ca = soft ? 1 : callAvailability(g, e, a, s);
  const d = tau !== undefined && s > NEGLIGIBLE_SHARE ? timedCallTime(cd, s, a, tau, retries(g, e)) : cd;
  return { d, a: ca, s };
}

/**
 * The depth-first post-order of the class-k synchronous calls from `root` (iterative): written to
 * `out`, returns how many. A node is new unless `state` holds `entered` (on the stack or walked,
 * not yet evaluated) or `entered + 1` (evaluated); the walk marks what it enters with `entered`.
 * A call back into a node on the stack is a cycle edge: not followed (evaluating in this order, its
 * callee is not ready yet, and the call tree skips it). `stackNode`, `stackPos`: n + 1 scratch.
 */
export function callPostOrder(
  g: Graph,
  k: ClassIndex,
  root: number,
  state: Uint8Array | Int32Array,
  entered: number,
  stackNode: Int32Array,
  stackPos: Int32Array,
  out: Int32Array,
): number {
  const settled = entered + 1;
  if (state[root] === entered || state[root] === settled) return 0;
  let count = 0;
  let depth = 0;
  stackNode[0] = root;
  stackPos[0] = g.outStart[root]!;
  state[root] = entered;
  while (depth >= 0) {
    const u = stackNode[depth]!;
    const pos = stackPos[depth]!;
    if (pos < g.outStart[u + 1]!) {
      stackPos[depth] = pos + 1;
      const e = g.outList[pos]!;
      if (!isCall(g, k, e)) continue;
      const v = g.to[e]!;
      if (state[v] !== entered && state[v] !== settled) {
        state[v] = entered;
        depth++;
        stackNode[depth] = v;
        stackPos[depth] = g.outStart[v]!;
      }
      continue;
    }
    out[count++] = u;
    depth--;
  }
  return count;
}

export function edgeLatency(g: Graph, e: number): number {
  const l = g.edges[e]!.latencyMs;
  return (l !== undefined && Number.isFinite(l) && l > 0 ? l : 0) + regionLatency(g, e);
}

/** Latency of one call along e to a callee whose response is d. */
export function callDist(g: Graph, e: number, d: Dist, fanCache?: Map<number, Dist>): Dist {
  const n = g.fanout[e]!;
  let x = d;
  if (n > 1) {
    const cached = fanCache?.get(e);
    if (cached) x = cached;
    else {
      // copies reaching one queue arrive together: the last of each instance's group, over the instances hit
      const fan = fanoutGroups(g, e, serviceModel(g, g.to[e]!));
      x = fan ? maxOf(fan.lagMs > 0 ? add(d, constant(fan.lagMs)) : d, fan.groups) : maxOf(d, n);
      fanCache?.set(e, x);
    }
  }
  const l = edgeLatency(g, e);
  return l > 0 ? add(constant(l), x) : x;
}

/** One attempt (one fan-out copy) along e to a callee of response d: edge latency + d. */
export function oneCall(g: Graph, e: number, d: Dist): Dist {
  const l = edgeLatency(g, e);
  return l > 0 ? add(constant(l), d) : d;
}

/** One call along e to a callee of response dv and availability av: its time, availability and timeout share. */
export function callOf(
  g: Graph,
  e: number,
  dv: Dist,
  av: number,
  fanCache?: Map<number, Dist>,
  pools?: PoolInputs | null,
): { d: Dist; a: number; s: number } {
  const cd = g.fanout[e]! > 1 || edgeLatency(g, e) > 0 ? callDist(g, e, dv, fanCache) : dv;
  const guarded = isGuarded(g, e);
  const pool = pools ? throughPool(pools, e, oneCall(g, e, dv), av, timeoutOf(g, e), guarded) : null;
  const a = pool ? pool.a : av;
  const c = guarded
    ? guardedCall(g, e, cd, a)
    : { d: cd, a: g.edges[e]!.retries || g.fanout[e]! > 1 || pool ? callAvailability(g, e, a) : a, s: 0 };
  return pool ? { ...c, d: pool.wrap(c.d) } : c;
}
