/**
 * Response times at a multiplier m of today's load: the analysis's call tree (paths.ts `callsOf`,
 * `combine`), evaluated only from the clients asked for, each component's own service computed
 * from its service model under m × its load (component.ts `ownService`) when first reached.
 */
import { ownService } from '../analysis/component.js';
import type { ClassIndex } from '../analysis/graph.js';
import { CH_READS, CH_WRITES } from '../analysis/load.js';
import { callPostOrder, callsOf, combine, isCall } from '../analysis/paths.js';
import { poolInputs } from '../analysis/pools.js';
import { quantile, type Dist } from '../analysis/stats.js';
import { ledReadsAt, type Basis } from './basis.js';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Scratch reused between evaluations of one basis (a sweep evaluates many points). */
interface Scratch {
  own: [Dist[], Dist[]];
  ownA: [Float64Array, Float64Array];
  lat: [(Dist | undefined)[], (Dist | undefined)[]];
  av: [Float64Array, Float64Array];
  /** Epoch at which own[.][i] was computed / lat[k][i] settled (2 × epoch) or entered (2 × epoch − 1). */
  ownAt: Int32Array;
  state: [Int32Array, Int32Array];
  stackNode: Int32Array;
  stackPos: Int32Array;
  /** The post-order of one walk (paths.ts `callPostOrder`). */
  order: Int32Array;
  epoch: number;
}

const SCRATCH = new WeakMap<Basis, Scratch>();

function scratchOf(b: Basis): Scratch {
  let s = SCRATCH.get(b);
  if (!s) {
    const n = b.g.n;
    s = {
      own: [new Array<Dist>(n), new Array<Dist>(n)],
      ownA: [new Float64Array(n), new Float64Array(n)],
      lat: [new Array<Dist | undefined>(n), new Array<Dist | undefined>(n)],
      av: [new Float64Array(n), new Float64Array(n)],
      ownAt: new Int32Array(n),
      state: [new Int32Array(n), new Int32Array(n)],
      stackNode: new Int32Array(n + 1),
      stackPos: new Int32Array(n + 1),
      order: new Int32Array(n),
      epoch: 0,
    };
    SCRATCH.set(b, s);
  }
  return s;
}

/** The response time of request class r (an index into b.requests) at one load, evaluated on demand. */
export type Responses = (r: number) => Dist;

/**
 * The response times at m × today's load (or m × `arrivals`, laid out as the analysis's loads), each request class's call tree evaluated when first
 * asked for (components no asked-for client reaches by synchronous calls are never evaluated).
 * Valid until the next evaluator of the same basis is made (they share scratch arrays).
 */
export function responsesAt(b: Basis, m: number, arrivals?: Float64Array): Responses {
  if (b.scaled && !arrivals) {
    // loads not linear: the call trees of a fresh analysis at m (nonlinear.ts)
    const tree = b.scaled.at(m).tree;
    return (r) => tree.latency[b.requests[r]!.k][b.requests[r]!.node]!;
  }
  const { g, ctx } = b;
  const arr = arrivals ?? ctx.load.arr;
  const s = scratchOf(b);
  const epoch = ++s.epoch;
  const fanCache: [Map<number, Dist>, Map<number, Dist>] = [new Map(), new Map()];
  // connection pools wait by their load (Erlang C) as the analysis's call tree has them: at m × the flows
  // (with given arrivals the flows are not known: pools are left out there, as before)
  const pools = arrivals
    ? null
    : poolInputs(g, m === 1 ? ctx.load.flow : ctx.load.flow.map((x) => x * m), (u) => ctx.sms[u]!.instances);
  const ensureOwn = (i: number) => {
    if (s.ownAt[i] === epoch) return;
    s.ownAt[i] = epoch;
    const r =
      m === 1 && !arrivals
        ? ctx.svc[i]!
        : ownService(
            ctx.sms[i]!,
            m * arr[i * 4 + CH_READS]!,
            m * arr[i * 4 + CH_WRITES]!,
            ledReadsAt(ctx, i, m * arr[i * 4 + CH_READS]!),
          );
    s.own[0][i] = r.own[0];
    s.own[1][i] = r.own[1];
    s.ownA[0][i] = r.availability[0];
    s.ownA[1][i] = r.availability[1];
  };
  const entered = 2 * epoch - 1;
  const settled = 2 * epoch;
  // where a class's calls loop, the call tree skips a cycle edge depending on where its walk
  // starts: walk every component in index order, as the analysis's callTree does, for its figures
  const walked = [false, false];
  return (r) => {
    if (s.epoch !== epoch) throw new Error('responsesAt: a newer evaluation replaced this one');
    const q = b.requests[r]!;
    if (!walked[q.k] && callsLoop(b, q.k)) {
      walked[q.k] = true;
      for (let root = 0; root < g.n; root++) visit(root, q.k);
    }
    visit(q.node, q.k);
    return s.lat[q.k][q.node]!;
  };

  function visit(root: number, k: ClassIndex): void {
    const state = s.state[k];
    if (state[root] === settled) return;
    const lat = s.lat[k];
    const av = s.av[k];
    const usable = (v: number) => state[v] === settled;
    const count = callPostOrder(g, k, root, state, entered, s.stackNode, s.stackPos, s.order);
    for (let i = 0; i < count; i++) {
      const u = s.order[i]!;
      // callees not settled are on the stack: cycle edges, skipped (as the analysis's callTree)
      ensureOwn(u);
      if (g.outStart[u + 1]! === g.outStart[u]!) {
        lat[u] = s.own[k][u]!;
        av[u] = s.ownA[k][u]!;
      } else {
        const calls = callsOf(g, k, u, -1, lat, av, usable, fanCache[k], s.ownA[k], undefined, undefined, pools);
        const r = combine(s.own[k][u]!, s.ownA[k][u]!, g.gain[k][u]!, calls);
        lat[u] = r.d;
        av[u] = r.a;
      }
      state[u] = settled;
    }
  }
}

interface Reach {
  /** Per request class (index into b.requests): see unboundedFrom. */
  unboundedFrom: Float64Array;
  /** Per traffic class: whether its synchronous calls loop somewhere. */
  loops: [boolean, boolean];
}

const REACH = new WeakMap<Basis, Reach>();

function reachOf(b: Basis): Reach {
  let x = REACH.get(b);
  if (!x) {
    const per = [reachMin(b, 0), reachMin(b, 1)];
    const unbounded = new Float64Array(b.requests.length);
    for (const [i, q] of b.requests.entries()) unbounded[i] = per[q.k]!.min[q.node]!;
    x = { unboundedFrom: unbounded, loops: [per[0]!.loop, per[1]!.loop] };
    REACH.set(b, x);
  }
  return x;
}

/**
 * Per request class: a multiplier of today's load from which its response is surely unbounded,
 * the least saturation multiplier of a pool on its call tree (a saturated queue's response is
 * unbounded, and so is every sum and mixture that takes it with a positive probability). Stores
 * are left out (which node a class waits on depends on its reads and writes), so this bounds from
 * above where the response turns unbounded: past it nothing needs evaluating. One depth-first
 * pass per class over the call graph; a class whose calls loop (a cycle edge, which the call tree
 * skips depending on where it starts) gets Infinity: always evaluated.
 */
export function unboundedFrom(b: Basis, r: number): number {
  return reachOf(b).unboundedFrom[r]!;
}

/** Whether the synchronous calls of traffic class k loop somewhere in the model. */
export function callsLoop(b: Basis, k: ClassIndex): boolean {
  return reachOf(b).loops[k];
}

/**
 * Per node: the least saturation multiplier of a pool its class-k calls reach, walked as the call
 * tree walks (every call edge); Infinity everywhere when the calls loop, and `loop` says so.
 */
function reachMin(b: Basis, k: ClassIndex): { min: Float64Array; loop: boolean } {
  const { g, ctx } = b;
  const n = g.n;
  const out = new Float64Array(n).fill(Infinity);
  const state = new Uint8Array(n);
  const stackNode = new Int32Array(n + 1);
  const stackPos = new Int32Array(n + 1);
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    let depth = 0;
    stackNode[0] = root;
    stackPos[0] = g.outStart[root]!;
    state[root] = 1;
    while (depth >= 0) {
      const u = stackNode[depth]!;
      const pos = stackPos[depth]!;
      if (pos < g.outStart[u + 1]!) {
        stackPos[depth] = pos + 1;
        const e = g.outList[pos]!;
        if (!isCall(g, k, e)) continue;
        const v = g.to[e]!;
        if (state[v] === 1) return { min: out.fill(Infinity), loop: true }; // no shortcut for this class
        if (state[v] === 0) {
          state[v] = 1;
          depth++;
          stackNode[depth] = v;
          stackPos[depth] = g.outStart[v]!;
        }
        continue;
      }
      const sm = ctx.sms[u]!;
      let m = !sm.store && sm.hasCapacity ? b.satAt[u]! : Infinity;
      // a component that passes nothing on (a store's reads, a cache hitting every time): its calls do not count
      if (g.gain[k][u]! > 0)
        for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
          const e = g.outList[j]!;
          if (isCall(g, k, e) && out[g.to[e]!]! < m) m = out[g.to[e]!]!;
        }
      out[u] = m;
      state[u] = 2;
      depth--;
    }
  }
  return { min: out, loop: false };
}

/** Whether request class r is surely unbounded at m × today's load (no evaluation needed). */
export function surelyUnbounded(b: Basis, r: number, m: number): boolean {
  // loads not linear: an open breaker may bound a response again at a higher load
  if (b.nonLinear) return false;
  return m > unboundedFrom(b, r) * (1 + 1e-9);
}

export function percentiles(d: Dist): Percentiles {
  if (d.unbounded) return { p50: Infinity, p95: Infinity, p99: Infinity };
  return { p50: quantile(d, 0.5), p95: quantile(d, 0.95), p99: quantile(d, 0.99) };
}

/**
 * Whether the q-quantile of d exceeds t, decided by its moments where they suffice (Cantelli's
 * bounds hold for any distribution of that mean and variance, the analysis's fits included),
 * else by the quantile itself (which may solve a mixture: the costly part).
 */
export function exceeds(d: Dist, q: number, t: number): boolean {
  if (d.unbounded) return true;
  if (d.floor > t) return true;
  const tail = 1 - q;
  const v = d.variance;
  const a = t - d.mean;
  const margin = 1e-6;
  // above the mean: P(T > t) <= v / (v + a²)
  if (a > 0 && v / (v + a * a) < tail * (1 - margin)) return false;
  // below the mean: P(T > t) >= a² / (v + a²)
  if (a < 0 && (a * a) / (v + a * a) > tail * (1 + margin)) return true;
  return quantile(d, q) > t;
}

/**
 * Where a latency target is first missed as x grows from `lo` to `hi` (response times grow with
 * x): null when it holds at `hi`, `lo` when it is missed there already, else the largest x that
 * holds, by bisection to 0.05 % of x. Each step evaluates the requests one by one, the last to
 * miss first, and stops at the first that misses. `at(x)` gives the responses at x; `surely(r, x)`,
 * when given, says without evaluating that request r misses at x.
 */
export function lastHolding(
  requests: readonly number[],
  q: number,
  target: number,
  lo: number,
  hi: number,
  at: (x: number) => Responses,
  surely?: (r: number, x: number) => boolean,
): { holds: number | null; request: number } {
  let last = -1;
  const misses = (x: number) => {
    // a request surely unbounded at x misses without evaluating anything
    if (surely) {
      if (last >= 0 && surely(last, x)) return true;
      for (const i of requests)
        if (surely(i, x)) {
          last = i;
          return true;
        }
    }
    const r = at(x);
    if (last >= 0 && exceeds(r(last), q, target)) return true;
    for (const i of requests)
      if (i !== last && exceeds(r(i), q, target)) {
        last = i;
        return true;
      }
    return false;
  };
  if (!(hi > lo) || !misses(hi)) return { holds: null, request: -1 };
  if (misses(lo)) return { holds: lo, request: last };
  while (hi - lo > 5e-4 * Math.abs(hi)) {
    const mid = (lo + hi) / 2;
    if (misses(mid)) hi = mid;
    else lo = mid;
  }
  return { holds: lo, request: last };
}
