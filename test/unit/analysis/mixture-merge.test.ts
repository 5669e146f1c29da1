/**
 * Merging a mixture's branches must not join a common fast branch with a frequent one ten times
 * slower because a rare, very slow branch elsewhere makes the whole's variance large (seed 202 of
 * the differential run): a pool answers from a 95 %-hit cache in front of a slow replicated store
 * (≈ 300 ms on a miss) and calls a side service (≈ 14 ms) for a fifth of its requests. Merged by
 * absolute distance, the fast branch (≈ 1.6 ms, 76 %) and the side branch (≈ 16 ms, 19 %) became
 * one wide branch and the p50 came out 34 % low.
 */
import { describe, expect, it } from 'vitest';
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
