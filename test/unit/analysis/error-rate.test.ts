/**
 * Error rate of a client's requests = (1 − availability) + P(T > end-to-end timeout) (+ bulkhead
 * refusals), hand-computed on one M/M/1 queue: P(T > τ) = e^{−(μ − λ)τ}.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Model } from '../../../src/core/model.js';
import { comp, edge, model } from './helpers.js';

/** c (λ = 50 rps) → s, one M/M/1 server (capacity 100 rps: μ = 100/s), availability 99.9 %. */
const single = (client: { timeoutMs?: number }, slo?: { timeoutMs?: number; errorRate?: number }): Model => {
  const m = model(
    [
      comp('c', 'client', { rateRps: 50, ...client }),
      comp('s', 'service', { capacityRps: 100, instances: 1, availability: 0.999 }),
    ],
    [edge('c', 's')],
  );
  if (slo) m.systems[0]!.slo = { ...slo, location: m.systems[0]!.location };
  return m;
};

describe('request error rate', () => {
  it('M/M/1: timeout share = e^{−(μ−λ)τ}; error rate = unavailability + timeout share', () => {
    const a = analyze(single({ timeoutMs: 40 }));
    const r = a.requests.find((q) => q.client === 'c')!;
    const share = Math.exp(-(0.1 - 0.05) * 40); // (μ − λ) = 50/s = 0.05/ms, τ = 40 ms: e^−2
    expect(r.timeoutShare.value).toBeCloseTo(share, 6);
    expect(r.errorRate.value).toBeCloseTo(0.001 + share, 6);
    expect(r.errorRate.text).toMatch(/unavailable \+ .* over the 40 ms timeout/);
  });

  it("the SLO's timeout applies when the client has none; the client's wins over it", () => {
    const slo = analyze(single({}, { timeoutMs: 60 })).requests[0]!;
    expect(slo.timeoutShare.value).toBeCloseTo(Math.exp(-0.05 * 60), 6);
    const own = analyze(single({ timeoutMs: 20 }, { timeoutMs: 60 })).requests[0]!;
    expect(own.timeoutShare.value).toBeCloseTo(Math.exp(-0.05 * 20), 6);
  });

  it('no timeout: no timeout share, the error rate is the unavailability', () => {
    const r = analyze(single({})).requests[0]!;
    expect(r.timeoutShare.value).toBeNull();
    expect(r.errorRate.value).toBeCloseTo(0.001, 9);
  });

  it('system error rate: rate-weighted over its request classes, judged against slo error-rate', () => {
    // e^−2 + 0.1 % = 13.63 %: misses 0.5 %; τ = 200 ms: e^−10 + 0.1 % = 0.1045 %: meets it
    const miss = analyze(single({ timeoutMs: 40 }, { errorRate: 0.005 }));
    expect(miss.systems[0]!.errorRate.value).toBeCloseTo(0.001 + Math.exp(-2), 6);
    expect(miss.systems[0]!.meetsErrorRateSlo).toBe(false);
    const meet = analyze(single({ timeoutMs: 200 }, { errorRate: 0.005 }));
    expect(meet.systems[0]!.errorRate.value).toBeCloseTo(0.001 + Math.exp(-10), 9);
    expect(meet.systems[0]!.meetsErrorRateSlo).toBe(true);
    expect(analyze(single({ timeoutMs: 40 })).systems[0]!.meetsErrorRateSlo).toBeNull();
    // two clients: 50 rps with e^−2 + 0.1 %, 150 rps with 0.1 % only (no timeout)
    const two = single({ timeoutMs: 40 });
    two.components.push(comp('d', 'client', { rateRps: 150 }), comp('t', 'service', { capacityRps: 1000 }));
    two.components.find((c) => c.id === 't')!.availability = 0.999;
    two.edges.push(edge('d', 't'));
    two.systems[0]!.components.push('d', 't');
    const w = analyze(two).systems[0]!.errorRate.value!;
    expect(w).toBeCloseTo((50 * (0.001 + Math.exp(-2)) + 150 * 0.001) / 200, 6);
  });
});
