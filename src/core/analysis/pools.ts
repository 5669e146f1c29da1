/**
 * A call through a connection pool or a bulkhead (issue 16), in the call tree: per caller
 * instance λᵢ attempts per second over the edge, R = the attempt's mean hold time (E[min(T, τ)]:
 * the call time T, edge latency included, cut at the timeout τ), a = λᵢR Erlangs.
 * - A pool (`connections c`) queues: with P(wait) = Erlang C(c, a) an attempt first waits an
 *   exponential time of mean R/(c − a) × (1 + cv²)/2 (M/M/c with service time R, scaled by
 *   Allen–Cunneen's factor for the hold time's variability cv²: mean wait C·that); the
 *   call's time is that wait + the call (the wait is added once per call: a retry's own wait is
 *   not, see docs/analysis.md section 9). a ≥ c: unbounded (the pool is exhausted).
 * - A bulkhead (`bulkhead c`) refuses B = Erlang B(c, a) of the attempts: a refused attempt fails
 *   at once (0 ms), as a callee that is down does, so the call is made to a callee of availability
 *   A·(1 − B) (retried, timed, optional or with a fallback as any call), and never reaches the
 *   callee: the loads carry the admitted share 1 − B (g.admitted, the fixed point of timeouts.ts),
 *   and λᵢ counts the attempts offered (flow / admitted).
 * connections.ts reports the same numbers (λᵢ, R, C or B) as the edge's pool figures.
 */
import { partialMoments } from './calltime.js';
import { READS, WRITES, type Graph } from './graph.js';
import { erlangB, erlangC } from './queueing.js';
import { add, mixture, UNBOUNDED, ZERO, type Dist } from './stats.js';

export interface PoolSpec {
  kind: 'pool' | 'bulkhead';
  /** Connections (slots) per caller instance. */
  size: number;
  /** Where the size is written: on the edge, or the caller's `connections`. */
  where: 'edge' | 'caller';
}

const positive = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x >= 1;

/** Whether the caller waits for edge e (synchronous for reads or writes). */
export function waits(g: Graph, e: number): boolean {
  return g.sync[READS][e] === 1 || g.sync[WRITES][e] === 1;
}

/** The pool or bulkhead on edge e, or null: the edge's bulkhead, else its connections, else the caller's. */
export function poolOf(g: Graph, e: number): PoolSpec | null {
  if (!waits(g, e)) return null;
  const edge = g.edges[e]!;
  if (positive(edge.bulkhead)) return { kind: 'bulkhead', size: Math.floor(edge.bulkhead), where: 'edge' };
  if (positive(edge.connections)) return { kind: 'pool', size: Math.floor(edge.connections), where: 'edge' };
  const caller = g.comps[g.from[e]!]!;
  if (positive(caller.connections)) return { kind: 'pool', size: Math.floor(caller.connections), where: 'caller' };
  return null;
}

/**
 * One attempt's hold time min(T, τ) (T without a timeout): its mean R, ms, and squared
 * coefficient of variation (for the wait's Allen–Cunneen factor).
 */
export function holdOf(t: Dist, tau: number | undefined): { R: number; cv2: number } {
  if (t.unbounded) return tau === undefined ? { R: Infinity, cv2: 1 } : { R: tau, cv2: 0 };
  let R = t.mean;
  let second = t.variance + t.mean * t.mean;
  if (tau !== undefined) {
    const pm = partialMoments(t, tau);
    R = Math.min(tau, pm.m1 + tau * (1 - pm.m0));
    second = pm.m2 + tau * tau * (1 - pm.m0);
  }
  const cv2 = R > 0 ? Math.max(0, second / (R * R) - 1) : 1;
  return { R, cv2 };
}

/** Mean time one attempt holds its connection: E[min(T, τ)] (E[T] without a timeout), ms. */
export function holdMs(t: Dist, tau: number | undefined): number {
  return holdOf(t, tau).R;
}

/** Per edge: the pool or bulkhead, and λᵢ (attempts per second per caller instance). */
export interface PoolInputs {
  spec: (PoolSpec | null)[];
  lambda: Float64Array;
}

/** The pools of g at these per-edge flows (4 channels an edge, load.ts), or null when there is none. */
export function poolInputs(g: Graph, flow: Float64Array, instances: (u: number) => number): PoolInputs | null {
  const m = g.edges.length;
  let spec: (PoolSpec | null)[] | null = null;
  let lambda: Float64Array | null = null;
  for (let e = 0; e < m; e++) {
    const s = poolOf(g, e);
    if (!s) continue;
    spec ??= new Array<PoolSpec | null>(m).fill(null);
    lambda ??= new Float64Array(m);
    spec[e] = s;
    lambda[e] = offeredAttempts(g, flow, e) / Math.max(1, instances(g.from[e]!));
  }
  return spec && lambda ? { spec, lambda } : null;
}

/** The attempts per second offered to edge e's pool or bulkhead: its flow (what got through) over the share admitted. */
export function offeredAttempts(g: Graph, flow: Float64Array, e: number): number {
  const through = flow[e * 4]! + flow[e * 4 + 1]!;
  const admitted = g.admitted[e]!;
  return admitted > 0 && admitted < 1 ? through / admitted : through;
}

/** The share of attempts a bulkhead on e refuses, Erlang B at its offered load, one attempt taking `one`; 0 for a pool or none. */
export function refusalOf(p: PoolInputs | null | undefined, e: number, one: Dist, tau: number | undefined): number {
  const spec = p?.spec[e];
  if (!p || !spec || spec.kind !== 'bulkhead') return 0;
  return poolShare('bulkhead', spec.size, (p.lambda[e]! * holdOf(one, tau).R) / 1000);
}

/** Erlang C or B of a pool or bulkhead with c slots at a Erlangs (1 when a ≥ c for a pool, or unbounded R). */
export function poolShare(kind: PoolSpec['kind'], c: number, a: number): number {
  if (!Number.isFinite(a)) return 1;
  return kind === 'pool' ? (a >= c ? 1 : erlangC(c, a)) : erlangB(c, a);
}

/**
 * Mean wait of the calls that wait, ms: R/(c − a) for exponential hold times (M/M/c), scaled by
 * Allen–Cunneen's (1 + cv²)/2 for others (half of it for a constant hold time: M/D/c).
 */
export function waitWhenWaiting(c: number, a: number, R: number, cv2: number): number {
  return ((R / (c - a)) * (1 + cv2)) / 2;
}

/** The wait for a connection of a pool with c connections at a Erlangs, hold time R ms. */
export function connectionWait(c: number, a: number, R: number, cv2: number): Dist {
  if (!(a > 0)) return ZERO;
  if (a >= c || !Number.isFinite(R)) return UNBOUNDED;
  const C = erlangC(c, a);
  const m = waitWhenWaiting(c, a, R, cv2);
  const wait: Dist = { mean: m, variance: m * m, floor: 0, unbounded: false };
  return mixture([{ p: C, d: wait, label: 'waits for a connection' }], 'a connection free');
}

/**
 * What a pool or bulkhead on e does to a call to a callee of availability a, one attempt (one
 * fan-out copy) taking `one` (edge latency included): `a` for the call (a bulkhead's refusals taken off), and
 * `wrap` for the call's time once guarded (a pool's wait added before it; an unguarded call
 * refused by a bulkhead takes 0 ms).
 */
export function throughPool(
  p: PoolInputs | null | undefined,
  e: number,
  one: Dist,
  a: number,
  tau: number | undefined,
  guarded: boolean,
): { a: number; wrap: (d: Dist) => Dist } | null {
  const spec = p?.spec[e];
  if (!p || !spec) return null;
  if (spec.kind === 'bulkhead') {
    const B = refusalOf(p, e, one, tau);
    // a guarded call's time already has its fast failures (calltime.ts); else the refused take 0 ms
    const wrap = (d: Dist) => (guarded || !(B > 0) ? d : mixture([{ p: 1 - B, d, label: 'let through' }], 'refused'));
    return { a: a * (1 - B), wrap };
  }
  const { R, cv2 } = holdOf(one, tau);
  const w = connectionWait(spec.size, (p.lambda[e]! * R) / 1000, R, cv2);
  return { a, wrap: (d) => (w === ZERO ? d : add(w, d)) };
}
