/**
 * Latency and availability along synchronous call trees.
 *
 * For every component and class, the response time including the synchronous calls it makes is
 * computed once by dynamic programming over the call graph in depth-first post-order (linear in
 * components + edges; a call back into a component still waiting on the stack is a cycle and is
 * ignored). Each response is summarised by its mean, variance and deterministic floor:
 *   own time (M/M/c queue + fixed latency)
 *   + for a component that copies requests to its callees (a service): Σ over calls, each made
 *     with probability = its share (sequential calls, independent)
 *   + for a balancer: a mixture over its targets with the split fractions
 *   a cache passes only misses on (a mixture with the hit ratio);
 *   a call with fan-out n waits for the slowest of n parallel calls (max of n copies);
 *   edge latency adds. Async edges, CDC and broker-to-consumer edges add nothing.
 * A split, a share and a cache keep their branches (stats.ts `mixture`: hit 80 % / miss 20 %, a
 * balancer's targets, a call made or not), and sums distribute over them, so percentiles solve
 * the mixture's tail Σ wᵢ P(Tᵢ > t), each branch exact for one M/M/c queue plus fixed latencies,
 * else a shifted gamma fitted to its (floor, mean, variance) — never summed per-hop percentiles.
 *
 * Calls with a timeout, `optional`, `fallback`, an open breaker (calls.ts `guardedCall`) and parallel
 * groups (the slowest of the group, calltime.ts `maxOfDists`) are the exceptions, on their edges only.
 *
 * Availability: own availability (redundant instances in parallel) x, for each call made with
 * probability s, (1 - s + s·A_call), A_call = (1 - q^(retries+1))^fanout, q = 1 - A·(1 - timeout
 * share) (1 for an optional call or one with a fallback); a balancer's
 * targets' own availabilities are in parallel (its health checks route around a target whose
 * instances are all down), what they call is not: (1 - Π(1 - own_t)) × Σ p_t·(A_t / own_t) / Σ p_t.
 */
import { isSplitter, type ClassIndex, type Graph } from './graph.js';
import {
  callAvailability,
  callDist,
  callOf,
  callPostOrder,
  edgeLatency,
  guardedCall,
  isCall,
  isGuarded,
  oneCall,
  timeoutOf,
} from './calls.js';
import { maxOfDists } from './calltime.js';
import { throughPool, type PoolInputs } from './pools.js';

export { callAvailability, callDist, callOf, callPostOrder, edgeLatency, guardedCall, isCall, isGuarded, timeoutOf };
import {
  add,
  exactResponseMean,
  isMixed,
  mixture,
  sumOfCalls,
  UNBOUNDED,
  ZERO,
  type Dist,
  type ExactResponse,
} from './stats.js';

export interface CallTree {
  /** Per class, per node: response time including synchronous calls. */
  latency: [Dist[], Dist[]];
  /** Per class, per node: availability including synchronous calls. */
  availability: [Float64Array, Float64Array];
  /** The pools and bulkheads the calls went through (pools.ts), null when none. */
  pools?: PoolInputs | null;
}

/** The calls of one callsOf, kept for a mixture (module scratch: callsOf does not re-enter). */
const callP: number[] = [];
const callD: Dist[] = [];
/** The callee, or −1 − the index of a parallel group in `groups`. */
const callTo: number[] = [];
/** Calls of a parallel group (module scratch as above): group index, probability, time, availability, edge. */
const parG: number[] = [];
const parP: number[] = [];
const parD: Dist[] = [];
const parA: number[] = [];
const parE: number[] = [];

/** The calls kept in the scratch as mixture parts, labelled with their callees (a group: `a ∥ b`). */
function parts(g: Graph, count: number, groups: string[]): { p: number; d: Dist; label: string }[] {
  const out: { p: number; d: Dist; label: string }[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const to = callTo[i]!;
    out[i] = { p: callP[i]!, d: callD[i]!, label: to >= 0 ? g.comps[to]!.id : groups[-1 - to]! };
  }
  return out;
}

/** A call given in place of the one along edge `e` (a path through a parallel group): made surely. */
export interface GivenCall {
  e: number;
  d: Dist;
  a: number;
}

/**
 * The calls a component makes for one request of class k, except `skip` (an edge id or -1),
 * with callee responses from `lat` / `avail` (callees not `usable` are skipped: cycle edges).
 * Sequential calls add (independent); a splitter's targets mix with its split fractions; a call
 * made with probability `share` < 1 is a mixture with 0. Accumulates moments directly (this is
 * the hot loop of the analysis); the branches are built only when some call is a mixture.
 */
export function callsOf(
  g: Graph,
  k: ClassIndex,
  u: number,
  skip: number,
  lat: (Dist | undefined)[],
  avail: Float64Array,
  usable: ((v: number) => boolean) | null,
  fanCache?: Map<number, Dist>,
  ownAvail?: Float64Array,
  shares?: Float64Array,
  given?: GivenCall,
  pools?: PoolInputs | null,
): { d: Dist; a: number } {
  const split = isSplitter(g.comps[u]!.kind);
  let nPar = 0;
  // a balancer's health checks route around a target whose instances are all down, not around a
  // failure below it: the targets' own availabilities are in parallel, what they call is not
  let below = 0;
  let taken = 0;
  const choice = g.choice[k];
  const sync = g.sync[k];
  // sums of a copying component's calls (a splitter's targets make a mixture)
  let mean = 0;
  let second = 0; // variance
  let floor = 0;
  let aProd = 1;
  let any = false;
  let count = 0;
  let exact: ExactResponse | undefined;
  let exactOk = true;
  let random = 0;
  let unbounded = false;
  let mixed = false;
  for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
    const e = g.outList[j]!;
    if (e === skip || sync[e] !== 1) continue;
    let p = choice[e]!;
    if (!(p > 0)) continue;
    const v = g.to[e]!;
    const dv = lat[v];
    const ed = g.edges[e]!;
    let cd: Dist;
    let ca: number;
    if (given !== undefined && given.e === e) {
      p = 1;
      cd = given.d;
      ca = given.a;
    } else {
      if (!dv || (usable !== null && !usable(v))) continue;
      cd = g.fanout[e]! > 1 || edgeLatency(g, e) > 0 ? callDist(g, e, dv, fanCache) : dv;
      const guarded = isGuarded(g, e);
      const pool = pools ? throughPool(pools, e, oneCall(g, e, dv), avail[v]!, timeoutOf(g, e), guarded) : null;
      const av = pool ? pool.a : avail[v]!;
      if (guarded) {
        const c = guardedCall(g, e, cd, av);
        cd = c.d;
        ca = c.a;
        if (shares) shares[e] = c.s;
      } else ca = ed.retries || g.fanout[e]! > 1 || pool ? callAvailability(g, e, av) : av;
      if (pool) cd = pool.wrap(cd);
    }
    if (!split && ed.parallelGroup !== undefined) {
      // waits for the slowest of its group: combined after the loop
      parG[nPar] = -1;
      parP[nPar] = p;
      parD[nPar] = cd;
      parA[nPar] = ca;
      parE[nPar] = e;
      nPar++;
      continue;
    }
    any = true;
    count++;
    if (cd.unbounded) unbounded = true;
    if ((!split && p < 1) || isMixed(cd)) mixed = true;
    callP[count - 1] = p;
    callD[count - 1] = cd;
    callTo[count - 1] = v;
    if (split && ownAvail) {
      const oa = ed.retries || g.fanout[e]! > 1 ? callAvailability(g, e, ownAvail[v]!) : ownAvail[v]!;
      aProd *= 1 - oa;
      below += p * (oa > 0 ? Math.min(1, ca / oa) : 0);
      taken += p;
    } else if (split) aProd *= 1 - ca;
    else if (p >= 1) {
      if (cd.variance > 0) {
        random++;
        exact = cd.exact;
      }
      mean += cd.mean;
      second += cd.variance;
      floor += cd.floor;
      aProd *= ca;
    } else {
      exactOk = false;
      mean += p * cd.mean;
      second += p * (cd.variance + cd.mean * cd.mean) - p * p * cd.mean * cd.mean;
      aProd *= 1 - p + p * ca;
    }
  }
  const groups: string[] = [];
  if (nPar > 0) {
    // each parallel group (or a lone call of one) is one term: the slowest of its calls, made surely
    for (let i = 0; i < nPar; i++) {
      if (parG[i]! >= 0) continue;
      const key = g.edges[parE[i]!]!.parallelGroup;
      const members: { p: number; d: Dist; label: string }[] = [];
      let ga = 1;
      for (let j = i; j < nPar; j++) {
        if (parG[j]! >= 0 || g.edges[parE[j]!]!.parallelGroup !== key) continue;
        parG[j] = groups.length;
        members.push({ p: parP[j]!, d: parD[j]!, label: g.comps[g.to[parE[j]!]!]!.id });
        ga *= 1 - parP[j]! + parP[j]! * parA[j]!;
      }
      const label = members.map((m) => m.label).join(' ∥ ');
      const lone = members.length === 1;
      const gp = lone ? members[0]!.p : 1;
      const gd = lone ? members[0]!.d : maxOfDists(members, label);
      any = true;
      count++;
      callP[count - 1] = gp;
      callD[count - 1] = gd;
      callTo[count - 1] = lone ? g.to[parE[i]!]! : -1 - groups.length;
      groups.push(label);
      if (gd.unbounded) unbounded = true;
      if (gp < 1 || isMixed(gd)) mixed = true;
      if (gp >= 1) {
        if (gd.variance > 0) {
          random++;
          exact = gd.exact;
        }
        mean += gd.mean;
        second += gd.variance;
        floor += gd.floor;
      } else {
        exactOk = false;
        mean += gp * gd.mean;
        second += gp * (gd.variance + gd.mean * gd.mean) - gp * gp * gd.mean * gd.mean;
      }
      aProd *= ga;
    }
  }
  if (!any || count === 0) return { d: ZERO, a: 1 };
  const splitA = ownAvail && taken > 0 ? (1 - aProd) * (below / taken) : 1 - aProd;
  if (unbounded) return { d: UNBOUNDED, a: split ? splitA : aProd };
  // a split keeps one exact response when every target is the same queue (see mixture)
  if (split) return { d: mixture(parts(g, count, groups)), a: splitA };
  if (mixed) return { d: sumOfCalls(parts(g, count, groups)), a: aProd };
  const d: Dist = { mean, variance: second, floor, unbounded: false };
  // one random term (an M/M/c response) plus constants stays exact, shifted
  if (exactOk && random === 1 && exact) d.exact = { ...exact, fixedMs: mean - exactMean(exact) };
  return { d, a: aProd };
}

/** Mean of an M/M/c (or GI/M/c: `waitRate`) response without its fixed shift. */
function exactMean(x: ExactResponse): number {
  return exactResponseMean(x);
}

/** Combines own service with the calls, made with probability q (the miss ratio for cache reads). */
export function combine(own: Dist, ownA: number, q: number, calls: { d: Dist; a: number }): { d: Dist; a: number } {
  if (!(q > 0) || (calls.d.mean === 0 && calls.d.variance === 0 && calls.a === 1)) return { d: own, a: ownA };
  const d = q >= 1 ? add(own, calls.d) : add(own, mixture([{ p: q, d: calls.d, label: 'miss' }], 'hit'));
  return { d, a: ownA * (1 - q + q * calls.a) };
}

export interface RawPath {
  k: ClassIndex;
  hops: number[];
  edges: number[];
  probability: number;
  latency: Dist;
  availability: number;
}

/**
 * Enumerates explicit paths (chains of synchronous calls) from client c for class k, depth
 * first, at most `budget` of them. Returns the paths and whether more existed.
 */
export function enumeratePaths(
  g: Graph,
  k: ClassIndex,
  client: number,
  budget: number,
  tree: CallTree,
  own: [Dist[], Dist[]],
  ownA: [Float64Array, Float64Array],
  fanCache: Map<number, Dist>,
): { paths: RawPath[]; truncated: boolean } {
  const paths: RawPath[] = [];
  if (budget <= 0) return { paths, truncated: hasCall(g, k, client) };
  const onPath = new Uint8Array(g.n);
  const hops: number[] = [client];
  const edges: number[] = [];
  const iters: number[] = [g.outStart[client]!];
  onPath[client] = 1;
  let truncated = false;
  const extended = [false];
  while (hops.length > 0) {
    const depth = hops.length - 1;
    const u = hops[depth]!;
    let pos = iters[depth]!;
    let next = -1;
    if (g.gain[k][u]! > 0) {
      for (; pos < g.outStart[u + 1]!; pos++) {
        const e = g.outList[pos]!;
        if (isCall(g, k, e) && !onPath[g.to[e]!]) {
          next = e;
          pos++;
          break;
        }
      }
    } else pos = g.outStart[u + 1]!;
    iters[depth] = pos;
    if (next >= 0) {
      if (paths.length >= budget) {
        truncated = true;
        break;
      }
      extended[depth] = true;
      const v = g.to[next]!;
      hops.push(v);
      edges.push(next);
      iters.push(g.outStart[v]!);
      extended.push(false);
      onPath[v] = 1;
      continue;
    }
    if (!extended[depth]) {
      if (paths.length >= budget) {
        truncated = true;
        break;
      }
      paths.push(chain(g, k, hops, edges, tree, own, ownA, fanCache));
    }
    onPath[u] = 0;
    hops.pop();
    edges.pop();
    iters.pop();
    extended.pop();
  }
  return { paths, truncated };
}

function hasCall(g: Graph, k: ClassIndex, u: number): boolean {
  for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) if (isCall(g, k, g.outList[j]!)) return true;
  return false;
}

/**
 * The response time of a request that takes this chain: from the end backwards,
 * R_u = own_u + (u's other calls, from the call tree) + edge latency + max-of-fanout(R_next),
 * conditioned on the chain's choices (the balancer picked this target, the cache missed).
 */
function chain(
  g: Graph,
  k: ClassIndex,
  hops: number[],
  edges: number[],
  tree: CallTree,
  own: [Dist[], Dist[]],
  ownA: [Float64Array, Float64Array],
  fanCache: Map<number, Dist>,
): RawPath {
  const last = hops[hops.length - 1]!;
  let d = own[k][last]!;
  let a = ownA[k][last]!;
  let probability = 1;
  for (let h = hops.length - 2; h >= 0; h--) {
    const u = hops[h]!;
    const e = edges[h]!;
    probability *= g.choice[k][e]! * Math.min(1, g.gain[k][u]!);
    const call = callOf(g, e, d, a, undefined, tree.pools);
    const next = call.d;
    const nextA = call.a;
    if (isSplitter(g.comps[u]!.kind)) {
      d = add(own[k][u]!, next);
      a = ownA[k][u]! * nextA;
    } else if (g.edges[e]!.parallelGroup !== undefined) {
      // this call in its parallel group: the caller waits for the slowest of it and the others
      const given = { e, d: next, a: nextA };
      const calls = callsOf(
        g,
        k,
        u,
        -1,
        tree.latency[k],
        tree.availability[k],
        null,
        fanCache,
        ownA[k],
        undefined,
        given,
        tree.pools,
      );
      d = add(own[k][u]!, calls.d);
      a = ownA[k][u]! * calls.a;
    } else {
      const sides = callsOf(
        g,
        k,
        u,
        e,
        tree.latency[k],
        tree.availability[k],
        null,
        fanCache,
        ownA[k],
        undefined,
        undefined,
        tree.pools,
      );
      d = add(add(own[k][u]!, sides.d), next);
      a = ownA[k][u]! * sides.a * nextA;
    }
  }
  return { k, hops: [...hops], edges: [...edges], probability, latency: d, availability: a };
}
