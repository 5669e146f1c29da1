/**
 * Parallel calls (issue 16): the caller waits for the slowest of its group, P(max ≤ t) = Π Fᵢ(t).
 * Oracle: the maximum of two independent exponentials, E[max] = 1/a + 1/b − 1/(a + b), and its
 * p95 solved from (1 − e^{−at})(1 − e^{−bt}) = 0.95.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { maxOfDists } from '../../../src/core/analysis/calltime.js';
import { quantile, type Dist } from '../../../src/core/analysis/stats.js';
import { comp, edge, model } from './helpers.js';

/** Exp(rate) as an exact M/M/1 response (λ → 0: no wait). */
function expo(meanMs: number): Dist {
  return {
    mean: meanMs,
    variance: meanMs * meanMs,
    floor: 0,
    unbounded: false,
    exact: { lambda: 0, serviceMs: meanMs, servers: 1, waitProbability: 0, fixedMs: 0 },
  };
}

/** The t with (1 − e^{−t/m1})(1 − e^{−t/m2}) = q, by bisection. */
function productQuantile(m1: number, m2: number, q: number): number {
  let lo = 0;
  let hi = 100 * (m1 + m2);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if ((1 - Math.exp(-mid / m1)) * (1 - Math.exp(-mid / m2)) < q) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe('the slowest of independent calls (maxOfDists)', () => {
  it('two exponentials (means 20 and 40 ms): E[max] = 1/a + 1/b − 1/(a+b); p50, p95, p99 from the product CDF', () => {
    const m = maxOfDists([
      { p: 1, d: expo(20) },
      { p: 1, d: expo(40) },
    ]);
    const mean = 20 + 40 - 1 / (1 / 20 + 1 / 40); // 46.67 ms
    expect(Math.abs(m.mean - mean) / mean).toBeLessThan(0.002);
    // E[max²] = 2/a² + 2/b² − 2/(a+b)²
    const second = 2 * 400 + 2 * 1600 - 2 / (1 / 20 + 1 / 40) ** 2;
    expect(Math.abs(m.variance - (second - mean * mean)) / (second - mean * mean)).toBeLessThan(0.01);
    for (const q of [0.5, 0.95, 0.99]) expect(quantile(m, q)).toBeCloseTo(productQuantile(20, 40, q), 6);
    // not the sum
    expect(m.mean).toBeLessThan(60);
  });

  it('a call made with probability p has tail p·S(t): P(max ≤ t) = F₁(t)·(1 − p + p·F₂(t))', () => {
    const m = maxOfDists([
      { p: 1, d: expo(20) },
      { p: 0.5, d: expo(40) },
    ]);
    // E[max] = ∫ 1 − F₁(1 − p S₂) = E[T₁] + p·(1/b − 1/(a + b))
    const mean = 20 + 0.5 * (40 - 1 / (1 / 20 + 1 / 40));
    expect(Math.abs(m.mean - mean) / mean).toBeLessThan(0.002);
  });
});

describe('parallel calls in the call tree', () => {
  const build = (parallel: boolean) =>
    analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('app', 'service', { latencyMs: 5 }),
          comp('pricing', 'service', { capacityRps: 150 }), // M/M/1: Exp(mean 20 ms)
          comp('inventory', 'service', { capacityRps: 125 }), // Exp(mean 40 ms)
          comp('db', 'database', { latencyMs: 3 }),
        ],
        [
          edge('c', 'app'),
          edge('app', 'pricing', parallel ? { parallelGroup: 'g' } : {}),
          edge('app', 'inventory', parallel ? { parallelGroup: 'g' } : {}),
          edge('app', 'db'),
        ],
      ),
    );

  it('the caller waits for the slowest of the group, sequential with its other calls', () => {
    const seq = build(false).requests[0]!;
    expect(seq.latency.mean.value).toBeCloseTo(5 + 20 + 40 + 3, 9);
    const par = build(true);
    const r = par.requests[0]!;
    const mean = 5 + 3 + 20 + 40 - 1 / (1 / 20 + 1 / 40);
    expect(Math.abs(r.latency.mean.value! - mean) / mean).toBeLessThan(0.005);
    expect(r.latency.p95.value).toBeCloseTo(8 + productQuantile(20, 40, 0.95), 6);
    // each path through the group waits for the same slowest call
    const paths = par.paths.filter((p) => p.hops.includes('pricing') || p.hops.includes('inventory'));
    expect(paths.length).toBe(2);
    for (const p of paths) expect(p.latency.mean.value).toBeCloseTo(r.latency.mean.value!, 9);
    // the derivations say so
    expect(r.latency.mean.text).toMatch(/app → pricing: parallel with inventory: waits for the slowest/);
    expect(r.latency.mean.text).not.toMatch(/app → inventory/); // the group named once
    expect(paths[0]!.latency.mean.text).toMatch(/parallel with (inventory|pricing): waits for the slowest/);
    expect(build(false).requests[0]!.latency.mean.text).not.toMatch(/parallel/);
  });
});
