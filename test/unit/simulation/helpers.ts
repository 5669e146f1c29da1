/** Helpers for the simulation's tests: plain models (see ../analysis/helpers.ts) and checks on estimates. */
import { expect } from 'vitest';
import type { Estimate, SimComponent, SimulationResult } from '../../../src/core/simulation/index.js';

export { comp, edge, model } from '../analysis/helpers.js';

export function simComp(r: SimulationResult, id: string): SimComponent {
  const c = r.components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}`);
  return c;
}

export function simEdge(r: SimulationResult, from: string, to: string): Estimate {
  const e = r.edges.find((x) => x.id.startsWith(`${from}->${to}#`));
  if (!e) throw new Error(`no edge ${from} -> ${to}`);
  return e.throughputRps;
}

/** The estimate is within `rel` (relative) of the expected value. */
export function near(e: Estimate | undefined, expected: number, rel: number): void {
  expect(e, 'estimate').toBeDefined();
  const v = e!.value;
  expect(Math.abs(v / expected - 1), `${v} vs ${expected} (±${rel * 100} %)`).toBeLessThan(rel);
}

/** The 95 % interval covers the expected value, widened by `slack` (relative) for the histogram's resolution. */
export function covers(e: Estimate, expected: number, slack = 0.01): void {
  const lo = Math.min(e.low, e.value) - slack * Math.abs(expected);
  const hi = Math.max(e.high, e.value) + slack * Math.abs(expected);
  expect(expected, `[${e.low}, ${e.high}] (value ${e.value}) covers ${expected}`).toBeGreaterThanOrEqual(lo);
  expect(expected, `[${e.low}, ${e.high}] (value ${e.value}) covers ${expected}`).toBeLessThanOrEqual(hi);
}
