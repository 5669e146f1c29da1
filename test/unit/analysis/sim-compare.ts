/**
 * The analysis of a small model beside the whole-model simulation (src/core/simulation): the
 * relative difference (analysis − simulation) / simulation of one component's latency figure.
 */
import { analyze } from '../../../src/core/analysis/index.js';
import { compareWithAnalysis } from '../../../src/core/simulation/compare.js';
import { simulate } from '../../../src/core/simulation/index.js';
import type { Model } from '../../../src/core/model.js';

export type Rows = Map<string, { analytic: number; simulated: number; difference: number }>;

/** Rows keyed `name traffic figure`: a component `db writes mean`, a request `users writes writes mean`. */
export function compareLatency(m: Model, durationS: number, seed = 7, replications = 3): Rows {
  const c = compareWithAnalysis(analyze(m), simulate(m, { durationS, seed, replications }));
  const out: Rows = new Map();
  for (const r of c.rows)
    out.set(`${r.name} ${r.traffic} ${r.figure}`, {
      analytic: r.analytic,
      simulated: r.simulated.value,
      difference: r.difference,
    });
  return out;
}
