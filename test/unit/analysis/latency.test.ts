/** Latency and availability along call trees and explicit paths. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/simulation/index.js';
import { analyze } from '../../../src/core/analysis/index.js';
import { analyzeText, byId, comp, edge, model } from './helpers.js';

/** Exact p95 of Exp(mean m1) + Exp(mean m2) (hypoexponential), by bisection. */
function hypoP95(m1: number, m2: number): number {
  const a = 1 / m1;
  const b = 1 / m2;
  const tail = (t: number) => (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
  let lo = 0;
  let hi = 100 * (m1 + m2);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe('request latency along the call tree', () => {
  it('two M/M/1 queues in series: mean adds; p95 from the fitted sum, close to the exact one, not the sum of p95s', () => {
    // λ = 100 rps; μ1 − λ = 50/s (mean 20 ms), μ2 − λ = 25/s (mean 40 ms)
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('s1', 'service', { capacityRps: 150 }),
          comp('s2', 'service', { capacityRps: 125 }),
        ],
        [edge('c', 's1'), edge('s1', 's2')],
      ),
    );
    expect(byId(a, 's1').latency.mean.value).toBeCloseTo(20, 9);
    expect(byId(a, 's2').latency.mean.value).toBeCloseTo(40, 9);
    const r = a.requests[0]!;
    expect(r.latency.mean.value).toBeCloseTo(60, 9);
    const exact = hypoP95(20, 40);
    const sumOfP95 = (20 + 40) * Math.log(20);
    const p95 = r.latency.p95.value!;
    expect(Math.abs(p95 - exact) / exact).toBeLessThan(0.03);
    expect(p95).toBeLessThan(0.9 * sumOfP95);
    const path = a.paths[0]!;
    expect(path.hops).toEqual(['c', 's1', 's2']);
    expect(path.latency.p95.value).toBeCloseTo(p95, 9);
    expect(path.latency.p95.inputs.sumOfHopP95).toBeCloseTo(sumOfP95, 6);
    expect(path.latency.p95.text).toMatch(/summing the hops' own p95s would give/);
  });

  it('a cache mixes hits and misses; a share mixes calls made and not made; a balancer mixes its targets', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 10 }),
          comp('lb', 'loadbalancer'),
          comp('fast', 'service', { latencyMs: 10 }),
          comp('slow', 'service', { latencyMs: 30 }),
          comp('cache', 'cache', { hitRatio: 0.8, latencyMs: 1 }),
          comp('db', 'database', { latencyMs: 10 }),
          comp('ext', 'external', { latencyMs: 100 }),
        ],
        [
          edge('c', 'lb'),
          edge('lb', 'fast'),
          edge('lb', 'slow'),
          edge('fast', 'cache'),
          edge('slow', 'cache'),
          edge('cache', 'db'),
          edge('fast', 'ext', { share: 0.1 }),
        ],
      ),
    );
    // fast: 10 + cache (1 + 0.2 × 10) + 0.1 × 100 = 23; slow: 30 + 3 = 33; lb: (23 + 33) / 2
    expect(byId(a, 'cache').endToEnd.mean.value).toBeCloseTo(3, 9);
    expect(byId(a, 'fast').endToEnd.mean.value).toBeCloseTo(23, 9);
    expect(a.requests[0]!.latency.mean.value).toBeCloseTo(28, 9);
    // the floor is the fastest possible request: lb → fast → cache hit, no ext call
    expect(a.requests[0]!.latency.p50.value!).toBeGreaterThan(11);
  });

  it('edge latency adds; async edges and queue consumers add nothing', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 10 }),
          comp('app', 'service', { latencyMs: 2 }),
          comp('db', 'database', { latencyMs: 3 }),
          comp('q', 'queue', { latencyMs: 1 }),
          comp('w', 'worker', { latencyMs: 500 }),
        ],
        [
          edge('c', 'app', { latencyMs: 5 }),
          edge('app', 'db'),
          edge('app', 'q'),
          edge('q', 'w'),
          edge('app', 'w', { async: true }),
        ],
      ),
    );
    expect(a.requests[0]!.latency.mean.value).toBeCloseTo(5 + 2 + 3 + 1, 9);
  });

  it('fan-out waits for the slowest of n parallel calls, copies that meet at an instance queueing behind each other', () => {
    const m = model(
      [
        comp('c', 'client', { rateRps: 10 }),
        comp('root', 'service', { latencyMs: 1 }),
        comp('leaf', 'service', { capacityRps: 10_000, instances: 10 }),
      ],
      [edge('c', 'root'), edge('root', 'leaf', { fanout: 10 })],
    );
    const a = analyze(m);
    const leafMean = byId(a, 'leaf').latency.mean.value!; // exponential, hardly any load
    const H10 = Array.from({ length: 10 }, (_, i) => 1 / (i + 1)).reduce((x, y) => x + y);
    const fan = a.requests[0]!.latency.mean.value! - 1;
    // ten copies over ten instances picked at random: some meet at one instance and queue behind
    // each other (the leaf's own mean counts that wait), and the slowest is the last of each group

    const sim = simulate(m, { durationS: 2000, seed: 5, replications: 3 });
    const simFan = sim.requests[0]!.latency.mean.value - 1;
    // within 8 % of the simulation (section 8 of docs/analysis.md), and closer to it than ten
    // independent copies would be
    expect(Math.abs(fan / simFan - 1)).toBeLessThan(0.08);
    expect(Math.abs(fan - simFan)).toBeLessThan(Math.abs(leafMean * H10 - simFan));
  });

  it('a saturated component makes the request latency unbounded (null, with the reason)', () => {
    const a = analyze(
      model([comp('c', 'client', { rateRps: 100 }), comp('x', 'service', { capacityRps: 50 })], [edge('c', 'x')]),
    );
    expect(a.requests[0]!.latency.mean.value).toBeNull();
    expect(a.requests[0]!.latency.p95.value).toBeNull();
    expect(a.requests[0]!.latency.p95.text).toMatch(/unbounded/);
    expect(a.system.worstP95.value).toBeNull();
    expect(a.requests[0]!.availability.value).toBe(1);
  });

  it('an M/M/c component p95 solves the exact tail; M/M/1 is exponential', () => {
    // one shared queue of 4 servers: behind a least-connections balancer
    const pool = (rateRps: number) =>
      model(
        [
          comp('c', 'client', { rateRps }),
          comp('lb', 'loadbalancer', { algorithm: 'least-connections' }),
          comp('x', 'service', { instances: 4, serviceTimeMs: 1000 }),
        ],
        [edge('c', 'lb'), edge('lb', 'x')],
      );
    const a = analyze(pool(3.5));
    const x = byId(a, 'x');
    expect(x.latency.p95.formula).toContain('P(T > t)');
    expect(x.latency.p95.value!).toBeGreaterThan(x.latency.mean.value!);
    // more load, longer tail
    const b = analyze(pool(3.8));
    expect(byId(b, 'x').latency.p95.value!).toBeGreaterThan(x.latency.p95.value!);
  });

  it('a database write waits for the primary, and for a replica when replication is (semi-)synchronous', () => {
    const write = (replication: 'async' | 'semi-sync' | 'sync') =>
      analyze(
        model(
          [
            comp('c', 'client', { rateRps: 100, readFraction: 0 }),
            comp('db', 'database', { capacityRps: 1000, replicas: 2, replication }),
          ],
          [edge('c', 'db')],
        ),
      ).requests[0]!.latency.mean.value!;
    // primary: M/M/1 at 100 of 1000 rps → 1/900 s; each replica also replays 100 writes/s
    expect(write('async')).toBeCloseTo(1000 / 900, 9);
    // semi-sync: the first of the 2 replicas to apply it, the minimum of two Exp(0.9 per ms)
    // (an order statistic integrated numerically: to 1e-4)
    expect(write('semi-sync')).toBeCloseTo(1000 / 900 + 1000 / 1800, 4);
    expect(write('sync')).toBeGreaterThan(write('semi-sync')); // the slowest of 2 replicas
  });

  it('the SLO verdict compares the worst p95 over the clients with the SLO p95', async () => {
    const text = (p95: number) => `system s {
  slo { p95 ${p95} ms availability 99 % }
  client c { rate 100 rps }
  service x { capacity 150 rps }
  c -> x
}`;
    const ok = await analyzeText(text(100));
    expect(ok.systems[0]!.worstP95.value).toBeCloseTo(20 * Math.log(20), 6);
    expect(ok.systems[0]!.meetsLatencySlo).toBe(true);
    expect(ok.systems[0]!.meetsAvailabilitySlo).toBe(true);
    const bad = await analyzeText(text(50));
    expect(bad.systems[0]!.meetsLatencySlo).toBe(false);
  });
});

describe('explicit paths', () => {
  const m = () =>
    model(
      [
        comp('web', 'client', { rateRps: 1000, readFraction: 0.9 }),
        comp('app', 'service', { latencyMs: 10, availability: 0.99 }),
        comp('cache', 'cache', { hitRatio: 0.8, latencyMs: 1, ttlMs: 60_000 }),
        comp('db', 'database', { latencyMs: 5, availability: 0.9 }),
        comp('pay', 'external', { latencyMs: 20, availability: 0.8 }),
      ],
      [
        edge('web', 'app'),
        edge('app', 'cache', { traffic: 'reads' }),
        edge('cache', 'db'),
        edge('app', 'db', { traffic: 'writes' }),
        edge('app', 'pay'),
      ],
    );

  it('lists each chain from each client per class, with its share of requests', () => {
    const a = analyze(m());
    const list = a.paths.map((p) => `${p.traffic}: ${p.hops.join('>')} ${p.probability.value!.toFixed(2)}`);
    expect(list).toEqual([
      'reads: web>app>cache>db 0.20',
      'reads: web>app>pay 1.00',
      'writes: web>app>db 1.00',
      'writes: web>app>pay 1.00',
    ]);
  });

  it("a path's latency includes the other calls its hops make, conditioned on the path's choices", () => {
    const a = analyze(m());
    const miss = a.paths[0]!;
    // app 10 + cache miss (1 + db 5) + pay 20
    expect(miss.latency.mean.value).toBeCloseTo(36, 9);
    expect(miss.latency.p95.value).toBeCloseTo(36, 9); // all fixed: no spread
    // the request mixes hits and misses: 10 + (1 + 0.2 × 5) + 20
    expect(a.requests[0]!.latency.mean.value).toBeCloseTo(32, 9);
  });

  it("a path's availability is the product of its hops and their other calls", () => {
    const a = analyze(m());
    expect(a.paths[0]!.availability.value).toBeCloseTo(0.99 * 0.9 * 0.8, 12);
    // the request: 0.99 × (cache: 0.8 hits + 0.2 × 0.9) × 0.8
    expect(a.requests[0]!.availability.value).toBeCloseTo(0.99 * (0.8 + 0.2 * 0.9) * 0.8, 12);
  });

  it('at most maxPaths paths, and says when more exist', () => {
    const a = analyze(m(), { maxPaths: 2 });
    expect(a.paths).toHaveLength(2);
    expect(a.pathsTruncated).toBe(true);
    expect(analyze(m(), { maxPaths: 4 }).pathsTruncated).toBe(false);
    expect(analyze(m(), { maxPaths: 0 }).paths).toHaveLength(0);
  });

  it('a sync cycle does not loop the path enumeration', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1 }),
          comp('a', 'service', { latencyMs: 1 }),
          comp('b', 'service', { latencyMs: 2 }),
        ],
        [edge('c', 'a'), edge('a', 'b'), edge('b', 'a')],
      ),
    );
    expect(a.paths.map((p) => p.hops.join('>'))).toEqual(['c>a>b']);
    expect(a.paths[0]!.latency.mean.value).toBeCloseTo(3, 9);
  });
});
