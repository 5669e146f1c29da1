import { expect, test } from 'vitest';
import { exceedance, quantile, constant, add, mixture } from '../../../src/core/analysis/stats.js';
test('exceedance inverts quantile', () => {
  const g = { mean: 50, variance: 400, floor: 10, unbounded: false };
  for (const q of [0.5, 0.95, 0.99]) expect(exceedance(g, quantile(g, q))).toBeCloseTo(1 - q, 6);
  const m = mixture([
    { p: 0.8, d: add(constant(1), g) },
    { p: 0.2, d: { mean: 200, variance: 900, floor: 20, unbounded: false } },
  ]);
  for (const q of [0.5, 0.95, 0.99]) expect(exceedance(m, quantile(m, q))).toBeCloseTo(1 - q, 5);
  expect(exceedance(constant(5), 4)).toBe(1);
  expect(exceedance(constant(5), 6)).toBe(0);
});
