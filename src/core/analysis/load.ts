/**
 * Load propagation (traffic equations). Four linear channels flow through the graph: reads,
 * writes, write bytes (writes x the client's payload) and writes with a known payload. At each
 * component, arrivals a_v = Σ_{e: u→v} f_e (g_u a_u + s_u), where s_u is what a client sends,
 * g_u the share of arrivals passed on (1 - hit ratio for cache reads, 0 for store reads) and f_e
 * the edge factor: choice (split fraction or share) x fan-out x expected attempts with retries
 * (every attempt loads the callee, a timed-out one too; 0 through an open circuit breaker) x the
 * share a bulkhead admits (a refused attempt never reaches the callee).
 *
 * The graph is condensed into strongly connected components and solved in topological order.
 * Inside a cycle the equations (I - M) a = b are solved exactly (Gaussian elimination, up to 400
 * components per cycle; Jacobi iteration above that); when the loop gain is 1 or more (spectral
 * radius of M >= 1, detected as (I - M)^-1·1 not positive) the load would grow without bound:
 * the cycle is reported as not converging and its cycle-closing edges (back edges of a
 * depth-first order) are cut so the figures stay finite.
 */
import { READS, WRITES, sentReadShare, stronglyConnected, type Graph } from './graph.js';
import { scheduledRate } from './scheduled-rate.js';

export const CH_READS = 0;
export const CH_WRITES = 1;
export const CH_BYTES = 2;
export const CH_KNOWN = 3;
const CHANNELS = 4;

export interface Sources {
  /** Per node, per channel: what it sends itself (clients). Layout [node * 4 + channel]. */
  src: Float64Array;
}

export interface LoadResult {
  /** Arrivals per node and channel, [node * 4 + channel]. */
  arr: Float64Array;
  /** Flow per edge and channel, [edge * 4 + channel]. */
  flow: Float64Array;
  /** Edges cut to keep a divergent cycle finite. */
  cut: Uint8Array;
  cycles: { nodes: number[]; edges: number[]; converged: boolean }[];
  /**
   * Per node: the reads that arrive over edges written `read-from primary` (a store's primary
   * takes them, whatever the store's own `read-from`); part of the reads channel.
   */
  primaryReads: Float64Array;
}

/** Whether node i of one load and node j of another receive the same (reads, writes, bytes, known writes, reads sent to the primary; NaN equals NaN). */
export function sameArrivals(a: LoadResult, i: number, b: LoadResult, j: number): boolean {
  for (let ch = 0; ch < CHANNELS; ch++)
    if (!Object.is(a.arr[i * CHANNELS + ch], b.arr[j * CHANNELS + ch])) return false;
  return Object.is(a.primaryReads[i], b.primaryReads[j]);
}

/**
 * Client sources: rate x read share (reads when the mix is not given), payload bytes for writes.
 * A scheduled job (`schedule every … run … rate …`, schedule.ts) is a source too, at the rate it
 * sends while it runs (the loads are those during its window: the worst case), unless `jobs` is
 * false (a caller that propagates groups of clients apart counts the jobs in one group only).
 */
export function clientSources(g: Graph, rateOf: (i: number) => number, jobs = true): Sources {
  const src = new Float64Array(g.n * CHANNELS);
  for (let i = 0; i < g.n; i++) {
    const c = g.comps[i]!;
    if (c.kind !== 'client' && !(jobs && c.schedule)) continue;
    const rate = c.kind === 'client' ? rateOf(i) : scheduledRate(c);
    if (!(rate > 0) || !Number.isFinite(rate)) continue;
    const rf = sentReadShare(g, i);
    const r = rate * rf;
    src[i * 4 + CH_READS] = r;
    const w = rf === 1 ? 0 : Math.max(0, rate - r); // rate - reads: 10k at 90 % gives exactly 1000 writes
    src[i * 4 + CH_WRITES] = w;
    if (c.payloadBytes !== undefined && c.payloadBytes >= 0 && Number.isFinite(c.payloadBytes)) {
      src[i * 4 + CH_BYTES] = w * c.payloadBytes;
      src[i * 4 + CH_KNOWN] = w;
    }
  }
  return { src };
}

/**
 * The load factor of edge e for a channel: choice x fan-out x attempts per call (retries, after
 * timeouts and failures); 0 while its circuit breaker is open (the callee gets none of it).
 */
function factor(g: Graph, e: number, ch: number): number {
  const k = ch === CH_READS ? READS : WRITES;
  const c = g.choice[k][e]!;
  return c === 0 || g.breakerOpen[e] ? 0 : c * g.fanout[e]! * g.retryFactor[e]! * g.admitted[e]!;
}

function gainOf(g: Graph, u: number, ch: number): number {
  return ch === CH_READS ? g.gain[READS][u]! : g.gain[WRITES][u]!;
}

const DIRECT_SOLVE_MAX = 400;

export function propagate(g: Graph, sources: Sources): LoadResult {
  const n = g.n;
  const m = g.edges.length;
  const arr = new Float64Array(n * CHANNELS);
  const flow = new Float64Array(m * CHANNELS);
  const cut = new Uint8Array(m);
  const { src } = sources;
  const { comp, order } = stronglyConnected(g);
  const cycles: LoadResult['cycles'] = [];

  const emitAlong = (u: number, inside: number) => {
    for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
      const e = g.outList[j]!;
      if (cut[e]) continue;
      const v = g.to[e]!;
      for (let ch = 0; ch < CHANNELS; ch++) {
        const f = factor(g, e, ch);
        if (f === 0) continue;
        const x = f * (gainOf(g, u, ch) * arr[u * 4 + ch]! + src[u * 4 + ch]!);
        flow[e * 4 + ch] = x;
        if (comp[v] !== inside) arr[v * 4 + ch]! += x;
      }
    }
  };

  for (let ci = 0; ci < order.length; ci++) {
    const nodes = order[ci]!;
    const internal: number[] = [];
    for (const u of nodes) {
      for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
        const e = g.outList[j]!;
        if (comp[g.to[e]!] === ci) internal.push(e);
      }
    }
    if (internal.length === 0) {
      emitAlong(nodes[0]!, ci);
      continue;
    }
    const converged = solveCycle(g, nodes, internal, arr, src, cut);
    for (const u of nodes) emitAlong(u, ci);
    cycles.push({ nodes, edges: internal.sort((a, b) => a - b), converged });
  }
  return { arr, flow, cut, cycles, primaryReads: primaryReadsOf(g, flow) };
}

/** The reads each node receives over edges written `read-from primary` (LoadResult.primaryReads). */
export function primaryReadsOf(g: Graph, flow: Float64Array): Float64Array {
  const out = new Float64Array(g.n);
  for (let e = 0; e < g.edges.length; e++)
    if (g.edges[e]!.readFrom === 'primary') out[g.to[e]!]! += flow[e * CHANNELS + CH_READS]!;
  return out;
}

/**
 * Solves the arrivals inside one strongly connected component in place (arr holds the external
 * arrivals on entry). Returns whether the loop converges; if not, cuts its back edges.
 */
function solveCycle(
  g: Graph,
  nodes: number[],
  internal: number[],
  arr: Float64Array,
  src: Float64Array,
  cut: Uint8Array,
): boolean {
  const s = nodes.length;
  const pos = new Map<number, number>();
  nodes.forEach((v, i) => pos.set(v, i));
  if (s <= DIRECT_SOLVE_MAX) {
    const results: Float64Array[] = [];
    let ok = true;
    // reads use their own matrix; writes, bytes and known writes share one
    for (const group of [[CH_READS], [CH_WRITES, CH_BYTES, CH_KNOWN]]) {
      const ch0 = group[0]!;
      const M = new Float64Array(s * s); // I - M, row-major
      for (let i = 0; i < s; i++) M[i * s + i] = 1;
      const rhs: Float64Array[] = [new Float64Array(s).fill(1), ...group.map(() => new Float64Array(s))];
      for (let i = 0; i < s; i++) group.forEach((ch, r) => (rhs[r + 1]![i] = arr[nodes[i]! * 4 + ch]!));
      for (const e of internal) {
        const u = pos.get(g.from[e]!)!;
        const v = pos.get(g.to[e]!)!;
        const f = factor(g, e, ch0);
        if (f === 0) continue;
        M[v * s + u]! -= f * gainOf(g, nodes[u]!, ch0);
        group.forEach((ch, r) => (rhs[r + 1]![v]! += f * src[nodes[u]! * 4 + ch]!));
      }
      if (!gaussSolve(M, rhs, s)) {
        ok = false;
        break;
      }
      // spectral radius < 1 iff (I - M)^-1 · 1 > 0 (M non-negative)
      const y = rhs[0]!;
      for (let i = 0; i < s; i++) if (!(y[i]! > 0) || !Number.isFinite(y[i]!)) ok = false;
      if (!ok) break;
      group.forEach((ch, r) => {
        const x = rhs[r + 1]!;
        const out = new Float64Array(s);
        for (let i = 0; i < s; i++) out[i] = Math.max(0, x[i]!);
        results[ch] = out;
      });
    }
    if (ok) {
      for (let ch = 0; ch < CHANNELS; ch++) for (let i = 0; i < s; i++) arr[nodes[i]! * 4 + ch] = results[ch]![i]!;
      return true;
    }
  } else if (jacobi(g, nodes, pos, internal, arr, src)) {
    return true;
  }
  cutBackEdges(g, nodes, internal, arr, src, cut);
  return false;
}

/** Gaussian elimination with partial pivoting, solving A x = b for several right-hand sides in place. */
function gaussSolve(A: Float64Array, rhs: Float64Array[], s: number): boolean {
  for (let col = 0; col < s; col++) {
    let piv = col;
    let best = Math.abs(A[col * s + col]!);
    for (let r = col + 1; r < s; r++) {
      const v = Math.abs(A[r * s + col]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (!(best > 1e-14)) return false;
    if (piv !== col) {
      for (let c = 0; c < s; c++) {
        const t = A[col * s + c]!;
        A[col * s + c] = A[piv * s + c]!;
        A[piv * s + c] = t;
      }
      for (const b of rhs) {
        const t = b[col]!;
        b[col] = b[piv]!;
        b[piv] = t;
      }
    }
    const d = A[col * s + col]!;
    for (let r = col + 1; r < s; r++) {
      const f = A[r * s + col]! / d;
      if (f === 0) continue;
      for (let c = col; c < s; c++) A[r * s + c]! -= f * A[col * s + c]!;
      for (const b of rhs) b[r]! -= f * b[col]!;
    }
  }
  for (const b of rhs) {
    for (let r = s - 1; r >= 0; r--) {
      let x = b[r]!;
      for (let c = r + 1; c < s; c++) x -= A[r * s + c]! * b[c]!;
      b[r] = x / A[r * s + r]!;
      if (!Number.isFinite(b[r]!)) return false;
    }
  }
  return true;
}

/** Fixed-point iteration for very large cycles; true when it converges. */
function jacobi(
  g: Graph,
  nodes: number[],
  pos: Map<number, number>,
  internal: number[],
  arr: Float64Array,
  src: Float64Array,
): boolean {
  const s = nodes.length;
  const ext = new Float64Array(s * CHANNELS);
  for (let i = 0; i < s; i++) for (let ch = 0; ch < CHANNELS; ch++) ext[i * 4 + ch] = arr[nodes[i]! * 4 + ch]!;
  let cur = ext.slice();
  for (let it = 0; it < 5000; it++) {
    const next = ext.slice();
    for (const e of internal) {
      const u = pos.get(g.from[e]!)!;
      const v = pos.get(g.to[e]!)!;
      for (let ch = 0; ch < CHANNELS; ch++) {
        const f = factor(g, e, ch);
        if (f) next[v * 4 + ch]! += f * (gainOf(g, nodes[u]!, ch) * cur[u * 4 + ch]! + src[nodes[u]! * 4 + ch]!);
      }
    }
    let diff = 0;
    let mag = 0;
    for (let i = 0; i < next.length; i++) {
      diff = Math.max(diff, Math.abs(next[i]! - cur[i]!));
      mag = Math.max(mag, Math.abs(next[i]!));
    }
    cur = next;
    if (!Number.isFinite(mag)) return false;
    if (diff <= 1e-12 * Math.max(1, mag)) {
      for (let i = 0; i < s; i++) for (let ch = 0; ch < CHANNELS; ch++) arr[nodes[i]! * 4 + ch] = cur[i * 4 + ch]!;
      return true;
    }
  }
  return false;
}

/**
 * Divergent loop: order the cycle's components depth-first from the first declared, cut every
 * internal edge that points back (to an earlier or the same position), and pass load forward once.
 */
function cutBackEdges(
  g: Graph,
  nodes: number[],
  internal: number[],
  arr: Float64Array,
  src: Float64Array,
  cut: Uint8Array,
) {
  const inScc = new Set(nodes);
  const rank = new Map<number, number>();
  for (const start of nodes) {
    if (rank.has(start)) continue;
    const stack = [start];
    while (stack.length) {
      const u = stack.pop()!;
      if (rank.has(u)) continue;
      rank.set(u, rank.size);
      for (let j = g.outStart[u + 1]! - 1; j >= g.outStart[u]!; j--) {
        const v = g.to[g.outList[j]!]!;
        if (inScc.has(v) && !rank.has(v)) stack.push(v);
      }
    }
  }
  for (const e of internal) if (rank.get(g.to[e]!)! <= rank.get(g.from[e]!)!) cut[e] = 1;
  const seq = [...nodes].sort((a, b) => rank.get(a)! - rank.get(b)!);
  for (const u of seq) {
    for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
      const e = g.outList[j]!;
      const v = g.to[e]!;
      if (cut[e] || !inScc.has(v)) continue;
      for (let ch = 0; ch < CHANNELS; ch++) {
        const f = factor(g, e, ch);
        if (f) arr[v * 4 + ch]! += f * (gainOf(g, u, ch) * arr[u * 4 + ch]! + src[u * 4 + ch]!);
      }
    }
  }
}
