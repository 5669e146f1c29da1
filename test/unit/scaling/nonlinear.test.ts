import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { efficiency, failover, failoverSizing, growth, sweep } from '../../../src/core/scaling/index.js';
import { grownModel, scaledModel } from '../../../src/core/scaling/nonlinear.js';
import { loadTexts } from '../../../src/language/workspace.js';

async function modelOf(text: string) {
  return (await loadTexts({ '/w/a.arch': text })).model;
}

const utilizationAt = (model: Parameters<typeof analyze>[0], id: string, m: number) => {
  const a = analyze(scaledModel(model, m));
  return a.components[a.componentIndex[id]!]!.utilization.value!;
};

// 100 rps today into a 400 rps pool: 25 % busy, so 4× on the closed form. A 30 ms timeout with a
// retry: as the pool fills its response times pass 30 ms more often, each timed-out attempt is
// sent again, which fills it more: it saturates well before 4×.
const RETRIED = `system s {
  slo { p95 20 ms }
  client c { rate 100 rps }
  service api { instances 4 capacity 10 k rps latency 1 ms }
  service pricing { instances 1 capacity 400 rps latency 2 ms }
  c -> api
  api -> pricing { timeout 30 ms retries 1 }
}`;

describe("a component's saturation multiplier (1 / U) where the loads are not linear", () => {
  it('is left out, pointing to the sweep, where retries behind a timeout reach the component; 1 / U elsewhere', async () => {
    const model = await modelOf(RETRIED);
    const a = analyze(model);
    const pricing = a.components[a.componentIndex['pricing']!]!.saturationMultiplier;
    // 1 / 25 % = 4× would be wrong: the sweep finds 2.87×
    expect(pricing.value).toBeNull();
    expect(pricing.text).toMatch(/load sweep/);
    const api = a.components[a.componentIndex['api']!]!;
    expect(api.saturationMultiplier.value).toBeCloseTo(1 / api.utilization.value!, 9);
  });
});

describe('the sweep where retries behind a timeout make the loads grow faster than the clients', () => {
  it('saturates pricing where a fresh analysis does, before the closed form says, and says why', async () => {
    const model = await modelOf(RETRIED);
    const s = sweep(model, analyze(model));
    const sat = s.breaks.find((b) => b.kind === 'saturates' && b.component === 'pricing')!;
    // the closed form: 400 / 100 = 4×; the retries make it earlier
    expect(sat.multiplier).toBeLessThan(3.9);
    expect(sat.multiplier).toBeGreaterThan(1);
    expect(utilizationAt(model, 'pricing', sat.multiplier * (1 - 1e-4))).toBeLessThan(1);
    expect(utilizationAt(model, 'pricing', sat.multiplier * (1 + 1e-6))).toBeGreaterThanOrEqual(1);
    expect(sat.text).toMatch(
      /^pricing saturates at \d(\.\d+)?× today's load \(1 instance; retries on api → pricing: [\d.]+ attempts per call just below/,
    );
    const curve = s.components.find((c) => c.component === 'pricing')!;
    expect(curve.saturatesAt).toBe(sat.multiplier);
    expect(s.bottlenecks.fixed[0]).toEqual({ component: 'pricing', multiplier: sat.multiplier });
  });

  it('every point of the sweep equals a fresh analysis of the scaled model (utilisation and percentiles)', async () => {
    const model = await modelOf(RETRIED);
    const s = sweep(model, analyze(model), { to: 5, steps: 20 });
    let amplified = 0;
    for (const [p, m] of s.multipliers.entries()) {
      const a = analyze(scaledModel(model, m));
      const u = a.components[a.componentIndex['pricing']!]!.utilization.value!;
      expect(s.components.find((c) => c.component === 'pricing')!.utilization[p], `at ${m}×`).toBeCloseTo(u, 9);
      if (u > m * 0.25 * 1.01) amplified++;
      const want = a.requests[0]!.latency.p95.value ?? Infinity;
      const got = s.clients[0]!.p95[p]!;
      if (want === Infinity) expect(got, `at ${m}×`).toBe(Infinity);
      else expect(got, `at ${m}×`).toBeCloseTo(want, 6);
    }
    // the case is one where the loads are not linear
    expect(amplified).toBeGreaterThan(3);
  });

  it('the SLO break point is where a fresh analysis first misses it', async () => {
    const model = await modelOf(RETRIED);
    const s = sweep(model, analyze(model));
    const holds = s.systems[0]!.sloHoldsTo.p95!;
    expect(holds).toBeGreaterThan(0);
    const p95 = (m: number) => analyze(scaledModel(model, m)).requests[0]!.latency.p95.value ?? Infinity;
    expect(p95(holds)).toBeLessThanOrEqual(20);
    expect(p95(holds * 1.001)).toBeGreaterThan(20);
  });

  it('growth: pricing saturates in the month the sweep says, and the timeline equals fresh analyses of the grown model', async () => {
    const model = await modelOf(RETRIED);
    model.components.find((c) => c.id === 'c')!.growthPerMonth = 0.1;
    const a = analyze(model);
    const at = sweep(model, a).breaks.find((x) => x.kind === 'saturates' && x.component === 'pricing')!.multiplier;
    const gr = growth(model, a)!;
    const sat = gr.events.find((e) => e.kind === 'saturates' && e.component === 'pricing')!;
    // 1.1^t = the sweep's multiplier: about 11 months, within the year
    // both searched to 1e-4 relative (the multiplier here, the month in growth.ts)
    expect(sat.month).toBeCloseTo(Math.log(at) / Math.log(1.1), 3);
    const grown = (t: number) => analyze(grownModel(model, () => Math.pow(1.1, t)));
    const pricing = gr.timeline.components.find((c) => c.component === 'pricing')!;
    for (const p of [4, 20, 40, 44, 48]) {
      const f = grown(gr.timeline.months[p]!);
      expect(pricing.utilization[p], `month ${gr.timeline.months[p]}`).toBeCloseTo(
        f.components[f.componentIndex['pricing']!]!.utilization.value!,
        9,
      );
      const want = f.requests[0]!.latency.p95.value ?? Infinity;
      const got = gr.timeline.clients[0]!.p95[p]!;
      if (want === Infinity) expect(got).toBe(Infinity);
      else expect(got, `month ${gr.timeline.months[p]}`).toBeCloseTo(want, 6);
    }
    const slo = gr.events.find((e) => e.kind === 'slo')!;
    expect(grown(slo.month).requests[0]!.latency.p95.value!).toBeLessThanOrEqual(20);
    expect(grown(slo.month + 0.01).requests[0]!.latency.p95.value!).toBeGreaterThan(20);
  });

  it('failover: what the survivor carries equals a fresh analysis after the loss (its retries included)', async () => {
    // two pricing instances at 100 rps: losing one doubles the survivor's share, its response
    // times pass the 30 ms timeout more often, and the retries add load on top
    const model = await modelOf(
      RETRIED.replace('instances 1 capacity 400 rps', 'instances 2 capacity 400 rps').replace(
        'rate 100 rps',
        'rate 265 rps',
      ),
    );
    const a = analyze(model);
    const today = a.components[a.componentIndex['pricing']!]!.utilization.value!;
    const f = failover(model, a, 'pricing', 'exact')!;
    const one = analyze({
      ...model,
      components: model.components.map((c) => (c.id === 'pricing' ? { ...c, instances: 1 } : c)),
    });
    const want = one.components[one.componentIndex['pricing']!]!.utilization.value!;
    expect(f.utilizationAfter).toBeCloseTo(want, 9);
    // the closed form would be twice today's
    expect(f.utilizationAfter).toBeGreaterThan(2 * today * 1.01);
    expect(f.text).toContain(`run at ${Math.round(100 * want)} %`);
  });

  it('availability falls with load where timed-out attempts fail: its SLO break point is where a fresh analysis misses it', async () => {
    const model = await modelOf(RETRIED.replace('slo { p95 20 ms }', 'slo { availability 99.9 % }'));
    const s = sweep(model, analyze(model));
    const holds = s.systems[0]!.sloHoldsTo.availability!;
    expect(holds).toBeGreaterThan(1);
    const av = (m: number) => analyze(scaledModel(model, m)).systems[0]!.availability.value!;
    expect(av(holds)).toBeGreaterThanOrEqual(0.999);
    expect(av(holds * 1.001)).toBeLessThan(0.999);
    const br = s.breaks.find((x) => x.kind === 'slo' && x.target === 'availability')!;
    expect(br.multiplier).toBe(holds);
    expect(br.text).toMatch(
      /^s' availability SLO \(99\.9 %\) is first missed beyond [\d.]+× today's load \(timeouts and retries/,
    );
  });

  it('a scheduled job keeps its rate while the clients grow: the sweep equals fresh analyses and saturation is (400 − 200) / 100 = 2×', async () => {
    const model = await modelOf(`system s {
  client c { rate 100 rps }
  worker nightly { schedule every 1 day run 20 min rate 200 rps }
  service store-api { instances 1 capacity 400 rps latency 2 ms }
  c -> store-api
  nightly -> store-api
}`);
    const s = sweep(model, analyze(model), { to: 3, steps: 12 });
    const curve = s.components.find((c) => c.component === 'store-api')!;
    // today 300 of 400 rps: the closed form would say 1.33×; the job's 200 rps do not grow
    expect(curve.saturatesAt).toBeCloseTo(2, 9);
    for (const [p, m] of s.multipliers.entries())
      expect(curve.utilization[p], `at ${m}×`).toBeCloseTo(utilizationAt(model, 'store-api', m), 9);
  });

  it('efficiency: each instance count of the retried bottleneck saturates where a fresh analysis with that count does', async () => {
    const model = await modelOf(RETRIED);
    const [e] = efficiency(model, analyze(model));
    expect(e!.bottleneck).toBe('pricing');
    expect(e!.points.length).toBeLessThanOrEqual(12);
    for (const p of e!.points.slice(0, 3)) {
      const withN = {
        ...model,
        components: model.components.map((c) => (c.id === 'pricing' ? { ...c, instances: p.instances } : c)),
      };
      expect(utilizationAt(withN, 'pricing', p.maxMultiplier * (1 - 1e-4)), `${p.instances}`).toBeLessThan(1);
      expect(utilizationAt(withN, 'pricing', p.maxMultiplier * (1 + 1e-6)), `${p.instances}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('N+1 sizing: the count the closed form accepts is checked by a fresh analysis after the loss', async () => {
    // 276 rps on one instance: above the 70 % target with its retries (69 % without); N+1 needs
    // three, and two survivors time out less, so retry less, than today's load says (closed
    // form: 36 %; a fresh analysis with two: 35 %)
    const model = await modelOf(RETRIED.replace('rate 100 rps', 'rate 276 rps'));
    const a = analyze(model);
    const one = utilizationAt(model, 'pricing', 1);
    expect(one).toBeGreaterThan(0.7);
    const sizing = failoverSizing(model, a, 'pricing')!;
    expect(sizing.part).toBe('instances');
    expect(sizing.count).toBe(3);
    const two = analyze({
      ...model,
      components: model.components.map((c) => (c.id === 'pricing' ? { ...c, instances: 2 } : c)),
    });
    expect(sizing.utilizationAfter).toBeCloseTo(two.components[two.componentIndex['pricing']!]!.utilization.value!, 9);
  });
});
