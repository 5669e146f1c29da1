/**
 * Runs the analysis and the simulation on one model and compares them (core/simulation/compare.ts),
 * sizing the simulated time so the clients send about `requests` requests per replication.
 */
import { analyze } from '../../../src/core/analysis/index.js';
import { compareWithAnalysis, type Comparison } from '../../../src/core/simulation/compare.js';
import { simulate } from '../../../src/core/simulation/index.js';
import type { Model } from '../../../src/core/model.js';
import { sentRps } from '../../../src/core/analysis/component.js';

export interface Run {
  comparison: Comparison;
  durationS: number;
  /** Whether the analysis or the simulation finds a component saturated. */
  saturated: boolean;
}

export function runDifferential(model: Model, seed: number, requests = 40_000, replications = 3): Run {
  const rate = model.components.reduce((s, c) => s + sentRps(c), 0);
  const durationS = rate > 0 ? Math.min(600, Math.max(5, requests / rate)) : 5;
  const sim = simulate(model, { durationS, seed, replications });
  const analysis = analyze(model);
  const saturated = analysis.components.some((c) => c.saturated) || sim.components.some((c) => c.saturated);
  return { comparison: compareWithAnalysis(analysis, sim), durationS, saturated };
}
