/**
 * Scenarios applied to a copy of the model: each step's effect on the model and on its figures
 * (hand-computed on the capacity plan: users 10 k rps of reads, app 20 × 857 rps, redis 80 % hit,
 * flights-db 4 read replicas of 2,000 rps), the original untouched, unchanged components shared.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Analysis } from '../../../src/core/analysis/types.js';
import type { Model } from '../../../src/core/model.js';
import { applyScenario, runScenario, scenariosOf } from '../../../src/core/scaling/index.js';
import { capacityPlan, scenario, withScenarios } from './scenario-helpers.js';

const util = (a: Analysis, id: string) => a.components[a.componentIndex[id]!]!.utilization.value!;
const comp = (m: Model, id: string) => m.components.find((c) => c.id === id)!;
const withDb = (m: Model, changes: Partial<Model['components'][number]>): Model => ({
  ...m,
  components: m.components.map((c) => (c.id === 'flights-db' ? { ...c, ...changes } : c)),
});
const replicaLoad = (a: Analysis, id: string) => a.components[a.componentIndex[id]!]!.store!.replica!.load.value!;

describe('applyScenario: each step on a copy of the model', () => {
  it('load 3 x multiplies every client, shares the other components, leaves the original alone', async () => {
    const model = await capacityPlan();
    const before = JSON.stringify(model);
    const m = applyScenario(model, scenario(model, 'peak', [{ kind: 'load', factor: 3 }]));
    expect(JSON.stringify(model)).toBe(before);
    expect(comp(m, 'users').rateRps).toBe(30_000);
    expect(comp(model, 'users').rateRps).toBe(10_000);
    for (const id of ['resolver', 'lb', 'app', 'redis', 'flights-db']) expect(comp(m, id)).toBe(comp(model, id));
    const a = analyze(m);
    expect(util(a, 'app')).toBeCloseTo(30_000 / (20 * 857), 9);
    expect(replicaLoad(a, 'flights-db')).toBeCloseTo(1_500, 9); // 20 % of 30 k over 4 replicas
  });

  it('set merges the written properties into one component, keeping where it is written', async () => {
    const model = await capacityPlan();
    const m = applyScenario(
      model,
      scenario(model, 'rate', [{ kind: 'set', component: 'users', changes: { rateRps: 25_000 } }]),
    );
    expect(comp(m, 'users').rateRps).toBe(25_000);
    expect(comp(m, 'users').nameLocation).toBe(comp(model, 'users').nameLocation);
    expect(util(analyze(m), 'app')).toBeCloseTo(25_000 / (20 * 857), 9);
  });

  it('fail app 2 removes two instances: 10 k over 18 × 857 rps', async () => {
    const model = await capacityPlan();
    const m = applyScenario(
      model,
      scenario(model, 'two', [{ kind: 'fail', component: 'app', part: 'instances', count: 2 }]),
    );
    expect(comp(m, 'app').instances).toBe(18);
    expect(comp(m, 'app').autoscale).toEqual({ min: 12, max: 40 });
    expect(util(analyze(m), 'app')).toBeCloseTo(10_000 / (18 * 857), 9);
  });

  it('fail on an autoscaled pool without fixed instances lowers the minimum, keeps the maximum', async () => {
    const model = await capacityPlan();
    const app = comp(model, 'app');
    const m0: Model = {
      ...model,
      components: model.components.map((c) => (c === app ? { ...c, instances: undefined } : c)),
    };
    const m = applyScenario(m0, scenario(m0, 'two', [{ kind: 'fail', component: 'app', part: 'instances', count: 2 }]));
    expect(comp(m, 'app').autoscale).toEqual({ min: 10, max: 40 });
    expect(util(analyze(m), 'app')).toBeCloseTo(10_000 / (10 * 857), 9);
  });

  it('fail flights-db replica 1: the 2,000 reads over 3 replicas', async () => {
    const model = await capacityPlan();
    const m = applyScenario(model, scenario(model, 'r', [{ kind: 'fail', component: 'flights-db', part: 'replicas' }]));
    expect(comp(m, 'flights-db').replicas).toBe(3);
    const a = analyze(m);
    expect(replicaLoad(a, 'flights-db')).toBeCloseTo(2_000 / 3, 9);
    expect(util(a, 'flights-db')).toBeCloseTo(2_000 / 3 / 2_000, 9);
  });

  it('fail redis: the cache is passed through, the database takes every read (10 k over 4 replicas: 125 %)', async () => {
    const model = await capacityPlan();
    const m = applyScenario(model, scenario(model, 'cold', [{ kind: 'fail', component: 'redis' }]));
    const redis = comp(m, 'redis');
    expect(redis.hitRatio).toBe(0);
    expect(redis.capacityRps).toBeUndefined();
    const a = analyze(m);
    expect(replicaLoad(a, 'flights-db')).toBeCloseTo(2_500, 9);
    expect(util(a, 'flights-db')).toBeCloseTo(1.25, 9);
    expect(a.systems[0]!.saturated).toEqual(['flights-db']);
  });

  it('fail app (the whole component): availability 0, computed through the balancer to the clients', async () => {
    const model = await capacityPlan();
    const m = applyScenario(model, scenario(model, 'down', [{ kind: 'fail', component: 'app' }]));
    expect(comp(m, 'app').availability).toBe(0);
    const a = analyze(m);
    expect(a.components[a.componentIndex.app!]!.availability.value).toBe(0);
    expect(a.systems[0]!.availability.value).toBe(0);
    expect(a.systems[0]!.meetsAvailabilitySlo).toBe(false);
  });

  it('fail shards takes their share of the requests offline: availability × (1 − k / S)', async () => {
    const model = await capacityPlan();
    const db = comp(model, 'flights-db');
    const m0: Model = { ...model, components: model.components.map((c) => (c === db ? { ...c, shards: 4 } : c)) };
    const base = analyze(m0);
    const m = applyScenario(m0, scenario(m0, 's', [{ kind: 'fail', component: 'flights-db', part: 'shards' }]));
    const a = analyze(m);
    const avail = (x: Analysis) => x.components[x.componentIndex['flights-db']!]!.availability.value!;
    expect(avail(a)).toBeCloseTo(avail(base) * 0.75, 12);
    // the surviving shards' nodes carry what they carried
    expect(util(a, 'flights-db')).toBeCloseTo(util(base, 'flights-db'), 12);
  });
});

describe('fail zone: instances, replicas and shards spread evenly, a zone holds ceil(n / zones)', () => {
  it('the survivors carry the load over the remaining instances (oracle)', async () => {
    const model = await capacityPlan();
    const zoned: Model = {
      ...model,
      components: model.components.map((c) =>
        c.id === 'app' || c.id === 'flights-db' || c.id === 'redis' ? { ...c, zones: 3 } : c,
      ),
    };
    const m = applyScenario(zoned, scenario(zoned, 'az', [{ kind: 'fail-zone' }]));
    expect(comp(m, 'app').instances).toBe(13); // 20 over 3 zones: 7, 7, 6
    expect(comp(m, 'redis').instances).toBe(2);
    expect(comp(m, 'flights-db').replicas).toBe(2); // 5 nodes: 2 in zone 0 (the primary among them)
    expect(comp(m, 'lb')).toBe(comp(zoned, 'lb')); // not zoned: stands elsewhere
    const a = analyze(m);
    expect(util(a, 'app')).toBeCloseTo(10_000 / 857 / 13, 9);
    expect(replicaLoad(a, 'flights-db')).toBeCloseTo(1_000, 9);
  });

  it('the system default applies to every pool and store; two zones of three leave a third', async () => {
    const model = await capacityPlan();
    const sys = model.systems[0]!;
    const zoned: Model = { ...model, systems: [{ ...sys, settings: { ...sys.settings, zones: 3 } }] };
    const m = applyScenario(zoned, scenario(zoned, 'az2', [{ kind: 'fail-zone', count: 2 }]));
    expect(comp(m, 'app').instances).toBe(6);
    // lb's 2 instances sit in zones 0 and 1: both lost, it is down (and its callers see it)
    expect(comp(m, 'lb').availability).toBe(0);
    expect(comp(m, 'lb').instances).toBe(2);
  });
});

describe('fail zone on stores', () => {
  it('a sharded store without replicas: the zone holds half of its 4 one-node shards, their share fails', async () => {
    const model = await capacityPlan();
    const sharded = withDb(model, { shards: 4, replicas: undefined, readFrom: undefined, zones: 2 });
    const base = analyze(sharded);
    const m = applyScenario(sharded, scenario(sharded, 'az', [{ kind: 'fail-zone' }]));
    expect(comp(m, 'flights-db').offlineShare).toBe(0.5);
    const a = analyze(m);
    const avail = (x: Analysis) => x.components[x.componentIndex['flights-db']!]!.availability.value!;
    expect(avail(a)).toBeCloseTo(avail(base) * 0.5, 12);
  });

  it('a quorum keeps n − ⌈n / Z⌉ nodes; a class whose quorum cannot form fails', async () => {
    const model = await capacityPlan();
    const q = withDb(model, { quorum: { n: 3, r: 2, w: 2 }, zones: 3 });
    const m = applyScenario(q, scenario(q, 'az', [{ kind: 'fail-zone' }]));
    expect(comp(m, 'flights-db').quorum).toEqual({ n: 2, r: 2, w: 2 });
    const two = applyScenario(q, scenario(q, 'az2', [{ kind: 'fail-zone', count: 2 }]));
    expect(comp(two, 'flights-db').availability).toBe(0);
  });
});

describe('runScenario and scenariosOf', () => {
  it('a latency target missed reads in the verdict', async () => {
    const model = await capacityPlan();
    const slow = runScenario(
      model,
      analyze(model),
      scenario(model, 'slow-db', [{ kind: 'set', component: 'flights-db', changes: { latencyMs: 300 } }]),
    );
    expect(slow.verdict.saturated).toEqual([]);
    expect(slow.verdict.meetsLatencySlo).toBe(false);
    expect(slow.verdict.text).toMatch(/^breaks: p95 3\d\d ms > 200 ms$/);
  });

  it('the verdict names what saturates, or says the SLO holds', async () => {
    const model = await capacityPlan();
    const a = analyze(model);
    const peak = runScenario(model, a, scenario(model, 'peak', [{ kind: 'load', factor: 3 }]));
    expect(peak.verdict.ok).toBe(false);
    expect(peak.verdict.saturated).toEqual(['app']);
    expect(peak.verdict.text).toBe('breaks: app at 175 %');
    const mild = runScenario(
      model,
      a,
      scenario(model, 'mild', [{ kind: 'fail', component: 'app', part: 'instances' }]),
    );
    expect(mild.verdict.ok).toBe(true);
    expect(mild.verdict.meetsLatencySlo).toBe(true);
    expect(mild.verdict.meetsAvailabilitySlo).toBe(true);
    expect(mild.verdict.text).toMatch(/^holds: p95 [\d.]+ ms, availability 99\.\d+ %$/);
    const down = runScenario(model, a, scenario(model, 'down', [{ kind: 'fail', component: 'app' }]));
    expect(down.verdict.meetsAvailabilitySlo).toBe(false);
    expect(down.verdict.text).toBe('breaks: availability 0 % < 99.9 %');
  });

  it('without an availability target, a scenario that loses a nine breaks; one that does not holds', async () => {
    const plan = await capacityPlan();
    const sys = plan.systems[0]!;
    const model: Model = { ...plan, systems: [{ ...sys, slo: { ...sys.slo!, availability: undefined } }] };
    const a = analyze(model);
    const down = runScenario(model, a, scenario(model, 'down', [{ kind: 'fail', component: 'app' }]));
    expect(down.verdict.meetsAvailabilitySlo).toBe(null);
    expect(down.verdict.ok).toBe(false);
    expect(down.verdict.text).toMatch(/^breaks: availability 0 % \(today 99\.\d+ %\)$/);
    const one = runScenario(model, a, scenario(model, 'one', [{ kind: 'fail', component: 'app', part: 'instances' }]));
    expect(one.verdict.ok).toBe(true);
    expect(one.verdict.text).toMatch(/^holds: p95 [\d.]+ ms, availability 99\.\d+ %/);
  });

  it('is computed once per analysis', async () => {
    const base = await capacityPlan();
    const model = withScenarios(base, [scenario(base, 'peak', [{ kind: 'load', factor: 3 }])]);
    const a = analyze(model);
    const first = scenariosOf(model, a);
    expect(first).toHaveLength(1);
    expect(scenariosOf(model, a)).toBe(first);
    expect(scenariosOf(model, analyze(model))).not.toBe(first);
  });
});
