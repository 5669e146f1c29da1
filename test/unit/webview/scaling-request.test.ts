/**
 * The server side of the Scaling view and the scenario picker: archscale/scaling answers (valid by
 * the shared zod schemas, JSON-safe: unbounded values as null), the diagram drawn under a
 * scenario (its loads and colours, its findings only), the message schemas, and the sweep's trip
 * to the page and back (charts/wire.ts: Infinity ↔ null, only the charted components sent).
 */
import { readFileSync } from 'node:fs';
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { pickComponents } from '../../../src/charts/select.js';
import { growthFromWire, sweepFromWire, sweepToWire } from '../../../src/charts/wire.js';
import { analyze } from '../../../src/core/analysis/index.js';
import { sweepOf } from '../../../src/core/scaling/index.js';
import type { Sweep } from '../../../src/core/scaling/types.js';
import { ArchscaleWorkspace, memoryFs } from '../../../src/language/workspace.js';
import { diagramResponse } from '../../../src/server/diagram.js';
import { scalingResponse } from '../../../src/server/scaling.js';
import {
  DiagramParams,
  DiagramResponse,
  FromWebview,
  PreviewState,
  ScalingParams,
  ScalingResponse,
  ToWebview,
  WireSweep,
} from '../../../src/shared/messages.js';
import { ROOT, load } from '../helpers.js';

const plan = readFileSync(`${ROOT}/samples/capacity-plan.arch`, 'utf8');
/** The capacity plan with two scenarios and a growth rate. */
export const PLAN_WITH_SCENARIOS = plan
  .replace('client users { rate 10 k rps', 'client users { growth 8 % per month rate 10 k rps')
  .replace(/\}\s*$/, '\n  scenario black-friday { load 3 x }\n  scenario redis-down { fail redis }\n}\n');

async function workspace(files: Record<string, string>) {
  const ws = new ArchscaleWorkspace(memoryFs(files));
  ws.addFiles(Object.keys(files));
  await ws.build();
  return {
    diagram: (p: string, scenario?: string) =>
      diagramResponse(ws.shared, ws.services.insight.InsightService, URI.file(p).toString(), scenario),
    scaling: (p: string, scenario?: string) =>
      scalingResponse(ws.shared, ws.services.insight.InsightService, URI.file(p).toString(), scenario),
  };
}
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('archscale/scaling', () => {
  it('answers the capacity plan: JSON-safe, valid, the sweep and the growth timeline', async () => {
    const w = await workspace({ '/w/plan.arch': PLAN_WITH_SCENARIOS });
    const r = w.scaling('/w/plan.arch');
    // what travels is JSON: no Infinity turned into null by accident, the schema holds after the trip
    expect(ScalingResponse.parse(json(r))).toEqual(r);
    expect(r.error).toBeUndefined();
    const s = r.sweep!;
    expect(s.systems[0]!.lens).toContain('breaks at 1.71× (app)');
    expect(s.components.map((c) => c.component)).toContain('app');
    // unbounded response times past app's saturation travel as null
    const users = s.clients.find((c) => c.client === 'users')!;
    expect(users.p95.at(-1)).toBeNull();
    expect(users.p95[0]).toBeGreaterThan(0);
    expect(r.growth!.rates).toEqual({ users: expect.closeTo(0.08, 9) });
    expect(r.growth!.events.some((e) => e.kind === 'saturates' && e.component === 'app')).toBe(true);
    expect(r.timings!.sweep).toBeLessThan(2_000);
  });

  it('sweeps a scenario; says why when it cannot: unknown scenario, syntax error, no client', async () => {
    const w = await workspace({
      '/w/plan.arch': PLAN_WITH_SCENARIOS,
      '/w/broken.arch': 'system s {\n  service api { instances 2 }\n  api -> {{\n}\n',
      '/w/none.arch': 'system s {\n  service api { instances 2 capacity 100 rps }\n}\n',
    });
    const today = w.scaling('/w/plan.arch').sweep!;
    const busy = w.scaling('/w/plan.arch', 'black-friday');
    expect(busy.scenario).toBe('black-friday');
    // three times the load: app saturates at a third of the multiplier
    expect(busy.sweep!.systems[0]!.firstSaturation!.multiplier).toBeCloseTo(
      today.systems[0]!.firstSaturation!.multiplier / 3,
      2,
    );
    expect(w.scaling('/w/plan.arch', 'nope')).toMatchObject({
      sweep: null,
      error: 'No scenario named nope in this model.',
    });
    expect(w.scaling('/w/broken.arch')).toMatchObject({ sweep: null, error: expect.stringMatching(/syntax error/) });
    expect(w.scaling('/w/none.arch')).toMatchObject({
      sweep: null,
      error: expect.stringMatching(/No client sends load/),
    });
    for (const r of [busy, w.scaling('/w/none.arch')]) expect(ScalingResponse.parse(json(r))).toEqual(r);
  });
});

describe('archscale/diagram under a scenario', () => {
  it('lists the scenarios with their verdicts and draws the one asked for with its loads', async () => {
    const w = await workspace({ '/w/plan.arch': PLAN_WITH_SCENARIOS });
    const today = w.diagram('/w/plan.arch');
    expect(DiagramResponse.parse(today)).toEqual(today);
    // the sample's own drills first (they hold), then the two added here
    expect(today.scenarios!.map((s) => [s.name, s.ok])).toEqual([
      ['load-test', true],
      ['slow-fares', true],
      ['replica-down', true],
      ['black-friday', false],
      ['redis-down', false],
    ]);
    expect(today.scenario).toBeUndefined();
    const down = w.diagram('/w/plan.arch', 'redis-down');
    expect(DiagramResponse.parse(down)).toEqual(down);
    // 10k reads over 4 replicas of 2,000 rps (125 %), times 1.1 × 1.1: the saturated database times
    // out, and the cache's and the app's retries each spend their 10 % budget
    expect(down.scenario).toMatchObject({ name: 'redis-down', ok: false, verdict: 'breaks: flights-db at 151 %' });
    // the database takes every read the cache served: its load and utilisation in the tooltip change
    const row = (d: DiagramResponse, key: string) => d.details['flights-db']!.rows.find(([k]) => k === key)?.[1];
    expect(row(today, 'utilisation')).not.toBe(row(down, 'utilisation'));
    expect(row(down, 'utilisation')).toMatch(/151/);
    expect(down.text).not.toBe(today.text);
    // its own scenario findings, not the other scenario's
    const messages = Object.values(down.details).flatMap((d) => d.findings.map((f) => f.message));
    expect(messages.some((m) => m.startsWith('in scenario redis-down:'))).toBe(true);
    expect(messages.some((m) => m.startsWith('in scenario black-friday:'))).toBe(false);
    // declarations still point into the file (click to reveal works under a scenario)
    expect(down.locations['flights-db']).toEqual(today.locations['flights-db']);
    const unknown = w.diagram('/w/plan.arch', 'nope');
    expect(unknown.scenario).toBeUndefined();
    expect(unknown.warnings).toContain("No scenario named nope in this model: showing today's model.");
  });
});

describe('the messages', () => {
  it('accept the scenario and Scaling view fields, reject malformed ones', () => {
    expect(DiagramParams.parse({ uri: 'file:///a.arch', scenario: 'x' })).toEqual({
      uri: 'file:///a.arch',
      scenario: 'x',
    });
    expect(ScalingParams.safeParse({ uri: 'file:///a.arch', scenario: '' }).success).toBe(false);
    expect(FromWebview.parse({ type: 'options', scaling: true, scenario: 'redis-down' })).toBeTruthy();
    expect(FromWebview.parse({ type: 'ready', scaling: true })).toBeTruthy();
    expect(FromWebview.parse({ type: 'export', format: 'svg', content: '<svg/>', subject: 'charts' })).toBeTruthy();
    expect(FromWebview.safeParse({ type: 'export', format: 'svg', content: '<svg/>', subject: 'page' }).success).toBe(
      false,
    );
    expect(PreviewState.parse({ scaling: true, scenario: 'a' })).toEqual({ scaling: true, scenario: 'a' });
    expect(
      ToWebview.safeParse({ type: 'scaling', seq: 1, title: 't', scaling: { uri: 'u', sweep: null, growth: null } })
        .success,
    ).toBe(true);
    // a sweep with Infinity in it is not JSON: the schema wants null there
    const bad = { ...sweepToWire(testSweep()) };
    bad.clients = [{ ...bad.clients[0]!, p95: [Infinity] as unknown as (number | null)[] }];
    expect(WireSweep.safeParse(json(bad)).success).toBe(true); // JSON made it null
    expect(WireSweep.safeParse({ ...bad, multipliers: ['1'] }).success).toBe(false);
  });
});

function testSweep(): Sweep {
  const M = [1, 2, 3];
  return {
    multipliers: M,
    clients: [
      {
        client: 'c',
        traffic: 'reads',
        system: 's',
        p50: [1, 2, Infinity],
        p95: [2, 4, Infinity],
        p99: [3, 6, Infinity],
      },
    ],
    components: Array.from({ length: 40 }, (_, i) => ({
      component: `x${i}`,
      system: 's',
      utilization: M.map((m) => m * 0.05 * (i + 1)),
      saturatesAt: 1 / (0.05 * (i + 1)),
      saturatesAtMax: 1 / (0.05 * (i + 1)),
      autoscaleMaxAt: null,
    })),
    breaks: [],
    bottlenecks: { fixed: [], autoscaled: [] },
    systems: [{ system: 's', firstSaturation: null, sloHoldsTo: {}, slo: {}, lens: 'l' }],
    targetUtilization: 0.7,
  };
}

describe('the sweep to the page and back', () => {
  it('keeps every number, turns Infinity into null and back, sends only the charted components', async () => {
    const s = testSweep();
    const w = json(sweepToWire(s));
    expect(w.clients[0]!.p95).toEqual([2, 4, null]);
    // 40 components, 34 saturating within 3× (utilisation ≥ 1/3 at 1×): 12 drawn, the other 22 counted
    expect(w.components).toHaveLength(12);
    expect(w.leftOut).toEqual({ s: 22 });
    const back = sweepFromWire(WireSweep.parse(w));
    expect(back.sweep.clients[0]!.p95).toEqual([2, 4, Infinity]);
    expect(pickComponents(back.sweep, 's').curves.map((c) => c.component)).toEqual(
      pickComponents(s, 's').curves.map((c) => c.component),
    );
    // the capacity plan's real sweep survives the trip
    const r = await load(plan);
    const real = sweepOf(r.model, analyze(r.model));
    const again = sweepFromWire(WireSweep.parse(json(sweepToWire(real)))).sweep;
    expect(again.clients).toEqual(real.clients);
    expect(again.systems[0]!.lens).toBe(real.systems[0]!.lens);
    expect(again.breaks.map((b) => b.text)).toEqual(real.breaks.map((b) => b.text));
    expect(growthFromWire).toBeTypeOf('function');
  });
});
