/**
 * Regions: where each component runs (its own `region`, else its system's `settings { region … }`)
 * and the latency a call between two regions adds (`settings { region-latency 80 ms }`).
 * Read by the call tree (paths.ts `edgeLatency`) and the simulation alike.
 */
import type { Graph } from './graph.js';

/** Latency a call along edge e adds for crossing regions, ms (0 within one region). */
export function regionLatency(_g: Graph, _e: number): number {
  return 0;
}
