/**
 * Fan-out copies arrive together: a call with fan-out n sends n copies at once, each to an
 * instance picked at random (or all to one shared queue), so the callee's queues see batch
 * arrivals (M^X/M/c), not Poisson (with c servers an approximation: wider tolerances). Checked against the whole-model simulation on a plain
 * client → service → fanned-out external model; the caller's slowest-of-n through
 * `fanoutGroups` (dispatch.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { buildGraph } from '../../../src/core/analysis/graph.js';
import { ownService, serviceModel } from '../../../src/core/analysis/component.js';
import { fanoutGroups } from '../../../src/core/analysis/dispatch.js';
import { add, constant, maxOf, quantile } from '../../../src/core/analysis/stats.js';
import { byId, comp, edge, model } from './helpers.js';
import { compareLatency } from './sim-compare.js';

const RATE = 100;

/** users → svc (no capacity) → ext (k instances of c servers at utilisation ρ), fan-out n. */
function fanned(n: number, k: number, rho: number, c = 1) {
  const capacityRps = (RATE * n) / (rho * k);
  const serviceTimeMs = (c / capacityRps) * 1000;
  return model(
    [
      comp('users', 'client', { rateRps: RATE }),
      comp('svc', 'service', {}),
      comp('ext', 'external', { instances: k, serviceTimeMs, ...(c > 1 ? { capacityRps } : {}) }),
    ],
    [edge('users', 'svc'), edge('svc', 'ext', { fanout: n })],
  );
}

describe('fan-out: batch arrivals at the callee', () => {
  it('one instance: M^X/M/1, Wq = (ρ + ahead)·S/(1 − ρ) with ahead = (n − 1)/2', () => {
    const m = fanned(3, 1, 0.5);
    const S = 0.5 / 0.3; // ms: ρ 0.5 at 300 copies a second
    const ext = byId(analyze(m), 'ext');
    expect(ext.endToEnd.mean.value).toBeCloseTo(S + ((0.5 + 1) * S) / 0.5, 6); // 4S
  });

  it.each([
    // fan-out, instances, utilisation, servers per instance
    [3, 1, 0.5, 1],
    [3, 3, 0.5, 1],
    [3, 2, 0.7, 1],
    [2, 4, 0.7, 1],
    [2.5, 2, 0.6, 1],
    [3, 1, 0.7, 2],
    [3, 2, 0.7, 4],
  ])('fan-out %d over %i instances at ρ %d, %i servers each: agrees with the simulation', (n, k, rho, c) => {
    const m = fanned(n, k, rho, c);
    const rows = compareLatency(m, 300);
    for (const [figure, tol] of [
      ['mean', 0.04],
      ['p50', c > 1 ? 0.07 : 0.05],
      ['p95', c > 1 ? 0.07 : 0.05],
      ['p99', c > 1 ? 0.1 : 0.08],
    ] as const) {
      const r = rows.get(`ext reads ${figure}`)!;
      expect(r, `ext ${figure}`).toBeDefined();
      expect(Math.abs(r.difference), `ext ${figure}: ${r.analytic} vs ${r.simulated}`).toBeLessThan(tol);
    }
    // the caller's slowest copy, by fanoutGroups: the last of each instance's group
    const g = buildGraph(m);
    const sm = serviceModel(g, g.index.get('ext')!);
    const fan = fanoutGroups(
      g,
      g.edges.findIndex((e) => e.to === 'ext'),
      sm,
    )!;
    expect(fan).not.toBeNull();
    const call = maxOf(add(ownService(sm, RATE * n, 0).own[0], constant(fan.lagMs)), fan.groups);
    for (const [figure, value, tol] of [
      ['mean', call.mean, 0.08],
      ['p95', quantile(call, 0.95), 0.06],
      ['p99', quantile(call, 0.99), c > 1 ? 0.1 : 0.08],
    ] as const) {
      const s = rows.get(`svc reads ${figure}`)!.simulated;
      expect(Math.abs(value / s - 1), `svc ${figure}: ${value} vs ${s}`).toBeLessThan(tol);
    }
  });

  it('no batches without fan-out, nor under round-robin', () => {
    const g = buildGraph(fanned(1, 3, 0.5));
    expect(serviceModel(g, g.index.get('ext')!).batch).toBeNull();
    const rr = model(
      [
        comp('users', 'client', { rateRps: RATE }),
        comp('lb', 'loadbalancer', { algorithm: 'round-robin' }),
        comp('ext', 'service', { instances: 3, serviceTimeMs: 5 }),
      ],
      [edge('users', 'lb'), edge('lb', 'ext', { fanout: 2 })],
    );
    const h = buildGraph(rr);
    expect(serviceModel(h, h.index.get('ext')!).batch).toBeNull();
  });
});
