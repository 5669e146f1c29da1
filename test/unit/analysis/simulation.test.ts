/**
 * A fixed-seed discrete-event simulation of M/M/c (FCFS, one shared queue) cross-checks the
 * analysis: mean response time and the probability of waiting.
 *
 * FCFS with c servers: each arrival, in order, takes the server that frees first
 * (Kiefer–Wolfowitz), so start = max(arrival, earliest free) and wait = start − arrival.
 * 400,000 customers after 20,000 of warm-up. Tolerance: 4 % relative on the mean response,
 * 0.02 absolute on the waiting probability (about 4 standard errors at these loads).
 */
import { describe, expect, it } from 'vitest';
import { analyze, mulberry32 } from '../../../src/core/analysis/index.js';
import { byId, comp, edge, model } from './helpers.js';

function simulate(lambda: number, serviceTime: number, c: number, seed: number, n = 400_000, warmup = 20_000) {
  const rand = mulberry32(seed);
  const exp = (mean: number) => -mean * Math.log(1 - rand());
  const free = new Float64Array(c);
  let t = 0;
  let waited = 0;
  let total = 0;
  let counted = 0;
  for (let i = 0; i < n + warmup; i++) {
    t += exp(1 / lambda);
    let k = 0;
    for (let j = 1; j < c; j++) if (free[j]! < free[k]!) k = j;
    const start = Math.max(t, free[k]!);
    const s = exp(serviceTime);
    free[k] = start + s;
    if (i >= warmup) {
      counted++;
      if (start > t) waited++;
      total += start + s - t;
    }
  }
  return { meanResponse: total / counted, waitProbability: waited / counted };
}

describe('M/M/c against a seeded discrete-event simulation', () => {
  it.each([
    [1, 0.7, 11],
    [4, 0.8, 12],
    [4, 0.875, 13], // the PDQ bank's load
    [16, 0.9, 14],
  ])('c = %i at ρ = %f', (c, rho, seed) => {
    const S = 10; // ms
    const lambdaPerMs = (rho * c) / S;
    const a = analyze(
      model(
        [
          comp('src', 'client', { rateRps: lambdaPerMs * 1000 }),
          // one queue before c servers: one instance of c servers (capacity c / S)
          comp('q', 'service', { capacityRps: (c / S) * 1000, serviceTimeMs: S }),
        ],
        [edge('src', 'q')],
      ),
    );
    const q = byId(a, 'q');
    const sim = simulate(lambdaPerMs, S, c, seed);
    expect(Math.abs(sim.meanResponse / q.latency.mean.value! - 1)).toBeLessThan(0.04);
    expect(Math.abs(sim.waitProbability - q.queue!.waitProbability.value!)).toBeLessThan(0.02);
  });

  it('the simulation itself is not trivially close: Erlang B instead of C would be far off', () => {
    const sim = simulate(0.35, 10, 4, 13);
    // Erlang B(4, 3.5) = 0.260 while C = 0.738: the simulation separates them clearly
    expect(Math.abs(sim.waitProbability - 0.738)).toBeLessThan(0.02);
    expect(Math.abs(sim.waitProbability - 0.26)).toBeGreaterThan(0.3);
  });
});
