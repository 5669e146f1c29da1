/** `roundFixed`/`roundPrecision` must equal `Number(x.toFixed(d))`/`Number(x.toPrecision(p))`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundFixed, roundPrecision } from '../../../src/core/decimal.js';

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('decimal rounding without strings', () => {
  const values = fc.oneof(
    fc.double({ noNaN: false }),
    fc.double({ min: -1e6, max: 1e6 }),
    // Values at and next to decimal halves, where rounding is decided.
    fc
      .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(-1, 0, 1))
      .map(([n, k, ulp]) => {
        const x = (n + 0.5) / 10 ** k;
        return ulp === 0 ? x : ulp > 0 ? x + Math.abs(x) * Number.EPSILON : x - Math.abs(x) * Number.EPSILON;
      }),
    fc.constantFrom(
      0,
      -0,
      Infinity,
      -Infinity,
      NaN,
      0.5,
      1.5,
      2.5,
      -2.5,
      0.045,
      1.005,
      99.95,
      999.5,
      1e21,
      123456789.5,
    ),
  );

  it('roundFixed(x, d) === Number(x.toFixed(d))', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 20 }), (x, d) => same(roundFixed(x, d), Number(x.toFixed(d)))),
      { numRuns: 200_000, seed: 3 },
    );
  });

  it('roundPrecision(x, p) === Number(x.toPrecision(p))', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 9 }), (x, p) =>
        same(roundPrecision(x, p), Number(x.toPrecision(p))),
      ),
      { numRuns: 200_000, seed: 5 },
    );
  });

  it('examples', () => {
    expect(roundFixed(1.005, 2)).toBe(Number((1.005).toFixed(2)));
    expect(roundPrecision(99.95, 3)).toBe(Number((99.95).toPrecision(3)));
    expect(Object.is(roundFixed(-0.0001, 2), -0)).toBe(true);
  });
});
