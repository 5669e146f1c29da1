import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Model } from '../../../src/core/model.js';
import { growth } from '../../../src/core/scaling/index.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ROOT } from '../helpers.js';

const modelOf = async (text: string) => (await loadTexts({ '/w/a.arch': text })).model;
const capacityPlan = () => modelOf(readFileSync(join(ROOT, 'test/fixtures/scaling/capacity-plan.arch'), 'utf8'));

/** Growth set on the loaded model (the syntax `growth 8 % per month` is another helper's). */
function withGrowth(model: Model, g: number, client?: string): Model {
  if (client) {
    const c = model.components.find((x) => x.id === client)!;
    c.growthPerMonth = g;
  } else model.systems[0]!.settings.growthPerMonth = g;
  return model;
}

describe('growth month by month', () => {
  it('is null without a growth rate', async () => {
    const m = await capacityPlan();
    expect(growth(m, analyze(m))).toBeNull();
  });

  it('a component at utilisation u saturates after ln(1/u) / ln(1 + g) months (oracle: app at 58.3 %, 10 %: 5.66)', async () => {
    const m = withGrowth(await capacityPlan(), 0.1);
    const gr = growth(m, analyze(m))!;
    expect(gr.horizonMonths).toBe(12);
    expect(gr.rates).toEqual({ users: 0.1 });
    const app = gr.events.find((e) => e.kind === 'saturates' && e.component === 'app')!;
    const u = 10_000 / (20 * 857);
    expect(app.month).toBeCloseTo(Math.log(1 / u) / Math.log(1.1), 6);
    // the oracle's 5.66 is for u rounded to 0.583; app's u is 0.58343
    expect(Math.log(1 / 0.583) / Math.log(1.1)).toBeCloseTo(5.66, 2);
    expect(app.month).toBeCloseTo(5.653, 3);
    expect(app.text).toBe('app saturates after 5.65 months (58.3 % today)');
    // autoscaling runs out when the instances needed at 70 % pass 40: 11.67 × 1.1^t / 0.7 = 40
    const out = gr.events.find((e) => e.kind === 'autoscale-max')!;
    expect(out.month).toBeCloseTo(Math.log((40 * 0.7) / (10_000 / 857)) / Math.log(1.1), 6);
    // beyond the horizon: app at 40 instances (12.9 months), the read replicas (14.5 months)
    expect(gr.events.filter((e) => e.kind === 'saturates').map((e) => e.component)).toEqual(['app']);
    expect(gr.events.map((e) => e.month)).toEqual([...gr.events.map((e) => e.month)].sort((a, b) => a - b));
    // the timeline: 4 points a month, utilisation compounding
    expect(gr.timeline.months).toHaveLength(49);
    const tl = gr.timeline.components.find((c) => c.component === 'app')!;
    expect(tl.utilization[48]).toBeCloseTo(u * Math.pow(1.1, 12), 9);
  });

  it('the p95 SLO is first missed where a fresh analysis of the grown load misses it', async () => {
    const m = withGrowth(await capacityPlan(), 0.1);
    const gr = growth(m, analyze(m))!;
    const slo = gr.events.find((e) => e.kind === 'slo' && e.target === 'p95')!;
    expect(slo.request).toEqual({ client: 'users', traffic: 'reads' });
    const p95At = (t: number) => {
      const grown: Model = {
        ...m,
        components: m.components.map((c) => (c.id === 'users' ? { ...c, rateRps: 10_000 * Math.pow(1.1, t) } : c)),
      };
      return analyze(grown).requests[0]!.latency.p95.value ?? Infinity;
    };
    expect(p95At(slo.month)).toBeLessThanOrEqual(200);
    expect(p95At(slo.month * 1.001)).toBeGreaterThan(200);
    // before the app saturates: its queue grows without bound there
    const app = gr.events.find((e) => e.kind === 'saturates' && e.component === 'app')!;
    expect(slo.month).toBeLessThan(app.month);
    // the timeline's p95 is the analysis's at month 0
    expect(gr.timeline.clients[0]!.p95[0]).toBeCloseTo(analyze(m).requests[0]!.latency.p95.value!, 9);
  });

  it('clients growing at different rates: loads add per client', async () => {
    const m = withGrowth(
      withGrowth(
        await modelOf(`system s {
  client a { rate 300 rps }
  client b { rate 200 rps }
  service app { instances 1 capacity 1 k rps }
  a -> app
  b -> app
}`),
        0.2,
        'a',
      ),
      0.05,
      'b',
    );
    const gr = growth(m, analyze(m))!;
    expect(gr.rates).toEqual({ a: 0.2, b: 0.05 });
    const t = gr.events.find((e) => e.component === 'app')!.month;
    expect(0.3 * Math.pow(1.2, t) + 0.2 * Math.pow(1.05, t)).toBeCloseTo(1, 8);
  });

  it('a store fills with writes growing: ∫ (1 + g)^τ dτ of the write rate, from empty', async () => {
    const m = withGrowth(
      await modelOf(`system s {
  settings { horizon 5 years }
  client c { rate 100 rps reads 0 % payload 10 KB }
  database db { storage 1 TB }
  c -> db
}`),
      0.05,
    );
    const a = analyze(m);
    const gr = growth(m, a)!;
    expect(gr.horizonMonths).toBeCloseTo(60, 9);
    const full = gr.events.find((e) => e.kind === 'storage-full')!;
    const perMonth = 100 * 10_000 * m.systems[0]!.settings.monthSeconds; // bytes a month today
    expect(perMonth).toBeCloseTo(a.components[a.componentIndex['db']!]!.storage!.growthPerMonth.value!, 3);
    // 1 TB = perMonth × ((1.05)^t − 1) / ln 1.05
    expect(full.month).toBeCloseTo(Math.log(1 + (1e12 * Math.log(1.05)) / perMonth) / Math.log(1.05), 6);
    expect(full.month).toBeLessThan(a.components[a.componentIndex['db']!]!.storage!.monthsUntilFull.value!);
  });
});

describe('growth of clients at different rates and an SLO', () => {
  it('the p95 SLO month matches a fresh analysis with each client grown at its own rate', async () => {
    const m = await modelOf(`system s {
  slo { p95 40 ms }
  client a { rate 300 rps growth 20 % per month }
  client b { rate 200 rps growth 2 % per month }
  service app { instances 1 capacity 1 k rps }
  a -> app
  b -> app
}`);
    const gr = growth(m, analyze(m))!;
    const slo = gr.events.find((e) => e.kind === 'slo')!;
    const p95At = (t: number) => {
      const grown: Model = {
        ...m,
        components: m.components.map((c) =>
          c.id === 'a'
            ? { ...c, rateRps: 300 * Math.pow(1.2, t) }
            : c.id === 'b'
              ? { ...c, rateRps: 200 * Math.pow(1.02, t) }
              : c,
        ),
      };
      return Math.max(...analyze(grown).requests.map((q) => q.latency.p95.value ?? Infinity));
    };
    expect(slo.month).toBeGreaterThan(0);
    expect(p95At(slo.month)).toBeLessThanOrEqual(40);
    expect(p95At(slo.month * 1.001)).toBeGreaterThan(40);
  });
});

describe('growth written in the language', () => {
  it('`growth 10 % per month` on a client, and in settings for every client of the system', async () => {
    const onClient = await modelOf(`system s {
  client users { rate 1 k rps growth 10 % per month }
  service app { instances 3 capacity 500 rps }
  users -> app
}`);
    const g1 = growth(onClient, analyze(onClient))!;
    expect(g1.rates).toEqual({ users: expect.closeTo(0.1, 12) });
    const sat = g1.events.find((e) => e.kind === 'saturates')!;
    expect(sat.month).toBeCloseTo(Math.log(1.5) / Math.log(1.1), 6);
    const inSettings = await modelOf(`system s {
  settings { growth 10 % per month }
  client users { rate 1 k rps }
  client partners { rate 500 rps growth 0 % per month }
  service app { instances 3 capacity 1 k rps }
  users -> app
  partners -> app
}`);
    const g2 = growth(inSettings, analyze(inSettings))!;
    expect(g2.rates).toEqual({ users: expect.closeTo(0.1, 12) });
    // 1,000 growing and 500 flat against 3,000: 1000 × 1.1^t + 500 = 3000
    expect(g2.events.find((e) => e.kind === 'saturates')!.month).toBeCloseTo(Math.log(2.5) / Math.log(1.1), 6);
  });
});
