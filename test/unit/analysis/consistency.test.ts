/** Consistency classes and CAP labels of stores and read paths. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { analyzeText, byId, comp, edge, model, type Props } from './helpers.js';

const store = (kind: 'database' | 'cache' | 'cdn' | 'search' | 'storage' | 'dns', props: Props) => {
  const a = analyze(model([comp('c', 'client', { rateRps: 1 }), comp('x', kind, props)], [edge('c', 'x')]));
  return byId(a, 'x').consistency!;
};

describe('stores', () => {
  it('reads from the primary (or no replicas) are strong and CP', () => {
    expect(store('database', {})).toMatchObject({ class: 'strong', stalenessMs: 0, cap: 'CP' });
    expect(store('database', { replicas: 3, readFrom: 'primary' })).toMatchObject({ class: 'strong', cap: 'CP' });
  });
  it('async replicas: eventual, bounded by the lag, AP; no lag given: no bound', () => {
    expect(store('database', { replicas: 3, lagMs: 100 })).toMatchObject({
      class: 'eventual',
      stalenessMs: 100,
      cap: 'AP',
    });
    expect(store('database', { replicas: 3, replication: 'semi-sync', lagMs: 50 })).toMatchObject({
      class: 'eventual',
      stalenessMs: 50,
    });
    expect(store('database', { replicas: 3 })).toMatchObject({ class: 'eventual', stalenessMs: null, cap: 'AP' });
  });
  it('sync replicas are strong', () => {
    expect(store('database', { replicas: 2, replication: 'sync' })).toMatchObject({ class: 'strong', cap: 'CP' });
  });
  it('quorum: R + W > N strong and CP, else eventual and AP', () => {
    expect(store('database', { quorum: { n: 3, r: 2, w: 2 } })).toMatchObject({ class: 'strong', cap: 'CP' });
    const sloppy = store('database', { quorum: { n: 3, r: 1, w: 1 } });
    expect(sloppy).toMatchObject({ class: 'eventual', cap: 'AP' });
    expect(sloppy.formula).toBe('R + W ≤ N');
  });
  it('engines: consensus stores are strong, Dynamo-style ones eventual', () => {
    expect(store('database', { engine: 'etcd' })).toMatchObject({ class: 'strong', cap: 'CP' });
    expect(store('database', { engine: 'cassandra' })).toMatchObject({ class: 'eventual', cap: 'AP' });
  });
  it('caches and CDNs: TTL bounds staleness; invalidation alone adds none; neither is weak', () => {
    expect(store('cache', { ttlMs: 60_000 })).toMatchObject({ class: 'eventual', stalenessMs: 60_000, cap: 'AP' });
    expect(store('cache', { invalidate: 'on-write' })).toMatchObject({ class: 'eventual', stalenessMs: 0 });
    expect(store('cache', { pattern: 'write-through' })).toMatchObject({ class: 'eventual', stalenessMs: 0 });
    const weak = store('cache', {});
    expect(weak).toMatchObject({ class: 'weak', stalenessMs: null, cap: 'AP' });
    expect(weak.text).toMatch(/neither a TTL nor invalidation/);
    expect(store('cdn', { ttlMs: 300_000 })).toMatchObject({ class: 'eventual', stalenessMs: 300_000 });
  });
  it('a search index refreshes every lag; services have no consistency of their own', () => {
    expect(store('search', { lagMs: 1000 })).toMatchObject({ class: 'eventual', stalenessMs: 1000, cap: 'AP' });
    const a = analyze(model([comp('s', 'service')], []));
    expect(byId(a, 's').consistency).toBeNull();
  });
  it('change data capture: the target trails the source by the pipeline lag, recursively', () => {
    const a = analyze(
      model(
        [comp('db', 'database'), comp('idx', 'search'), comp('mirror', 'database'), comp('nolag', 'search')],
        [
          edge('db', 'idx', { cdc: true, async: true, lagMs: 2000 }),
          edge('idx', 'mirror', { cdc: true, async: true, lagMs: 500 }),
          edge('db', 'nolag', { cdc: true, async: true }),
        ],
      ),
    );
    expect(byId(a, 'idx').consistency).toMatchObject({ class: 'eventual', stalenessMs: 2000, cap: 'AP' });
    expect(byId(a, 'mirror').consistency).toMatchObject({ class: 'eventual', stalenessMs: 2500 });
    expect(byId(a, 'nolag').consistency).toMatchObject({ class: 'eventual', stalenessMs: null });
  });
});

describe('staleness along a feeding pipeline', () => {
  it('CDC lag carries through streams and workers to the store they feed, plus its own refresh', async () => {
    const a = await analyzeText(`system s {
  client web { rate 100 rps reads 90 % }
  service app { }
  database db { }
  stream events { }
  worker indexer { }
  search idx { lag 1 s }
  search plain { }
  app -> db
  web -> app
  app -> idx reads
  db -> events cdc { lag 500 ms }
  events -> indexer
  indexer -> idx
  indexer -> plain
}`);
    expect(byId(a, 'idx').consistency).toMatchObject({ class: 'eventual', stalenessMs: 1500, cap: 'AP' });
    expect(byId(a, 'plain').consistency).toMatchObject({ class: 'eventual', stalenessMs: 500, cap: 'AP' });
    expect(byId(a, 'plain').consistency!.text).toMatch(/db/);
    expect(byId(a, 'db').consistency).toMatchObject({ class: 'strong' });
    const p = a.paths.find((x) => x.to === 'idx')!;
    expect(p.consistency).toMatchObject({ class: 'eventual', stalenessMs: 1500 });
  });

  it('the worst of several feeding paths counts; lags on the way add; a store fed only by services is not', () => {
    const a = analyze(
      model(
        [
          comp('app', 'service'),
          comp('db', 'database'),
          comp('q', 'queue'),
          comp('w', 'worker'),
          comp('s2', 'stream'),
          comp('view', 'database'),
          comp('own', 'database'),
          comp('jobs', 'queue'),
          comp('w2', 'worker'),
        ],
        [
          edge('app', 'db'),
          edge('db', 'q', { cdc: true, async: true, lagMs: 200 }),
          edge('q', 'w', { lagMs: 50 }),
          edge('w', 'view'),
          edge('db', 's2', { cdc: true, async: true, lagMs: 1000 }),
          edge('s2', 'view'),
          edge('app', 'jobs', { async: true }),
          edge('jobs', 'w2'),
          edge('w2', 'own'),
        ],
      ),
    );
    expect(byId(a, 'view').consistency).toMatchObject({ class: 'eventual', stalenessMs: 1000 });
    expect(byId(a, 'own').consistency).toMatchObject({ class: 'strong', stalenessMs: 0 });
  });
});

describe('read paths', () => {
  it('bounds add along the path; the path is as weak as its weakest serving hop', async () => {
    const a = await analyzeText(`system s {
  client web { rate 100 rps }
  cdn edge { hit 50 % ttl 30 s }
  service app { }
  cache redis { hit 80 % ttl 60 s invalidate on-write }
  database db { replicas 2 async lag 100 ms }
  web -> edge
  edge -> app
  app -> redis reads requires eventual
  redis -> db reads
}`);
    const p = a.paths.find((x) => x.to === 'db')!;
    expect(p.hops).toEqual(['web', 'edge', 'app', 'redis', 'db']);
    expect(p.consistency).toMatchObject({
      class: 'eventual',
      stalenessMs: 30_000 + 60_000 + 100,
      cap: 'AP',
      requirement: 'eventual',
      satisfied: true,
    });
    expect(p.consistency!.servingHops).toEqual(['edge', 'redis', 'db']);
  });

  it('a weak cache makes the whole path weak; a requirement of strong is not met', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1 }),
          comp('app', 'service'),
          comp('memo', 'cache', { hitRatio: 0.5 }),
          comp('db', 'database'),
        ],
        [edge('c', 'app'), edge('app', 'memo', { requires: 'strong' }), edge('memo', 'db')],
      ),
    );
    expect(a.paths[0]!.consistency).toMatchObject({
      class: 'weak',
      stalenessMs: null,
      requirement: 'strong',
      satisfied: false,
    });
  });

  it('a strong path: reads from the primary', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 1 }), comp('db', 'database', { replicas: 2, readFrom: 'primary' })],
        [edge('c', 'db', { requires: 'strong' })],
      ),
    );
    expect(a.paths[0]!.consistency).toMatchObject({ class: 'strong', stalenessMs: 0, cap: 'CP', satisfied: true });
  });

  it('a sticky balancer pins a user to an app instance, not to a replica: the path stays eventual', () => {
    const build = (algorithm: 'ip-hash' | 'round-robin') =>
      analyze(
        model(
          [
            comp('c', 'client', { rateRps: 1 }),
            comp('lb', 'loadbalancer', { algorithm }),
            comp('app', 'service'),
            comp('db', 'database', { replicas: 2, lagMs: 100 }),
          ],
          [edge('c', 'lb'), edge('lb', 'app'), edge('app', 'db', { requires: 'read-your-writes' })],
        ),
      );
    const pinned = build('ip-hash').paths[0]!.consistency!;
    expect(pinned).toMatchObject({ class: 'eventual', stalenessMs: 100, satisfied: false });
    expect(pinned.text).toContain('lb is sticky, but it pins a user to one app instance, not to a replica');
    expect(pinned.inputs.sticky).toBe('lb');
    expect(build('round-robin').paths[0]!.consistency).toMatchObject({ class: 'eventual', satisfied: false });
  });

  it('write paths and paths without a store have no consistency class', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 1, readFraction: 0.5 }), comp('pay', 'external'), comp('db', 'database')],
        [edge('c', 'pay'), edge('c', 'db')],
      ),
    );
    const byKey = Object.fromEntries(a.paths.map((p) => [`${p.traffic} ${p.to}`, p.consistency?.class ?? null]));
    expect(byKey).toEqual({ 'reads pay': null, 'reads db': 'strong', 'writes pay': null, 'writes db': null });
  });
});
