/**
 * The time of one call with a per-attempt timeout, retries, a fail-fast breaker or partial results,
 * and the time of parallel calls (the slowest of a group). Pure functions over stats.ts `Dist`.
 *
 * Timed call (timeout τ, r retries, callee availability A, s = P(call time > τ)): each attempt
 * fails fast (the callee is down, ≈ 0 ms) with probability f = 1 − A, times out (costs τ) with
 * o = A·s, succeeds with p = A·(1 − s), its time then T | T ≤ τ. Attempts are independent, so the
 * call is a mixture of "succeeded after j timeouts" (j·τ + T | T ≤ τ) and "all r + 1 attempts failed
 * after j timeouts" (j·τ). The conditioned response T | T ≤ τ keeps the call time's exact mean and
 * variance below τ (partial moments: exact for an M/M/c response and for the shifted gamma fitted
 * to a branch, a constant is a step); its percentiles then come from a shifted gamma fitted to those
 * moments, which may put a little mass above τ (the bound: it has the truncated mean and variance).
 *
 * Parallel calls: P(max ≤ t) = Π (1 − pᵢ·Sᵢ(t)) (each call made with its probability pᵢ, Sᵢ its
 * tail): the maximum's quantile function is solved from that product and integrated by the
 * midpoint rule (96 points, the tail refined) for its mean and variance, as stats.ts `maxOf` does
 * for n copies; its percentiles come from 8 atoms at the midpoints of cells centred on 0.5, 0.95
 * and 0.99 (exact there; between them a step).
 */
import { joinLabels } from './mixture.js';
import { gammaPQ, lgamma } from './numeric.js';
import {
  add,
  constant,
  exceedance,
  fitGamma,
  mixture,
  quantile,
  UNBOUNDED,
  ZERO,
  exactWaitRate,
  type Branch,
  type Dist,
} from './stats.js';

/** Below this share of attempts over the timeout, the call time is left as it is (nothing to cut). */
export const NEGLIGIBLE_SHARE = 1e-9;

/** P(T ≤ τ), E[T; T ≤ τ] and E[T²; T ≤ τ]. */
export interface Partial {
  m0: number;
  m1: number;
  m2: number;
}

/** Partial moments of a distribution below τ, each branch of a mixture by its method. */
export function partialMoments(d: Dist, tau: number): Partial {
  if (d.unbounded) return { m0: 0, m1: 0, m2: 0 };
  if (d.branches) {
    const out = { m0: 0, m1: 0, m2: 0 };
    for (const b of d.branches) {
      const x = partialMoments(b.d, tau);
      out.m0 += b.w * x.m0;
      out.m1 += b.w * x.m1;
      out.m2 += b.w * x.m2;
    }
    return out;
  }
  if (!(d.variance > 0)) return d.mean <= tau ? { m0: 1, m1: d.mean, m2: d.mean * d.mean } : { m0: 0, m1: 0, m2: 0 };
  if (d.exact) {
    const r = d.exact;
    const mu = 1 / r.serviceMs;
    const theta = exactWaitRate(r);
    const C = r.waitProbability;
    // S(y) = α e^{−μy} + β e^{−θy} (M/M/c: no wait with 1 − C, else Exp(θ) + Exp(μ))
    if (C <= 0) return shifted(expPartial([1], [mu], tau - r.fixedMs), r.fixedMs);
    if (Math.abs(theta - mu) > 1e-6 * mu && theta > 0) {
      const alpha = 1 - C + (C * theta) / (theta - mu);
      const beta = (-C * mu) / (theta - mu);
      return shifted(expPartial([alpha, beta], [mu, theta], tau - r.fixedMs), r.fixedMs);
    }
    return byQuadrature(d, tau);
  }
  const f = fitGamma(d);
  if (!f) return d.mean <= tau ? { m0: 1, m1: d.mean, m2: d.mean * d.mean } : { m0: 0, m1: 0, m2: 0 };
  if (f.shape > 1000) return byQuadrature(d, tau);
  const x = tau - f.shift;
  if (!(x > 0)) return { m0: 0, m1: 0, m2: 0 };
  const z = x / f.scale;
  const k = f.shape;
  const p0 = gammaPQ(k, z, lgamma(k)).p;
  const p1 = gammaPQ(k + 1, z, lgamma(k + 1)).p;
  const p2 = gammaPQ(k + 2, z, lgamma(k + 2)).p;
  const g1 = k * f.scale * p1;
  const g2 = k * (k + 1) * f.scale * f.scale * p2;
  return shifted({ m0: p0, m1: g1, m2: g2 }, f.shift);
}

/** Partial moments of Y ≥ 0 below x when its tail is Σ cᵢ e^{−rᵢ y}. */
function expPartial(c: number[], rate: number[], x: number): Partial {
  if (!(x > 0)) return { m0: 0, m1: 0, m2: 0 };
  let s = 0;
  let i1 = 0; // ∫₀ˣ S
  let i2 = 0; // ∫₀ˣ y S
  for (let i = 0; i < c.length; i++) {
    const a = rate[i]!;
    const e = Math.exp(-a * x);
    s += c[i]! * e;
    i1 += (c[i]! * -Math.expm1(-a * x)) / a;
    i2 += (c[i]! * (1 - e * (1 + a * x))) / (a * a);
  }
  // E[Y; Y ≤ x] = E[min(Y, x)] − x·S(x); E[Y²; Y ≤ x] = E[min(Y, x)²] − x²·S(x)
  return { m0: 1 - s, m1: i1 - x * s, m2: 2 * i2 - x * x * s };
}

/** Partial moments of X + c from those of X. */
function shifted(p: Partial, c: number): Partial {
  if (c === 0) return p;
  return { m0: p.m0, m1: p.m1 + c * p.m0, m2: p.m2 + 2 * c * p.m1 + c * c * p.m0 };
}

/** Partial moments from the tail by Simpson's rule on [floor, τ] (64 intervals). */
function byQuadrature(d: Dist, tau: number): Partial {
  const lo = Math.max(0, d.floor);
  if (!(tau > lo)) return { m0: 0, m1: 0, m2: 0 };
  const n = 64;
  const h = (tau - lo) / n;
  let i1 = 0;
  let i2 = 0;
  for (let j = 0; j <= n; j++) {
    const t = lo + j * h;
    const w = j === 0 || j === n ? 1 : j % 2 ? 4 : 2;
    const s = exceedance(d, t);
    i1 += w * s;
    i2 += w * t * s;
  }
  const s = exceedance(d, tau);
  const min1 = lo + (i1 * h) / 3;
  const min2 = lo * lo + (2 * i2 * h) / 3;
  return { m0: 1 - s, m1: min1 - tau * s, m2: min2 - tau * tau * s };
}

/** Where the conditioned call time is cut into pieces: its quantiles (see `truncated`). */
const PIECES = [0.5, 0.9];
/** Below this share cut, the conditioned call time stays one piece (its fitted gamma's leak above τ is below the share). */
const ONE_PIECE_BELOW = 0.01;

/**
 * The call time conditioned on T ≤ τ (see the file's note). When the timeout cuts 1 % of the
 * attempts or more, a mixture of pieces between its quantiles 0.5 and 0.9 and τ, each with T's
 * exact partial moments on its interval and floored at the interval's start: the truncated mean
 * and variance stay exact and the fitted gammas leak above τ only a little (the top piece, a tenth
 * of the mass on a narrow interval), where one gamma fitted to the whole put several per cent of
 * the mass above τ (percentiles above the timeout). Below 1 % cut, one piece (the leak is below
 * the share cut; pieces would blur the body). Bounds: docs/analysis.md section 9.
 */
export function truncated(d: Dist, tau: number): Dist {
  const p = partialMoments(d, tau);
  if (!(p.m0 > 0)) return constant(tau);
  const mean = Math.min(tau, Math.max(d.floor, p.m1 / p.m0));
  const variance = Math.max(0, p.m2 / p.m0 - mean * mean);
  const whole: Dist = { mean, variance, floor: Math.min(d.floor, mean), unbounded: false };
  if (!(variance > 0) || 1 - p.m0 < ONE_PIECE_BELOW) return whole;
  const parts: { p: number; d: Dist }[] = [];
  let lo = whole.floor;
  let below: Partial = { m0: 0, m1: 0, m2: 0 };
  for (let i = 0; i <= PIECES.length; i++) {
    const hi = i < PIECES.length ? Math.min(tau, quantile(d, PIECES[i]! * p.m0)) : tau;
    if (!(hi > lo)) continue;
    const at = i < PIECES.length ? partialMoments(d, hi) : p;
    const m0 = at.m0 - below.m0;
    if (m0 > 1e-12 * p.m0) {
      const pm = Math.min(hi, Math.max(lo, (at.m1 - below.m1) / m0));
      const pv = Math.max(0, (at.m2 - below.m2) / m0 - pm * pm);
      parts.push({ p: m0 / p.m0, d: { mean: pm, variance: pv, floor: Math.min(lo, pm), unbounded: false } });
    }
    below = at;
    lo = hi;
  }
  const total = parts.reduce((t, x) => t + x.p, 0);
  if (parts.length < 2 || Math.abs(total - 1) > 1e-6) return whole;
  return mixture(parts.map((x) => ({ p: x.p / total, d: x.d })));
}

/**
 * Time of a call with timeout τ and r retries, to a callee of availability A whose call time is d
 * and exceeds τ with probability s: the mixture described in the file's note.
 */
export function timedCallTime(d: Dist, s: number, a: number, tau: number, r: number, label?: string): Dist {
  if (!(s > NEGLIGIBLE_SHARE) && a >= 1) return d;
  const f = Math.min(1, Math.max(0, 1 - a));
  const o = (1 - f) * s;
  const p = (1 - f) * (1 - s);
  const ok = p > 0 ? (s > NEGLIGIBLE_SHARE ? truncated(d, tau) : d) : ZERO;
  // ws[j]: succeeded after j timeouts; wf[j]: all attempts failed after j timeouts
  const ws = new Float64Array(r + 1);
  const wf = new Float64Array(r + 2);
  // dist[j] over the attempts made so far: P(all failed, j of them timed out)
  let dist = new Float64Array(r + 2);
  dist[0] = 1;
  for (let k = 0; k <= r; k++) {
    for (let j = 0; j <= k; j++) ws[j]! += dist[j]! * p;
    const next = new Float64Array(r + 2);
    for (let j = 0; j <= k; j++) {
      next[j]! += dist[j]! * f;
      next[j + 1]! += dist[j]! * o;
    }
    dist = next;
  }
  for (let j = 0; j <= r + 1; j++) wf[j] = dist[j]!;
  const parts: { p: number; d: Dist; label?: string }[] = [];
  const name = (x: string) => joinLabels(label, x);
  for (let j = 0; j <= r; j++)
    if (ws[j]! > 0)
      parts.push({
        p: ws[j]!,
        d: j > 0 ? add(constant(j * tau), ok) : ok,
        label: name(j === 0 ? 'in time' : `in time after ${j} timeout${j > 1 ? 's' : ''}`),
      });
  for (let j = 0; j <= r + 1; j++)
    if (wf[j]! > 0)
      parts.push({
        p: wf[j]!,
        d: j > 0 ? constant(j * tau) : ZERO,
        label: name(j === r + 1 ? `timed out${r > 0 ? ` ${j} times` : ''}` : 'failed'),
      });
  return mixture(parts);
}

/**
 * Cells of u whose midpoints carry the maximum's atoms: centred on 0.5, 0.95 and 0.99 so that p50,
 * p95 and p99 fall on an atom, and no more than a mixture keeps (MAX_BRANCHES), so that a sum with
 * plain terms keeps them.
 */
const CELLS = [0, 0.45, 0.55, 0.9, 0.94, 0.96, 0.985, 0.995, 1];

/**
 * Nodes (u, weight) of the midpoint rule over u in (0, 1) for the maximum's moments: 48 equal cells
 * up to 0.9, then 48 cells equal in log(1 − u) down to 1 − u = 1e-10 (the tail, where the quantile
 * function grows without bound, is refined), the rest of the mass on the last node.
 */
const NODES: { u: number; w: number }[] = (() => {
  const out: { u: number; w: number }[] = [];
  for (let j = 0; j < 48; j++) out.push({ u: (0.9 * (j + 0.5)) / 48, w: 0.9 / 48 });
  const a = Math.log(0.1);
  const b = Math.log(1e-10);
  for (let j = 0; j < 48; j++) {
    const hi = Math.exp(a + ((b - a) * j) / 48);
    const lo = Math.exp(a + ((b - a) * (j + 1)) / 48);
    out.push({ u: 1 - (hi + lo) / 2, w: hi - lo + (j === 47 ? lo : 0) });
  }
  return out;
})();

/**
 * The slowest of independent calls, each made with probability pᵢ (else it takes 0):
 * P(M ≤ t) = Π (1 − pᵢ·P(Tᵢ > t)). Mean and variance by the midpoint rule over the maximum's
 * quantile function (NODES); its branches are atoms at the midpoints of CELLS.
 */
export function maxOfDists(parts: readonly { p: number; d: Dist; label?: string }[], label?: string): Dist {
  const xs = parts.filter((x) => x.p > 0);
  if (xs.length === 0) return ZERO;
  if (xs.some((x) => x.d.unbounded)) return UNBOUNDED;
  if (xs.length === 1 && xs[0]!.p >= 1) return xs[0]!.d;
  let floor = 0;
  for (const x of xs) if (x.p >= 1) floor = Math.max(floor, x.d.floor);
  const tailAt = (t: number) => {
    let prod = 1;
    for (const x of xs) prod *= 1 - Math.min(1, x.p) * exceedance(x.d, t);
    return 1 - prod;
  };
  // P(M > t) lies between max pᵢSᵢ(t) and Σ pᵢSᵢ(t): each bounds where the quantile is
  const solve = (tail: number, from: number): number => {
    if (!(tail > 0)) return Infinity;
    let lo = from;
    let hi = from;
    for (const x of xs) {
      const q = tail / xs.length / Math.min(1, x.p);
      if (q < 1) hi = Math.max(hi, quantile(x.d, 1 - q, q));
      const l = tail / Math.min(1, x.p);
      if (l < 1) lo = Math.max(lo, quantile(x.d, 1 - l, l));
    }
    if (!(hi > lo)) return lo;
    if (!Number.isFinite(hi)) return Infinity;
    for (let i = 0; i < 200 && hi - lo > 1e-10 * Math.max(1e-6, hi); i++) {
      const mid = (lo + hi) / 2;
      if (tailAt(mid) > tail) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  let s1 = 0;
  let s2 = 0;
  let t = floor;
  for (const { u, w } of NODES) {
    t = solve(1 - u, t);
    s1 += w * t;
    s2 += w * t * t;
  }
  const mean = s1;
  const variance = Math.max(0, s2 - mean * mean);
  if (!Number.isFinite(mean)) return UNBOUNDED;
  const branches: Branch[] = [];
  t = floor;
  for (let b = 0; b + 1 < CELLS.length; b++) {
    const w = CELLS[b + 1]! - CELLS[b]!;
    const u = CELLS[b]! + w / 2;
    t = solve(1 - u, t);
    const at = `slowest${label ? ` of ${label}` : ''} (q ${Math.round(u * 10_000) / 10_000})`;
    branches.push({ w, d: constant(t), label: at });
  }
  return { mean, variance, floor, unbounded: false, branches };
}
