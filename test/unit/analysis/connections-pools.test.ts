/**
 * Connection pools and bulkheads, hand-computed: users send λ over app (4 instances) to an external
 * API answering in a fixed 100 ms, so per app instance λᵢ = λ / 4 and R = 100 ms, a = λᵢR.
 * Erlang values from the published tables: B(10, 5) = 0.01838, C(10, 5) = 0.03611, C(10, 8) = 0.4092.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { poolSizeFor } from '../../../src/core/analysis/connections.js';
import { byId, comp, edge, model, type EdgeProps, type Props } from './helpers.js';

function pooled(rate: number, edgeProps: EdgeProps, app: Props = {}) {
  const m = model(
    [
      comp('users', 'client', { rateRps: rate }),
      comp('app', 'service', { instances: 4, capacityRps: 10_000, ...app }),
      comp('pay', 'external', { latencyMs: 100 }),
    ],
    [edge('users', 'app'), edge('app', 'pay', edgeProps)],
  );
  const a = analyze(m);
  return { a, e: a.edges.find((x) => x.from === 'app' && x.to === 'pay')! };
}

describe('connection pool (Erlang C)', () => {
  it("holds λᵢ × R connections (Little's law): 200 rps / 4 × 100 ms = 5", () => {
    const { e } = pooled(200, { connections: 10 });
    expect(e.connections!.kind).toBe('pool');
    expect(e.connections!.inUse.value).toBeCloseTo(5, 12);
    expect(e.connections!.waitProbability.value).toBeCloseTo(0.03611, 5);
    expect(e.connections!.exhausted).toBe(false);
  });

  it('waits with P = C(10, 8) = 0.409 and W = C × R / (c − a) × (1 + cv²) / 2 = 10.2 ms at 8 Erlangs (constant R)', () => {
    const { e } = pooled(320, { connections: 10 });
    const p = e.connections!;
    expect(p.inUse.value).toBeCloseTo(8, 12);
    expect(p.waitProbability.value).toBeCloseTo(0.40918, 5);
    // a constant 100 ms hold: Allen–Cunneen halves the M/M/c wait (M/D/c), C × R / (c − a) × (1 + 0) / 2
    expect(p.meanWaitMs.value).toBeCloseTo((0.40918015 * 100) / 2 / 2, 4);
    expect(p.refusal.value).toBeNull();
  });

  it("takes the caller's connections on a call it waits for; the edge's own overrides it", () => {
    expect(pooled(320, {}, { connections: 10 }).e.connections!.size.value).toBe(10);
    expect(pooled(320, { connections: 20 }, { connections: 10 }).e.connections!.size.value).toBe(20);
    expect(pooled(320, {}).e.connections).toBeNull();
    expect(pooled(320, { async: true }, { connections: 10 }).e.connections).toBeNull();
  });

  it('holds a connection until the timeout at most: E[min(T, τ)] = 50 ms for a 100 ms call timed out at 50 ms', () => {
    const { e } = pooled(320, { connections: 10, timeoutMs: 50 });
    expect(e.connections!.inUse.value).toBeCloseTo(80 * 0.05, 9);
    const half = pooled(320, { connections: 10, timeoutMs: 150 }).e; // never cut: the whole 100 ms
    expect(half.connections!.inUse.value).toBeCloseTo(8, 9);
  });

  it('is exhausted at λᵢR ≥ c: the wait is unbounded', () => {
    const { e } = pooled(400, { connections: 10 }); // a = 100 × 0.1 = 10
    expect(e.connections!.exhausted).toBe(true);
    expect(e.connections!.waitProbability.value).toBe(1);
    expect(e.connections!.meanWaitMs.value).toBeNull();
  });

  it('sizes the smallest pool with P(wait) ≤ 10 %: 13 at 8 Erlangs (C(12, 8) = 0.140, C(13, 8) = 0.076)', () => {
    expect(poolSizeFor(8, 0.1)).toBe(13);
    expect(poolSizeFor(5, 0.1)).toBe(9); // C(8, 5) = 0.167, C(9, 5) = 0.081
  });
});

describe('bulkhead (Erlang B)', () => {
  it('refuses B(10, 5) = 0.01838 of the calls at 5 Erlangs', () => {
    const { e } = pooled(200, { bulkhead: 10 });
    const p = e.connections!;
    expect(p.kind).toBe('bulkhead');
    expect(p.inUse.value).toBeCloseTo(5, 12);
    expect(p.refusal.value).toBeCloseTo(0.01838, 5);
    expect(p.waitProbability.value).toBeNull();
  });
});

describe("a store's connections", () => {
  it('sums caller instances × pool, today and at the autoscale maximum, against max-connections', () => {
    const m = model(
      [
        comp('users', 'client', { rateRps: 100 }),
        comp('app', 'service', { autoscale: { min: 4, max: 40 }, capacityRps: 1000, connections: 50 }),
        comp('jobs', 'worker', { instances: 2, capacityRps: 1000, connections: 5 }),
        comp('db', 'database', { capacityRps: 10_000, maxConnections: 500 }),
      ],
      [edge('users', 'app'), edge('app', 'db'), edge('users', 'jobs'), edge('jobs', 'db')],
    );
    const db = byId(analyze(m), 'db').connections!;
    expect(db.opened.value).toBe(4 * 50 + 2 * 5);
    expect(db.openedAtMax.value).toBe(40 * 50 + 2 * 5);
    expect(db.openedAtMax.text).toContain('app 40 × 50 + jobs 2 × 5 = 2.01k');
    expect(db.limit.value).toBe(500);
  });
});
