/**
 * Pools, bulkheads and timeouts in the call time (pools.ts, calltime.ts), hand-computed:
 * - a pool's wait: Erlang C(10, 8) = 0.40918 of the calls wait, R/(c − a) × (1 + cv²)/2 on average
 *   (a constant 100 ms hold: cv² = 0, half the M/M/c wait);
 * - the time of a call cut at its timeout: no percentile above τ (each attempt's time is min(T, τ)).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, erlangB } from '../../../src/core/analysis/index.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ROOT } from '../helpers.js';
import { comp, edge, model, type EdgeProps } from './helpers.js';

/** users (320 rps) → app (4 instances) → pay (a constant 100 ms) over an edge with these properties. */
const shopModel = (props: EdgeProps) =>
  model(
    [
      comp('users', 'client', { rateRps: 320 }),
      comp('app', 'service', { instances: 4, capacityRps: 10_000 }),
      comp('pay', 'external', { latencyMs: 100 }),
    ],
    [edge('users', 'app'), edge('app', 'pay', props)],
  );
const shop = (props: EdgeProps) => analyze(shopModel(props)).requests[0]!;

describe('a call through a pool', () => {
  it('waits C(10, 8) × 100 ms / (10 − 8) × (1 + 0) / 2 = 10.23 ms on average (M/D/c by Allen–Cunneen)', () => {
    const bare = shop({}).latency.mean.value!;
    const pooled = shop({ connections: 10 }).latency.mean.value!;
    expect(pooled - bare).toBeCloseTo((0.40918015 * 100) / 2 / 2, 4);
  });
  it("P(wait > t) = C e^(−t/m), m = 25 ms: p99 = 100 + 25 ln(100 C) ms (plus the caller's own time)", () => {
    const bare = shop({});
    const pooled = shop({ connections: 10 });
    const own = bare.latency.mean.value! - 100;
    expect(pooled.latency.p99.value!).toBeCloseTo(100 + 25 * Math.log(100 * 0.40918015) + own, 0);
  });
  it('a bulkhead of 8 at 8 Erlangs refuses B(8, 8) = 0.2356: the request succeeds with 1 − B', () => {
    const r = shop({ bulkhead: 8 });
    expect(r.availability.value!).toBeCloseTo(shop({}).availability.value! * (1 - 0.23555), 4);
  });
});

describe('a call cut at its timeout', () => {
  // users (250 rps) → s: one M/M/1 instance at 50 % (response Exp, mean 4 ms)
  const timed = (timeoutMs: number) =>
    analyze(
      model(
        [comp('users', 'client', { rateRps: 250 }), comp('s', 'service', { instances: 1, capacityRps: 500 })],
        [edge('users', 's', { timeoutMs })],
      ),
    ).requests[0]!;
  const near = (x: number, exact: number, rel: number) => expect(Math.abs(x / exact - 1)).toBeLessThan(rel);
  it('takes min(T, τ): p95 = 4 ln 20 = 11.98 ms below τ = 16 ms, p99 = τ (P(T > 16) = e^−4 = 1.8 %)', () => {
    const r = timed(16);
    near(r.latency.p95.value!, 4 * Math.log(20), 0.03);
    expect(r.latency.p99.value!).toBeLessThanOrEqual(16 + 1e-9);
    expect(r.latency.p99.value!).toBeGreaterThan(15.9);
  });
  it('never takes longer than its timeout: p50 = 4 ln 2 = 2.77 ms, p95 and p99 ≤ τ = 4 ms (37 % cut)', () => {
    const r = timed(4);
    // cut at its mean, the conditioned time's fitted pieces give p50 within 7 % (one gamma: 12 %)
    near(r.latency.p50.value!, 4 * Math.log(2), 0.07);
    expect(r.latency.p95.value!).toBeLessThanOrEqual(4 + 1e-9);
    expect(r.latency.p99.value!).toBeLessThanOrEqual(4 + 1e-9);
  });
  it('p50 = 4 ln 2 = 2.77 ms, p95 = 4 ln 20 = 11.98 ms below τ = 30 ms (0.06 % cut)', () => {
    const r = timed(30);
    near(r.latency.p50.value!, 4 * Math.log(2), 0.03);
    near(r.latency.p95.value!, 4 * Math.log(20), 0.03);
    near(r.latency.p99.value!, 4 * Math.log(100), 0.03);
  });
  it('never takes longer than its timeout with a heavy tail: reports (4 s, 22 % over 10 s) behind `timeout 10 s`', async () => {
    const path = join(ROOT, 'test/fixtures/rules/sync-slow-work/invalid-report.arch');
    const r = await loadTexts({ [path]: readFileSync(path, 'utf8') });
    const q = analyze(r.model).requests[0]!;
    // the balancer and web add milliseconds; one gamma fitted to the conditioned time said 12.2 s
    expect(q.latency.p99.value!).toBeGreaterThan(10_000);
    expect(q.latency.p99.value!).toBeLessThan(10_050);
  });
});

describe('refused calls never reach the callee (the loads carry the admitted share)', () => {
  const payLoad = (a: ReturnType<typeof analyze>, id: string) =>
    a.components.find((c) => c.id === id)!.load.total.value!;
  it('a bulkhead of 8 at 8 Erlangs (a constant 100 ms hold): pay gets 320 × (1 − B(8, 8)) = 244.6 rps', () => {
    const a = analyze(shopModel({ bulkhead: 8 }));
    const B = erlangB(8, 8);
    expect(B).toBeCloseTo(0.23557, 5);
    expect(payLoad(a, 'pay')).toBeCloseTo(320 * (1 - B), 6);
    // the pool's figures count the attempts offered: 320 / 4 instances × 100 ms = 8 Erlangs
    const e = a.edges.find((x) => x.to === 'pay')!;
    expect(e.load.total.value).toBeCloseTo(320 * (1 - B), 6);
    expect(e.connections!.inUse.value).toBeCloseTo(8, 9);
    expect(e.connections!.refusal.value).toBeCloseTo(B, 9);
  });

  it('behind an M/M/1 callee the refusals and the response time settle together (hand-iterated fixed point)', () => {
    // c (100 rps) → app (1 instance) → db (M/M/1, 150 rps) over a bulkhead of 2: admitted x = 100 (1 − B),
    // R = 1 / (150 − x) s, a = 100 R Erlangs, B = Erlang B(2, a)
    let B = 0;
    for (let k = 0; k < 10_000; k++) {
      const x = 100 * (1 - B);
      const next = erlangB(2, (100 * 1) / (150 - x));
      if (Math.abs(next - B) < 1e-13) break;
      B = next;
    }
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('app', 'service', { instances: 1, capacityRps: 100_000 }),
          comp('db', 'service', { instances: 1, capacityRps: 150 }),
        ],
        [edge('c', 'app'), edge('app', 'db', { bulkhead: 2 })],
      ),
    );
    expect(B).toBeGreaterThan(0.2);
    expect(payLoad(a, 'db')).toBeCloseTo(100 * (1 - B), 6);
  });

  it('a refused attempt is retried: attempts 1 + B, of which 1 − B get through each time', () => {
    // a constant 100 ms hold, one retry: offered per instance 80 (1 + B) rps, B = Erlang B(8, 8 (1 + B))
    let B = 0;
    for (let k = 0; k < 10_000; k++) {
      const next = erlangB(8, 8 * (1 + B));
      if (Math.abs(next - B) < 1e-13) break;
      B = next;
    }
    const a = analyze(shopModel({ bulkhead: 8, retries: 1 }));
    expect(payLoad(a, 'pay')).toBeCloseTo(320 * (1 + B) * (1 - B), 6);
    expect(a.edges.find((x) => x.to === 'pay')!.retryFactor.value).toBeCloseTo(1 + B, 9);
  });
});
