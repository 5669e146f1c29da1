/**
 * Published figures (Erlang B and C tables, M/M/c results, availability in series and parallel,
 * the capacity plan), reproduced through the analysis (from .arch
 * text where the language can say it, else from plain models), to their stated precision.
 */
import { describe, expect, it } from 'vitest';
import { analyze, downtime, formatDowntime, serviceLevel } from '../../../src/core/analysis/index.js';
import { analyzeText, byId, comp, edge, edgeOf, model } from './helpers.js';

const MIN = 60_000; // ms

describe("PDQ's bank: M/M/4, λ = 0.35 per minute, S = 10 minutes", () => {
  // one bank (one queue) with four tellers: one instance of 4 servers (capacity x service time);
  // four instances called directly would be four queues, each picked at random
  const text = `system bank {
  client customers { rate 0.35 per minute }
  service tellers { capacity 0.4 per minute service-time 10 min }
  customers -> tellers
}`;

  it('utilisation, Erlang C, N, R, W, Lq, Xmax and minimum response', async () => {
    const a = await analyzeText(text);
    const t = byId(a, 'tellers');
    expect(t.dispatch).toBe('shared');
    expect(t.utilization.value).toBeCloseTo(0.875, 6);
    expect(t.queue!.waitProbability.value).toBeCloseTo(0.73786, 5);
    expect(t.concurrency.value).toBeCloseTo(8.665, 4);
    expect(t.latency.mean.value! / MIN).toBeCloseTo(24.7572, 4);
    expect(t.queue!.meanWaitMs.value! / MIN).toBeCloseTo(14.7572, 4);
    expect(t.queue!.meanQueueLength.value).toBeCloseTo(5.165, 4);
    expect(t.capacity.value! * 60).toBeCloseTo(0.4, 10); // per minute
    expect(t.queue!.serviceTimeMs.value! / MIN).toBeCloseTo(10.0, 10); // minimum response
    // the bottleneck law agrees: the bank can take 0.4 customers per minute
    expect(a.system.bottleneck).toBe('tellers');
    expect(a.system.maxThroughput.value! * 60).toBeCloseTo(0.4, 10);
    // and the derivation says how
    expect(t.queue!.waitProbability.formula).toContain('C(c, A)');
    expect(t.queue!.waitProbability.inputs).toEqual({ c: 4, A: expect.closeTo(3.5, 10) });
    expect(t.queue!.waitProbability.text).toContain('c = 4');
  });
});

describe('Erlang C staffing (pyworkforce): 100 per 30 min, AHT 3 min, target 0.33 min', () => {
  const staff = (servers: number) =>
    analyze(
      model(
        [
          comp('calls', 'client', { rateRps: 100 / 1800 }),
          // one queue of calls answered by `servers` agents: one instance with that many servers
          comp('agents', 'service', { capacityRps: servers / (3 * 60), serviceTimeMs: 3 * MIN }),
        ],
        [edge('calls', 'agents')],
      ),
    );

  it.each([
    [14, 0.174, 0.714, 0.888],
    [15, 0.102, 0.667, 0.941],
  ])('%i servers: waiting %f, occupancy %f, service level %f', (servers, wait, occupancy, level) => {
    const q = byId(staff(servers), 'agents').queue!;
    expect(q.offered.value).toBeCloseTo(10, 10);
    expect(q.waitProbability.value).toBeCloseTo(wait, 3);
    expect(q.utilization.value).toBeCloseTo(occupancy, 3);
    expect(serviceLevel(q.servers.value!, q.offered.value!, 0.33 * MIN, q.serviceTimeMs.value!)).toBeCloseTo(level, 3);
  });
});

describe('M/M/1 tail', () => {
  const mu = 100 + Math.log(20) / 0.15; // per second: p95 = 150 ms at 100 rps
  const S = 1000 / mu; // ms

  it('p95 = ln(20)/(μ − λ) = 150 ms at 100 rps; μ = 119.97, S = 8.34 ms, ρ = 0.834, mean 50.1 ms', () => {
    const a = analyze(
      model(
        [comp('users', 'client', { rateRps: 100 }), comp('flights', 'service', { serviceTimeMs: S })],
        [edge('users', 'flights')],
      ),
    );
    const f = byId(a, 'flights');
    expect(f.capacity.value).toBeCloseTo(119.97, 2);
    expect(f.queue!.serviceTimeMs.value).toBeCloseTo(8.34, 2);
    expect(f.utilization.value).toBeCloseTo(0.834, 3);
    expect(f.latency.mean.value).toBeCloseTo(50.1, 1);
    expect(f.latency.p95.value).toBeCloseTo(150, 6);
    expect(f.latency.p95.value! / f.latency.mean.value!).toBeCloseTo(Math.log(20), 6); // about 3.0 x the mean
    // the request path through it has the same exact tail (not a fitted approximation)
    expect(a.requests[0]!.latency.p95.value).toBeCloseTo(150, 6);
    expect(a.paths[0]!.latency.p95.value).toBeCloseTo(150, 6);
  });

  it('at 200 rps it is saturated: utilisation 1.67, backlog grows by about 80 requests per second', () => {
    const a = analyze(
      model(
        [comp('users', 'client', { rateRps: 200 }), comp('flights', 'service', { serviceTimeMs: S })],
        [edge('users', 'flights')],
      ),
    );
    const f = byId(a, 'flights');
    expect(f.saturated).toBe(true);
    expect(f.utilization.value).toBeCloseTo(1.67, 2);
    expect(f.backlogGrowth.value).toBeCloseTo(80, 0);
    expect(f.latency.mean.value).toBeNull();
    expect(f.latency.p95.text).toMatch(/unbounded/);
    expect(a.system.saturated).toEqual(['flights']);
  });

  it('two such servers behind a round-robin balancer at 200 rps: each at 100 rps, p95 150.0 ms', async () => {
    const a = await analyzeText(`system flights {
  client users { rate 200 rps }
  loadbalancer lb { algorithm round-robin }
  service s1 { service-time ${S} ms }
  service s2 { service-time ${S} ms }
  users -> lb
  lb -> s1, s2
}`);
    for (const s of ['s1', 's2']) {
      expect(byId(a, s).load.total.value).toBeCloseTo(100, 9);
      expect(byId(a, s).latency.p95.value).toBeCloseTo(150.0, 1);
    }
    // the request (a mixture of two identical exponentials) keeps p95 = 150 ms
    expect(a.requests[0]!.latency.p95.value).toBeCloseTo(150.0, 1);
  });

  it('one pool of 2 instances behind round-robin: each gets every 2nd arrival, E2/M/1, below 150 ms', () => {
    const a = analyze(
      model(
        [
          comp('users', 'client', { rateRps: 200 }),
          comp('lb', 'loadbalancer', { algorithm: 'round-robin' }),
          comp('pool', 'service', { instances: 2, serviceTimeMs: S }),
        ],
        [edge('users', 'lb'), edge('lb', 'pool')],
      ),
    );
    const p = byId(a, 'pool');
    expect(p.dispatch).toBe('round-robin');
    expect(p.queue!.arrivalRps.value).toBeCloseTo(100, 9);
    // GI/M/1: the response is Exp(μ(1 − σ)), σ the root of σ = (2λ / (2λ + μ(1 − σ)))²
    const lambda = 0.1; // per ms, at each instance
    let lo = 0;
    let hi = 1 - 1e-12;
    for (let i = 0; i < 200; i++) {
      const x = (lo + hi) / 2;
      if ((2 * lambda) ** 2 / (2 * lambda + (1 - x) / S) ** 2 - x > 0) lo = x;
      else hi = x;
    }
    const rate = (1 - lo) / S;
    expect(p.latency.mean.value).toBeCloseTo(1 / rate, 6);
    expect(p.latency.p95.value).toBeCloseTo(Math.log(20) / rate, 6);
    expect(Math.round(p.latency.p95.value!)).toBe(115); // regular arrivals wait much less than 150 ms
    // a random balancer over the same pool: each instance Poisson at 100 rps, M/M/1 again
    const random = analyze(
      model(
        [
          comp('users', 'client', { rateRps: 200 }),
          comp('lb', 'loadbalancer', { algorithm: 'random' }),
          comp('pool', 'service', { instances: 2, serviceTimeMs: S }),
        ],
        [edge('users', 'lb'), edge('lb', 'pool')],
      ),
    );
    expect(byId(random, 'pool').dispatch).toBe('split');
    expect(byId(random, 'pool').latency.p95.value).toBeCloseTo(150.0, 1);
  });
});

describe('the capacity plan (10,000 rps, 70 % utilisation, a cache, read replicas)', () => {
  it("10,000 rps at 100 ms mean response: 1,000 requests in flight (Little's law)", async () => {
    const a = await analyzeText(`system plan {
  client users { rate 10 k rps }
  service api { latency 100 ms }
  users -> api
}`);
    expect(byId(a, 'users').concurrency.value).toBeCloseTo(1000, 6);
    expect(byId(a, 'api').concurrency.value).toBeCloseTo(1000, 6);
    expect(a.system.concurrency.value).toBeCloseTo(1000, 6);
    expect(a.requests[0]!.concurrency.value).toBeCloseTo(1000, 6);
  });

  it('600 rps at 70 % CPU: S = 1.167 ms; 17 instances for a 70 % target; 68.6 % at 17, 58.3 % at 20', () => {
    const S = (0.7 / 600) * 1000;
    const plan = (instances: number) =>
      analyze(
        model(
          [comp('users', 'client', { rateRps: 10_000 }), comp('app', 'service', { instances, serviceTimeMs: S })],
          [edge('users', 'app')],
          { targetUtilization: 0.7 },
        ),
      );
    const at17 = byId(plan(17), 'app');
    const at20 = byId(plan(20), 'app');
    expect(at20.instancesNeeded.value).toBe(17);
    expect(at17.instancesNeeded.value).toBe(17);
    expect(at17.utilization.value).toBeCloseTo(0.686, 3);
    expect(at20.utilization.value).toBeCloseTo(0.583, 3);
    expect(at20.instancesNeeded.text).toContain('= 17');
  });

  it('the same through the language, with the settings block', async () => {
    const a = await analyzeText(`system plan {
  settings { target-utilization 70 % }
  client users { rate 10 k rps }
  service app { instances 20 service-time 1.1667 ms }
  users -> app
}`);
    expect(byId(a, 'app').instancesNeeded.value).toBe(17);
    expect(byId(a, 'app').utilization.value).toBeCloseTo(0.583, 3);
  });

  it('a cache with an 80 % hit ratio: 2,000 reads/s reach the database, 500 per replica over 4', async () => {
    const a = await analyzeText(`system plan {
  client users { rate 10 k rps reads 100 % }
  loadbalancer lb { algorithm round-robin }
  service app { instances 20 capacity 600 rps }
  cache redis { hit 80 % ttl 60 s }
  database db { replicas 4 async lag 100 ms capacity 2000 rps }
  users -> lb
  lb -> app
  app -> redis reads
  redis -> db reads
}`);
    const db = byId(a, 'db');
    expect(db.load.reads.value).toBeCloseTo(2000, 9);
    expect(db.store!.replica!.load.value).toBeCloseTo(500, 9);
    expect(db.store!.primary.load.value).toBeCloseTo(0, 9);
    expect(db.utilization.value).toBeCloseTo(0.25, 9);
  });

  it('writes would add to the primary and to every replica', async () => {
    const a = await analyzeText(`system plan {
  client users { rate 10 k rps reads 90 % }
  service app { instances 20 capacity 600 rps }
  cache redis { hit 80 % ttl 60 s }
  database db { replicas 4 async lag 100 ms }
  users -> app
  app -> redis reads
  redis -> db reads
  app -> db writes
}`);
    const db = byId(a, 'db');
    expect(db.load.reads.value).toBeCloseTo(1800, 9);
    expect(db.load.writes.value).toBeCloseTo(1000, 9);
    expect(db.store!.primary.load.value).toBeCloseTo(1000, 9);
    expect(db.store!.replica!.load.value).toBeCloseTo(1000 + 1800 / 4, 9);
  });
});

describe('availability in numbers (system-design-primer)', () => {
  it('99.9 % and 99.99 %: downtime per year, month and day', () => {
    expect(formatDowntime(downtime(0.999).perYearS)).toBe('8h 45m 57s');
    expect(formatDowntime(downtime(0.999).perMonthS)).toBe('43m 49.7s');
    expect(formatDowntime(downtime(0.999).perDayS)).toBe('1m 26.4s');
    expect(formatDowntime(downtime(0.9999).perYearS)).toBe('52m 35.7s');
    expect(formatDowntime(downtime(0.9999).perMonthS)).toBe('4m 23s');
    expect(formatDowntime(downtime(0.9999).perDayS)).toBe('8.6s');
  });

  it('two 99.9 % components in sequence: 99.8 %', async () => {
    const a = await analyzeText(`system s {
  client c { rate 10 rps }
  service a { availability 99.9 % }
  service b { availability 99.9 % }
  c -> a
  a -> b
}`);
    expect(a.requests[0]!.availability.value).toBeCloseTo(0.998, 5);
    expect(a.paths[0]!.availability.value).toBeCloseTo(0.998, 5);
    expect(a.system.availability.value).toBeCloseTo(0.998, 5);
  });

  it('the two in parallel: 99.9999 % (as two instances, or two targets of a balancer)', async () => {
    const a = await analyzeText(`system s {
  client c { rate 10 rps }
  service pool { instances 2 availability 99.9 % }
  loadbalancer lb { }
  service x { availability 99.9 % }
  service y { availability 99.9 % }
  c -> pool
  c -> lb
  lb -> x, y
}`);
    expect(byId(a, 'pool').availability.value).toBeCloseTo(0.999999, 9);
    expect(byId(a, 'lb').endToEnd).toBeDefined();
    // the request needs pool (99.9999 %) and one of x, y (99.9999 %)
    expect(a.requests[0]!.availability.value).toBeCloseTo(0.999999 * 0.999999, 9);
  });
});

describe('the tail at scale', () => {
  it('fanning out to 100 servers each slow 1 % of the time: slow 63 % of the time', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1 }),
          comp('root', 'service', { serviceTimeMs: 1 }),
          comp('leaf', 'service', { serviceTimeMs: 10, instances: 100 }),
        ],
        [edge('c', 'root'), edge('root', 'leaf', { fanout: 100 })],
      ),
    );
    const e = edgeOf(a, 'root', 'leaf');
    expect(e.fanoutTail.value).toBeCloseTo(1 - 0.99 ** 100, 12);
    expect(Math.round(e.fanoutTail.value! * 100)).toBe(63);
    expect(e.fanoutTail.text).toContain('63.4 %');
  });
});
