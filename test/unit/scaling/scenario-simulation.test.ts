/**
 * A failure scenario against the simulation: with the cache down, the database takes every read,
 * and the clients' p95 is what the analysis of the scenario's model says (within the bounds the
 * differential tests hold for a pool and a store: docs/analysis.md section 9).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { applyScenario } from '../../../src/core/scaling/index.js';
import { simulate } from '../../../src/core/simulation/index.js';
import { modelOf, scenario } from './scenario-helpers.js';

const TEXT = `system shop {
  client users { rate 400 rps reads 100 % }
  loadbalancer lb { algorithm round-robin }
  service app { instances 2 capacity 500 rps service-time 4 ms stateless }
  cache redis { hit 80 % ttl 60 s pattern cache-aside capacity 10 k rps service-time 0.5 ms }
  database db { engine postgres capacity 700 rps service-time 1 ms }

  users -> lb
  lb -> app
  app -> redis reads
  redis -> db reads
}
`;

describe('cache down: the scenario against the simulation', () => {
  it('the database takes all reads; the p95 agrees with the simulation', async () => {
    const base = await modelOf(TEXT);
    const m = applyScenario(base, scenario(base, 'cold', [{ kind: 'fail', component: 'redis' }]));
    const a = analyze(m);
    const db = a.components[a.componentIndex.db!]!;
    expect(db.load.reads.value).toBeCloseTo(400, 9);
    expect(db.utilization.value).toBeCloseTo(400 / 700, 9);
    const sim = simulate(m, { durationS: 30, replications: 4, seed: 3 });
    const simDb = sim.components.find((c) => c.id === 'db')!;
    expect(Math.abs(simDb.throughputRps.reads.value / 400 - 1)).toBeLessThan(0.03);
    const p95 = a.requests[0]!.latency.p95.value!;
    const simP95 = sim.requests[0]!.latency.p95.value;
    expect(Math.abs(simP95 / p95 - 1), `analysis ${p95} ms, simulation ${simP95} ms`).toBeLessThan(0.1);
    // and the cache's share of the base model's reads is back on the database
    const before = analyze(base);
    expect(before.components[before.componentIndex.db!]!.load.reads.value).toBeCloseTo(80, 9);
  });
});
