/**
 * Percentiles of mixed traffic: a response time is a mixture over its branches (a cache hit or
 * miss, a balancer's targets, a call made or not), P(T > t) = Σ wᵢ P(Tᵢ > t), solved for the
 * quantile; never one shifted gamma fitted to the whole mixture. Every expected value here is
 * computed independently in the test (closed-form tails, bisection).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { constant, maxOf, mixture, quantile, type Dist, type ExactResponse } from '../../../src/core/analysis/stats.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { runRules } from '../../../src/core/rules/runner.js';
import { MAX_BRANCHES } from '../../../src/core/analysis/mixture.js';
import { byId, comp, edge, model } from './helpers.js';

type Tail = (t: number) => number;

/** The smallest t with tail(t) ≤ p, by bisection (tail decreasing). */
function solve(tail: Tail, p: number, hi = 1e7): number {
  let lo = 0;
  for (let i = 0; i < 300; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > p) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** P(X > t) for X = shift + Exp(rate), rate per ms. */
const shiftedExp =
  (shift: number, rate: number): Tail =>
  (t) =>
    t < shift ? 1 : Math.exp(-rate * (t - shift));

/** P(X > t) for the constant X = c. */
const step =
  (c: number): Tail =>
  (t) =>
    t < c ? 1 : 0;

/** P(X > t) for X = shift + an M/M/c response (t, S in ms; λ per ms), by Erlang C, written here. */
function mmcTail(shift: number, lambda: number, S: number, c: number): Tail {
  const A = lambda * S;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (A * b) / (k + A * b);
  const rho = A / c;
  const C = b / (1 - rho * (1 - b));
  const mu = 1 / S;
  const theta = c * mu - lambda;
  return (t) => {
    if (t < shift) return 1;
    const x = t - shift;
    const hypo = (theta * Math.exp(-mu * x) - mu * Math.exp(-theta * x)) / (theta - mu);
    return (1 - C) * Math.exp(-mu * x) + C * hypo;
  };
}

/** P(X > t) for X = floor + Erlang(k, scale): e^-x Σ_{j<k} x^j / j!. */
function erlangTail(floor: number, k: number, scale: number): Tail {
  return (t) => {
    if (t <= floor) return 1;
    const x = (t - floor) / scale;
    let term = 1;
    let sum = 1;
    for (let j = 1; j < k; j++) {
      term *= x / j;
      sum += term;
    }
    return Math.exp(-x) * sum;
  };
}

const mix =
  (parts: [number, Tail][]): Tail =>
  (t) =>
    parts.reduce((s, [w, f]) => s + w * f(t), 0);

const QS = [0.5, 0.95, 0.99];

function expectClose(got: number | null, want: number, rel: number): void {
  expect(got).not.toBeNull();
  expect(Math.abs(got! - want) / want).toBeLessThan(rel);
}

describe('percentiles of a mixture through analyze', () => {
  it('a balancer 50/50 over a near (about 1 ms) and a far (about 161 ms) service: p95 is the far one’s p90, not 241 ms', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 10 }),
          comp('lb', 'loadbalancer'),
          comp('near', 'service', { capacityRps: 1000 }),
          comp('far', 'service', { capacityRps: 1000, latencyMs: 160 }),
        ],
        [edge('c', 'lb'), edge('lb', 'near'), edge('lb', 'far')],
      ),
    );
    // each takes 5 rps on an M/M/1 with μ = 1000/s: Exp(0.995 per ms)
    const truth = mix([
      [0.5, shiftedExp(0, 0.995)],
      [0.5, shiftedExp(160, 0.995)],
    ]);
    const lat = a.requests[0]!.latency;
    // (p50 is not asked: at exactly 50/50 any time between the two is a median)
    expectClose(lat.p95.value, solve(truth, 0.05), 1e-6);
    expectClose(lat.p99.value, solve(truth, 0.01), 1e-6);
    // before: one gamma fitted to mean 81 ms and sd 80 ms gave p95 240.6 ms
    expect(lat.p95.value!).toBeLessThan(163);
    expect(lat.p95.formula).toMatch(/Σ wᵢ P\(Tᵢ > t\)/);
    expect(lat.p95.text).toMatch(/over 2 branches \(.*near 50 %: M\/M\/1 response \(mean 1\.01 ms\)/);
    expect(lat.p95.text).toMatch(/far 50 %: M\/M\/1 response \+ 160 ms \(mean 161 ms\)/);
    expect(lat.p95.text).toMatch(/solved for 5 %$/);
  });

  it('cache-aside, 80 % hits in front of a 40 ms database: p99 is about 44 ms (was 81), so a 50 ms p99 budget holds', () => {
    const m = model(
      [
        comp('c', 'client', { rateRps: 100 }),
        comp('svc', 'service'),
        comp('cache', 'cache', { hitRatio: 0.8, latencyMs: 1 }),
        comp('db', 'database', { latencyMs: 40, capacityRps: 1000 }),
      ],
      [edge('c', 'svc'), edge('svc', 'cache'), edge('cache', 'db')],
    );
    m.systems[0]!.slo = { p99Ms: 50, location: m.components[0]!.location };
    const a = analyze(m);
    // hit: 1 ms; miss: 1 + 40 + M/M/1 at 20 rps with μ = 1000/s
    const truth = mix([
      [0.8, step(1)],
      [0.2, shiftedExp(41, 0.98)],
    ]);
    const lat = a.requests[0]!.latency;
    expectClose(lat.p99.value, 41 + Math.log(20) / 0.98, 1e-6);
    expectClose(lat.p95.value, solve(truth, 0.05), 1e-6);
    expect(lat.p50.value).toBeCloseTo(1, 9);
    expect(lat.p99.text).toMatch(/over 2 branches \(hit 80 %: 1 ms, miss 20 %: M\/M\/1 response \+ 41 ms/);
    expect(lat.p99.text).toMatch(/solved for 1 %$/);
    // the end-to-end figure of the service and the cache read the same mixture
    const findings = runRules(
      RULES.filter((r) => r.id === 'latency-budget'),
      m,
      a,
    );
    expect(findings).toEqual([]);
  });

  it('a least-connections balancer over a near and a far pool (70/30, M/M/c each): every percentile from the exact tails', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 600 }),
          comp('lb', 'loadbalancer', { algorithm: 'least-connections' }),
          comp('near', 'service', { capacityRps: 100, instances: 6, latencyMs: 2 }),
          comp('far', 'service', { capacityRps: 100, instances: 4, latencyMs: 80 }),
        ],
        [edge('c', 'lb'), edge('lb', 'near', { share: 0.7 }), edge('lb', 'far', { share: 0.3 })],
      ),
    );
    // near: 420 rps on M/M/6 with S = 10 ms; far: 180 rps on M/M/4
    const truth = mix([
      [0.7, mmcTail(2, 0.42, 10, 6)],
      [0.3, mmcTail(80, 0.18, 10, 4)],
    ]);
    const lat = a.requests[0]!.latency;
    expectClose(lat.p50.value, solve(truth, 0.5), 1e-6);
    expectClose(lat.p95.value, solve(truth, 0.05), 1e-6);
    expectClose(lat.p99.value, solve(truth, 0.01), 1e-6);
  });

  it('a call made with share 0.5 is a mixture with 0', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 50 }),
          comp('svc', 'service', { capacityRps: 100 }),
          comp('ext', 'external', { latencyMs: 100 }),
        ],
        [edge('c', 'svc'), edge('svc', 'ext', { share: 0.5 })],
      ),
    );
    // svc: M/M/1 at 50 of 100 rps, Exp(0.05 per ms); half the requests also wait 100 ms
    const truth = mix([
      [0.5, shiftedExp(0, 0.05)],
      [0.5, shiftedExp(100, 0.05)],
    ]);
    const lat = a.requests[0]!.latency;
    expectClose(lat.p50.value, 100 + 20 * Math.log(1 + Math.exp(-5)), 1e-6);
    // before: p95 175.3 ms from one gamma
    expectClose(lat.p95.value, solve(truth, 0.05), 1e-6);
    expectClose(lat.p99.value, solve(truth, 0.01), 1e-6);
    expect(lat.p95.text).toMatch(
      /\(no ext 50 %: M\/M\/1 response \(mean 20 ms\), ext 50 %: M\/M\/1 response \+ 100 ms/,
    );
  });

  it("a store's own latency mixes its reads (at a replica) and its writes (at the primary) by their shares", () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 500, readFraction: 0.8 }),
          comp('db', 'database', { capacityRps: 1000, replicas: 1, readFrom: 'replicas' }),
        ],
        [edge('c', 'db')],
      ),
    );
    // replica: 400 reads + 100 applied writes = 500 rps, Exp(0.5 per ms); primary: 100 rps, Exp(0.9 per ms)
    const truth = mix([
      [0.8, shiftedExp(0, 0.5)],
      [0.2, shiftedExp(0, 0.9)],
    ]);
    const lat = byId(a, 'db').latency;
    for (const [key, q] of [
      ['p50', 0.5],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const)
      expectClose(lat[key].value, solve(truth, 1 - q), 1e-6);
    expect(lat.p95.formula).toMatch(/Σ wᵢ P\(Tᵢ > t\)/);
  });

  it('two M/M/1 in tandem (no mixture) keep the shifted-gamma fit: p95 within 0.2 % of the exact 1.2884 s', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 5 }),
          comp('s1', 'service', { capacityRps: 10 }),
          comp('s2', 'service', { capacityRps: 8 }),
        ],
        [edge('c', 's1'), edge('s1', 's2')],
      ),
    );
    // oracles.md: hypoexponential tail (5e^(−3t) − 3e^(−5t)) / 2, p95 1.2884 s
    const exact = solve((t) => (5 * Math.exp(-0.003 * t) - 3 * Math.exp(-0.005 * t)) / 2, 0.05);
    expect(exact).toBeCloseTo(1288.4, 0);
    const p95 = a.requests[0]!.latency.p95.value!;
    expect(Math.abs(p95 - exact) / exact).toBeLessThan(0.002);
  });
});

/** A seeded uniform generator (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random branch: a constant, a shifted M/M/c response, or a shifted Erlang; with its own tail. */
function randomBranch(r: () => number): { d: Dist; tail: Tail } {
  const kind = Math.floor(r() * 3);
  const shift = Math.floor(r() * 200);
  if (kind === 0) return { d: constant(shift + 1), tail: step(shift + 1) };
  if (kind === 1) {
    const c = 1 + Math.floor(r() * 4);
    const S = 1 + r() * 20;
    const lambda = ((0.2 + 0.7 * r()) * c) / S;
    const A = lambda * S;
    let b = 1;
    for (let k = 1; k <= c; k++) b = (A * b) / (k + A * b);
    const C = b / (1 - (A / c) * (1 - b));
    const theta = c / S - lambda;
    const exact: ExactResponse = { lambda, serviceMs: S, servers: c, waitProbability: C, fixedMs: shift };
    const mean = shift + S + C / theta;
    const variance = S * S + (C * (2 - C)) / (theta * theta);
    return { d: { mean, variance, floor: shift, unbounded: false, exact }, tail: mmcTail(shift, lambda, S, c) };
  }
  const k = 1 + Math.floor(r() * 5);
  const scale = 1 + r() * 30;
  return {
    d: { mean: shift + k * scale, variance: k * scale * scale, floor: shift, unbounded: false },
    tail: erlangTail(shift, k, scale),
  };
}

function randomMixture(r: () => number, n: number): { d: Dist; tail: Tail; parts: { p: number; d: Dist }[] } {
  const bs = Array.from({ length: n }, () => randomBranch(r));
  const ws = bs.map(() => 0.05 + r());
  const total = ws.reduce((x, y) => x + y, 0);
  const parts = bs.map((b, i) => ({ p: ws[i]! / total, d: b.d }));
  return { d: mixture(parts), tail: mix(bs.map((b, i) => [ws[i]! / total, b.tail])), parts };
}

describe('the mixture quantile', () => {
  it('matches a brute-force bisection on the mixture tail for random mixtures of constants, M/M/c and gamma branches', () => {
    const r = rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const { d, tail } = randomMixture(r, 2 + Math.floor(r() * 5));
      for (const q of [0.01, ...QS, 0.999]) {
        const want = solve(tail, 1 - q);
        const got = quantile(d, q);
        expect(Math.abs(got - want)).toBeLessThan(1e-6 * Math.max(1, want));
      }
    }
  });

  it('keeps the mixture mean and variance exact, also when branches are merged past the cap', () => {
    const r = rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const { d, parts } = randomMixture(r, 30);
      const mean = parts.reduce((s, p) => s + p.p * p.d.mean, 0);
      const m2 = parts.reduce((s, p) => s + p.p * (p.d.variance + p.d.mean * p.d.mean), 0);
      expect(d.branches!.length).toBeLessThanOrEqual(MAX_BRANCHES);
      expect(d.mean).toBeCloseTo(mean, 9);
      expect(d.variance / (m2 - mean * mean)).toBeCloseTo(1, 9);
      const bw = d.branches!.reduce((s, b) => s + b.w, 0);
      const bm = d.branches!.reduce((s, b) => s + b.w * b.d.mean, 0);
      expect(bw).toBeCloseTo(1, 12);
      expect(bm).toBeCloseTo(mean, 9);
    }
  });

  it('the fan-out of a mixture (max of n) follows P(M ≤ t) = F(t)ⁿ: exact at p50, p95, p99; other levels within a cell', () => {
    const r = rng(3);
    for (let trial = 0; trial < 60; trial++) {
      const { d, tail } = randomMixture(r, 2 + Math.floor(r() * 3));
      const n = [2, 3, 5, 10][trial % 4]!;
      const m = maxOf(d, n);
      const cdf = (t: number) => Math.pow(1 - tail(t), n);
      for (const q of QS) {
        const want = solve((t) => 1 - cdf(t), 1 - q);
        expect(Math.abs(quantile(m, q) - want)).toBeLessThan(1e-6 * want);
      }
      // between the levels the maximum is sampled at, its quantile is that of a level in the
      // same cell of u (cells [0.8, 0.9) and [0.96, 0.98))
      for (const [q, lo, hi] of [
        [0.87, 0.8, 0.9],
        [0.975, 0.96, 0.98],
      ] as const) {
        const got = quantile(m, q);
        expect(cdf(got * (1 + 1e-9))).toBeGreaterThanOrEqual(lo - 1e-9);
        expect(cdf(got * (1 - 1e-9))).toBeLessThanOrEqual(hi + 1e-9);
      }
      expect(m.mean).toBeGreaterThan(d.mean);
    }
  });

  it('the fan-out of a cache-aside read through analyze: p99 from F(t)ⁿ of the hit/miss mixture', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 10 }),
          comp('svc', 'service', { latencyMs: 1 }),
          comp('cache', 'cache', { hitRatio: 0.9, latencyMs: 1 }),
          comp('db', 'database', { latencyMs: 20, capacityRps: 1000 }),
        ],
        [edge('c', 'svc'), edge('svc', 'cache', { fanout: 5 }), edge('cache', 'db')],
      ),
    );
    // 50 rps reach the cache, 5 rps the database (M/M/1, Exp(0.995 per ms)); svc adds 1 ms
    const one = mix([
      [0.9, step(1)],
      [0.1, shiftedExp(21, 0.995)],
    ]);
    const tail: Tail = (t) => 1 - Math.pow(1 - one(t - 1), 5);
    const lat = a.requests[0]!.latency;
    expectClose(lat.p95.value, solve(tail, 0.05), 0.03);
    expectClose(lat.p99.value, solve(tail, 0.01), 0.03);
    expect(lat.p50.value).toBeCloseTo(2, 6);
    expect(lat.p99.text).toMatch(/slowest of 5 \(q 0\.\d+\) \d+(\.\d+)? %: /);
  });
});
