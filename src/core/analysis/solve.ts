/**
 * Steps 1–3 of the analysis: the loads, each component's service under its load, and the call
 * trees, repeated while timeouts change the attempts retries and breakers make (timeouts.ts, the
 * fixed point), else one pass. `analyzeLoads` stops at the loads: what a search over loads reads
 * (the load sweep's break points) without the latencies, requests and summaries of analyze().
 */
import type { Model } from '../model.js';
import { ownService, sentRps, serviceModel, type OwnService, type ServiceModel } from './component.js';
import { buildGraph, READS, sameSources, WRITES, type Graph } from './graph.js';
import { CH_READS, CH_WRITES, clientSources, propagate, sameArrivals, type LoadResult, type Sources } from './load.js';
import { callTree } from './call-tree.js';
import type { CallTree } from './paths.js';
import { SATURATED } from './result-context.js';
import type { Dist } from './stats.js';
import {
  markStorms,
  MAX_ITERATIONS,
  openStaticBreakers,
  startIteration,
  stepAttempts,
  timeoutDependentEdges,
  worstCase,
} from './timeouts.js';

/** The loads at the fixed point and the service of each component under them (the graph holds the attempts). */
export interface Loads {
  g: Graph;
  load: LoadResult;
  sms: ServiceModel[];
  svc: OwnService[];
}

export interface Solved extends Loads {
  own: [Dist[], Dist[]];
  ownA: [Float64Array, Float64Array];
  fanCache: [Map<number, Dist>, Map<number, Dist>];
  /** The call trees at the fixed point; null when not asked for (`full` false). */
  tree: CallTree | null;
}

/**
 * Loads → service → call trees → attempts until the attempts settle. `before`: an earlier
 * solution whose service models and own services are taken where a component and its load are
 * unchanged. Without `full`, the passes compute only the timed callees' call trees (what the
 * attempts need) and the last pass's full trees are not made.
 */
export function solve(g: Graph, sources: Sources, before: Loads | undefined, full: boolean): Solved {
  const n = g.n;
  const sms: ServiceModel[] = new Array(n);
  const svc: OwnService[] = new Array(n);
  const own: [Dist[], Dist[]] = [new Array(n), new Array(n)];
  const ownA: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  const fanCache: [Map<number, Dist>, Map<number, Dist>] = [new Map(), new Map()];
  openStaticBreakers(g);
  const dependent = timeoutDependentEdges(g);
  const iteration = dependent.length ? startIteration(dependent) : undefined;
  const instances = (u: number) => sms[u]!.instances;
  let load: LoadResult | undefined;
  let tree: CallTree | null = null;
  for (;;) {
    const last = load;
    load = propagate(g, sources);
    for (let i = 0; i < n; i++) {
      if (last && sameArrivals(last, i, load, i)) continue; // an earlier pass's service stands
      const j = before ? unchangedService(before, g, load, i) : undefined;
      const sm = j !== undefined ? before!.sms[j]! : (sms[i] ?? serviceModel(g, i));
      const s =
        j !== undefined
          ? before!.svc[j]!
          : ownService(sm, load.arr[i * 4 + CH_READS]!, load.arr[i * 4 + CH_WRITES]!, load.primaryReads[i]);
      sms[i] = sm;
      svc[i] = s;
      own[READS][i] = s.own[READS];
      own[WRITES][i] = s.own[WRITES];
      ownA[READS][i] = s.availability[READS];
      ownA[WRITES][i] = s.availability[WRITES];
    }
    fanCache[READS].clear();
    fanCache[WRITES].clear();
    // the passes before the last need only the timed callees' trees (exact in a graph without
    // cycles: a node's tree depends only on the nodes below it)
    const partial = iteration !== undefined && load.cycles.length === 0;
    if (iteration || full)
      tree = callTree(g, own, ownA, fanCache, {
        flow: load.flow,
        instances,
        only: partial ? iteration.edges : undefined,
      });
    if (!iteration || stepAttempts(g, iteration, (v) => svc[v]!.utilization >= SATURATED)) {
      if (partial && full) {
        fanCache[READS].clear();
        fanCache[WRITES].clear();
        tree = callTree(g, own, ownA, fanCache, { flow: load.flow, instances });
      }
      break;
    }
    if (iteration.iteration >= MAX_ITERATIONS) {
      // no fixed point below saturation: the loads at the worst amplification, once more
      for (const e of worstCase(g, iteration)) g.retryStorm[e] = 1;
      iteration.edges = [];
    }
  }
  markStorms(g, dependent, (v) => svc[v]!.utilization >= SATURATED);
  return { g, load, sms, svc, own, ownA, fanCache, tree: full ? tree : null };
}

/** The loads of a model at the fixed point, without the rest of the analysis (see solve). */
export function analyzeLoads(model: Model, before?: Loads): Loads {
  const g = buildGraph(model);
  const { load, sms, svc } = solve(
    g,
    clientSources(g, (i) => sentRps(g.comps[i]!)),
    before,
    false,
  );
  return { g, load, sms, svc };
}

/**
 * The index in an earlier solution of a component whose service model and own service are the
 * same as they would be now: the same Component object, the same sources (serviceModel reads
 * their partitions and algorithms) and the same load (ownService is a function of the service
 * model and the load). Undefined when any differs.
 */
function unchangedService(before: Loads, g: Graph, load: LoadResult, i: number): number | undefined {
  const c = g.comps[i]!;
  const gb = before.g;
  const j = i < gb.n && gb.comps[i] === c ? i : gb.index.get(c.id);
  if (j === undefined || gb.comps[j] !== c) return undefined;
  return sameArrivals(before.load, j, load, i) && sameSources(gb, j, g, i) ? j : undefined;
}
