/**
 * A sharded store's own response mixes its shards: the hottest takes skew/S of the requests and
 * the S − 1 others the rest, while utilisation and capacity stay the hottest shard's. Checked
 * against the whole-model simulation on a plain client → store model.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { byId, comp, edge, model } from './helpers.js';
import { compareLatency } from './sim-compare.js';

// 400 rps, 4 shards with skew 2: the hottest takes 200 rps (ρ 0.7 at 3.5 ms), each other 66.7 (ρ 0.23)
const m = model(
  [
    comp('users', 'client', { rateRps: 400, readFraction: 0.8 }),
    comp('db', 'database', { shards: 4, skew: 2, serviceTimeMs: 3.5 }),
  ],
  [edge('users', 'db')],
);

describe('sharded store: a mixture over the hottest and the other shards', () => {
  it('keeps the hottest shard for utilisation and capacity', () => {
    const db = byId(analyze(m), 'db');
    expect(db.utilization.value).toBeCloseTo(0.7, 6);
  });

  it('agrees with the simulation on the mean and percentiles', () => {
    const rows = compareLatency(m, 150);
    for (const traffic of ['reads', 'writes'])
      for (const [figure, tol] of [
        ['mean', 0.05],
        ['p50', 0.08],
        ['p95', 0.08],
        ['p99', 0.1],
      ] as const) {
        const r = rows.get(`users ${traffic} ${traffic} ${figure}`)!;
        expect(r, `db ${traffic} ${figure}`).toBeDefined();
        expect(Math.abs(r.difference), `db ${traffic} ${figure}: ${r.analytic} vs ${r.simulated}`).toBeLessThan(tol);
      }
  });
});
