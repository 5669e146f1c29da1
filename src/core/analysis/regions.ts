/**
 * Regions: where each component runs (its own `region`, else its system's `settings { region … }`)
 * and the latency a call between two regions adds (`settings { region-latency 80 ms }`).
 * Read by the call tree (paths.ts `edgeLatency`) and the simulation alike.
 *
 * A call from region X to region Y ≠ X adds the callee's system's `region-latency` (one figure per
 * system: the latency into that system's region from elsewhere). A component whose region is not
 * known (neither its own nor its system's) adds nothing, nor does a system without a
 * `region-latency`.
 */
import type { Component, SystemDecl } from '../model.js';
import type { Graph } from './graph.js';

/** Where a component runs: its own `region`, else its system's settings' region, else null. */
export function regionOf(c: Component, system: SystemDecl | undefined): string | null {
  return c.region ?? system?.settings.region ?? null;
}

/** The region of node i of a graph (null when not known). */
export function nodeRegion(g: Graph, i: number): string | null {
  return regionOf(g.comps[i]!, g.system[i]);
}

/** The latency a call into a node's system adds from another region, ms (0 when not given). */
function latencyInto(g: Graph, i: number): number {
  const l = g.system[i]?.settings.regionLatencyMs;
  return l !== undefined && Number.isFinite(l) && l > 0 ? l : 0;
}

/** Per graph, per edge: the region latency (computed once; the call tree reads it in its hot loop). */
const LATENCIES = new WeakMap<Graph, Float64Array>();

/** Latency a call along edge e adds for crossing regions, ms (0 within one region). */
export function regionLatency(g: Graph, e: number): number {
  let l = LATENCIES.get(g);
  if (!l) {
    l = new Float64Array(g.edges.length);
    for (let k = 0; k < l.length; k++) l[k] = crossesRegions(g, k) ? latencyInto(g, g.to[k]!) : 0;
    LATENCIES.set(g, l);
  }
  return l[e]!;
}

/** Whether edge e crosses regions (both ends' regions known and different). */
export function crossesRegions(g: Graph, e: number): boolean {
  const from = nodeRegion(g, g.from[e]!);
  const to = nodeRegion(g, g.to[e]!);
  return from !== null && to !== null && from !== to;
}

/**
 * The latency a call from one component to another adds for crossing regions, ms, from the model
 * alone (for the rules): the same decision as `regionLatency`, with each component's system looked
 * up by name.
 */
export function callRegionLatency(
  from: Component,
  to: Component,
  systems: ReadonlyMap<string, SystemDecl>,
): { ms: number; from: string; to: string } | null {
  const toSystem = systems.get(to.system);
  const a = regionOf(from, systems.get(from.system));
  const b = regionOf(to, toSystem);
  if (a === null || b === null || a === b) return null;
  const l = toSystem?.settings.regionLatencyMs;
  return { ms: l !== undefined && Number.isFinite(l) && l > 0 ? l : 0, from: a, to: b };
}
