/**
 * The model as an indexed graph (compressed adjacency), the per-edge traffic rules (which
 * classes an edge carries, how a component splits or copies its traffic over its edges, which
 * edges the caller waits for), and strongly connected components (Tarjan, iterative).
 */
import { isBroker, isCache, isSplitter, isStore } from '../kinds.js';
import type { Component, ComponentKind, Edge, Model, SystemDecl } from '../model.js';

export const READS = 0;
export const WRITES = 1;
export type ClassIndex = typeof READS | typeof WRITES;

// The kind predicates are the trait table's (kinds.ts); re-exported for the analysis's modules.
export { isBroker, isCache, isSplitter, isStore };

/**
 * Whether a caller waits for an edge out of a component of kind `from`, whatever the class: not
 * async, not CDC, and not out of a queue or stream (consumers work apart from the producer) nor a
 * store (what leaves a store is its committed writes). For writes, a write-behind cache does not
 * wait either (see `buildGraph`).
 */
export function callerWaits(e: Edge, from: ComponentKind): boolean {
  return !e.async && !e.cdc && !isBroker(from) && !isStore(from);
}

export interface Graph {
  model: Model;
  n: number;
  comps: Component[];
  index: Map<string, number>;
  /** Edges whose ends both exist. */
  edges: Edge[];
  from: Int32Array;
  to: Int32Array;
  outStart: Int32Array;
  outList: Int32Array;
  inStart: Int32Array;
  inList: Int32Array;
  system: (SystemDecl | undefined)[];
  /** Per class, per edge: does the edge carry the class. */
  carries: [Uint8Array, Uint8Array];
  /** Per class, per edge: the chance a request of the class at the source takes this edge (split or share). */
  choice: [Float64Array, Float64Array];
  /** Per class, per edge: does the caller wait for it. */
  sync: [Uint8Array, Uint8Array];
  /** Per class, per node: share of arrivals passed on (1 - hit for cache reads, 0 for store reads). */
  gain: [Float64Array, Float64Array];
  fanout: Float64Array;
  /**
   * Expected attempts per call with retries: (1 - q^(r+1)) / (1 - q), capped at 1 + budget, with
   * q = 1 - A·(1 - timeoutShare) the chance one attempt fails (A the callee's instance availability).
   * Set from q = failProb (no timeouts) here, then by the timeout fixed point (timeouts.ts).
   */
  retryFactor: Float64Array;
  /** Probability that one attempt fails (1 - the callee's instance availability). */
  failProb: Float64Array;
  /**
   * Per edge: the share of attempts that exceed the edge's timeout, P(call time > timeout), at the
   * analysis's fixed point (0 without a timeout). Set by the timeout fixed point (issue 16), read
   * by the call tree (paths.ts) and the edge figures.
   */
  timeoutShare: Float64Array;
  /**
   * Per edge: the share of attempts its bulkhead refuses, Erlang B at the attempts offered and their
   * hold time (0 without a bulkhead). Set by the call tree (call-tree.ts) at each pass of the fixed point.
   */
  refusal: Float64Array;
  /**
   * Per edge: the share of attempts that reach the callee, 1 − the refusal the loads were computed
   * with (1 without a bulkhead; set by the fixed point, timeouts.ts). The callee's load and the
   * edge's flow are the admitted attempts; a pool's offered attempts are flow / admitted.
   */
  admitted: Float64Array;
  /** Per edge: 1 when its circuit breaker is open at the fixed point (calls fail fast, callee gets none). */
  breakerOpen: Uint8Array;
  /**
   * Per edge: 1 when its retries make a retry storm at the fixed point: timed-out attempts retried
   * into a saturated callee, or attempts still growing when the iteration stops (timeouts.ts).
   */
  retryStorm: Uint8Array;
}

/** Whether node i of one graph and node j of another have the same sources, edge by edge (the same Component objects in the same order). */
export function sameSources(ga: Graph, i: number, gb: Graph, j: number): boolean {
  const a0 = ga.inStart[i]!;
  const b0 = gb.inStart[j]!;
  const n = ga.inStart[i + 1]! - a0;
  if (n !== gb.inStart[j + 1]! - b0) return false;
  for (let k = 0; k < n; k++)
    if (ga.comps[ga.from[ga.inList[a0 + k]!]!] !== gb.comps[gb.from[gb.inList[b0 + k]!]!]) return false;
  return true;
}

/** Retries written on an edge (0 when none or not a positive number). */
export function retriesOf(edge: Edge): number {
  const r = edge.retries;
  return r !== undefined && r > 0 && Number.isFinite(r) ? r : 0;
}

/** Retry budget of an edge as a fraction of its calls (`budget 10 %` = 0.1); undefined without one. */
export function budgetOf(edge: Edge): number | undefined {
  const b = edge.retryBudget;
  return b !== undefined && b >= 0 && Number.isFinite(b) ? b : undefined;
}

/**
 * Expected attempts per call when each attempt fails with probability q and a failed one is retried
 * up to r times: 1 + q + … + q^r = (1 − q^(r+1)) / (1 − q); a retry budget b caps it at 1 + b.
 */
export function attemptsPerCall(q: number, r: number, b: number | undefined): number {
  const a = r === 0 || !(q > 0) ? 1 : q >= 1 ? r + 1 : -Math.expm1((r + 1) * Math.log(q)) / (1 - q);
  return b !== undefined && a > 1 + b ? 1 + b : a;
}

export function buildGraph(model: Model): Graph {
  const comps = model.components;
  const n = comps.length;
  const index = new Map<string, number>();
  comps.forEach((c, i) => {
    if (!index.has(c.id)) index.set(c.id, i);
  });
  const edges = model.edges.filter((e) => index.has(e.from) && index.has(e.to));
  const m = edges.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const outDeg = new Int32Array(n + 1);
  const inDeg = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    from[e] = index.get(edges[e]!.from)!;
    to[e] = index.get(edges[e]!.to)!;
    outDeg[from[e]!]!++;
    inDeg[to[e]!]!++;
  }
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    outStart[i + 1] = outStart[i]! + outDeg[i]!;
    inStart[i + 1] = inStart[i]! + inDeg[i]!;
  }
  const outList = new Int32Array(m);
  const inList = new Int32Array(m);
  const oc = outStart.slice(0, n);
  const ic = inStart.slice(0, n);
  for (let e = 0; e < m; e++) {
    outList[oc[from[e]!]!++] = e;
    inList[ic[to[e]!]!++] = e;
  }
  const systems = new Map(model.systems.map((s) => [s.name, s]));
  const system = comps.map((c) => systems.get(c.system));

  const carries: [Uint8Array, Uint8Array] = [new Uint8Array(m), new Uint8Array(m)];
  const sync: [Uint8Array, Uint8Array] = [new Uint8Array(m), new Uint8Array(m)];
  const choice: [Float64Array, Float64Array] = [new Float64Array(m), new Float64Array(m)];
  const fanout = new Float64Array(m);
  const retryFactor = new Float64Array(m);
  const failProb = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const edge = edges[e]!;
    const src = comps[from[e]!]!;
    const dst = comps[to[e]!]!;
    const all = edge.traffic === 'all';
    const cr = edge.cdc ? false : all || edge.traffic === 'reads';
    const cw = edge.cdc ? true : all || edge.traffic === 'writes';
    carries[READS][e] = cr ? 1 : 0;
    carries[WRITES][e] = cw ? 1 : 0;
    const waits = callerWaits(edge, src.kind);
    sync[READS][e] = waits && cr ? 1 : 0;
    sync[WRITES][e] = waits && cw && !(isCache(src.kind) && src.pattern === 'write-behind') ? 1 : 0;
    fanout[e] = edge.fanout !== undefined && edge.fanout >= 1 ? edge.fanout : 1;
    const a = dst.availability ?? 1;
    const p = Math.min(1, Math.max(0, 1 - a));
    failProb[e] = p;
    retryFactor[e] = attemptsPerCall(p, retriesOf(edge), budgetOf(edge));
  }

  // Choice per class: splitters divide (explicit shares first, the rest by weight); others copy
  // each request to every edge with its share (default 1). CDC edges always carry all committed writes.
  for (let u = 0; u < n; u++) {
    if (outStart[u + 1] === outStart[u]) continue;
    const split = isSplitter(comps[u]!.kind);
    for (let k: ClassIndex = READS; k <= WRITES; k = (k + 1) as ClassIndex) {
      const car = carries[k];
      const ch = choice[k];
      if (!split) {
        for (let j = outStart[u]!; j < outStart[u + 1]!; j++) {
          const e = outList[j]!;
          if (!car[e]) continue;
          const s = edges[e]!.share;
          ch[e] = edges[e]!.cdc ? 1 : s !== undefined ? Math.min(1, Math.max(0, s)) : 1;
        }
        continue;
      }
      let shared = 0;
      let weights = 0;
      for (let j = outStart[u]!; j < outStart[u + 1]!; j++) {
        const e = outList[j]!;
        if (!car[e]) continue;
        const edge = edges[e]!;
        if (edge.cdc) ch[e] = 1;
        else if (edge.share !== undefined) shared += Math.max(0, edge.share);
        else weights += weightOf(edge);
      }
      const scale = shared > 1 ? 1 / shared : 1;
      const rest = Math.max(0, 1 - shared * scale);
      for (let j = outStart[u]!; j < outStart[u + 1]!; j++) {
        const e = outList[j]!;
        if (!car[e] || edges[e]!.cdc) continue;
        const edge = edges[e]!;
        ch[e] =
          edge.share !== undefined
            ? Math.max(0, edge.share) * scale
            : weights > 0
              ? (rest * weightOf(edge)) / weights
              : 0;
      }
    }
  }

  const gain: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  for (let u = 0; u < n; u++) {
    const c = comps[u]!;
    gain[WRITES][u] = 1;
    gain[READS][u] = isStore(c.kind) ? 0 : isCache(c.kind) ? 1 - clamp01(c.hitRatio ?? 0) : 1;
  }

  return {
    model,
    n,
    comps,
    index,
    edges,
    from,
    to,
    outStart,
    outList,
    inStart,
    inList,
    system,
    carries,
    choice,
    sync,
    gain,
    fanout,
    retryFactor,
    failProb,
    timeoutShare: new Float64Array(m),
    refusal: new Float64Array(m),
    admitted: new Float64Array(m).fill(1),
    breakerOpen: new Uint8Array(m),
    retryStorm: new Uint8Array(m),
  };
}

function weightOf(e: Edge): number {
  return e.weight !== undefined && e.weight > 0 && Number.isFinite(e.weight) ? e.weight : 1;
}

/**
 * The share of reads in what source i (a client, a scheduled job) sends: its `reads`, else 1 (all
 * reads), or 0 when every edge it calls on carries writes only (`job -> db writes`: it writes).
 * The one decision of a source's mix, for the loads, the requests and the simulation.
 */
export function sentReadShare(g: Graph, i: number): number {
  const rf = g.comps[i]!.readFraction;
  if (rf !== undefined) return Math.min(1, Math.max(0, rf));
  let calls = 0;
  for (let p = g.outStart[i]!; p < g.outStart[i + 1]!; p++) {
    if (g.edges[g.outList[p]!]!.traffic !== 'writes') return 1;
    calls++;
  }
  return calls > 0 ? 0 : 1;
}

/** 1 for the seeds and every node reachable from them along edges (any edge, any class). */
export function reachableFrom(g: Graph, seeds: Iterable<number>): Uint8Array {
  const reach = new Uint8Array(g.n);
  const stack: number[] = [];
  for (const s of seeds)
    if (!reach[s]) {
      reach[s] = 1;
      stack.push(s);
    }
  while (stack.length) {
    const u = stack.pop()!;
    for (let p = g.outStart[u]!; p < g.outStart[u + 1]!; p++) {
      const v = g.to[g.outList[p]!]!;
      if (!reach[v]) {
        reach[v] = 1;
        stack.push(v);
      }
    }
  }
  return reach;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : Number.isNaN(x) ? 0 : x;
}

/**
 * Strongly connected components by Tarjan's algorithm without recursion. Returns, per node, the
 * index of its component, and the components in topological order (sources first).
 */
export function stronglyConnected(g: Graph): { comp: Int32Array; order: number[][] } {
  const n = g.n;
  const idx = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const sccs: number[][] = [];
  const callNode = new Int32Array(n);
  const callPos = new Int32Array(n);
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (idx[s] !== -1) continue;
    let depth = 0;
    callNode[0] = s;
    callPos[0] = g.outStart[s]!;
    idx[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = 1;
    while (depth >= 0) {
      const u = callNode[depth]!;
      const pos = callPos[depth]!;
      if (pos < g.outStart[u + 1]!) {
        callPos[depth] = pos + 1;
        const v = g.to[g.outList[pos]!]!;
        if (idx[v] === -1) {
          idx[v] = low[v] = counter++;
          stack.push(v);
          onStack[v] = 1;
          depth++;
          callNode[depth] = v;
          callPos[depth] = g.outStart[v]!;
        } else if (onStack[v]) {
          if (idx[v]! < low[u]!) low[u] = idx[v]!;
        }
        continue;
      }
      if (low[u] === idx[u]) {
        const scc: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = sccs.length;
          scc.push(w);
        } while (w !== u);
        scc.sort((a, b) => a - b);
        sccs.push(scc);
      }
      depth--;
      if (depth >= 0) {
        const p = callNode[depth]!;
        if (low[u]! < low[p]!) low[p] = low[u]!;
      }
    }
  }
  // Tarjan emits sinks first; renumber so that order[i] is topological.
  const order = sccs.reverse();
  for (let i = 0; i < order.length; i++) for (const v of order[i]!) comp[v] = i;
  return { comp, order };
}
