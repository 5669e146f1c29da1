/**
 * Property tests: analyze never throws, never hangs, and never returns NaN or Infinity, on random
 * models (zero rates, zero capacity, 0 % and 100 % hit, huge numbers, cycles, unreachable
 * parts); where a finite figure exists it is given; load is linear in the client rates; the
 * bottleneck law holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENT_KINDS, type Model } from '../../../src/core/model.js';
import { analyze } from '../../../src/core/analysis/index.js';
import { formatAnalysisTable } from '../../../src/cli/analyze-format.js';
import { analysisToJson } from '../../../src/core/figures/json.js';
import { comp, edge, model, nonFinite, type EdgeProps, type Props } from './helpers.js';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const extreme = fc.oneof(fc.constant(0), fc.constant(1), fc.constant(1e18), fc.constant(1e-9));
const amount = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1e5, noNaN: true }) },
  { weight: 1, arbitrary: extreme },
);
const count = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 50 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 1e6, 1e18) },
);
const frac = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));

const props: fc.Arbitrary<Props> = fc.record(
  {
    rateRps: opt(amount),
    readFraction: opt(frac),
    payloadBytes: opt(amount),
    instances: opt(count),
    autoscale: opt(
      fc
        .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 40 }))
        .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) })),
    ),
    capacityRps: opt(amount),
    serviceTimeMs: opt(amount),
    latencyMs: opt(amount),
    availability: opt(frac),
    hitRatio: opt(frac),
    ttlMs: opt(amount),
    invalidate: opt(fc.constantFrom('on-write' as const, 'none' as const)),
    pattern: opt(
      fc.constantFrom(
        'cache-aside' as const,
        'read-through' as const,
        'write-through' as const,
        'write-behind' as const,
      ),
    ),
    algorithm: opt(
      fc.constantFrom('round-robin' as const, 'least-connections' as const, 'ip-hash' as const, 'sticky' as const),
    ),
    replicas: opt(count),
    replication: opt(fc.constantFrom('sync' as const, 'semi-sync' as const, 'async' as const)),
    lagMs: opt(amount),
    readFrom: opt(fc.constantFrom('primary' as const, 'replicas' as const, 'any' as const)),
    shards: opt(fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant(1e18))),
    skew: opt(fc.oneof(fc.double({ min: 1, max: 10, noNaN: true }), fc.constant(1e18))),
    quorum: opt(
      fc
        .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }))
        .map(([n, r, w]) => ({ n, r: Math.min(r, n), w: Math.min(w, n) })),
    ),
    storagePerNodeBytes: opt(amount),
    recordBytes: opt(amount),
    partitions: opt(fc.integer({ min: 1, max: 64 })),
    engine: opt(fc.constantFrom('postgres', 'cassandra', 'etcd', 'redis')),
  },
  { requiredKeys: [] },
);

const edgeProps: fc.Arbitrary<EdgeProps> = fc.record(
  {
    traffic: fc.constantFrom('all' as const, 'reads' as const, 'writes' as const),
    async: fc.boolean(),
    cdc: fc.boolean(),
    share: opt(frac),
    weight: opt(fc.double({ min: 0.01, max: 10, noNaN: true })),
    fanout: opt(fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constant(1e18))),
    retries: opt(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(1e18))),
    latencyMs: opt(amount),
    lagMs: opt(amount),
    requires: opt(fc.constantFrom('strong' as const, 'read-your-writes' as const, 'eventual' as const)),
  },
  { requiredKeys: ['traffic', 'async', 'cdc'] },
);

/** A random model: n components of random kinds, random edges (cycles and self-loops allowed). */
function randomModel(maxN: number): fc.Arbitrary<Model> {
  return fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom(...COMPONENT_KINDS), props), { minLength: n, maxLength: n }),
        fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 }), edgeProps), { maxLength: n * 3 }),
      )
      .map(([cs, es]) => {
        const comps = cs.map(([kind, p], i) => comp(`c${i}`, kind, p));
        const edges = es.map(([u, v, p]) => edge(`c${u}`, `c${v}`, { ...p, async: p.async || p.cdc }));
        return model(comps, edges);
      }),
  );
}

/** Moderate models: no extremes, so every load is finite. */
function moderateModel(maxN: number): fc.Arbitrary<Model> {
  return fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc
      .tuple(
        fc.array(
          fc.record({
            kind: fc.constantFrom(...COMPONENT_KINDS),
            rate: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e4, noNaN: true })),
            reads: frac,
            cap: opt(fc.double({ min: 1, max: 1e5, noNaN: true })),
            hit: opt(frac),
            replicas: opt(fc.integer({ min: 0, max: 5 })),
            shards: opt(fc.integer({ min: 1, max: 8 })),
          }),
          { minLength: n, maxLength: n },
        ),
        fc.array(
          fc.tuple(
            fc.nat({ max: n - 1 }),
            fc.nat({ max: n - 1 }),
            fc.constantFrom('all' as const, 'reads' as const, 'writes' as const),
            opt(frac),
            opt(fc.integer({ min: 1, max: 5 })),
          ),
          { maxLength: n * 2 },
        ),
      )
      .map(([cs, es]) =>
        model(
          cs.map((c, i) =>
            comp(`c${i}`, c.kind, {
              rateRps: c.rate,
              readFraction: c.reads,
              capacityRps: c.cap,
              hitRatio: c.hit,
              replicas: c.replicas,
              shards: c.shards,
            }),
          ),
          es.map(([u, v, traffic, share, fanout]) => edge(`c${u}`, `c${v}`, { traffic, share, fanout })),
        ),
      ),
  );
}

describe('analyze on random models', () => {
  it('never throws and never returns NaN or Infinity (figures, JSON, table)', () => {
    fc.assert(
      fc.property(randomModel(12), (m) => {
        const a = analyze(m);
        expect(nonFinite(a)).toEqual([]);
        const json = analysisToJson(a);
        expect(nonFinite(json)).toEqual([]);
        expect(JSON.stringify(json)).not.toMatch(/NaN|Infinity/);
        expect(typeof formatAnalysisTable(a)).toBe('string');
        expect(a.components).toHaveLength(m.components.length);
        expect(a.edges).toHaveLength(m.edges.length);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('stays finite on larger random graphs full of cycles', () => {
    fc.assert(
      fc.property(randomModel(60), (m) => {
        const a = analyze(m, { maxPaths: 50 });
        expect(nonFinite(a)).toEqual([]);
        expect(a.paths.length).toBeLessThanOrEqual(50);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('gives every finite figure that exists: loads always, utilisation wherever a capacity is given', () => {
    fc.assert(
      fc.property(moderateModel(15), (m) => {
        const a = analyze(m);
        for (const c of a.components) {
          expect(c.load.total.value).not.toBeNull();
          expect(c.load.total.value!).toBeGreaterThanOrEqual(0);
          if (c.hasCapacity) expect(c.utilization.value).not.toBeNull();
          if (c.hasCapacity && !c.saturated) {
            const l = c.latency;
            expect(l.mean.value).not.toBeNull();
            // ordered percentiles; an M/M/c response's p95 lies above its mean
            expect(l.p50.value!).toBeGreaterThanOrEqual(0);
            expect(l.p95.value!).toBeGreaterThanOrEqual(l.p50.value! * (1 - 1e-9));
            expect(l.p99.value!).toBeGreaterThanOrEqual(l.p95.value! * (1 - 1e-9));
            expect(l.p95.value!).toBeGreaterThan(l.mean.value! * (1 - 1e-9));
          }
        }
        for (const r of a.requests) expect(r.availability.value).not.toBeNull();
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('load is linear in the client rates (traffic equations), cycles included', () => {
    fc.assert(
      fc.property(moderateModel(15), fc.double({ min: 0.1, max: 10, noNaN: true }), (m, f) => {
        const scaled: Model = {
          ...m,
          components: m.components.map((c) => (c.kind === 'client' ? { ...c, rateRps: (c.rateRps ?? 0) * f } : c)),
        };
        const a = analyze(m);
        const b = analyze(scaled);
        a.components.forEach((c, i) => {
          const x = c.load.total.value!;
          const y = b.components[i]!.load.total.value!;
          expect(Math.abs(y - f * x)).toBeLessThanOrEqual(1e-7 * Math.max(1, f * x));
        });
      }),
      { numRuns: 200, seed: 99 },
    );
  });

  it('bottleneck law: scaling the clients to the maximum throughput puts the bottleneck at 100 %', () => {
    fc.assert(
      fc.property(moderateModel(12), (m) => {
        const a = analyze(m);
        const x = a.system.clientRate.value!;
        const xmax = a.system.maxThroughput.value;
        if (!a.system.bottleneck || xmax === null || !(x > 0) || !(xmax > 0)) return;
        const f = xmax / x;
        const scaled: Model = {
          ...m,
          components: m.components.map((c) => (c.kind === 'client' ? { ...c, rateRps: (c.rateRps ?? 0) * f } : c)),
        };
        const b = analyze(scaled);
        const i = b.componentIndex[a.system.bottleneck]!;
        expect(b.components[i]!.utilization.value).toBeCloseTo(1, 6);
        for (const c of b.components)
          if (c.utilization.value !== null) expect(c.utilization.value).toBeLessThanOrEqual(1 + 1e-6);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('component ids that are also Object.prototype names', () => {
    const a = analyze(
      model(
        [comp('__proto__', 'client', { rateRps: 1 }), comp('constructor', 'service', { capacityRps: 10 })],
        [edge('__proto__', 'constructor')],
      ),
    );
    expect(a.componentIndex['__proto__']).toBe(0);
    expect(a.components[a.componentIndex['constructor']!]!.load.total.value).toBe(1);
  });

  it('an empty model and a model of unconnected parts', () => {
    const empty = analyze({ systems: [], components: [], edges: [] });
    expect(empty.components).toEqual([]);
    expect(empty.system.maxThroughput.value).toBeNull();
    expect(nonFinite(empty)).toEqual([]);
    const islands = analyze(model([comp('a', 'service', { capacityRps: 10 }), comp('b', 'database')], []));
    expect(nonFinite(islands)).toEqual([]);
    expect(islands.system.bottleneck).toBeNull();
  });
});
