/**
 * Special functions for the latency percentiles: log-gamma, the regularised incomplete gamma
 * function and its inverse, the normal distribution. Pure, no I/O.
 */

// The published coefficients, digit for digit; the nearest doubles are what runs.
/* eslint-disable no-loss-of-precision */
const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4,
  0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3,
  0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4, -0.261908384015814087e-4,
  0.368991826595316234e-5,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 607/128; relative error about 1e-15). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  let y = x;
  const tmp0 = x + 5.2421875;
  const tmp = (x + 0.5) * Math.log(tmp0) - tmp0;
  let ser = 0.999999999999997092;
  for (let j = 0; j < 14; j++) ser += LANCZOS[j]! / ++y;
  return tmp + Math.log((2.5066282746310005 * ser) / x);
}
/* eslint-enable no-loss-of-precision */

const EPS = 2.220446049250313e-16;
const FPMIN = 1e-300;

function gser(a: number, x: number, gln: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < 100_000; n++) {
    ++ap;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - gln);
}

function gcf(a: number, x: number, gln: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** Regularised lower incomplete gamma P(a, x) and upper Q(a, x) = 1 - P, computed accurately (`gln` = ln Γ(a) when known). */
export function gammaPQ(a: number, x: number, gln = lgamma(a)): { p: number; q: number } {
  if (!(x > 0) || !(a > 0)) return { p: 0, q: 1 };
  if (x === Infinity) return { p: 1, q: 0 };
  if (x < a + 1) {
    const p = gser(a, x, gln);
    return { p, q: 1 - p };
  }
  const q = gcf(a, x, gln);
  return { p: 1 - q, q };
}

/** Standard normal quantile (Acklam's rational approximation, relative error about 1e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

/** erfc(x), relative error below 1.2e-7 (Numerical Recipes' Chebyshev fit). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Inverse of the regularised incomplete gamma: x with P(a, x) = p, where q = 1 - p is passed
 * separately so that far upper tails (q tiny) keep their precision. Halley iteration from the
 * Wilson–Hilferty start (Numerical Recipes' invgammp); Wilson–Hilferty alone for a > 1000.
 */
export function gammaQuantile(a: number, p: number, q = 1 - p): number {
  if (!(a > 0)) return 0;
  if (p <= 0) return 0;
  if (q <= 0) return Infinity;
  const upper = p > 0.5;
  const pp = upper ? q : p;
  if (a > 1000) {
    const z = upper ? -normalQuantile(q) : normalQuantile(p);
    const s = 1 / (9 * a);
    return a * Math.pow(Math.max(0, 1 - s + z * Math.sqrt(s)), 3);
  }
  const gln = lgamma(a);
  const a1 = a - 1;
  const lna1 = a > 1 ? Math.log(a1) : 0;
  const afac = a > 1 ? Math.exp(a1 * (lna1 - 1) - gln) : 0;
  let x: number;
  if (a > 1) {
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (upper) z = -z;
    x = Math.max(1e-3, a * Math.pow(1 - 1 / (9 * a) - z / (3 * Math.sqrt(a)), 3));
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    if (p < t) x = Math.pow(p / t, 1 / a);
    else x = 1 - Math.log(q / (1 - t)); // = 1 - ln(1 - (p - t)/(1 - t)), from q for precision
    if (upper && q < 1e-3) x = Math.max(x, -Math.log(q)); // start in the tail
  }
  for (let j = 0; j < 40; j++) {
    if (x <= 0) return 0;
    const g = gammaPQ(a, x);
    const err = upper ? q - g.q : g.p - p;
    const t0 = a > 1 ? afac * Math.exp(-(x - a1) + a1 * (Math.log(x) - lna1)) : Math.exp(-x + a1 * Math.log(x) - gln);
    if (t0 === 0 || !Number.isFinite(t0)) break;
    const u = err / t0;
    const t = u / (1 - 0.5 * Math.min(1, u * (a1 / x - 1)));
    x -= t;
    if (x <= 0) x = 0.5 * (x + t);
    if (!Number.isFinite(x)) break;
    if (Math.abs(t) < 1e-12 * x) break;
  }
  return x;
}
