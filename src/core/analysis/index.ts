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
import { ownService, sentRps } from './component.js';
import { buildGraph, READS, sentReadShare, WRITES, type ClassIndex } from './graph.js';
import { CH_READS, CH_WRITES, clientSources, propagate, type LoadResult } from './load.js';
import { enumeratePaths } from './paths.js';
import { solve } from './solve.js';
import { ComponentResult } from './component-result.js';
import { EdgeResult } from './edge-result.js';
import { pathFigures, requestFigures } from './figures-latency.js';
import { INTERNALS, internalsOf, type Context, type Settings } from './result-context.js';
import { summarize } from './summary.js';
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

  // 1-3. Loads, the service of each component under its load, the call trees (solve.ts).
  const rateOf = (i: number) => sentRps(g.comps[i]!);
  let totalRate = 0;
  for (let i = 0; i < n; i++) totalRate += rateOf(i);
  const sources = clientSources(g, rateOf);
  const before = options.previous ? internalsOf(options.previous) : undefined;
  const { load, sms, svc, own, ownA, fanCache, tree: solved } = solve(g, sources, before, true);
  const tree = solved!;

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
      util[i] = ownService(
        sms[i]!,
        unit.arr[i * 4 + CH_READS]!,
        unit.arr[i * 4 + CH_WRITES]!,
        unit.primaryReads[i],
      ).utilization;
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
    const rf = sentReadShare(g, i);
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
