/**
 * Merging a mixture's branches must not join a common fast branch with a frequent one ten times
 * slower because a rare, very slow branch elsewhere makes the whole's variance large (seed 202 of
 * the differential run): a pool answers from a 95 %-hit cache in front of a slow replicated store
 * (≈ 300 ms on a miss) and calls a side service (≈ 14 ms) for a fifth of its requests. Merged by
 * absolute distance, the fast branch (≈ 1.6 ms, 76 %) and the side branch (≈ 16 ms, 19 %) became
 * one wide branch and the p50 came out 34 % low.
 */
import { describe, expect, it } from 'vitest';
import { cross, type Branch } from '../../../src/core/analysis/mixture.js';
import type { Dist } from '../../../src/core/analysis/stats.js';
import { comp, edge, model } from './helpers.js';
import { compareLatency } from './sim-compare.js';

const m = model(
  [
    comp('users', 'client', { rateRps: 405, readFraction: 1 }),
    comp('app', 'service', { instances: 3, serviceTimeMs: 1.05 }),
    comp('cache', 'cache', { hitRatio: 0.95, instances: 2, serviceTimeMs: 0.57 }),
    comp('db', 'database', { serviceTimeMs: 99.6, replicas: 3, readFrom: 'replicas', replication: 'semi-sync' }),
    comp('side', 'service', { instances: 3, serviceTimeMs: 10.3 }),
  ],
  [
    edge('users', 'app'),
    edge('app', 'cache', { traffic: 'reads' }),
    edge('cache', 'db', { traffic: 'reads' }),
    edge('app', 'side', { share: 0.2 }),
  ],
);

describe('mixture merging keeps a common fast branch apart from a frequent slower one', () => {
  it("agrees with the simulation on the pool's p50 and p95", () => {
    const rows = compareLatency(m, 60, 7, 2);
    for (const [figure, tol] of [
      ['p50', 0.05],
      ['p95', 0.1],
    ] as const) {
      const r = rows.get(`app reads ${figure}`)!;
      expect(r, figure).toBeDefined();
      expect(Math.abs(r.difference), `app ${figure}: ${r.analytic} vs ${r.simulated}`).toBeLessThan(tol);
    }
  });
});

const dist = (mean: number, sd: number, floor = 0): Dist => ({ mean, variance: sd * sd, floor, unbounded: false });
const add = (a: Dist, b: Dist): Dist => ({
  mean: a.mean + b.mean,
  variance: a.variance + b.variance,
  floor: a.floor + b.floor,
  unbounded: false,
});
const same = () => false;

describe('summing two mixtures (cross)', () => {
  it('keeps a common fast branch and a frequent one ten times slower apart beside a rare slow one', () => {
    // a cache: 95 % hits of 1.6 ms, 5 % misses of 300 ms; a call made for 20 % of requests (14 ms)
    const cache: Branch[] = [
      { w: 0.95, d: dist(1.6, 1.3) },
      { w: 0.05, d: dist(300, 250) },
    ];
    const share: Branch[] = [
      { w: 0.8, d: dist(0, 0) },
      { w: 0.2, d: dist(14, 10) },
    ];
    const out = cross(cache, share, add, same);
    const means = out.map((b) => Math.round(b.d.mean * 10) / 10);
    // the two rare slow ones (300 and 314 ms) are near on their scale and merge
    expect(means).toEqual([1.6, 15.6, 302.8]);
    expect(out[0]!.w).toBeCloseTo(0.76, 12);
  });

  it('still merges branches near on their own scale', () => {
    const a: Branch[] = [
      { w: 0.5, d: dist(10, 3) },
      { w: 0.5, d: dist(10.05, 3) },
    ];
    const b: Branch[] = [
      { w: 0.5, d: dist(1, 0.5) },
      { w: 0.5, d: dist(1.02, 0.5) },
    ];
    expect(cross(a, b, add, same)).toHaveLength(1);
  });
});
