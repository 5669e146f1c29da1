/**
 * Decimal rounding without going through strings: `roundFixed(x, d)` is exactly
 * `Number(x.toFixed(d))` and `roundPrecision(x, p)` exactly `Number(x.toPrecision(p))`, several
 * times faster (formatting figures for messages calls them hundreds of thousands of times on a
 * big model).
 *
 * How: scale |x| to the digits kept, y = |x| × 10^k. `toFixed` and `toPrecision` round the exact
 * value of x half away from zero; y carries a rounding error below 1e-6 here, so rounding y
 * gives the same integer n unless y lies within 1e-6 of a half, where the built-in decides.
 * n / 10^k (or n × 10^k) is then the double nearest the decimal, which is what `Number()` of
 * the built-in's string gives.
 */

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Largest scaled value rounded here: its floating-point error stays far below the 1e-6 margin. */
const MAX_SCALED = 2 ** 31;

/** Rounds y >= 0 (below MAX_SCALED) half up, or -1 when y is too close to a half to tell. */
function roundScaled(y: number): number {
  const f = Math.floor(y);
  const r = y - f;
  if (r > 0.499999 && r < 0.500001) return -1;
  return r > 0.5 ? f + 1 : f;
}

/** `Number(x.toFixed(digits))`, digits 0 to 20. */
export function roundFixed(x: number, digits: number): number {
  const a = Math.abs(x);
  const p = POW10[digits];
  if (p !== undefined && a * p < MAX_SCALED) {
    const n = roundScaled(a * p);
    if (n >= 0) {
      const v = n / p;
      return x < 0 ? -v : v;
    }
  }
  return Number(x.toFixed(digits));
}

/** `Number(x.toPrecision(precision))`, precision 1 to 9. */
export function roundPrecision(x: number, precision: number): number {
  const a = x < 0 ? -x : x;
  if (!(a > 0) || a === Infinity || precision < 1 || precision > 9) return Number(x.toPrecision(precision));
  // Integers with at most `precision` digits are kept as they are.
  if (a < POW10[precision]! && Number.isInteger(a)) return x;
  // Exponent e with 10^e <= a < 10^(e+1); log10 may be off by one near powers of ten: checked below.
  let e = Math.floor(Math.log10(a));
  for (let attempt = 0; attempt < 2; attempt++) {
    const k = precision - 1 - e; // scale: y = a × 10^k holds `precision` digits before the point
    const pk = POW10[k < 0 ? -k : k];
    if (pk === undefined) break;
    const y = k >= 0 ? a * pk : a / pk;
    if (y < POW10[precision - 1]!) {
      e--;
      continue;
    }
    if (y >= POW10[precision]!) {
      e++;
      continue;
    }
    const n = roundScaled(y);
    if (n < 0) break;
    const v = k >= 0 ? n / pk : n * pk;
    return x < 0 ? -v : v;
  }
  return Number(x.toPrecision(precision));
}
