/**
 * The sweep against published numbers (the notes' flight-search example, /work/shared/oracles.md)
 * and against the simulation at three loads of the capacity plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Model } from '../../../src/core/model.js';
import { verdictOf } from '../../../src/core/simulation/compare.js';
import { simulate } from '../../../src/core/simulation/index.js';
import { sweep } from '../../../src/core/scaling/index.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ROOT } from '../helpers.js';

async function modelOf(text: string): Promise<Model> {
  const r = await loadTexts({ '/w/a.arch': text });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.model;
}

// M/M/1 calibrated to p95 = 150 ms at 100 rps: μ = 100 + ln 20 / 0.150 per second
const MU = 100 + Math.log(20) / 0.15;
const S_MS = 1000 / MU;

const flightSearch = (rate: number, servers: number, algorithm = 'random') =>
  modelOf(`system flights {
  client users { rate ${rate} rps }
  ${servers > 1 ? `loadbalancer lb { algorithm ${algorithm} }` : ''}
  service search { instances ${servers} service-time ${S_MS} ms }
  ${servers > 1 ? 'users -> lb\n  lb -> search' : 'users -> search'}
}`);

describe('the flight-search example of the notes (oracle)', () => {
  it('one server calibrated to p95 150 ms at 100 rps saturates before load doubles', async () => {
    const m = await flightSearch(100, 1);
    const s = sweep(m, analyze(m), { to: 2, steps: 2 });
    expect(s.multipliers).toEqual([1, 2]);
    const reads = s.clients[0]!;
    expect(reads.p95[0]).toBeCloseTo(150, 6);
    expect(reads.p95[1]).toBe(Infinity); // 200 rps: utilisation 1.67
    expect(s.components.find((c) => c.component === 'search')!.saturatesAt).toBeCloseTo(MU / 100, 9);
    expect(s.components.find((c) => c.component === 'search')!.utilization[1]).toBeCloseTo(200 / MU, 9);
  });

  it('three behind a balancer at 200 rps are back under 150 ms: ln 20 / (μ − 66.7) = 56.2 ms', async () => {
    const m = await flightSearch(200, 3);
    const s = sweep(m, analyze(m), { to: 1, steps: 1 });
    expect(s.clients[0]!.p95[0]).toBeCloseTo((1000 * Math.log(20)) / (MU - 200 / 3), 6);
    expect(s.clients[0]!.p95[0]).toBeCloseTo(56.2, 1);
    // round-robin's regular arrivals wait less still
    const rr = await flightSearch(200, 3, 'round-robin');
    expect(sweep(rr, analyze(rr), { to: 1, steps: 1 }).clients[0]!.p95[0]).toBeLessThan(56.2);
  });
});

const scaledBy = (model: Model, m: number): Model => ({
  ...model,
  components: model.components.map((c) => (c.kind === 'client' && c.rateRps ? { ...c, rateRps: c.rateRps * m } : c)),
});

describe('the sweep against the simulation (capacity plan at 0.5×, 1×, 1.2×)', () => {
  // At 1.5× (app at 87.5 %) the analysis itself is 14 % under the simulation's p95 (13.8 ms): a
  // gap of the analysis near saturation, not of the sweep, which equals a fresh analysis of the
  // scaled model (sweep.test.ts); docs/analysis.md section 10 says so.
  it('p95 of users reads is within the comparison tolerance at each point', async () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/scaling/capacity-plan.arch'), 'utf8');
    const model = await modelOf(text);
    const s = sweep(model, analyze(model), { to: 1.2, steps: 12 });
    const points = [4, 9, 11];
    expect(points.map((p) => s.multipliers[p])).toEqual([0.5, 1, 1.2]);
    const reads = s.clients.find((c) => c.client === 'users' && c.traffic === 'reads')!;
    for (const p of points) {
      const m = s.multipliers[p]!;
      const scaled = scaledBy(model, m);
      const rate = 10_000 * m;
      const sim = simulate(scaled, { durationS: Math.max(4, 30_000 / rate), seed: 11 + p, replications: 3 });
      const simulated = sim.requests.find((q) => q.client === 'users' && q.traffic === 'reads')!.latency.p95;
      const { verdict, difference } = verdictOf('p95', reads.p95[p]!, simulated);
      expect(verdict, `at ${m}×: sweep ${reads.p95[p]} ms, simulated ${simulated.value} ms (${difference})`).not.toBe(
        'differs',
      );
    }
  }, 120_000);
});
