/** The call trees: every component's response time and availability per class, including its synchronous calls (paths.ts callsOf, in post-order). */
import { serviceModel } from './component.js';
import { READS, type ClassIndex, type Graph } from './graph.js';
import { callPostOrder, isCall, oneCall, timeoutOf } from './calls.js';
import { callsOf, combine, type CallTree } from './paths.js';
import { poolInputs, refusalOf } from './pools.js';
import type { Dist } from './stats.js';

/**
 * Response time and availability of every component per class, including its synchronous calls.
 * Writes `g.timeoutShare` for every call edge with a timeout: the classes' shares of attempts over
 * it, mixed by the edge's traffic per class (`flow`: the load's per-edge flows, 4 channels an
 * edge; without it, the reads' share where the edge carries reads, else the writes').
 *
 * With `only` (edges; the call graph must have no cycle), just what their timeout shares need: the
 * callees' trees (each depends only on the nodes below it) and the shares of the callers' calls,
 * the rest left undefined: the passes of the timeouts' fixed point, which read only those shares.
 */
export function callTree(
  g: Graph,
  own: [Dist[], Dist[]],
  ownA: [Float64Array, Float64Array],
  fanCache: [Map<number, Dist>, Map<number, Dist>],
  options: {
    flow?: Float64Array;
    /** Instances of a component (its service model's), for the pools' per-instance load. */
    instances?: (u: number) => number;
    only?: readonly number[];
  } = {},
): CallTree {
  const { flow, only } = options;
  const instances = options.instances ?? ((u: number) => serviceModel(g, u).instances);
  const n = g.n;
  const m = g.edges.length;
  const latency: [Dist[], Dist[]] = [new Array<Dist>(n), new Array<Dist>(n)];
  const availability: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  const shares: [Float64Array, Float64Array] = [new Float64Array(m), new Float64Array(m)];
  const stackNode = new Int32Array(n + 1);
  const stackPos = new Int32Array(n + 1);
  const order = new Int32Array(n);
  const pools = flow ? poolInputs(g, flow, instances) : null;
  for (const k of [READS, 1] as ClassIndex[]) {
    const lat = latency[k];
    const av = availability[k];
    const state = new Uint8Array(n); // 0 new, 1 on stack or walked, 2 done
    for (let r = 0; r < (only ? only.length : n); r++) {
      const s = only ? g.to[only[r]!]! : r;
      const count = callPostOrder(g, k, s, state, 1, stackNode, stackPos, order);
      for (let i = 0; i < count; i++) {
        const u = order[i]!;
        // callees not done are on the stack: cycle edges, skipped
        if (g.outStart[u + 1]! === g.outStart[u]!) {
          lat[u] = own[k][u]!;
          av[u] = ownA[k][u]!;
        } else {
          const calls = callsOf(g, k, u, -1, lat, av, null, fanCache[k], ownA[k], shares[k], undefined, pools);
          const r = combine(own[k][u]!, ownA[k][u]!, g.gain[k][u]!, calls);
          lat[u] = r.d;
          av[u] = r.a;
        }
        state[u] = 2;
      }
    }
    // the callers left out: their calls to the trees made, for the shares only
    if (only)
      for (const e of only) {
        const u = g.from[e]!;
        if (state[u] === 2) continue;
        callsOf(g, k, u, -1, lat, av, null, fanCache[k], ownA[k], shares[k], undefined, pools);
        state[u] = 2;
      }
  }
  for (let x = 0; x < (only ? only.length : m); x++) {
    const e = only ? only[x]! : x;
    const tau = timeoutOf(g, e);
    if (tau !== undefined) g.timeoutShare[e] = byTraffic(g, flow, e, shares[READS][e]!, shares[1][e]!);
    // a bulkhead's refusals at these loads, by the attempt's hold time per class
    if (pools?.spec[e]?.kind === 'bulkhead') {
      const refused = (k: ClassIndex) => {
        const d = latency[k][g.to[e]!];
        return isCall(g, k, e) && d ? refusalOf(pools, e, oneCall(g, e, d), tau) : 0;
      };
      g.refusal[e] = byTraffic(g, flow, e, refused(READS), refused(1));
    }
  }
  return { latency, availability, pools };
}

/**
 * A figure of edge e's attempts from its value per class, mixed by the edge's traffic per class
 * (`flow`: the load's per-edge flows, 4 channels an edge; without it, the reads' value where the
 * edge carries reads, else the writes').
 */
function byTraffic(g: Graph, flow: Float64Array | undefined, e: number, reads: number, writes: number): number {
  const r = isCall(g, READS, e);
  const w = isCall(g, 1, e);
  const w0 = !r ? 0 : flow ? flow[e * 4]! : 1;
  const w1 = !w ? 0 : flow ? flow[e * 4 + 1]! : r ? 0 : 1;
  const total = w0 + w1;
  return total > 0 ? (w0 * reads + w1 * writes) / total : r ? reads : writes;
}
