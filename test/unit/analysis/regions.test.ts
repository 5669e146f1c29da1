/** Regions: a call between two regions adds the callee's system's region-latency (hand-computed). */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { buildGraph } from '../../../src/core/analysis/graph.js';
import { regionLatency } from '../../../src/core/analysis/regions.js';
import { comp, edge, model } from './helpers.js';
import type { Component } from '../../../src/core/model.js';

const build = (appRegion: string | undefined, settings: { region?: string; regionLatencyMs?: number }) => {
  const comps: Component[] = [
    comp('c', 'client', { rateRps: 10 }),
    comp('app', 'service', { latencyMs: 20, instances: 4, ...(appRegion ? { region: appRegion } : {}) }),
    comp('db', 'database', { latencyMs: 5 }),
  ];
  return model(comps, [edge('c', 'app'), edge('app', 'db')], settings);
};

describe('regionLatency', () => {
  it('a call into another region adds region-latency; same or unknown region adds 0', () => {
    const g = buildGraph(build('us-east', { region: 'eu-west', regionLatencyMs: 80 }));
    // c (eu-west) -> app (us-east): crosses; app (us-east) -> db (eu-west): crosses
    expect(regionLatency(g, 0)).toBe(80);
    expect(regionLatency(g, 1)).toBe(80);
    const same = buildGraph(build(undefined, { region: 'eu-west', regionLatencyMs: 80 }));
    expect(regionLatency(same, 0)).toBe(0);
    expect(regionLatency(same, 1)).toBe(0);
    // the system has no region: app's own region alone says nothing about its callers'
    const unknown = buildGraph(build('us-east', { regionLatencyMs: 80 }));
    expect(regionLatency(unknown, 0)).toBe(0);
    // regions differ but no latency given
    const noLatency = buildGraph(build('us-east', { region: 'eu-west' }));
    expect(regionLatency(noLatency, 0)).toBe(0);
  });

  it("the callee's system's region-latency counts (a call into another system)", () => {
    const comps = [comp('c', 'client', { rateRps: 10 }, 'a'), comp('api', 'service', { latencyMs: 10 }, 'b')];
    const m = model(comps, [edge('c', 'api', {}, 'a')]);
    m.systems.find((s) => s.name === 'a')!.settings.region = 'eu-west';
    m.systems.find((s) => s.name === 'a')!.settings.regionLatencyMs = 30;
    m.systems.find((s) => s.name === 'b')!.settings.region = 'us-east';
    m.systems.find((s) => s.name === 'b')!.settings.regionLatencyMs = 90;
    expect(regionLatency(buildGraph(m), 0)).toBe(90);
  });

  it('a cross-region call adds exactly region-latency to the request mean and every percentile', () => {
    const local = analyze(build(undefined, { region: 'eu-west', regionLatencyMs: 80 }));
    // only app -> db crosses: app in us-east calls db (eu-west); c -> app crosses too
    const one = analyze(build('us-east', { region: 'eu-west', regionLatencyMs: 80 }));
    const req = (a: typeof local) => a.requests.find((r) => r.client === 'c')!.latency;
    const path = (a: typeof local) => a.paths.find((p) => p.from === 'c')!.latency;
    // two crossings (c -> app, app -> db): 2 × 80 ms on the mean, the median and the p95
    for (const k of ['mean', 'p50', 'p95'] as const) {
      expect(req(one)[k].value! - req(local)[k].value!).toBeCloseTo(160, 6);
      expect(path(one)[k].value! - path(local)[k].value!).toBeCloseTo(160, 6);
    }
  });
});
