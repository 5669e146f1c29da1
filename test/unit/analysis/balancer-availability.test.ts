/**
 * A balancer's health checks route around a target whose instances are all down, not around a
 * failure below its targets: a store that every target calls fails for all of them. The analysis
 * against the formula and against the simulation.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { simulate } from '../../../src/core/simulation/index.js';
import { comp, edge, model } from './helpers.js';

const routed = model(
  [
    comp('c', 'client', { rateRps: 2000 }),
    comp('lb', 'loadbalancer', { algorithm: 'round-robin' }),
    comp('a', 'service', { availability: 0.5 }),
    comp('b', 'service', { availability: 0.9 }),
  ],
  [edge('c', 'lb'), edge('lb', 'a'), edge('lb', 'b')],
);
const shared = model(
  [
    comp('c', 'client', { rateRps: 2000 }),
    comp('lb', 'loadbalancer', { algorithm: 'random' }),
    comp('a', 'service', { instances: 2, availability: 0.99 }),
    comp('b', 'service', { instances: 3, availability: 0.99 }),
    comp('db', 'database', { availability: 0.9 }),
  ],
  [edge('c', 'lb'), edge('lb', 'a'), edge('lb', 'b'), edge('a', 'db'), edge('b', 'db')],
);

describe("a balancer's availability", () => {
  it('routes around a target that is down: 1 − 0.5 × 0.1', () => {
    expect(analyze(routed).requests[0]!.availability.value).toBeCloseTo(0.95, 9);
  });
  it('a store behind every target is not redundant: 0.9, not 1 − 0.1²', () => {
    expect(analyze(shared).requests[0]!.availability.value).toBeCloseTo((1 - 0.01 ** 2 * 0.01 ** 3) * 0.9, 6);
  });
  it.each([
    ['routed', routed],
    ['shared', shared],
  ] as const)('agrees with the simulation (%s)', (_, m) => {
    const a = analyze(m).requests[0]!.availability.value!;
    const s = simulate(m, { durationS: 20, seed: 3, replications: 3 }).requests[0]!.success.value;
    expect(Math.abs(a - s)).toBeLessThan(0.005);
  });
});
