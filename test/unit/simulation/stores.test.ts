/**
 * Caches, stores and brokers in the simulation: a cache's hits stop there, read replicas share
 * the reads while every replica applies every write, the hottest shard takes skew/shards, a quorum
 * reads r nodes and writes all n, replication modes, partitions against competing consumers.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/simulation/index.js';
import { comp, covers, edge, model, near, simComp, simEdge } from './helpers.js';

const OPTS = { durationS: 20, replications: 5, seed: 3 };
const mm1 = (lambdaPerMs: number, s: number) => s / (1 - lambdaPerMs * s);

describe('cache', () => {
  it('a cache with 80 % hits passes 20 % of the reads to the database', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1000 }),
          comp('cache', 'cache', { hitRatio: 0.8, serviceTimeMs: 0.1 }),
          comp('db', 'database', { serviceTimeMs: 1 }),
        ],
        [edge('c', 'cache'), edge('cache', 'db')],
      ),
      OPTS,
    );
    near(simEdge(r, 'cache', 'db'), 200, 0.03);
    near(simComp(r, 'db').utilization, 0.2, 0.03);
    covers(simComp(r, 'db').latency.reads!.mean, mm1(0.2, 1));
    // the cache answers: its own queue, plus the database for a miss
    covers(simComp(r, 'cache').latency.reads!.mean, mm1(1, 0.1) + 0.2 * mm1(0.2, 1));
  });
});

describe('stores', () => {
  it('4 read replicas share the reads; writes go to the primary and to every replica', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000, readFraction: 0.8 }),
          comp('db', 'database', { serviceTimeMs: 1, replicas: 4, readFrom: 'replicas' }),
        ],
        [edge('c', 'db')],
      ),
      OPTS,
    );
    const db = simComp(r, 'db');
    // 1600 reads over 4 replicas (400 each) + 400 writes applied at each: 0.8; the primary 0.4
    near(db.nodes!.replica!, 0.8, 0.03);
    near(db.nodes!.primary, 0.4, 0.03);
    near(db.utilization, 0.8, 0.03);
    // an async write waits for the primary only
    covers(db.latency.writes!.mean, mm1(0.4, 1), 0.02);
    covers(db.latency.reads!.mean, mm1(0.8, 1), 0.03);
  });

  it('a sync write waits for the replica after the primary (two M/M/1 in tandem); semi-sync for the first of two', () => {
    const store = (replicas: number, replication: 'sync' | 'semi-sync' | 'async') =>
      simulate(
        model(
          [
            comp('c', 'client', { rateRps: 500, readFraction: 0 }),
            comp('db', 'database', { serviceTimeMs: 1, replicas, replication }),
          ],
          [edge('c', 'db')],
        ),
        OPTS,
      );
    covers(simComp(store(1, 'sync'), 'db').latency.writes!.mean, 2 * mm1(0.5, 1), 0.02);
    const sync2 = simComp(store(2, 'sync'), 'db').latency.writes!.mean.value;
    const semi2 = simComp(store(2, 'semi-sync'), 'db').latency.writes!.mean.value;
    const async2 = simComp(store(2, 'async'), 'db').latency.writes!.mean.value;
    // first of two replicas: 2 + E[min] = 2 + 1 (two independent Exp(1/2 ms)): about 3; all: 2 + 3 = 5
    expect(async2).toBeCloseTo(2, 0);
    expect(semi2).toBeGreaterThan(async2 + 0.5);
    expect(sync2).toBeGreaterThan(semi2 + 1);
  });

  it('4 shards with skew 2: the hottest takes half the requests', () => {
    const r = simulate(
      model(
        [comp('c', 'client', { rateRps: 1000 }), comp('db', 'database', { serviceTimeMs: 1, shards: 4, skew: 2 })],
        [edge('c', 'db')],
      ),
      OPTS,
    );
    const db = simComp(r, 'db');
    near(db.utilization, 0.5, 0.03);
    near(db.nodes!.primary, 0.5, 0.03);
    // the mean over shards: half at 500 rps, the rest at 167 rps each
    covers(db.latency.reads!.mean, 0.5 * mm1(0.5, 1) + 0.5 * mm1(1 / 6, 1), 0.02);
  });

  it('a quorum n 3, r 2, w 2: a read loads 2 of 3 nodes, a write all 3', () => {
    const q = (readFraction: number, rate: number) =>
      simulate(
        model(
          [
            comp('c', 'client', { rateRps: rate, readFraction }),
            comp('kv', 'database', { serviceTimeMs: 1, quorum: { n: 3, r: 2, w: 2 } }),
          ],
          [edge('c', 'kv')],
        ),
        OPTS,
      );
    const reads = simComp(q(1, 900), 'kv');
    near(reads.utilization, 0.6, 0.05);
    near(reads.nodes!.primary, 0.6, 0.04);
    // the slower of two nodes at ρ 0.6 (mean 2.5 ms each)
    expect(reads.latency.reads!.mean.value).toBeGreaterThan(1.2 * 2.5);
    expect(reads.latency.reads!.mean.value).toBeLessThan(1.5 * 2.5);
    const writes = simComp(q(0, 300), 'kv');
    near(writes.nodes!.primary, 0.3, 0.04);
    near(writes.nodes!.replica!, 0.3, 0.04);
  });
});

describe('brokers', () => {
  const pipeline = (queue: Record<string, unknown>) =>
    simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1200 }),
          comp('q', 'queue', queue),
          comp('w', 'worker', { instances: 2, serviceTimeMs: 1 }),
        ],
        [edge('c', 'q'), edge('q', 'w')],
      ),
      OPTS,
    );

  it('2 partitions over 2 consumers: each its own M/M/1 (2.5 ms at ρ 0.6)', () => {
    const r = pipeline({ partitions: 2 });
    covers(simComp(r, 'w').latency.reads!.mean, mm1(0.6, 1), 0.02);
    near(simComp(r, 'w').utilization, 0.6, 0.03);
    // the producer does not wait for the consumer
    expect(r.requests[0]!.latency.mean.value).toBeLessThan(0.01);
  });

  it('4 partitions over 3 consumers: consumer p mod 3 takes partitions 0 and 3 (half the messages)', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1200 }),
          comp('q', 'queue', { partitions: 4 }),
          comp('w', 'worker', { instances: 3, serviceTimeMs: 1 }),
        ],
        [edge('c', 'q'), edge('q', 'w')],
      ),
      OPTS,
    );
    // half at ρ 0.6 (2.5 ms), half at ρ 0.3 (1.43 ms); an even split would give 1.67 ms
    covers(simComp(r, 'w').latency.reads!.mean, 0.5 * mm1(0.6, 1) + 0.5 * mm1(0.3, 1), 0.02);
    near(simComp(r, 'w').utilizationMax, 0.6, 0.03);
    near(simComp(r, 'w').utilization, 0.4, 0.03);
  });

  it('without partitions the consumers compete for one FIFO: M/M/2 (1.5625 ms at ρ 0.6)', () => {
    const r = pipeline({});
    covers(simComp(r, 'w').latency.reads!.mean, 1 / (1 - 0.36), 0.02);
  });

  it('a queue delivers each message to one consumer, a stream to every one', () => {
    const twoConsumers = (kind: 'queue' | 'stream') =>
      simulate(
        model(
          [
            comp('c', 'client', { rateRps: 1000 }),
            comp('b', kind),
            comp('w1', 'worker', { serviceTimeMs: 0.1 }),
            comp('w2', 'worker', { serviceTimeMs: 0.1 }),
          ],
          [edge('c', 'b'), edge('b', 'w1'), edge('b', 'w2')],
        ),
        { ...OPTS, durationS: 5 },
      );
    near(simComp(twoConsumers('queue'), 'w1').throughputRps.total, 500, 0.03);
    near(simComp(twoConsumers('stream'), 'w1').throughputRps.total, 1000, 0.03);
    near(simComp(twoConsumers('stream'), 'w2').throughputRps.total, 1000, 0.03);
  });
});
