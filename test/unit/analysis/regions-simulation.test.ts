/** The simulation adds region-latency to each call that crosses regions, as the analysis does. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/simulation/index.js';
import { comp, edge, model } from './helpers.js';

// a fixed 10 ms service with room to spare: the request's time is its latency plus the crossing
const build = (region?: string) =>
  model(
    [
      comp('c', 'client', { rateRps: 200 }),
      comp('s', 'service', { latencyMs: 10, capacityRps: 1e6, instances: 1, ...(region ? { region } : {}) }),
    ],
    [edge('c', 's')],
    { region: 'eu-west', regionLatencyMs: 80 },
  );

describe('regions in the simulation', () => {
  it('a crossing adds exactly region-latency to every request (mean and p50)', () => {
    const opts = { durationS: 5, replications: 3, seed: 7 };
    const local = simulate(build(), opts).requests[0]!.latency;
    const far = simulate(build('us-east'), opts).requests[0]!.latency;
    expect(far.mean.value - local.mean.value).toBeCloseTo(80, 1);
    expect(far.p50.value - local.p50.value).toBeCloseTo(80, 1);
  });
});
