/**
 * The simulation never crashes nor hangs: determinism per seed, cycles of sync and async calls,
 * saturated and zero-capacity components, absurd numbers, no clients, a large generated model, the
 * event cap, and stepping with progress and cancel. The result never holds undefined.
 */
import { describe, expect, it } from 'vitest';
import { generateModel } from '../../../src/core/analysis/index.js';
import { Engine } from '../../../src/core/simulation/engine.js';
import { createSimulation, simulate, type SimulationResult } from '../../../src/core/simulation/index.js';
import { compile } from '../../../src/core/simulation/plan.js';
import { comp, edge, model, simComp } from './helpers.js';

function undefinedPaths(x: unknown, path = '$', out: string[] = []): string[] {
  if (x === undefined) out.push(path);
  else if (Array.isArray(x)) x.forEach((v, i) => undefinedPaths(v, `${path}[${i}]`, out));
  else if (x !== null && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) undefinedPaths(v, `${path}.${k}`, out);
  return out;
}

function sane(r: SimulationResult): void {
  expect(undefinedPaths(r)).toEqual([]);
  expect(r.components.length).toBeGreaterThanOrEqual(0);
}

const small = () =>
  model(
    [
      comp('c', 'client', { rateRps: 500, readFraction: 0.7 }),
      comp('lb', 'loadbalancer', { algorithm: 'least-connections' }),
      comp('s', 'service', { instances: 3, serviceTimeMs: 2, availability: 0.99 }),
      comp('db', 'database', { serviceTimeMs: 1, replicas: 2 }),
    ],
    [edge('c', 'lb'), edge('lb', 's'), edge('s', 'db', { retries: 1 })],
  );

describe('determinism', () => {
  it('the same seed gives the same result; another seed differs', () => {
    const m = small();
    const a = simulate(m, { durationS: 5, replications: 2, seed: 42 });
    const b = simulate(m, { durationS: 5, replications: 2, seed: 42 });
    const c = simulate(m, { durationS: 5, replications: 2, seed: 43 });
    expect(a).toEqual(b);
    expect(a.events).not.toBe(c.events);
    expect(a.requests[0]!.latency.mean.value).not.toBe(c.requests[0]!.latency.mean.value);
    sane(a);
  });

  it('replications differ from one another (their own seeds)', () => {
    const r = simulate(small(), { durationS: 5, replications: 3, seed: 1 });
    const t = simComp(r, 's').throughputRps.total;
    expect(t.n).toBe(3);
    expect(t.high).toBeGreaterThan(t.low);
  });
});

describe('never crashes nor hangs', () => {
  it('a cycle of sync calls is not followed back into the stack', () => {
    const r = simulate(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('a', 'service', { serviceTimeMs: 1 }), comp('b', 'service')],
        [edge('c', 'a'), edge('a', 'b'), edge('b', 'a')],
      ),
      { durationS: 5, replications: 2 },
    );
    expect(r.stopped).toBe('done');
    expect(simComp(r, 'a').throughputRps.total.value).toBeCloseTo(100, -1);
    sane(r);
  });

  it('an async loop that never ends is cut (and noted)', () => {
    const r = simulate(
      model(
        [comp('c', 'client', { rateRps: 10 }), comp('a', 'service'), comp('b', 'service')],
        [edge('c', 'a'), edge('a', 'b', { async: true }), edge('b', 'a', { async: true })],
      ),
      { durationS: 3, replications: 1 },
    );
    expect(r.stopped).toBe('done');
    expect(r.notes.join(' ')).toMatch(/async/);
  });

  it('a saturated component is flagged, and so are its callers; the run ends', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000 }),
          comp('front', 'service', { serviceTimeMs: 0.1 }),
          comp('slow', 'service', { serviceTimeMs: 1 }),
        ],
        [edge('c', 'front'), edge('front', 'slow')],
      ),
      { durationS: 5, replications: 2 },
    );
    expect(simComp(r, 'slow').saturated).toBe(true);
    expect(simComp(r, 'slow').latencyUnreliable).toBe(true);
    expect(simComp(r, 'front').saturated).toBe(false);
    expect(simComp(r, 'front').latencyUnreliable).toBe(true);
    expect(r.requests[0]!.latencyUnreliable).toBe(true);
    sane(r);
  });

  it('a flood into a slow component: requests beyond the bound on frames in flight are refused, memory stays bounded', () => {
    const r = simulate(
      model(
        [comp('c', 'client', { rateRps: 1e6 }), comp('slow', 'service', { serviceTimeMs: 1 })],
        [edge('c', 'slow')],
      ),
      { durationS: 2.5, replications: 1 },
    );
    expect(r.stopped).toBe('done');
    expect(r.notes.join(' ')).toMatch(/refused/);
    expect(simComp(r, 'slow').saturated).toBe(true);
    expect(r.requests[0]!.success.value).toBeLessThan(0.01);
  });

  it('a healthy component is not flagged', () => {
    const r = simulate(small(), { durationS: 5, replications: 2 });
    for (const c of r.components) expect(c.saturated, c.id).toBe(false);
  });

  it('zero capacity, no instances, NaN and Infinity, huge shards', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 20 }),
          comp('zero', 'service', { capacityRps: 0 }),
          comp('none', 'service', { instances: 0, serviceTimeMs: 1 }),
          comp('weird', 'service', { serviceTimeMs: NaN, latencyMs: Infinity, availability: NaN }),
          comp('db', 'database', { shards: 1e9, replicas: Infinity, skew: NaN, serviceTimeMs: 1 }),
          comp('bad', 'client', { rateRps: Infinity }),
        ],
        [
          edge('c', 'zero', { async: true }),
          edge('c', 'none', { async: true }),
          edge('c', 'weird', { fanout: Infinity, retries: Infinity, latencyMs: NaN, share: NaN }),
          edge('c', 'db', { fanout: 50.5 }),
        ],
      ),
      { durationS: 2, replications: 1, maxEvents: 3e6 },
    );
    expect(r.stopped).toBe('done');
    expect(r.notes.join(' ')).toMatch(/fan-out capped/);
    expect(simComp(r, 'zero').saturated).toBe(true);
    expect(simComp(r, 'none').saturated).toBe(true);
    sane(r);
  });

  it('many components with absurd sizes stay within the bound on server groups', () => {
    const comps = [comp('c', 'client', { rateRps: 100 })];
    const edges = [];
    for (let i = 0; i < 400; i++) {
      comps.push(comp(`db${i}`, 'database', { shards: 1e9, replicas: 1e6, serviceTimeMs: 1 }));
      comps.push(comp(`s${i}`, 'service', { instances: 1e9, serviceTimeMs: 1 }));
      edges.push(edge('c', `db${i}`, { share: 0.01 }), edge('c', `s${i}`, { share: 0.01 }));
    }
    const r = simulate(model(comps, edges), { durationS: 2, replications: 1 });
    expect(r.stopped).toBe('done');
    expect(r.notes.some((n) => /simulated as/.test(n))).toBe(true);
    sane(r);
  });

  it('no clients: nothing happens, figures are NaN or 0', () => {
    const r = simulate(model([comp('s', 'service', { serviceTimeMs: 1 })], []), { durationS: 10 });
    expect(r.events).toBe(0);
    expect(r.stopped).toBe('done');
    expect(r.requests).toEqual([]);
    expect(simComp(r, 's').throughputRps.total.value).toBe(0);
    sane(r);
  });

  it('an empty model', () => {
    const r = simulate({ systems: [], components: [], edges: [] });
    expect(r.components).toEqual([]);
    sane(r);
  });

  it('the event cap stops a huge rate', () => {
    const r = simulate(
      model([comp('c', 'client', { rateRps: 1e12 }), comp('s', 'service', { serviceTimeMs: 1 })], [edge('c', 's')]),
      { maxEvents: 200_000 },
    );
    expect(r.stopped).toBe('event-cap');
    expect(r.events).toBeLessThanOrEqual(200_000);
    sane(r);
  });

  it('a generated model of 2,000 components runs', () => {
    const m = generateModel(2000, 3);
    const r = simulate(m, { durationS: 2, replications: 1, maxEvents: 1e6 });
    expect(r.components.length).toBe(m.components.length);
    expect(r.edges.length).toBe(m.edges.length);
    expect(r.events).toBeGreaterThan(0);
    sane(r);
  });
});

describe('memory', () => {
  it('frames are released: after a run only the requests in flight hold frames', () => {
    const m = model(
      [
        comp('c', 'client', { rateRps: 200, readFraction: 0.5 }),
        comp('lb', 'loadbalancer', { algorithm: 'least-connections' }),
        comp('s', 'service', { instances: 3, serviceTimeMs: 1, availability: 0.9 }),
        comp('kv', 'database', { serviceTimeMs: 0.5, quorum: { n: 3, r: 2, w: 2 }, availability: 0.95 }),
        comp('db', 'database', { serviceTimeMs: 0.5, replicas: 3, replication: 'semi-sync', availability: 0.95 }),
        comp('q', 'queue', { partitions: 3 }),
        comp('w', 'worker', { instances: 2, serviceTimeMs: 0.5 }),
        comp('cache', 'cache', { hitRatio: 0.5, pattern: 'write-behind' }),
      ],
      [
        edge('c', 'lb'),
        edge('lb', 's', { retries: 2 }),
        edge('s', 'kv', { fanout: 3, retries: 1 }),
        edge('s', 'cache'),
        edge('cache', 'db', { retries: 1 }),
        edge('s', 'q', { share: 0.5 }),
        edge('q', 'w'),
        edge('w', 'db'),
      ],
    );
    const p = compile(m);
    const en = new Engine(p, 1, 1000, 20_000);
    expect(en.run(1e8)).toBe(true);
    let inService = 0;
    for (let q = 0; q < p.groups; q++) inService += en.gLen[q]! + en.gBusy[q]!;
    expect(en.events).toBeGreaterThan(50_000);
    // every frame still alive belongs to a request in flight (a handful at 200 rps)
    expect(en.live).toBeLessThan(100);
    expect(en.live).toBeGreaterThanOrEqual(inService);
  });
});

describe('stepping', () => {
  it('step, progress and cancel', () => {
    const s = createSimulation(small(), { durationS: 10, replications: 2 });
    expect(s.progress()).toBe(0);
    expect(s.step(50)).toBe(false);
    const p = s.progress();
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    s.step(50);
    expect(s.progress()).toBeGreaterThan(p);
    s.cancel();
    expect(s.step(1000)).toBe(true);
    const r = s.result();
    expect(r.stopped).toBe('cancelled');
    expect(r.replications).toBe(0); // still in the warm-up
    sane(r);
  });

  it('stepping in chunks gives the same result as running through', () => {
    const m = small();
    const s = createSimulation(m, { durationS: 4, replications: 2, seed: 9 });
    let steps = 0;
    while (!s.step(777)) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(s.result()).toEqual(simulate(m, { durationS: 4, replications: 2, seed: 9 }));
  });
});
