/**
 * The simulation against textbook queues (oracles.md, "For the simulation"): M/M/1 mean and tail,
 * M/M/c (PDQ's bank), M/D/1 (Pollaczek–Khinchine), a tandem of two M/M/1 (Jackson), fork-join over
 * two M/M/1 (Nelson and Tantawi), round-robin over two instances (E2/M/1, exact GI/M/1) and
 * least-connections over two (close to M/M/2). Time is scaled to milliseconds so that short runs
 * hold many requests.
 */
import { describe, expect, it } from 'vitest';
import type { Component } from '../../../src/core/model.js';
import { simulate } from '../../../src/core/simulation/index.js';
import { comp, covers, edge, model, near, simComp } from './helpers.js';

const OPTS = { durationS: 20, replications: 5, seed: 7 };

describe('single queues', () => {
  it('M/M/1: mean 1/(μ−λ) and p95 ln 20/(μ−λ)', () => {
    // μ = 1/ms, λ = 0.8/ms: mean 5 ms, p95 14.98 ms, p50 3.47 ms
    const r = simulate(
      model([comp('c', 'client', { rateRps: 800 }), comp('q', 'service', { serviceTimeMs: 1 })], [edge('c', 'q')]),
      OPTS,
    );
    const q = simComp(r, 'q');
    covers(q.latency.reads!.mean, 5);
    covers(q.latency.reads!.p95, Math.log(20) * 5);
    covers(q.latency.reads!.p50, Math.log(2) * 5);
    near(q.utilization, 0.8, 0.01);
    near(q.throughputRps.total, 800, 0.01);
    expect(q.saturated).toBe(false);
    // the end-to-end request is the same queue
    covers(r.requests[0]!.latency.mean, 5);
  });

  it('M/M/4 at ρ 0.875: PDQ bank mean response 24.7572 (in ms: S = 10 ms, λ = 0.35/ms)', () => {
    const r = simulate(
      model(
        [comp('c', 'client', { rateRps: 350 }), comp('bank', 'service', { capacityRps: 400, serviceTimeMs: 10 })],
        [edge('c', 'bank')],
      ),
      { ...OPTS, durationS: 60 },
    );
    const b = simComp(r, 'bank');
    covers(b.latency.reads!.mean, 24.7572, 0.02);
    near(b.utilization, 0.875, 0.01);
  });

  it('M/D/1 (service cv 0): R = 3.0 at λ 0.8, S 1; exponential service gives 5.0', () => {
    const det = { ...comp('q', 'service', { serviceTimeMs: 1 }), serviceCv: 0 } as Component;
    const r = simulate(model([comp('c', 'client', { rateRps: 800 }), det], [edge('c', 'q')]), OPTS);
    covers(simComp(r, 'q').latency.reads!.mean, 3.0);
    const g = { ...comp('q', 'service', { serviceTimeMs: 1 }), serviceCv: 0.5 } as Component;
    const r2 = simulate(model([comp('c', 'client', { rateRps: 800 }), g], [edge('c', 'q')]), OPTS);
    // M/G/1 with cv 0.5: Wq = (1 + 0.25)/2 · 0.8/(1 − 0.8) = 2.5, R = 3.5
    covers(simComp(r2, 'q').latency.reads!.mean, 3.5);
  });
});

describe('networks', () => {
  it('tandem of two M/M/1 (λ 5, μ 10 then 8): mean 0.5333, p95 1.2884 (scaled to ms)', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 5000 }),
          comp('a', 'service', { serviceTimeMs: 0.1 }),
          comp('b', 'service', { serviceTimeMs: 0.125 }),
        ],
        [edge('c', 'a'), edge('a', 'b')],
      ),
      OPTS,
    );
    const req = r.requests[0]!;
    covers(req.latency.mean, 0.5333);
    covers(req.latency.p95, 1.2884);
    covers(simComp(r, 'a').latency.reads!.mean, 0.5333);
    covers(simComp(r, 'b').latency.reads!.mean, 1 / 3);
  });

  it('fork-join over two M/M/1 with fan-out 2 at ρ 0.5, μ 1: 2.875 (one server alone 2.0)', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 500 }),
          comp('lb', 'loadbalancer', { algorithm: 'round-robin' }),
          comp('s', 'service', { instances: 2, serviceTimeMs: 1 }),
        ],
        [edge('c', 'lb'), edge('lb', 's', { fanout: 2 })],
      ),
      OPTS,
    );
    covers(r.requests[0]!.latency.mean, 2.875);
    covers(simComp(r, 's').latency.reads!.mean, 2.0);
    near(simComp(r, 's').utilization, 0.5, 0.02);
  });

  it('round-robin over two single-server instances: each sees Erlang-2 interarrivals (exact E2/M/1)', () => {
    // λ = 1.6/ms in total, μ = 1/ms per instance (ρ 0.8 each). GI/M/1: σ = A*(μ(1−σ)),
    // A*(s) = (λ/(λ+s))² for every 2nd Poisson arrival; mean response 1/(μ(1−σ)), wait σ/(μ(1−σ)).
    const lambda = 1.6;
    const mu = 1;
    let sigma = 0.5;
    for (let i = 0; i < 200; i++) sigma = (lambda / (lambda + mu * (1 - sigma))) ** 2;
    const exact = 1 / (mu * (1 - sigma));
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1600 }),
          comp('lb', 'loadbalancer', { algorithm: 'round-robin' }),
          comp('s', 'service', { instances: 2, serviceTimeMs: 1 }),
        ],
        [edge('c', 'lb'), edge('lb', 's')],
      ),
      OPTS,
    );
    const s = simComp(r, 's');
    covers(s.latency.reads!.mean, exact, 0.02);
    // well below M/M/1 at the same load (5 ms): the split is not random
    expect(s.latency.reads!.mean.high).toBeLessThan(0.8 * 5);
  });

  it('a random balancer over the same two instances is two M/M/1 queues (5 ms)', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1600 }),
          comp('lb', 'loadbalancer', { algorithm: 'random' }),
          comp('s', 'service', { instances: 2, serviceTimeMs: 1 }),
        ],
        [edge('c', 'lb'), edge('lb', 's')],
      ),
      OPTS,
    );
    covers(simComp(r, 's').latency.reads!.mean, 5, 0.03);
  });

  it('ip-hash spreads 10,000 users per client over the instances: like a random split (5 ms)', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1600 }),
          comp('lb', 'loadbalancer', { algorithm: 'ip-hash' }),
          comp('s', 'service', { instances: 2, serviceTimeMs: 1 }),
        ],
        [edge('c', 'lb'), edge('lb', 's')],
      ),
      OPTS,
    );
    covers(simComp(r, 's').latency.reads!.mean, 5, 0.05);
    near(simComp(r, 's').utilizationMax, 0.8, 0.03);
  });

  it('least-connections over two instances is close to M/M/2 (2.78 ms at ρ 0.8), far below random', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1600 }),
          comp('lb', 'loadbalancer', { algorithm: 'least-connections' }),
          comp('s', 'service', { instances: 2, serviceTimeMs: 1 }),
        ],
        [edge('c', 'lb'), edge('lb', 's')],
      ),
      OPTS,
    );
    const mm2 = 1 / (1 - 0.8 * 0.8);
    const m = simComp(r, 's').latency.reads!.mean.value;
    expect(m).toBeGreaterThan(0.97 * mm2);
    expect(m).toBeLessThan(1.12 * mm2);
  });
});
