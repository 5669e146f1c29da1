/**
 * A semi-sync write waits for the primary and then the first of the R replicas to apply it:
 * the fastest of R replica responses, not one replica's. Checked against the whole-model
 * simulation on a plain client → store model. The replicas' queues are taken as independent;
 * every write reaches all of them at once, so the fastest is a little slower than that: the
 * analysis runs 1–5 % low (docs/analysis.md section 8).
 */
import { describe, expect, it } from 'vitest';
import { comp, edge, model } from './helpers.js';
import { compareLatency } from './sim-compare.js';

describe('semi-sync writes: primary, then the first of R replicas', () => {
  it.each([
    // replicas, read-from, service time (ms)
    [3, 'replicas', 4],
    [2, 'primary', 3],
  ] as const)('%i replicas, reads from %s', (replicas, readFrom, serviceTimeMs) => {
    const m = model(
      [
        comp('users', 'client', { rateRps: 200, readFraction: 0.5 }),
        comp('db', 'database', { replicas, readFrom, replication: 'semi-sync', serviceTimeMs }),
      ],
      [edge('users', 'db')],
    );
    const rows = compareLatency(m, 300);
    for (const [figure, tol] of [
      ['mean', 0.08],
      ['p50', 0.08],
      ['p95', 0.1],
    ] as const) {
      const r = rows.get(`users writes writes ${figure}`)!;
      expect(r, `writes ${figure}`).toBeDefined();
      expect(Math.abs(r.difference), `db writes ${figure}: ${r.analytic} vs ${r.simulated}`).toBeLessThan(tol);
    }
  });
});
