import { describe, expect, it } from 'vitest';
import {
  atLeast,
  cramerLundbergRate,
  downtime,
  erlangB,
  erlangC,
  fanoutTail,
  formatDowntime,
  mmc,
  mmcQuantile,
  parallel,
  queue,
  redundant,
  series,
  serversForServiceLevel,
  serviceLevel,
} from '../../../src/core/analysis/queueing.js';
import {
  gammaPQ,
  gammaQuantile,
  lgamma,
  maxOf,
  mixture,
  normalQuantile,
  quantile,
  type Dist,
} from '../../../src/core/analysis/stats.js';

/** Erlang B by the plain recursion from k = 0 (the reference for the shortcut). */
function erlangBFull(c: number, A: number): number {
  let B = 1;
  for (let k = 1; k <= c; k++) B = (A * B) / (k + A * B);
  return B;
}

describe('Erlang B and C', () => {
  it('PDQ bank: C(4, 3.5) = 0.73786', () => {
    expect(erlangC(4, 3.5)).toBeCloseTo(0.73786, 5);
  });

  it('matches the closed form for one and two servers', () => {
    // M/M/1: C = ρ; M/M/2: C = 2ρ² / (1 + ρ)
    for (const rho of [0.1, 0.5, 0.9, 0.99]) {
      expect(erlangC(1, rho)).toBeCloseTo(rho, 12);
      expect(erlangC(2, 2 * rho)).toBeCloseTo((2 * rho * rho) / (1 + rho), 12);
    }
  });

  it('is stable for hundreds to thousands of servers (no factorial overflow)', () => {
    for (const [c, A] of [
      [200, 180],
      [1000, 950],
      [5000, 4900],
      [20000, 19800],
      [3000, 500],
    ] as const) {
      const C = erlangC(c, A);
      expect(Number.isFinite(C)).toBe(true);
      expect(C).toBeGreaterThanOrEqual(0);
      expect(C).toBeLessThanOrEqual(1);
      expect(erlangB(c, A)).toBeCloseTo(erlangBFull(c, A), 12);
    }
    // a known large case: 1000 servers at 95 % has a small but clearly nonzero waiting probability
    expect(erlangC(1000, 950)).toBeGreaterThan(0.01);
    expect(erlangC(1000, 950)).toBeLessThan(0.2);
  });

  it('uses the Halfin–Whitt limit for millions of Erlangs, continuous with the recursion', () => {
    const A = 1e6;
    const c = A + 2 * Math.sqrt(A); // β = 2
    const exact = erlangC(c, A); // recursion (A at the threshold)
    const hw = erlangC(c, A * (1 + 1e-9)); // just above: Halfin–Whitt
    expect(Math.abs(exact - hw)).toBeLessThan(0.005);
    expect(erlangC(1e12 + 1e7, 1e12)).toBeGreaterThanOrEqual(0);
    expect(erlangC(1e18, 1e17)).toBe(0);
  });

  it('edges: no load, no servers, saturated', () => {
    expect(erlangC(4, 0)).toBe(0);
    expect(erlangC(0, 1)).toBe(1);
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 5)).toBe(1);
  });
});

describe('M/M/c figures', () => {
  it("reproduces PDQ's bank (M/M/4, λ = 0.35/min, S = 10 min)", () => {
    const q = mmc(0.35, 10, 4);
    expect(q.utilization).toBeCloseTo(0.875, 10);
    expect(q.waitProbability).toBeCloseTo(0.73786, 5);
    expect(q.meanInSystem).toBeCloseTo(8.665, 4);
    expect(q.meanResponse).toBeCloseTo(24.7572, 4);
    expect(q.meanWait).toBeCloseTo(14.7572, 4);
    expect(q.meanQueueLength).toBeCloseTo(5.165, 4);
    expect(q.maxThroughput).toBeCloseTo(0.4, 10);
  });

  it('M/M/1 tail: p95 = ln(20) / (μ - λ)', () => {
    const mu = 100 + Math.log(20) / 0.15; // per second
    expect(mu).toBeCloseTo(119.97, 2);
    const p95 = mmcQuantile(100, 1 / mu, 1, 0.95);
    expect(p95).toBeCloseTo(0.15, 10);
    const q = mmc(100, 1 / mu, 1);
    expect(q.meanResponse * 1000).toBeCloseTo(50.1, 1);
    expect(q.utilization).toBeCloseTo(0.834, 3);
    expect(p95 / q.meanResponse).toBeCloseTo(Math.log(20), 10);
  });

  it('M/M/c quantile solves the exact tail (checked against numeric integration of the density)', () => {
    // P(T > t) by simulation-free check: the tail at the p95 is 5 %
    const lambda = 3.5;
    const S = 1;
    const c = 4;
    const p95 = mmcQuantile(lambda, S, c, 0.95);
    const C = erlangC(c, lambda * S);
    const mu = 1 / S;
    const theta = c * mu - lambda;
    const tail =
      (1 - C) * Math.exp(-mu * p95) + (C * (theta * Math.exp(-mu * p95) - mu * Math.exp(-theta * p95))) / (theta - mu);
    expect(tail).toBeCloseTo(0.05, 10);
    // θ = μ exactly (c - A = 1): the limit formula
    const p = mmcQuantile(1, 1, 2, 0.95);
    const C2 = erlangC(2, 1);
    const t2 = (1 - C2) * Math.exp(-p) + C2 * (1 + p) * Math.exp(-p);
    expect(t2).toBeCloseTo(0.05, 10);
  });

  it('saturated queue: infinite response, flagged', () => {
    const q = mmc(200, 1 / 119.97, 1);
    expect(q.saturated).toBe(true);
    expect(q.utilization).toBeCloseTo(1.667, 3);
    expect(q.meanResponse).toBe(Infinity);
  });
});

describe('Erlang C staffing (pyworkforce)', () => {
  // 100 transactions per 30 min, AHT 3 min: A = 10 Erlangs; answer target 0.33 min
  const A = (100 / 30) * 3;
  it('14 servers: waiting 0.174, occupancy 0.714, service level 0.888', () => {
    expect(erlangC(14, A)).toBeCloseTo(0.174, 3);
    expect(A / 14).toBeCloseTo(0.714, 3);
    expect(serviceLevel(14, A, 0.33, 3)).toBeCloseTo(0.888, 3);
  });
  it('15 servers: waiting 0.102, occupancy 0.667, service level 0.941', () => {
    expect(erlangC(15, A)).toBeCloseTo(0.102, 3);
    expect(A / 15).toBeCloseTo(0.667, 3);
    expect(serviceLevel(15, A, 0.33, 3)).toBeCloseTo(0.941, 3);
  });
  it('staffing for an 0.9 service level gives 15', () => {
    expect(serversForServiceLevel(A, 0.33, 3, 0.9)).toBe(15);
    expect(serversForServiceLevel(A, 0.33, 3, 0.88)).toBe(14);
  });
});

describe('availability and fan-out', () => {
  it('primer: downtime of 99.9 % and 99.99 %', () => {
    const d3 = downtime(0.999);
    expect(formatDowntime(d3.perYearS)).toBe('8h 45m 57s');
    expect(formatDowntime(d3.perMonthS)).toBe('43m 49.7s');
    expect(formatDowntime(d3.perDayS)).toBe('1m 26.4s');
    const d4 = downtime(0.9999);
    expect(formatDowntime(d4.perYearS)).toBe('52m 35.7s');
    expect(formatDowntime(d4.perMonthS)).toBe('4m 23s');
    expect(formatDowntime(d4.perDayS)).toBe('8.6s');
    expect(formatDowntime(59.96)).toBe('1m');
    expect(formatDowntime(3599.96)).toBe('1h');
    expect(formatDowntime(3599.7)).toBe('59m 59.7s');
    expect(formatDowntime(0)).toBe('0s');
    expect(formatDowntime(2 * 86400 + 5)).toBe('2d 5s');
  });
  it('series 99.8 %, parallel 99.9999 %', () => {
    expect(series([0.999, 0.999])).toBeCloseTo(0.998, 5);
    expect(parallel([0.999, 0.999])).toBeCloseTo(0.999999, 9);
    expect(redundant(0.999, 2)).toBeCloseTo(0.999999, 9);
    expect(redundant(0.999, 0)).toBe(0);
  });
  it('k-of-n', () => {
    expect(atLeast(2, 3, 0.9)).toBeCloseTo(0.972, 10);
    expect(atLeast(1, 1, 0.99)).toBeCloseTo(0.99, 12);
    expect(atLeast(3000, 5000, 0.7)).toBeGreaterThan(0.99);
  });
  it('Tail at Scale: 100 servers slow 1 % of the time → 63 %', () => {
    expect(fanoutTail(100, 0.01)).toBeCloseTo(1 - 0.99 ** 100, 12);
    expect(Math.round(fanoutTail(100, 0.01) * 100)).toBe(63);
  });
});

describe('distribution helpers', () => {
  it('lgamma and the incomplete gamma', () => {
    expect(lgamma(1)).toBeCloseTo(0, 12);
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(gammaPQ(1, 2).p).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(gammaPQ(3, 10).q).toBeCloseTo(Math.exp(-10) * (1 + 10 + 50), 12);
  });
  it('gamma quantile inverts P, including far tails and small shapes', () => {
    for (const a of [0.05, 0.3, 1, 2.5, 10, 150, 900]) {
      for (const p of [0.01, 0.5, 0.95, 0.99]) {
        const x = gammaQuantile(a, p);
        expect(gammaPQ(a, x).p).toBeCloseTo(p, 8);
      }
      const x = gammaQuantile(a, 1 - 1e-12, 1e-12);
      expect(gammaPQ(a, x).q / 1e-12).toBeCloseTo(1, 5);
    }
    expect(gammaQuantile(1, 0.95)).toBeCloseTo(Math.log(20), 10);
    // Wilson–Hilferty regime
    expect(gammaQuantile(5000, 0.95)).toBeCloseTo(5000 + 1.6449 * Math.sqrt(5000), -0.5);
  });
  it('normal quantile', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
  });
  it('an exponential path keeps the exact p95; a fixed shift adds', () => {
    const exp: Dist = { mean: 50, variance: 2500, floor: 0, unbounded: false };
    expect(quantile(exp, 0.95)).toBeCloseTo(50 * Math.log(20), 8);
    const shifted: Dist = { mean: 130, variance: 2500, floor: 80, unbounded: false };
    expect(quantile(shifted, 0.95)).toBeCloseTo(80 + 50 * Math.log(20), 8);
  });
  it('mixtures: moments and unbounded branches', () => {
    const a: Dist = { mean: 10, variance: 0, floor: 10, unbounded: false };
    const b: Dist = { mean: 20, variance: 0, floor: 20, unbounded: false };
    const m = mixture([
      { p: 0.5, d: a },
      { p: 0.5, d: b },
    ]);
    expect(m.mean).toBe(15);
    expect(m.variance).toBe(25);
    expect(m.floor).toBe(10);
    const never = mixture([
      { p: 1, d: a },
      { p: 0, d: { mean: Infinity, variance: Infinity, floor: 0, unbounded: true } },
    ]);
    expect(never.unbounded).toBe(false);
  });
  it('max of n exponentials: mean is the harmonic number times the mean', () => {
    const exp: Dist = { mean: 1, variance: 1, floor: 0, unbounded: false };
    const m = maxOf(exp, 10);
    const H10 = Array.from({ length: 10 }, (_, i) => 1 / (i + 1)).reduce((x, y) => x + y);
    expect(Math.abs(m.mean - H10) / H10).toBeLessThan(0.02);
  });
});

describe('queue shapes beyond M/M/c', () => {
  it('Cramér–Lundberg rate: μ − λ for exponential service; for M/D/1 the root of λ(e^(γS) − 1) = γ', () => {
    expect(cramerLundbergRate(0.07, 10, 1)).toBeCloseTo(0.03, 12);
    const g = cramerLundbergRate(0.07, 10, 0);
    expect(0.07 * Math.expm1(g * 10)).toBeCloseTo(g, 12);
    expect(g).toBeCloseTo(0.06755, 4);
    // with E2 arrivals and exponential service the GI/M/1 wait decays at μ(1 − σ)
    const sigma = queue(0.07, 10, 1, { arrivalPhases: 2 }).sigma!;
    expect(cramerLundbergRate(0.07, 10, 1, 2)).toBeCloseTo((1 - sigma) / 10, 12);
  });

  it('M/D/1: P-K mean; the wait of those who wait is δ + Exp(γ) with the P-K mean', () => {
    const q = queue(0.07, 10, 1, { serviceCv: 0 });
    expect(q.method).toBe('pollaczek-khinchine');
    expect(q.meanWait).toBeCloseTo((0.5 * 0.7 * 10) / 0.3, 12);
    expect(q.waitProbability).toBeCloseTo(0.7, 12);
    expect(q.waitShift + 1 / q.waitRate).toBeCloseTo(q.meanWait / 0.7, 12);
    expect(q.waitShift).toBeGreaterThan(0);
    expect(q.exponentialService).toBe(false);
  });

  it('E2/M/1 (round-robin over 2): σ = 1 − (1 − 2a + √(1 + 4a))/2, a = 2ρ; wait rate μ(1 − σ)', () => {
    const q = queue(0.07, 10, 1, { arrivalPhases: 2 });
    const a = 1.4;
    const x = (1 - 2 * a + Math.sqrt(1 + 4 * a)) / 2;
    expect(q.method).toBe('gi-m-c');
    expect(q.sigma).toBeCloseTo(1 - x, 12);
    expect(q.waitProbability).toBeCloseTo(1 - x, 12);
    expect(q.waitRate).toBeCloseTo(x / 10, 12);
    expect(q.meanResponse).toBeCloseTo(10 / x, 9);
  });
});
