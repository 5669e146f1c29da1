/**
 * The scaling charts (src/charts, Observable Plot) drawn into a jsdom document: the lines, the SLO
 * line at the SLO's height, the 100 % and target lines, the break points marked and labelled,
 * unbounded response times drawn to the top of the axis, and nothing breaking on empty input.
 * The sweeps here are built by hand (test data), one from the capacity-plan sample's analysis.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { chartSheet, LIGHT, scalingCharts } from '../../../src/charts/index.js';
import { latencyChart } from '../../../src/charts/latency.js';
import { growthChart } from '../../../src/charts/growth.js';
import { latencyTop, pickComponents } from '../../../src/charts/select.js';
import { utilizationChart } from '../../../src/charts/utilization.js';
import { analyze } from '../../../src/core/analysis/index.js';
import { sweepOf } from '../../../src/core/scaling/index.js';
import type { Growth, Sweep } from '../../../src/core/scaling/types.js';
import { ROOT, load } from '../helpers.js';

const doc = () => new JSDOM('<!doctype html><html><body></body></html>').window.document;
const W = 640;
const H = 260;
// frameOptions' margins: the plot's y range runs from H - 40 (bottom) to 22 (top)
const yOf = (v: number, top: number) => H - 40 - (v / top) * (H - 40 - 22);
const xOf = (m: number, end: number) => 56 + (m / end) * (W - 56 - 20);

const M = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
function testSweep(): Sweep {
  return {
    multipliers: M,
    clients: [
      {
        client: 'users',
        traffic: 'reads',
        system: 'shop',
        p50: [20, 22, 25, 30, 45, 80, Infinity, Infinity],
        p95: [50, 60, 80, 120, 250, 600, Infinity, Infinity],
        p99: [90, 110, 150, 220, 420, 900, Infinity, Infinity],
      },
    ],
    components: [
      {
        component: 'app',
        system: 'shop',
        utilization: M.map((m) => 0.3 * m),
        saturatesAt: 1 / 0.3,
        saturatesAtMax: 2 / 0.3,
        autoscaleMaxAt: 0.7 * (2 / 0.3),
      },
      {
        component: 'db',
        system: 'shop',
        utilization: M.map((m) => 0.2 * m),
        saturatesAt: 5,
        saturatesAtMax: 5,
        autoscaleMaxAt: null,
      },
    ],
    breaks: [
      {
        multiplier: 2.2,
        kind: 'slo',
        system: 'shop',
        target: 'p95',
        request: { client: 'users', traffic: 'reads' },
        text: "shop's p95 SLO (200 ms) is first missed beyond 2.2× today's load (users reads)",
      },
      {
        multiplier: 1 / 0.3,
        kind: 'saturates',
        system: 'shop',
        component: 'app',
        text: "app saturates at 3.33× today's load",
      },
    ],
    bottlenecks: { fixed: [{ component: 'app', multiplier: 1 / 0.3 }], autoscaled: [] },
    systems: [
      {
        system: 'shop',
        firstSaturation: {
          multiplier: 1 / 0.3,
          kind: 'saturates',
          system: 'shop',
          component: 'app',
          text: "app saturates at 3.33× today's load",
        },
        sloHoldsTo: { p95: 2.2 },
        slo: { p95: 200 },
        lens: 'breaks at 3.33× (app) · p95 SLO holds to 2.2×',
      },
    ],
    targetUtilization: 0.7,
  };
}

const opts = () => ({ document: doc(), theme: LIGHT, width: W, height: H });
const num = (e: Element | null | undefined, a: string) => Number(e?.getAttribute(a));
const labels = (svg: Element, cls: string) => [...svg.querySelectorAll(`g.${cls} text`)].map((t) => t.textContent);

/** The path of one series (Plot puts the description on the clipping group, the class inside it). */
const series = (svg: Element, cls: string, name: string) =>
  svg.querySelector(`g[aria-description="${name}"] g.${cls} path, g.${cls}[aria-description="${name}"] path`);

/** The points of an SVG path made of M/L commands. */
function points(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('response-time chart', () => {
  it('draws p95 and p99 per request class, the SLO line at the SLO, the SLO break and the first saturation', () => {
    const s = testSweep();
    const svg = latencyChart(s, 'shop', opts());
    expect(svg.getAttribute('data-chart')).toBe('latency');
    const top = latencyTop(s.clients, [200]);
    expect(top).toBeGreaterThan(200);
    const slo = svg.querySelector('g.slo-p95 line')!;
    expect(num(slo, 'y1')).toBeCloseTo(yOf(200, top), 0);
    expect(num(slo, 'y2')).toBeCloseTo(yOf(200, top), 0);
    expect(labels(svg, 'slo-p95-label')).toEqual(['p95 SLO 200 ms']);
    for (const p of ['p95', 'p99']) expect(series(svg, 'latency', `users reads ${p}`)).not.toBeNull();
    // the p95 line climbs to the top of the axis where it becomes unbounded (3.5×), and stops there
    const p95 = points(series(svg, 'latency', 'users reads p95')!.getAttribute('d')!);
    expect(p95).toHaveLength(7);
    expect(p95.at(-1)![0]).toBeCloseTo(xOf(3.5, 4), 0);
    expect(p95.at(-1)![1]).toBeCloseTo(22, 0);
    expect(svg.querySelectorAll('g.saturated path')).toHaveLength(1);
    // where the p95 SLO is first missed: a dot on the SLO line at 2.2×, labelled
    const dot = svg.querySelector('g.break-slo circle')!;
    expect(num(dot, 'cx')).toBeCloseTo(xOf(2.2, 4), 0);
    expect(num(dot, 'cy')).toBeCloseTo(yOf(200, top), 0);
    expect(dot.querySelector('title')?.textContent).toContain('first missed beyond 2.2×');
    expect(labels(svg, 'break-slo-label')).toEqual(['p95 SLO to 2.2×']);
    // the first saturation: a vertical line at 3.33×
    const rule = svg.querySelector('g.break-saturation line')!;
    expect(num(rule, 'x1')).toBeCloseTo(xOf(1 / 0.3, 4), 0);
    expect(labels(svg, 'break-saturation-label')).toEqual(['app saturates · 3.33×']);
    expect([...svg.querySelectorAll('.legend text')].map((t) => t.textContent)).toEqual([
      'users reads p95',
      'p99 (dashed)',
      'p95 SLO',
    ]);
  });

  it('keeps a sane axis without an SLO, and with only unbounded values', () => {
    const s = testSweep();
    s.systems[0]!.slo = {};
    s.clients[0]!.p95 = M.map(() => Infinity);
    s.clients[0]!.p99 = M.map(() => Infinity);
    const svg = latencyChart(s, 'shop', opts());
    expect(svg.querySelector('g.slo')).toBeNull();
    const d = series(svg, 'latency', 'users reads p95')?.getAttribute('d') ?? '';
    // a single point at the top: nothing to draw a line through, no NaN anywhere
    expect(svg.outerHTML).not.toMatch(/NaN|Infinity/);
    expect(d === '' || points(d).every(([, y]) => Math.abs(y - 22) < 1)).toBe(true);
  });
});

describe('utilisation chart', () => {
  it('draws each component, the 100 % and target lines, and where each saturates', () => {
    const s = testSweep();
    const svg = utilizationChart(s, 'shop', opts());
    const top = 1.3; // 0.3 × 4 = 120 % at the end, × 1.05, rounded up to a tenth
    expect(num(svg.querySelector('g.full line'), 'y1')).toBeCloseTo(yOf(1, top), 0);
    expect(num(svg.querySelector('g.target line'), 'y1')).toBeCloseTo(yOf(0.7, top), 0);
    expect(series(svg, 'utilization', 'app')).not.toBeNull();
    expect(series(svg, 'utilization', 'db')).not.toBeNull();
    // app saturates at 3.33× (a filled dot on the 100 % line); db only past the sweep (none)
    const dots = [...svg.querySelectorAll('g.break-saturates circle')];
    expect(dots).toHaveLength(1);
    expect(num(dots[0], 'cx')).toBeCloseTo(xOf(1 / 0.3, 4), 0);
    expect(num(dots[0], 'cy')).toBeCloseTo(yOf(1, top), 0);
    expect(labels(svg, 'break-saturates-label')).toEqual(['app 3.33×']);
    // app autoscales: a dashed line reaching 100 % at 6.67× (beyond the range: no marker)
    const auto = points(series(svg, 'utilization-autoscaled', 'app')!.getAttribute('d')!);
    expect(auto.at(-1)![1]).toBeCloseTo(yOf(4 / (2 / 0.3), top), 0);
    expect(svg.querySelector('text')?.textContent).toBe('Utilisation');
    expect(svg.getAttribute('aria-label')).toContain("app saturates first, at 3.33× today's load");
  });

  it('nothing saturates in range: no markers, the subtitle says so, 100 % still in view', () => {
    const s = testSweep();
    s.components = s.components.map((c) => ({
      ...c,
      utilization: M.map((m) => 0.1 * m),
      saturatesAt: 10,
      saturatesAtMax: 10,
      autoscaleMaxAt: null,
    }));
    const svg = utilizationChart(s, 'shop', opts());
    expect(svg.querySelectorAll('g.break-saturates circle')).toHaveLength(0);
    expect(svg.getAttribute('aria-label')).toContain('nothing saturates up to 4×');
    // the axis still reaches past 100 %: 1.1 at least
    expect(num(svg.querySelector('g.full line'), 'y1')).toBeCloseTo(yOf(1, 1.1), 0);
    expect(svg.outerHTML).not.toMatch(/NaN|Infinity/);
  });

  it('picks the 8 busiest and those saturating in range, at most 12, and counts the rest', () => {
    const s = testSweep();
    s.components = Array.from({ length: 30 }, (_, i) => ({
      component: `c${i}`,
      system: 'shop',
      utilization: M.map((m) => m * (0.1 + i * 0.02)),
      saturatesAt: 1 / (0.1 + i * 0.02),
      saturatesAtMax: 1 / (0.1 + i * 0.02),
      autoscaleMaxAt: null,
    }));
    const { curves, more } = pickComponents(s, 'shop');
    expect(curves).toHaveLength(12);
    expect(curves[0]!.component).toBe('c29');
    // saturating within 4×: utilisation at 1× ≥ 0.25, i.e. i ≥ 8: 22 components, 12 drawn
    expect(more).toBe(22 - 12);
    const svg = utilizationChart(s, 'shop', opts());
    expect(svg.querySelectorAll('g.utilization path')).toHaveLength(12);
    expect(svg.textContent).toContain('10 more components saturate within this range (not drawn)');
  });
});

describe('growth timeline', () => {
  it('draws utilisation by month and marks the events', () => {
    const months = Array.from({ length: 25 }, (_, i) => i);
    const g: Growth = {
      horizonMonths: 24,
      rates: { users: 0.08 },
      events: [
        { kind: 'saturates', month: 15.6, system: 'shop', component: 'app', text: 'app saturates in month 15.6' },
      ],
      timeline: {
        months,
        clients: [],
        components: [{ component: 'app', utilization: months.map((m) => 0.3 * 1.08 ** m) }],
      },
    };
    const svg = growthChart(g, 0.7, opts());
    expect(svg.getAttribute('data-chart')).toBe('growth');
    expect(series(svg, 'growth', 'app')).not.toBeNull();
    expect(num(svg.querySelector('g.growth-event line'), 'x1')).toBeCloseTo(xOf(15.6, 24), 0);
    expect(labels(svg, 'growth-event-label')).toEqual(['app saturates · month 15.6']);
    expect(svg.getAttribute('aria-label')).toContain('8 % a month over 24 months');
  });
});

describe('charts of whole sweeps', () => {
  it('nothing to draw: no clients, no components, no systems; never NaN', () => {
    const empty: Sweep = {
      multipliers: [],
      clients: [],
      components: [],
      breaks: [],
      bottlenecks: { fixed: [], autoscaled: [] },
      systems: [],
      targetUtilization: 0.7,
    };
    const c = scalingCharts(empty, null, opts());
    expect(c.systems).toEqual([]);
    expect(c.growth).toBeNull();
    const sheet = chartSheet(empty, null, opts());
    expect(sheet.outerHTML).not.toMatch(/NaN/);
    // a system with components but no client: only the utilisation chart
    const s = testSweep();
    s.clients = [];
    const one = scalingCharts(s, null, opts());
    expect(one.systems.map((x) => x.charts.map((c) => c.getAttribute('data-chart')))).toEqual([['utilization']]);
  });

  it('the capacity-plan sample: app saturates first at 1.71×, the sheet holds both charts and the break points', async () => {
    const r = await load(readFileSync(join(ROOT, 'samples/capacity-plan.arch'), 'utf8'));
    const s = sweepOf(r.model, analyze(r.model));
    const c = scalingCharts(s, null, opts());
    expect(c.systems.map((x) => x.system)).toEqual(['flight-search']);
    const [latency, util] = c.systems[0]!.charts;
    expect(latency!.querySelector('g.slo-p95')).not.toBeNull();
    expect(labels(util!, 'break-saturates-label')[0]).toBe('app 1.71×');
    const sheet = chartSheet(s, null, { ...opts(), title: 'capacity-plan.arch' });
    expect(sheet.querySelectorAll('svg.archscale-chart')).toHaveLength(2);
    expect(sheet.textContent).toContain("app saturates at 1.71× today's load");
    expect(sheet.outerHTML).not.toMatch(/NaN/);
  });
});
