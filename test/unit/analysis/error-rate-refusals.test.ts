/**
 * Bulkhead refusals in a request's error rate: a refused call fails as one to a callee that is
 * down (pools.ts), so the availability carries Erlang B per call, and error rate = 1 − A.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { EdgeProps } from './helpers.js';
import { comp, edge, model } from './helpers.js';

/** Erlang B(c, a) by the recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)). */
const erlangB = (c: number, a: number) => {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
};

/** c (100 rps) → app (1 instance) → db over an edge with a bulkhead of 2 slots (and these properties). */
const run = (props: EdgeProps) => {
  const a = analyze(
    model(
      [
        comp('c', 'client', { rateRps: 100 }),
        comp('app', 'service', { capacityRps: 10_000, instances: 1 }),
        comp('db', 'database', { capacityRps: 1000 }),
      ],
      [edge('c', 'app'), edge('app', 'db', { bulkhead: 2, ...props })],
    ),
  );
  const e = a.edges.find((x) => x.from === 'app')!;
  return { r: a.requests[0]!, pool: e.connections! };
};

/** The same request's availability without the bulkhead. */
const bare = (props: EdgeProps) => {
  const a = analyze(
    model(
      [
        comp('c', 'client', { rateRps: 100 }),
        comp('app', 'service', { capacityRps: 10_000, instances: 1 }),
        comp('db', 'database', { capacityRps: 1000 }),
      ],
      [edge('c', 'app'), edge('app', 'db', props)],
    ),
  );
  return a.requests[0]!.availability.value!;
};

describe('refusals in the error rate', () => {
  it('one call per request: A = A₀ × (1 − Erlang B(c, λR)), error rate = 1 − A', () => {
    const { r, pool } = run({});
    expect(pool.kind).toBe('bulkhead');
    const inUse = pool.inUse.value!;
    const B = erlangB(2, inUse);
    expect(pool.refusal.value).toBeCloseTo(B, 9);
    expect(B).toBeGreaterThan(0.001);
    expect(r.availability.value).toBeCloseTo(bare({}) * (1 - B), 12);
    expect(r.errorRate.value).toBeCloseTo(1 - r.availability.value!, 12);
    expect(r.errorRate.text).toMatch(/refused by the bulkhead on app->db/);
  });
  it('fan-out 2: both copies must pass, (1 − B)²; an optional call refused does not fail the request', () => {
    const two = run({ fanout: 2 });
    const B = two.pool.refusal.value!;
    expect(two.r.availability.value).toBeCloseTo(bare({ fanout: 2 }) * (1 - B) ** 2, 12);
    expect(two.r.errorRate.value).toBeCloseTo(1 - two.r.availability.value!, 12);
    const optional = run({ optional: true });
    expect(optional.pool.refusal.value).toBeGreaterThan(0);
    expect(optional.r.errorRate.value).toBeCloseTo(1 - optional.r.availability.value!, 12);
  });
});
