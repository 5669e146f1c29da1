/**
 * Comparing two analyses, for keeping work between them (the analysis's reuse of service models,
 * the rule memo): deep equality of plain analysis data, whether a component's or an edge's
 * results give the same figures at a level, and what may differ between two analyses at once.
 */
import { storeConsistency } from './consistency.js';
import { ComponentResult } from './component-result.js';
import { EdgeResult } from './edge-result.js';
import { READS, sameSources, WRITES, type ClassIndex, type Graph } from './graph.js';
import { sameArrivals } from './load.js';
import { isMixed, type Dist } from './stats.js';
import { INTERNALS, type Context } from './result-context.js';
import type { Analysis, ComponentAnalysis, EdgeAnalysis } from './types.js';

/**
 * Deep equality of plain analysis data (numbers by Object.is, so NaN equals NaN), for the
 * small objects compared by ComponentResult.same: service models, settings, distributions,
 * consistency.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (!sameData(a[k], b[k])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // a lazy mixture keeps its branches out of its keys: equal moments do not make equal branches
  const ma = isMixed(a as Dist);
  if (ma || isMixed(b as Dist)) {
    if (!ma || !isMixed(b as Dist)) return false;
    const da = a as Dist;
    const db = b as Dist;
    if (!Object.is(da.mean, db.mean) || !Object.is(da.variance, db.variance) || !Object.is(da.floor, db.floor))
      return false;
    return sameData(da.branches, db.branches);
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Whether two results (of two analyses) give the same figures, at a level: `service` (all but
 * the call tree's latency and the consistency: the component, its service model, its load,
 * its settings), `tree` (and its latency and availability with its synchronous calls),
 * `consistency` (service, and the consistency). The rule memo uses it to keep findings
 * (rules/memo.ts); false whenever it cannot tell.
 */
export function sameComponentFigures(
  a: ComponentAnalysis,
  b: ComponentAnalysis,
  level: 'service' | 'tree' | 'consistency',
): boolean {
  const ra = ComponentResult.internals(a);
  const rb = ComponentResult.internals(b);
  if (!ra || !rb) return false;
  const { x: xa, i } = ra;
  const { x: xb, i: j } = rb;
  if (xa.g.comps[i] !== xb.g.comps[j] || !sameArrivals(xa.load, i, xb.load, j)) return false;
  if (!sameData(xa.sms[i], xb.sms[j])) return false;
  if (!sameData(xa.settingsOf(i), xb.settingsOf(j))) return false;
  if (level === 'tree') {
    for (const k of [READS, WRITES] as ClassIndex[]) {
      if (!sameData(xa.tree.latency[k][i], xb.tree.latency[k][j])) return false;
      if (!Object.is(xa.tree.availability[k][i], xb.tree.availability[k][j])) return false;
    }
  } else if (level === 'consistency') {
    if (!sameData(storeConsistency(xa.g, i, xa.consMemo), storeConsistency(xb.g, j, xb.consMemo))) return false;
  }
  return true;
}

/**
 * Whether two edge results (of two analyses) give the same figures: the same edge, flows,
 * retries and fan-out, timeout share, breaker and storm (the resilience figures read no more:
 * the callee's availability is failProb), and with `tree` the callee's latency (the fan-out tail,
 * the resilience figures' call-time p99) too.
 */
export function sameEdgeFigures(a: EdgeAnalysis, b: EdgeAnalysis, tree: boolean): boolean {
  const ra = EdgeResult.internals(a);
  const rb = EdgeResult.internals(b);
  if (!ra || !rb) return false;
  const { x: xa, e } = ra;
  const { x: xb, e: f } = rb;
  const ga = xa.g;
  const gb = xb.g;
  if (ga.edges[e] !== gb.edges[f] || a.sync !== b.sync || xa.load.cut[e] !== xb.load.cut[f]) return false;
  for (let ch = 0; ch < 4; ch++) if (!Object.is(xa.load.flow[e * 4 + ch], xb.load.flow[f * 4 + ch])) return false;
  if (
    !Object.is(ga.retryFactor[e], gb.retryFactor[f]) ||
    !Object.is(ga.failProb[e], gb.failProb[f]) ||
    !Object.is(ga.fanout[e], gb.fanout[f]) ||
    !Object.is(ga.timeoutShare[e], gb.timeoutShare[f]) ||
    ga.breakerOpen[e] !== gb.breakerOpen[f] ||
    ga.retryStorm[e] !== gb.retryStorm[f]
  )
    return false;
  return (
    !tree ||
    (sameData(xa.tree.latency[READS][ga.to[e]!], xb.tree.latency[READS][gb.to[f]!]) &&
      sameData(xa.tree.latency[WRITES][ga.to[e]!], xb.tree.latency[WRITES][gb.to[f]!]))
  );
}

export interface FigureChanges {
  /**
   * Ids of components whose service-level figures may differ (see ComponentResult.same): a
   * different Component object, load, or service model; and of those only in one analysis.
   */
  components: Set<string>;
  /** Ids of edges whose figures (but the fan-out tail) may differ: a different Edge object, flow, cut, retries, fan-out, waiting, timeout share, breaker or storm; and of those only in one analysis. */
  edges: Set<string>;
}

/**
 * What may differ between two analyses, component by component and edge by edge, computed from
 * their numbers at once (rules/memo.ts asks this after each edit). Conservative: an id listed may
 * give the same figures, an id not listed gives the same figures. Undefined for analyses not
 * made by analyze() (or settings that differ: everything may differ then).
 */
export function figureChanges(prev: Analysis, next: Analysis): FigureChanges | undefined {
  const a = INTERNALS.get(prev);
  const b = INTERNALS.get(next);
  if (!a || !b || !sameSettings(a, b)) return undefined;
  const components = new Set<string>();
  const ga = a.g;
  const gb = b.g;
  // Pairs of indices (this analysis, the other): by position while the ids line up (an edit
  // inside a declaration), else by id.
  const otherComponent = (j: number): number | undefined => {
    const c = gb.comps[j]!;
    if (j < ga.n && ga.comps[j]!.id === c.id) return j;
    return ga.index.get(c.id);
  };
  for (let i = 0; i < ga.n; i++) if (!gb.index.has(ga.comps[i]!.id)) components.add(ga.comps[i]!.id);
  for (let j = 0; j < gb.n; j++) {
    const i = otherComponent(j);
    // The service model reads the component and the sources of its edges in; its figures, the
    // service model and the load.
    const same =
      i !== undefined &&
      ga.comps[i] === gb.comps[j] &&
      sameArrivals(a.load, i, b.load, j) &&
      (sameSources(ga, i, gb, j) || sameData(a.sms[i], b.sms[j]));
    if (!same) components.add(gb.comps[j]!.id);
  }

  const edges = new Set<string>();
  const edgeIndex = (g: Graph): Map<string, number> => {
    const m = new Map<string, number>();
    for (let e = 0; e < g.edges.length; e++) m.set(g.edges[e]!.id, e); // the last of a duplicated id, as the rules' look-up
    return m;
  };
  const aligned = ga.edges.length === gb.edges.length && ga.edges.every((e, k) => e.id === gb.edges[k]!.id);
  const ia = aligned ? undefined : edgeIndex(ga);
  const ib = aligned ? undefined : edgeIndex(gb);
  if (ia && ib) for (const id of ia.keys()) if (!ib.has(id)) edges.add(id);
  for (let f = 0; f < gb.edges.length; f++) {
    const id = gb.edges[f]!.id;
    const e = aligned ? f : ia!.get(id);
    if (e === undefined || (!aligned && ib!.get(id) !== f) || !sameEdgeFigures(prev.edges[e]!, next.edges[f]!, false))
      edges.add(id);
  }
  return { components, edges };
}

function sameSettings(a: Context, b: Context): boolean {
  // Per system: the settings the figures were made with.
  const seen = new Set<string | undefined>();
  for (let i = 0; i < b.g.n; i++) {
    const sys = b.g.system[i]?.name;
    if (seen.has(sys)) continue;
    seen.add(sys);
    const j = a.g.system.findIndex((s) => s?.name === sys);
    if (j >= 0 && !sameData(a.settingsOf(j), b.settingsOf(i))) return false;
  }
  return true;
}
