/**
 * Timeouts, retries, optional calls and open breakers in the call tree (issue 16), each against a
 * hand-computed case. The callees are M/M/1 queues (T ~ Exp(μ − λ), λ read from the analysis's
 * load, which includes every attempt) or constants.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../../src/core/analysis/index.js';
import { callTree } from '../../../src/core/analysis/call-tree.js';
import { internalsOf } from '../../../src/core/analysis/result-context.js';
import { partialMoments } from '../../../src/core/analysis/calltime.js';
import { exceedance, type Dist } from '../../../src/core/analysis/stats.js';
import { comp, edge, model, type EdgeProps } from './helpers.js';

/** The rate μ − λ (per ms) of an M/M/1 callee's response, from the analysis's load on it. */
function rateOf(a: Analysis, id: string, capacityRps: number): number {
  const ctx = internalsOf(a)!;
  const i = ctx.g.index.get(id)!;
  const lambda = ctx.load.arr[i * 4]! + ctx.load.arr[i * 4 + 1]!;
  return (capacityRps - lambda) / 1000;
}

function edgeIndex(a: Analysis, from: string, to: string): number {
  const g = internalsOf(a)!.g;
  return g.edges.findIndex((e) => e.from === from && e.to === to);
}

/** c (100 rps) → s, an M/M/1 queue (capacity 150 rps: mean 20 ms), over an edge with these properties. */
function single(props: EdgeProps, capacityRps = 150): Analysis {
  return analyze(
    model([comp('c', 'client', { rateRps: 100 }), comp('s', 'service', { capacityRps })], [edge('c', 's', props)]),
  );
}

describe('a timeout on a call', () => {
  it('M/M/1 callee: s = e^{−(μ−λ)τ}; availability 1 − s; time min(T, τ), mean (1 − e^{−aτ})/a', () => {
    const a = single({ timeoutMs: 30 });
    const r = rateOf(a, 's', 150);
    expect(r).toBeCloseTo(0.05, 12);
    const s = Math.exp(-r * 30);
    expect(internalsOf(a)!.g.timeoutShare[edgeIndex(a, 'c', 's')]).toBeCloseTo(s, 12);
    const req = a.requests[0]!;
    expect(req.availability.value).toBeCloseTo(1 - s, 12);
    expect(req.latency.mean.value).toBeCloseTo((1 - s) / r, 9);
    expect(a.paths[0]!.latency.mean.value).toBeCloseTo((1 - s) / r, 9);
    expect(req.latency.mean.text).toMatch(/c → s: timeout 30 ms cuts 22\.3 % of attempts/);
    // without the timeout: Exp(a) whole, and nothing fails
    const b = single({});
    expect(b.requests[0]!.latency.mean.value).toBeCloseTo(20, 9);
    expect(b.requests[0]!.availability.value).toBe(1);
    expect(internalsOf(b)!.g.timeoutShare[0]).toBe(0);
  });

  it('with 2 retries: q = s, availability 1 − q³; time Σ_j s^j(1 − s)(jτ + E[T | T ≤ τ]) + s³·3τ', () => {
    // a fast callee (capacity 1000 rps): the retried attempts add load, read back from the analysis
    const tau = 1.5;
    const a = single({ timeoutMs: tau, retries: 2 }, 1000);
    const r = rateOf(a, 's', 1000);
    const s = Math.exp(-r * tau);
    expect(internalsOf(a)!.g.timeoutShare[0]).toBeCloseTo(s, 12);
    const req = a.requests[0]!;
    expect(req.availability.value).toBeCloseTo(1 - s ** 3, 12);
    // E[T | T ≤ τ] for Exp(r): 1/r − τ s / (1 − s)
    const cond = 1 / r - (tau * s) / (1 - s);
    let mean = s ** 3 * 3 * tau;
    for (let j = 0; j <= 2; j++) mean += s ** j * (1 - s) * (j * tau + cond);
    expect(req.latency.mean.value).toBeCloseTo(mean, 9);
  });

  it('a callee of availability A: q = 1 − A(1 − s), availability with r retries 1 − q^(r+1); fast failures cost 0 ms', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('s', 'service', { capacityRps: 1000, availability: 0.9 })],
        [edge('c', 's', { timeoutMs: 1.5, retries: 1 })],
      ),
    );
    const r = rateOf(a, 's', 1000);
    const tau = 1.5;
    const s = Math.exp(-r * tau);
    const q = 1 - 0.9 * (1 - s);
    expect(a.requests[0]!.availability.value).toBeCloseTo(1 - q * q, 12);
    // time: each attempt fails fast (f = 0.1, 0 ms), times out (o = 0.9 s, τ) or succeeds (p, T | T ≤ τ)
    const f = 0.1;
    const o = 0.9 * s;
    const ok = 0.9 * (1 - s);
    const cond = 1 / r - (tau * s) / (1 - s);
    const mean = (ok + f * ok + o * ok) * cond + o * ok * tau + 2 * f * o * tau + o * o * 2 * tau;
    expect(a.requests[0]!.latency.mean.value).toBeCloseTo(mean, 9);
  });
});

describe('optional calls', () => {
  const three = (props: EdgeProps, adsLatency: number, adsAvailability = 1) =>
    analyze(
      model(
        [
          comp('c', 'client', { rateRps: 10 }),
          comp('app', 'service', { latencyMs: 10 }),
          comp('ads', 'service', { latencyMs: adsLatency, availability: adsAvailability }),
        ],
        [edge('c', 'app'), edge('app', 'ads', props)],
      ),
    );

  it("the callee's failure does not fail the caller", () => {
    expect(three({}, 20, 0.9).requests[0]!.availability.value).toBeCloseTo(0.9, 12);
    expect(three({ optional: true }, 20, 0.9).requests[0]!.availability.value).toBe(1);
  });

  it('its time is capped at its timeout: a 200 ms call with timeout 50 ms takes 50 ms and does not fail the caller', () => {
    const hard = three({ timeoutMs: 50 }, 200);
    expect(hard.requests[0]!.availability.value).toBe(0); // every attempt times out
    expect(hard.requests[0]!.latency.mean.value).toBeCloseTo(60, 9);
    const soft = three({ timeoutMs: 50, optional: true }, 200);
    expect(soft.requests[0]!.availability.value).toBe(1);
    expect(soft.requests[0]!.latency.mean.value).toBeCloseTo(60, 9);
    expect(soft.requests[0]!.latency.p95.value).toBeCloseTo(60, 6);
    expect(soft.requests[0]!.latency.mean.text).toMatch(
      /app → ads: timeout 50 ms cuts 100 % of attempts.*; optional: its failure or timeout does not fail app/,
    );
    // a 20 ms call under a 50 ms timeout is not cut
    expect(three({ timeoutMs: 50, optional: true }, 20).requests[0]!.latency.mean.value).toBeCloseTo(30, 9);
  });
});

describe('an open circuit breaker', () => {
  /** The call tree again with the breaker of app → dep open (as the timeout fixed point sets it). */
  function open(props: EdgeProps): { latency: number; availability: number } {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 10 }),
          comp('app', 'service', { latencyMs: 10 }),
          comp('dep', 'service', { latencyMs: 30 }),
        ],
        [edge('c', 'app'), edge('app', 'dep', props)],
      ),
    );
    const ctx = internalsOf(a)!;
    const before = ctx.tree.latency[0][ctx.g.index.get('c')!]!.mean;
    expect(before).toBeCloseTo(40, 9);
    ctx.g.breakerOpen[edgeIndex(a, 'app', 'dep')] = 1;
    const own: [Dist[], Dist[]] = [ctx.svc.map((x) => x.own[0]), ctx.svc.map((x) => x.own[1])];
    const ownA: [Float64Array, Float64Array] = [
      Float64Array.from(ctx.svc, (x) => x.availability[0]),
      Float64Array.from(ctx.svc, (x) => x.availability[1]),
    ];
    const tree = callTree(ctx.g, own, ownA, [new Map(), new Map()]);
    const c = ctx.g.index.get('c')!;
    return { latency: tree.latency[0][c]!.mean, availability: tree.availability[0][c]! };
  }

  it('fails fast (0 ms): without a fallback the call fails', () => {
    expect(open({ breaker: { threshold: 0.5 } })).toEqual({ latency: 10, availability: 0 });
  });

  it('with a fallback (or optional) the call succeeds, degraded, in no time', () => {
    expect(open({ breaker: { threshold: 0.5 }, fallback: true })).toEqual({ latency: 10, availability: 1 });
    expect(open({ breaker: { threshold: 0.5 }, optional: true })).toEqual({ latency: 10, availability: 1 });
  });
});

describe('the response conditioned on T ≤ τ (partial moments)', () => {
  /** E[min(T, τ)] and E[min(T, τ)²] from the tail by a fine Simpson's rule: E[T; T ≤ τ] = E[min] − τ·S(τ). */
  function numeric(d: Dist, tau: number): { m0: number; m1: number; m2: number } {
    const n = 20_000;
    const h = tau / n;
    let i1 = 0;
    let i2 = 0;
    for (let j = 0; j <= n; j++) {
      const t = j * h;
      const w = j === 0 || j === n ? 1 : j % 2 ? 4 : 2;
      const s = exceedance(d, t);
      i1 += w * s;
      i2 += w * t * s;
    }
    const s = exceedance(d, tau);
    return { m0: 1 - s, m1: (i1 * h) / 3 - tau * s, m2: (2 * i2 * h) / 3 - tau * tau * s };
  }
  const cases: [string, Dist][] = [
    ['a shifted gamma (k = 2.5)', { mean: 30, variance: 160, floor: 10, unbounded: false }],
    [
      'an M/M/2 response + 3 ms',
      {
        mean: 25, // 3 + S + C/θ, θ = 2/10 − 0.15 per ms
        variance: 300,
        floor: 3,
        unbounded: false,
        exact: { lambda: 0.15, serviceMs: 10, servers: 2, waitProbability: 0.6, fixedMs: 3 },
      },
    ],
  ];
  for (const [name, d] of cases)
    it(`${name}: exact partial moments agree with integrating its tail`, () => {
      for (const tau of [12, 25, 60]) {
        const p = partialMoments(d, tau);
        const x = numeric(d, tau);
        expect(p.m0).toBeCloseTo(x.m0, 9);
        expect(p.m1).toBeCloseTo(x.m1, 6);
        expect(p.m2).toBeCloseTo(x.m2, 4);
      }
    });
});
