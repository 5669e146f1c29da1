/**
 * The analysis engine: from the plain model to loads, capacities, queues, latencies,
 * availability, consistency and storage for every component, edge, client and path, each
 * figure with its derivation. Pure: no I/O, no Langium, no VS Code. See docs/analysis.md.
 *
 * analyze() computes the numbers; the figures of components and edges (with their formulas and
 * sentences) are built on first read, so a 10,000-component model analyses in tens of
 * milliseconds. JSON.stringify (or toPlain) gives the whole result as plain data.
 */
import { DEFAULT_MONTH_SECONDS, type Component, type Model, type SystemSettings } from '../model.js';
import { ownService, sentRps, serviceModel, type OwnService, type ServiceModel } from './component.js';
import { buildGraph, READS, sameSources, WRITES, type ClassIndex, type Graph } from './graph.js';
import { CH_READS, CH_WRITES, clientSources, propagate, sameArrivals, type LoadResult } from './load.js';
import { callTree, enumeratePaths, type CallTree } from './paths.js';
import {
  markStorms,
  MAX_ITERATIONS,
  openStaticBreakers,
  startIteration,
  stepAttempts,
  timeoutDependentEdges,
  worstCase,
} from './timeouts.js';
import { ComponentResult } from './component-result.js';
import { EdgeResult } from './edge-result.js';
import { pathFigures, requestFigures } from './figures-latency.js';
import { INTERNALS, internalsOf, SATURATED, type Context, type Settings } from './result-context.js';
import { summarize } from './summary.js';
import type { Dist } from './stats.js';
import type { Analysis, AnalyzeOptions, Consistency, CycleReport, PathAnalysis, RequestAnalysis } from './types.js';

export type * from './types.js';
export {
  erlangB,
  erlangC,
  mmc,
  mmcQuantile,
  serviceLevel,
  serversForServiceLevel,
  fanoutTail,
  series,
  parallel,
  redundant,
  atLeast,
  downtime,
  formatDowntime,
  CALENDAR_YEAR_S,
} from './queueing.js';
export type { MMc, Downtime } from './queueing.js';
export { generateModel, mulberry32 } from './generate.js';

export { figureChanges, sameComponentFigures, sameEdgeFigures, sameData, type FigureChanges } from './compare.js';

/** A year of 365.25 days, ms (the language's `year`): the default storage horizon. */
export const YEAR_MS = 365.25 * 86_400_000;
export const DEFAULT_TARGET_UTILIZATION = 0.7;
export const DEFAULT_MAX_PATHS = 200;

export function analyze(model: Model, options: AnalyzeOptions = {}): Analysis {
  const g = buildGraph(model);
  const n = g.n;
  const maxPaths =
    options.maxPaths !== undefined && options.maxPaths >= 0 ? Math.floor(options.maxPaths) : DEFAULT_MAX_PATHS;
  const settingsCache = new Map<string, Settings>();
  const settingsOf = (i: number): Settings => {
    const sys = g.system[i];
    const key = sys?.name ?? '';
    let s = settingsCache.get(key);
    if (!s) {
      s = resolveSettings(sys?.settings, options);
      settingsCache.set(key, s);
    }
    return s;
  };
  const globalSettings = resolveSettings(model.systems[0]?.settings, options);

  // 1-3. Loads, the service of each component under its load, the call trees; repeated while
  // timeouts change the attempts retries and breakers make (timeouts.ts), else one pass.
  const rateOf = (i: number) => sentRps(g.comps[i]!);
  let totalRate = 0;
  for (let i = 0; i < n; i++) totalRate += rateOf(i);
  const sources = clientSources(g, rateOf);
  const sms: ServiceModel[] = new Array(n);
  const svc: OwnService[] = new Array(n);
  const own: [Dist[], Dist[]] = [new Array(n), new Array(n)];
  const ownA: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  const before = options.previous ? internalsOf(options.previous) : undefined;
  const fanCache: [Map<number, Dist>, Map<number, Dist>] = [new Map(), new Map()];
  openStaticBreakers(g);
  const dependent = timeoutDependentEdges(g);
  const iteration = dependent.length ? startIteration(dependent) : undefined;
  let load: LoadResult | undefined;
  let tree: CallTree;
  for (;;) {
    const last = load;
    load = propagate(g, sources);
    for (let i = 0; i < n; i++) {
      if (last && sameArrivals(last, i, load, i)) continue; // an earlier pass's service stands
      const j = before ? unchangedService(before, g, load, i) : undefined;
      const sm = j !== undefined ? before!.sms[j]! : (sms[i] ?? serviceModel(g, i));
      const s =
        j !== undefined ? before!.svc[j]! : ownService(sm, load.arr[i * 4 + CH_READS]!, load.arr[i * 4 + CH_WRITES]!);
      sms[i] = sm;
      svc[i] = s;
      own[READS][i] = s.own[READS];
      own[WRITES][i] = s.own[WRITES];
      ownA[READS][i] = s.availability[READS];
      ownA[WRITES][i] = s.availability[WRITES];
    }
    fanCache[READS].clear();
    fanCache[WRITES].clear();
    tree = callTree(g, own, ownA, fanCache, load.flow);
    if (!iteration || stepAttempts(g, iteration, (v) => svc[v]!.utilization >= SATURATED)) break;
    if (iteration.iteration >= MAX_ITERATIONS) {
      // no fixed point below saturation: the loads at the worst amplification, once more
      for (const e of worstCase(g, iteration)) g.retryStorm[e] = 1;
      iteration.edges = [];
    }
  }
  markStorms(g, dependent, (v) => svc[v]!.utilization >= SATURATED);

  // Demand per unit of client traffic (bottleneck law): the actual load, or, when no client
  // sends anything, every client at 1 rps.
  let basis: { load: LoadResult; util: Float64Array; rate: (i: number) => number } = {
    load,
    util: Float64Array.from(svc, (s) => s.utilization),
    rate: rateOf,
  };
  if (!(totalRate > 0)) {
    const unitRate = (i: number) => (g.comps[i]!.kind === 'client' ? 1 : 0);
    const unit = propagate(g, clientSources(g, unitRate));
    const util = new Float64Array(n);
    for (let i = 0; i < n; i++)
      util[i] = ownService(sms[i]!, unit.arr[i * 4 + CH_READS]!, unit.arr[i * 4 + CH_WRITES]!).utilization;
    basis = { load: unit, util, rate: unitRate };
  }

  const consMemo = new Map<number, Consistency | null>();
  const ctx: Context = { g, load, sms, svc, tree, settingsOf, consMemo };

  // 4. Components and edges (figures built on first read).
  const components: ComponentResult[] = new Array(n);
  const componentIndex: Record<string, number> = Object.create(null) as Record<string, number>; // ids such as __proto__ are safe
  for (let i = 0; i < n; i++) {
    components[i] = new ComponentResult(ctx, i);
    const id = g.comps[i]!.id;
    if (componentIndex[id] === undefined) componentIndex[id] = i;
  }
  const edges = g.edges.map((_, e) => new EdgeResult(ctx, e));

  // 5. Requests (per client and class) and explicit paths.
  const requests: RequestAnalysis[] = [];
  const paths: PathAnalysis[] = [];
  let pathsTruncated = false;
  for (let i = 0; i < n; i++) {
    const c = g.comps[i]!;
    if (c.kind !== 'client') continue;
    const rate = rateOf(i);
    const rf = c.readFraction === undefined ? 1 : Math.min(1, Math.max(0, c.readFraction));
    for (const k of [READS, WRITES] as ClassIndex[]) {
      const share = k === READS ? rf : 1 - rf;
      if (!(share > 0)) continue;
      const classRate = k === READS ? rate * rf : Math.max(0, rate - rate * rf);
      requests.push(requestFigures(g, i, k, classRate, tree, edges));
      const { paths: raw, truncated } = enumeratePaths(g, k, i, maxPaths - paths.length, tree, own, ownA, fanCache[k]);
      if (truncated) pathsTruncated = true;
      for (const p of raw) paths.push(pathFigures(g, p, own, consMemo));
    }
  }

  // 6. Cycles.
  const cycles: CycleReport[] = load.cycles.map((c) => {
    const ids = c.nodes.map((v) => g.comps[v]!.id);
    const cut = c.edges.filter((e) => load.cut[e]).map((e) => g.edges[e]!.id);
    return {
      components: ids,
      edges: c.edges.map((e) => g.edges[e]!.id),
      converged: c.converged,
      text: c.converged
        ? `cycle ${ids.join(' → ')}: the traffic equations converge (loop gain below 1); loads include the traffic that loops`
        : `cycle ${ids.join(' → ')}: load would grow without bound (loop gain ≥ 1); figures computed with ${cut.join(', ')} cut`,
    };
  });

  // 7. Systems.
  const clientsWhere = (pred: (c: Component) => boolean) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (g.comps[i]!.kind === 'client' && pred(g.comps[i]!)) out.push(i);
    return out;
  };
  const system = summarize(
    g,
    null,
    clientsWhere(() => true),
    components,
    requests,
    basis,
    globalSettings,
    undefined,
    true,
  );
  const systems = model.systems.map((s) =>
    summarize(
      g,
      s.name,
      clientsWhere((c) => c.system === s.name),
      components,
      requests,
      basis,
      resolveSettings(s.settings, options),
      s.slo,
      false,
    ),
  );

  const analysis: Analysis = {
    components,
    componentIndex,
    edges,
    requests,
    paths,
    pathsTruncated,
    system,
    systems,
    cycles,
    settings: { ...globalSettings, maxPaths },
  };
  INTERNALS.set(analysis, ctx);
  return analysis;
}

/**
 * The index in an earlier analysis of a component whose service model and own service are the
 * same as they would be now: the same Component object, the same sources (serviceModel reads
 * their partitions and algorithms) and the same load (ownService is a function of the service
 * model and the load). Undefined when any differs.
 */
function unchangedService(before: Context, g: Graph, load: LoadResult, i: number): number | undefined {
  const c = g.comps[i]!;
  const gb = before.g;
  const j = i < gb.n && gb.comps[i] === c ? i : gb.index.get(c.id);
  if (j === undefined || gb.comps[j] !== c) return undefined;
  return sameArrivals(before.load, j, load, i) && sameSources(gb, j, g, i) ? j : undefined;
}

function resolveSettings(s: SystemSettings | undefined, o: AnalyzeOptions): Settings {
  const valid = (x: number | undefined) => x !== undefined && Number.isFinite(x) && x > 0 && x <= 1;
  const targetUtilization = valid(o.targetUtilization)
    ? o.targetUtilization!
    : valid(s?.targetUtilization)
      ? s!.targetUtilization!
      : DEFAULT_TARGET_UTILIZATION;
  const h = o.horizonMs ?? s?.horizonMs;
  const horizonMs = h !== undefined && Number.isFinite(h) && h > 0 ? h : YEAR_MS;
  const m = s?.monthSeconds;
  const monthSeconds = m !== undefined && Number.isFinite(m) && m > 0 ? m : DEFAULT_MONTH_SECONDS;
  return { targetUtilization, horizonMs, monthSeconds };
}

/** A fully plain copy of any analysis value (figures and result objects materialised). */
export function toPlain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
