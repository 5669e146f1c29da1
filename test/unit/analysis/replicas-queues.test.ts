/**
 * Reads over read replicas: each replica is its own queue at its share of the reads (plus every
 * write it applies), not one M/M/R queue shared by all replicas. Checked against the whole-model
 * simulation, where each replica has its own FIFO and a read picks a replica at random.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { mmc } from '../../../src/core/analysis/queueing.js';
import { byId, comp, edge, model } from './helpers.js';
import { compareLatency } from './sim-compare.js';

// 2,000 reads/s over 4 replicas of 1 ms: 500 each, ρ 0.5 per replica
const m = model(
  [
    comp('users', 'client', { rateRps: 2000 }),
    comp('db', 'database', { replicas: 4, readFrom: 'replicas', serviceTimeMs: 1 }),
  ],
  [edge('users', 'db')],
);

describe('reads over 4 replicas', () => {
  it('are four M/M/1 queues at 500 rps, not one M/M/4 at 2,000', () => {
    const db = byId(analyze(m), 'db');
    const perReplica = mmc(0.5, 1, 1).meanResponse; // 2 ms
    const shared = mmc(2, 1, 4).meanResponse; // about 1.09 ms
    expect(db.latency.mean.value).toBeCloseTo(perReplica, 6);
    expect(Math.abs(db.latency.mean.value! - shared)).toBeGreaterThan(0.8);
  });

  it('agree with the simulation (mean within 5 %, percentiles within 10 %)', () => {
    const rows = compareLatency(m, 60);
    for (const [figure, tol] of [
      ['mean', 0.05],
      ['p50', 0.1],
      ['p95', 0.1],
      ['p99', 0.1],
    ] as const) {
      const r = rows.get(`db reads ${figure}`)!;
      expect(Math.abs(r.difference), `${figure}: ${r.analytic} vs ${r.simulated}`).toBeLessThan(tol);
    }
  });
});
