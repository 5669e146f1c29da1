/**
 * The rule memo keeps a finding while what its check read compares equal (`sameData`): two
 * mixtures with the same mean, variance and floor but other branches have other percentiles, so
 * they must not compare equal.
 */
import { describe, expect, it } from 'vitest';
import { sameData } from '../../../src/core/analysis/compare.js';
import { constant, mixture, quantile, type Dist } from '../../../src/core/analysis/stats.js';

// A = ½·0 + ½·2 and B = ½·D₁ + ½·D₂ (means 0.5 and 1.5, variances 0.75): both exactly mean 1,
// variance 1, floor 0
const d1: Dist = { mean: 0.5, variance: 0.75, floor: 0, unbounded: false };
const d2: Dist = { mean: 1.5, variance: 0.75, floor: 0, unbounded: false };
const a = mixture([
  { p: 0.5, d: constant(0) },
  { p: 0.5, d: constant(2) },
]);
const b = mixture([
  { p: 0.5, d: d1 },
  { p: 0.5, d: d2 },
]);

describe('sameData on mixtures', () => {
  it('tells two mixtures of equal moments apart by their branches', () => {
    expect([a.mean, a.variance, a.floor]).toEqual([b.mean, b.variance, b.floor]);
    expect(quantile(a, 0.95)).not.toBeCloseTo(quantile(b, 0.95), 3);
    expect(sameData(a, b)).toBe(false);
  });
  it('finds a mixture equal to one built the same way', () => {
    const again = mixture([
      { p: 0.5, d: constant(0) },
      { p: 0.5, d: constant(2) },
    ]);
    expect(sameData(a, again)).toBe(true);
    expect(sameData(a, constant(1))).toBe(false);
  });
});
