/** Load propagation: the traffic equations, component by component. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { analyzeText, byId, comp, edge, edgeOf, model } from './helpers.js';

const total = (a: ReturnType<typeof analyze>, id: string) => byId(a, id).load.total.value;

describe('clients and balancers', () => {
  it('a client sends rate × read share as reads, the rest as writes; no mix means all reads', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000, readFraction: 0.9 }),
          comp('d', 'client', { rateRps: 50 }),
          comp('s', 'service'),
        ],
        [edge('c', 's'), edge('d', 's')],
      ),
    );
    expect(byId(a, 'c').load.reads.value).toBeCloseTo(900, 9);
    expect(byId(a, 'c').load.writes.value).toBeCloseTo(100, 9);
    expect(byId(a, 'd').notes.join()).toMatch(/all requests count as reads/);
    expect(byId(a, 's').load.reads.value).toBeCloseTo(950, 9);
    expect(byId(a, 's').load.writes.value).toBeCloseTo(100, 9);
  });

  it('a balancer splits evenly, or by weight', () => {
    const even = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 900 }),
          comp('lb', 'loadbalancer'),
          comp('a', 'service'),
          comp('b', 'service'),
          comp('x', 'service'),
        ],
        [edge('c', 'lb'), edge('lb', 'a'), edge('lb', 'b'), edge('lb', 'x')],
      ),
    );
    for (const s of ['a', 'b', 'x']) expect(total(even, s)).toBeCloseTo(300, 9);
    const weighted = analyze(
      model(
        [comp('c', 'client', { rateRps: 900 }), comp('lb', 'loadbalancer'), comp('a', 'service'), comp('b', 'service')],
        [edge('c', 'lb'), edge('lb', 'a', { weight: 2 }), edge('lb', 'b')],
      ),
    );
    expect(total(weighted, 'a')).toBeCloseTo(600, 9);
    expect(total(weighted, 'b')).toBeCloseTo(300, 9);
  });

  it('explicit shares on a balancer come first; the rest splits by weight', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000 }),
          comp('lb', 'loadbalancer'),
          comp('canary', 'service'),
          comp('a', 'service'),
          comp('b', 'service'),
        ],
        [edge('c', 'lb'), edge('lb', 'canary', { share: 0.1 }), edge('lb', 'a'), edge('lb', 'b')],
      ),
    );
    expect(total(a, 'canary')).toBeCloseTo(100, 9);
    expect(total(a, 'a')).toBeCloseTo(450, 9);
    expect(total(a, 'b')).toBeCloseTo(450, 9);
  });

  it('a balancer routes reads and writes only over the edges that carry them', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000, readFraction: 0.8 }),
          comp('lb', 'loadbalancer'),
          comp('r', 'service'),
          comp('w', 'service'),
        ],
        [edge('c', 'lb'), edge('lb', 'r', { traffic: 'reads' }), edge('lb', 'w', { traffic: 'writes' })],
      ),
    );
    expect(byId(a, 'r').load.reads.value).toBeCloseTo(800, 9);
    expect(byId(a, 'r').load.writes.value).toBe(0);
    expect(byId(a, 'w').load.writes.value).toBeCloseTo(200, 9);
  });
});

describe('services, fan-out, retries, async', () => {
  it('a service calls every dependency for each request (with its share)', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 1000 }), comp('app', 'service'), comp('x', 'external'), comp('y', 'external')],
        [edge('c', 'app'), edge('app', 'x'), edge('app', 'y', { share: 0.1 })],
      ),
    );
    expect(total(a, 'x')).toBeCloseTo(1000, 9);
    expect(total(a, 'y')).toBeCloseTo(100, 9);
  });

  it('fan-out multiplies load', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 10 }), comp('app', 'service'), comp('leaf', 'service')],
        [edge('c', 'app'), edge('app', 'leaf', { fanout: 100 })],
      ),
    );
    expect(total(a, 'leaf')).toBeCloseTo(1000, 9);
  });

  it('retries add load: expected attempts (1 − p^(r+1)) / (1 − p), p = 1 − callee availability', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000 }),
          comp('app', 'service'),
          comp('pay', 'external', { availability: 0.9 }),
        ],
        [edge('c', 'app'), edge('app', 'pay', { retries: 2 })],
      ),
    );
    expect(edgeOf(a, 'app', 'pay').retryFactor.value).toBeCloseTo(1.11, 12);
    expect(total(a, 'pay')).toBeCloseTo(1110, 9);
    // a callee that never fails is never retried
    const b = analyze(
      model([comp('c', 'client', { rateRps: 1000 }), comp('pay', 'external')], [edge('c', 'pay', { retries: 5 })]),
    );
    expect(total(b, 'pay')).toBeCloseTo(1000, 9);
  });

  it('async edges carry load (but add no latency to the caller)', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('app', 'service', { latencyMs: 5 }),
          comp('slow', 'service', { latencyMs: 1000 }),
        ],
        [edge('c', 'app'), edge('app', 'slow', { async: true })],
      ),
    );
    expect(total(a, 'slow')).toBeCloseTo(100, 9);
    expect(a.requests[0]!.latency.mean.value).toBeCloseTo(5, 9);
    expect(edgeOf(a, 'app', 'slow').sync).toBe(false);
  });
});

describe('caches and CDNs', () => {
  const build = (hit: number, pattern?: 'write-behind' | 'write-through' | 'cache-aside') =>
    analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000, readFraction: 0.9 }),
          comp('cache', 'cache', { hitRatio: hit, ...(pattern ? { pattern } : {}) }),
          comp('db', 'database', { latencyMs: 10 }),
        ],
        [edge('c', 'cache'), edge('cache', 'db')],
      ),
    );

  it('pass (1 − hit) of reads on; writes pass through in full', () => {
    const a = build(0.8);
    expect(byId(a, 'db').load.reads.value).toBeCloseTo(180, 9);
    expect(byId(a, 'db').load.writes.value).toBeCloseTo(100, 9);
    expect(byId(a, 'cache').load.total.value).toBeCloseTo(1000, 9);
  });

  it('0 % and 100 % hit', () => {
    expect(byId(build(0), 'db').load.reads.value).toBeCloseTo(900, 9);
    expect(byId(build(1), 'db').load.reads.value).toBe(0);
    expect(byId(build(1), 'db').load.writes.value).toBeCloseTo(100, 9);
  });

  it('write-behind: the store still gets the writes, but the writer does not wait for it', () => {
    const a = build(0.5, 'write-behind');
    expect(byId(a, 'db').load.writes.value).toBeCloseTo(100, 9);
    const writes = a.requests.find((r) => r.traffic === 'writes')!;
    expect(writes.latency.mean.value).toBe(0);
    const through = build(0.5, 'write-through').requests.find((r) => r.traffic === 'writes')!;
    expect(through.latency.mean.value).toBeCloseTo(10, 9);
  });

  it('a CDN without a hit ratio passes everything on (hit 0 %)', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('cdn', 'cdn'), comp('origin', 'service')],
        [edge('c', 'cdn'), edge('cdn', 'origin')],
      ),
    );
    expect(total(a, 'origin')).toBeCloseTo(100, 9);
  });
});

describe('databases', () => {
  const db = (props: Parameters<typeof comp>[2], readFraction = 0.8) =>
    byId(
      analyze(
        model(
          [
            comp('c', 'client', { rateRps: 1000, readFraction }),
            comp('db', 'database', { capacityRps: 1000, ...props }),
          ],
          [edge('c', 'db')],
        ),
      ),
      'db',
    );

  it('without replicas, the primary takes everything', () => {
    const d = db({});
    expect(d.store!.primary.load.value).toBeCloseTo(1000, 9);
    expect(d.store!.replica).toBeNull();
    expect(d.utilization.value).toBeCloseTo(1, 9);
    expect(d.saturated).toBe(true);
  });

  it('writes go to the primary and are replayed on every replica; reads spread over replicas', () => {
    const d = db({ replicas: 4 });
    expect(d.store!.primary.load.value).toBeCloseTo(200, 9);
    expect(d.store!.replica!.load.value).toBeCloseTo(200 + 800 / 4, 9);
    expect(d.store!.readFrom).toBe('replicas');
    expect(d.capacity.value).toBeCloseTo(1000 / 0.4, 6); // the replicas saturate at 2,500 rps offered
  });

  it('read-from primary keeps reads on the primary; any spreads them over all nodes', () => {
    expect(db({ replicas: 3, readFrom: 'primary' }).store!.primary.load.value).toBeCloseTo(1000, 9);
    const any = db({ replicas: 3, readFrom: 'any' });
    expect(any.store!.primary.load.value).toBeCloseTo(200 + 200, 9);
    expect(any.store!.replica!.load.value).toBeCloseTo(200 + 200, 9);
  });

  it('read-from primary on a call: its reads load the primary, the others spread over the replicas (by hand)', () => {
    // 800 reads and 200 writes from c; 300 more reads from leader over `read-from primary`
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000, readFraction: 0.8 }),
          comp('leader', 'client', { rateRps: 300 }),
          comp('db', 'database', { capacityRps: 1000, replicas: 4 }),
        ],
        [edge('c', 'db'), edge('leader', 'db', { readFrom: 'primary' })],
      ),
    );
    const d = byId(a, 'db');
    expect(d.store!.primary.load.value).toBeCloseTo(200 + 300, 9);
    expect(d.store!.replica!.load.value).toBeCloseTo(200 + 800 / 4, 9);
    expect(d.utilization.value).toBeCloseTo(0.5, 9);
    expect(d.store!.primary.load.text).toContain('300 rps reads sent by read-from primary');
    // each replica takes 200 writes and the 800 spread reads / R: 200 + 800 / R ≤ 700 → R = 2
    expect(d.store!.replicasNeeded.value).toBe(2);
    // the reads' availability: the led ones have the primary alone
    expect(d.availability.value).toBeLessThanOrEqual(1);
  });

  it('shards divide load; the hottest carries skew × mean', () => {
    const d = db({ shards: 4, skew: 1.5 });
    expect(d.store!.primary.load.value).toBeCloseTo((1000 / 4) * 1.5, 9);
    expect(d.utilization.value).toBeCloseTo(0.375, 9);
    expect(d.store!.shardsNeeded.value).toBe(3); // 1000 × 1.5 / (0.7 × 1000) → 3
  });

  it('skew needs shards: one shard carries the whole load, never more (skew ≤ shards)', () => {
    const one = db({ skew: 3 });
    expect(one.store!.primary.load.value).toBeCloseTo(1000, 9);
    expect(one.store!.skew).toBe(1);
    expect(db({ shards: 1, skew: 3, capacityRps: 2000 }).utilization.value).toBeCloseTo(0.5, 9);
    // the hottest of 2 shards carries at most everything
    expect(db({ shards: 2, skew: 3 }).store!.primary.load.value).toBeCloseTo(1000, 9);
  });

  it('a quorum: each read touches R nodes, each write all N (it returns after W)', () => {
    const d = db({ quorum: { n: 3, r: 2, w: 2 } });
    expect(d.store!.primary.load.value).toBeCloseTo((800 * 2 + 200 * 3) / 3, 9);
  });

  it('replicas needed for the target utilisation', () => {
    const d = db({ replicas: 1 }, 0.95); // 950 reads, 50 writes
    // each replica: 50 + 950 / R <= 700 → R = 2
    expect(d.store!.replicasNeeded.value).toBe(2);
  });

  it('stores end reads; their outgoing edges carry committed writes, and CDC only writes', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000, readFraction: 0.9 }),
          comp('db', 'database'),
          comp('idx', 'search'),
          comp('audit', 'storage'),
        ],
        [
          edge('c', 'db'),
          edge('db', 'idx', { cdc: true, async: true, lagMs: 2000, traffic: 'reads' }),
          edge('db', 'audit', { async: true }),
        ],
      ),
    );
    expect(byId(a, 'idx').load.writes.value).toBeCloseTo(100, 9);
    expect(byId(a, 'idx').load.reads.value).toBe(0);
    expect(byId(a, 'audit').load.total.value).toBeCloseTo(100, 9);
  });
});

describe('queues, streams and consumers', () => {
  it('a queue splits messages over its consumers; a stream gives every consumer group all of them', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('q', 'queue'),
          comp('s', 'stream'),
          comp('w1', 'worker'),
          comp('w2', 'worker'),
          comp('g1', 'worker'),
          comp('g2', 'worker'),
        ],
        [
          edge('c', 'q', { async: true }),
          edge('c', 's', { async: true }),
          edge('q', 'w1'),
          edge('q', 'w2'),
          edge('s', 'g1'),
          edge('s', 'g2'),
        ],
      ),
    );
    expect(total(a, 'w1')).toBeCloseTo(50, 9);
    expect(total(a, 'w2')).toBeCloseTo(50, 9);
    expect(total(a, 'g1')).toBeCloseTo(100, 9);
    expect(total(a, 'g2')).toBeCloseTo(100, 9);
    // the producer does not wait for consumers
    expect(a.requests[0]!.latency.mean.value).toBe(0);
  });

  it('at most one consumer per partition works', async () => {
    const a = await analyzeText(`system s {
  client c { rate 100 rps }
  queue jobs { partitions 3 }
  worker mailer { instances 4 capacity 50 rps idempotent }
  c -> jobs async
  jobs -> mailer
}`);
    const m = byId(a, 'mailer');
    expect(m.instances.value).toBe(3);
    expect(m.capacity.value).toBeCloseTo(150, 9);
    expect(m.notes.join()).toMatch(/4 consumers but 3 partition/);
  });
});

describe('capacity, saturation, headroom', () => {
  it('capacity = instances × per-instance capacity, or instances / service time', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000 }),
          comp('a', 'service', { instances: 4, capacityRps: 500 }),
          comp('b', 'service', { instances: 4, serviceTimeMs: 2 }),
          comp('auto', 'service', { autoscale: { min: 2, max: 10 }, capacityRps: 100 }),
        ],
        [edge('c', 'a'), edge('c', 'b'), edge('c', 'auto')],
      ),
    );
    expect(byId(a, 'a').capacity.value).toBeCloseTo(2000, 9);
    expect(byId(a, 'a').utilization.value).toBeCloseTo(0.5, 9);
    expect(byId(a, 'a').headroom.value).toBeCloseTo(0.5, 9);
    expect(byId(a, 'b').capacity.value).toBeCloseTo(2000, 9);
    expect(byId(a, 'auto').instances.value).toBe(2);
    expect(byId(a, 'auto').capacityAtMax.value).toBeCloseTo(1000, 9);
    expect(byId(a, 'auto').saturated).toBe(true);
    expect(byId(a, 'auto').backlogGrowth.value).toBeCloseTo(800, 9);
    expect(byId(a, 'auto').instancesNeeded.value).toBe(15); // 1000 / (100 × 0.7) = 14.3
  });

  it('capacity and service time together: servers per instance = capacity × S', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000 }),
          comp('a', 'service', { instances: 2, capacityRps: 600, serviceTimeMs: 8 }),
        ],
        [edge('c', 'a')],
      ),
    );
    const q = byId(a, 'a').queue!;
    // round(600 × 0.008) = 5 per instance; a client picks an instance at random: each its own queue
    expect(q.servers.value).toBe(5);
    expect(q.arrivalRps.value).toBeCloseTo(500, 9);
    expect(byId(a, 'a').capacity.value).toBeCloseTo(1200, 9);
    expect(q.utilization.value).toBeCloseTo(1000 / 1200, 9);
  });

  it('components without capacity: load only, no utilisation, and they say so', () => {
    const a = analyze(model([comp('c', 'client', { rateRps: 10 }), comp('x', 'service')], [edge('c', 'x')]));
    const x = byId(a, 'x');
    expect(x.hasCapacity).toBe(false);
    expect(x.load.total.value).toBe(10);
    expect(x.utilization.value).toBeNull();
    expect(x.utilization.text).toMatch(/load only/);
    expect(x.saturated).toBe(false);
  });

  it('zero capacity under load is saturated with the whole load as backlog; without load it is idle', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 10 }),
          comp('x', 'service', { capacityRps: 0 }),
          comp('y', 'service', { capacityRps: 0 }),
        ],
        [edge('c', 'x')],
      ),
    );
    expect(byId(a, 'x').saturated).toBe(true);
    expect(byId(a, 'x').utilization.value).toBeNull();
    expect(byId(a, 'x').backlogGrowth.value).toBe(10);
    expect(byId(a, 'y').utilization.value).toBe(0);
    expect(byId(a, 'y').saturated).toBe(false);
  });

  it('the bottleneck law: the component with the smallest capacity / demand sets the maximum throughput', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('a', 'service', { capacityRps: 1000 }),
          comp('b', 'service', { capacityRps: 300 }),
          comp('x', 'external', { capacityRps: 50 }),
        ],
        [edge('c', 'a'), edge('a', 'b', { fanout: 2 }), edge('a', 'x', { share: 0.1 })],
      ),
    );
    // demands per client request: a 1 → 1000; b 2 → 150; x 0.1 → 500
    expect(a.system.bottleneck).toBe('b');
    expect(a.system.maxThroughput.value).toBeCloseTo(150, 9);
    // scaling the clients to that rate puts the bottleneck at 100 %
    const scaled = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 150 }),
          comp('a', 'service', { capacityRps: 1000 }),
          comp('b', 'service', { capacityRps: 300 }),
          comp('x', 'external', { capacityRps: 50 }),
        ],
        [edge('c', 'a'), edge('a', 'b', { fanout: 2 }), edge('a', 'x', { share: 0.1 })],
      ),
    );
    expect(byId(scaled, 'b').utilization.value).toBeCloseTo(1, 9);
  });

  it('with no traffic yet, the bottleneck comes from demand per request', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 0 }),
          comp('a', 'service', { capacityRps: 1000 }),
          comp('b', 'service', { capacityRps: 300 }),
        ],
        [edge('c', 'a'), edge('a', 'b')],
      ),
    );
    expect(a.system.bottleneck).toBe('b');
    expect(a.system.maxThroughput.value).toBeCloseTo(300, 9);
  });
});

describe('cycles', () => {
  it('a loop with gain below 1 converges (geometric series) and is reported', () => {
    // worker retries 50 % of its jobs through the queue: q = 100 + 0.5 q → 200
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('q', 'queue'), comp('w', 'worker'), comp('other', 'service')],
        [
          edge('c', 'q', { async: true }),
          edge('q', 'w'),
          edge('w', 'q', { async: true, share: 0.5 }),
          edge('w', 'other'),
        ],
      ),
    );
    expect(total(a, 'q')).toBeCloseTo(200, 9);
    expect(total(a, 'w')).toBeCloseTo(200, 9);
    expect(a.cycles).toHaveLength(1);
    expect(a.cycles[0]!.components).toEqual(['q', 'w']);
    expect(a.cycles[0]!.converged).toBe(true);
  });

  it('a loop with gain 1 or more is reported as diverging and cut, with finite figures', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('a', 'service'), comp('b', 'service')],
        [edge('c', 'a'), edge('a', 'b'), edge('b', 'a')],
      ),
    );
    expect(a.cycles).toHaveLength(1);
    expect(a.cycles[0]!.converged).toBe(false);
    expect(a.cycles[0]!.text).toMatch(/cut/);
    expect(total(a, 'a')).toBeCloseTo(100, 9);
    expect(total(a, 'b')).toBeCloseTo(100, 9);
    expect(edgeOf(a, 'b', 'a').load.total.value).toBe(0);
    expect(Number.isFinite(a.requests[0]!.latency.mean.value!)).toBe(true);
  });

  it('unreachable parts get no load', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('a', 'service'), comp('lonely', 'service', { capacityRps: 10 })],
        [edge('c', 'a')],
      ),
    );
    expect(total(a, 'lonely')).toBe(0);
    expect(byId(a, 'lonely').utilization.value).toBe(0);
  });
});
