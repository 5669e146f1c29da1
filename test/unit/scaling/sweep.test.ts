import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { sweep, sweepOf } from '../../../src/core/scaling/index.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ROOT } from '../helpers.js';

async function modelOf(text: string) {
  const r = await loadTexts({ '/w/a.arch': text });
  return r.model;
}

const capacityPlan = () => modelOf(readFileSync(join(ROOT, 'test/fixtures/scaling/capacity-plan.arch'), 'utf8'));

describe('load sweep: the capacity plan (oracle)', () => {
  it('saturates first at 1.71× (app, 20 instances); autoscaled to 40 app holds to 3.43×; the read replicas are next at 4×', async () => {
    const model = await capacityPlan();
    const s = sweep(model, analyze(model));
    const sys = s.systems[0]!;
    expect(sys.firstSaturation?.component).toBe('app');
    expect(sys.firstSaturation?.multiplier).toBeCloseTo((20 * 857) / 10_000, 9);
    expect(sys.firstSaturation?.text).toBe("app saturates at 1.71× today's load (20 instances)");
    const app = s.components.find((c) => c.component === 'app')!;
    expect(app.saturatesAtMax).toBeCloseTo((40 * 857) / 10_000, 9);
    // 40 instances at 70 %: 28 instance-equivalents over 10,000 / 857 today
    expect(app.autoscaleMaxAt).toBeCloseTo((40 * 0.7 * 857) / 10_000, 9);
    expect(s.bottlenecks.fixed.map((b) => b.component).slice(0, 4)).toEqual(['app', 'flights-db', 'lb', 'redis']);
    expect(s.bottlenecks.autoscaled.map((b) => b.component).slice(0, 2)).toEqual(['app', 'flights-db']);
    expect(s.bottlenecks.autoscaled[1]!.multiplier).toBeCloseTo(4, 9); // 2,000 reads over 4 replicas of 2,000 rps
    // default range: 1.25 × the read replicas' 4× = 5×, 100 points
    expect(s.multipliers).toHaveLength(100);
    expect(s.multipliers[99]).toBe(5);
    expect(app.utilization[19]).toBeCloseTo(10_000 / 17_140, 9); // 1×
  });

  it('p95 is finite below the first saturation, Infinity above it; the p95 SLO (200 ms) holds to just below it', async () => {
    const model = await capacityPlan();
    const a = analyze(model);
    const s = sweep(model, a);
    const reads = s.clients.find((c) => c.client === 'users' && c.traffic === 'reads')!;
    // at 1× the sweep gives the analysis's own figure
    expect(reads.p95[19]).toBeCloseTo(a.requests[0]!.latency.p95.value!, 9);
    const i171 = s.multipliers.findIndex((m) => m > 1.714);
    expect(Number.isFinite(reads.p95[i171 - 1]!)).toBe(true);
    expect(reads.p95[i171]).toBe(Infinity);
    const holds = s.systems[0]!.sloHoldsTo.p95!;
    expect(holds).toBeGreaterThan(1);
    expect(holds).toBeLessThan(1.714);
    expect(s.systems[0]!.lens).toMatch(/^breaks at 1\.71× \(app\) · p95 SLO holds to 1\.\d+×$/);
    expect(s.breaks.map((b) => b.multiplier)).toEqual([...s.breaks.map((b) => b.multiplier)].sort((x, y) => x - y));
  });

  it('is computed once per analysis by sweepOf', async () => {
    const model = await capacityPlan();
    const a = analyze(model);
    expect(sweepOf(model, a)).toBe(sweepOf(model, a));
  });
});

describe('the sweep equals a fresh analysis of the scaled model', () => {
  it('at every fifth point of every sample with clients (and the pool fixtures), every request class p50/p95/p99', async () => {
    const { sampleFiles } = await import('../helpers.js');
    // connection pools wait by their load (Erlang C): the sweep's call trees must have them too
    const pools = join(ROOT, 'test/fixtures/rules/connection-exhaustion');
    const poolFixtures = Object.fromEntries(
      readdirSync(pools)
        .filter((f) => f.endsWith('.arch'))
        .map((f) => [join(pools, f), readFileSync(join(pools, f), 'utf8')]),
    );
    let checked = 0;
    for (const [path, text] of Object.entries({ ...sampleFiles(), ...poolFixtures })) {
      const r = await loadTexts({ [path]: text });
      const model = r.model;
      if (!model.components.some((c) => c.kind === 'client' && c.rateRps)) continue;
      const s = sweep(model, analyze(model), { steps: 20 });
      for (let p = 0; p < s.multipliers.length; p += 5) {
        const m = s.multipliers[p]!;
        const scaled = {
          ...model,
          components: model.components.map((c) =>
            c.kind === 'client' && c.rateRps ? { ...c, rateRps: c.rateRps * m } : c,
          ),
        };
        const a = analyze(scaled);
        for (const curve of s.clients) {
          const q = a.requests.find((x) => x.client === curve.client && x.traffic === curve.traffic)!;
          for (const key of ['p50', 'p95', 'p99'] as const) {
            const want = q.latency[key].value ?? Infinity;
            const got = curve[key][p]!;
            if (want === Infinity) expect(got, `${path} ${curve.client} ${key} at ${m}×`).toBe(Infinity);
            else expect(got, `${path} ${curve.client} ${key} at ${m}×`).toBeCloseTo(want, 6);
            checked++;
          }
        }
        for (const c of s.components) {
          const u = a.components[a.componentIndex[c.component]!]!.utilization.value;
          if (u !== null) expect(c.utilization[p]!, `${path} ${c.component} at ${m}×`).toBeCloseTo(u, 9);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the sweep on generated models', () => {
  it('equals a fresh analysis at points below and past the first saturation (shortcuts included)', async () => {
    const { generateModel } = await import('../../../src/core/analysis/index.js');
    for (const seed of [1, 2]) {
      const model = generateModel(200, seed);
      const s = sweep(model, analyze(model), { to: 0.4, steps: 20 });
      let finite = 0;
      for (const p of [0, 9, 19]) {
        const m = s.multipliers[p]!;
        const a = analyze({
          ...model,
          components: model.components.map((c) => (c.kind === 'client' ? { ...c, rateRps: c.rateRps! * m } : c)),
        });
        for (const curve of s.clients) {
          const q = a.requests.find((x) => x.client === curve.client && x.traffic === curve.traffic)!;
          const want = q.latency.p95.value ?? Infinity;
          if (want === Infinity) expect(curve.p95[p], `seed ${seed} ${curve.client} at ${m}×`).toBe(Infinity);
          else {
            finite++;
            expect(curve.p95[p], `seed ${seed} ${curve.client} at ${m}×`).toBeCloseTo(want, 6);
          }
        }
      }
      expect(finite).toBeGreaterThan(0);
    }
  });

  it('speed: sweep, lens and break points of 10,000 components cost less than 2 analyses (generous margin)', async () => {
    const { generateModel } = await import('../../../src/core/analysis/index.js');
    const model = generateModel(10_000, 7);
    let analysisMs = Infinity;
    let sweepMs = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const a = analyze(model);
      const t1 = performance.now();
      const s = sweep(model, a);
      for (const sys of s.systems) void sys.lens;
      void s.breaks.length;
      const t2 = performance.now();
      analysisMs = Math.min(analysisMs, t1 - t0);
      sweepMs = Math.min(sweepMs, t2 - t1);
    }
    // measured 0.5-0.75 analyses; a full check is several analyses long (bench: sweep-10000)
    expect(sweepMs).toBeLessThan(2 * analysisMs);
  }, 60_000);

  it('speed: every client curve of 10,000 components costs less than a fresh analysis per point evaluated (generous margin)', async () => {
    const { generateModel } = await import('../../../src/core/analysis/index.js');
    const model = generateModel(10_000, 7);
    const a = analyze(model);
    const m = sweep(model, a).multipliers[0]!;
    const scaled = {
      ...model,
      components: model.components.map((c) => (c.kind === 'client' ? { ...c, rateRps: c.rateRps! * m } : c)),
    };
    let freshMs = Infinity;
    let curvesMs = Infinity;
    let points = 0;
    for (let r = 0; r < 2; r++) {
      const t0 = performance.now();
      analyze(scaled);
      const t1 = performance.now();
      const clients = sweep(model, a).clients;
      const t2 = performance.now();
      freshMs = Math.min(freshMs, t1 - t0);
      curvesMs = Math.min(curvesMs, t2 - t1);
      points = Math.max(...clients.map((c) => c.p95.filter(Number.isFinite).length));
    }
    // every point below saturation evaluates the call trees with their mixtures' branches again,
    // as a fresh analysis at that load does (its percentiles): measured 0.4-0.8 of one per point
    expect(points).toBeGreaterThan(0);
    expect(points).toBeLessThan(100);
    expect(curvesMs).toBeLessThan(2.5 * points * freshMs);
  }, 120_000);
});

describe('synchronous calls that loop', () => {
  it("give the analysis's figures (the call tree walked in its order)", async () => {
    const model = (
      await loadTexts({
        '/w/a.arch': `system s {
  service b { instances 1 capacity 400 rps latency 3 ms }
  service a { instances 1 capacity 300 rps latency 1 ms }
  service d { instances 1 capacity 500 rps latency 7 ms }
  client c { rate 100 rps }
  c -> a
  a -> b
  b -> a
  b -> d
  d -> b
}`,
      })
    ).model;
    const s = sweep(model, analyze(model), { to: 2, steps: 4 });
    for (const [p, m] of s.multipliers.entries()) {
      const a = analyze({
        ...model,
        components: model.components.map((c) => (c.kind === 'client' ? { ...c, rateRps: c.rateRps! * m } : c)),
      });
      const want = a.requests[0]!.latency.p95.value ?? Infinity;
      if (want === Infinity) expect(s.clients[0]!.p95[p]).toBe(Infinity);
      else expect(s.clients[0]!.p95[p], `at ${m}×`).toBeCloseTo(want, 6);
    }
  });
});
