/**
 * The load sweep's speed (issue 15, item 8): a 100-point sweep of a generated 10,000-component
 * model (src/core/analysis/generate.ts) against its full check. Timed from an analysis already
 * made (the check made it): `sweep()` with what the rules and the editor read (every system's
 * lens and the break points, hence the SLO search), and separately every client's curves, which
 * the CLI's table and the preview's charts read (evaluated at every point still below
 * saturation). Medians of `runs`, after one untimed run. Targets (bench/targets.ts): `sweep-10000`
 * (sweepMs) and `sweep-curves-10000` (sweepMs + curvesMs), each under 20 % of the 10,000 check.
 */
import { analyze, generateModel } from '../src/core/analysis/index.js';
import { sweep } from '../src/core/scaling/index.js';

export interface ScalingBench {
  components: number;
  points: number;
  /** sweep() + every system's lens + the break points, ms (median). */
  sweepMs: number;
  /** Reading every client's p50/p95/p99 curve afterwards, ms (median). */
  curvesMs: number;
  /** Points at which some request class was still bounded (evaluated). */
  evaluatedPoints: number;
  runs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function measureSweep(n = 10_000, runs = 5, seed = 7): ScalingBench {
  const model = generateModel(n, seed);
  const sweepMs: number[] = [];
  const curvesMs: number[] = [];
  let points = 0;
  let evaluatedPoints = 0;
  for (let r = 0; r <= runs; r++) {
    const analysis = analyze(model);
    const t0 = performance.now();
    const s = sweep(model, analysis);
    for (const sys of s.systems) void sys.lens;
    void s.breaks.length;
    const t1 = performance.now();
    const clients = s.clients;
    const t2 = performance.now();
    points = s.multipliers.length;
    evaluatedPoints = Math.max(0, ...clients.map((c) => c.p95.filter(Number.isFinite).length));
    if (r === 0) continue; // warm-up
    sweepMs.push(t1 - t0);
    curvesMs.push(t2 - t1);
  }
  return { components: n, points, sweepMs: median(sweepMs), curvesMs: median(curvesMs), evaluatedPoints, runs };
}
