/**
 * The branches of a mixture of latency distributions (a cache hit or miss, a balancer's targets,
 * a call made or not): P(T > t) = Σ wᵢ P(Tᵢ > t). Normalising a list of branches (sorted by
 * mean, equal ones joined, at most MAX_BRANCHES by merging the two nearest by moments, which
 * keeps the mixture's mean and variance exact), the cross product of two independent mixtures
 * (X + Y = Σᵢⱼ wᵢ vⱼ (Xᵢ + Yⱼ)), and solving a mixture's tail for a quantile. The tails of the
 * branches themselves come from stats.ts (this file imports no value from it). Pure, no I/O.
 */
import type { Dist, ExactResponse } from './stats.js';

/** One branch of a mixture: with probability `w` the time is `d` (itself not a mixture). */
export interface Branch {
  readonly w: number;
  readonly d: Dist;
  /** What takes this branch (e.g. `hit`, `miss`, a balancer's target), for the derivation. */
  readonly label?: string;
}

/** The most branches a distribution keeps: deeper trees merge the nearest, so work stays linear. */
export const MAX_BRANCHES = 8;
/** The most pairs a sum of two mixtures forms before merging (each side is thinned first). */
const CROSS_MAX = 32;
/**
 * In a sum of two mixtures, neighbouring pairs whose merging cost is below this share of the
 * sum's variance merge at once (they differ by far less than the spread of the whole).
 */
const CLOSE = 0.01;

type Same = (a: ExactResponse | undefined, b: ExactResponse | undefined) => boolean;

export function joinLabels(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined ? b : b === undefined ? a : `${a}, ${b}`;
}

function equalDist(a: Dist, b: Dist, same: Same): boolean {
  return (
    a.mean === b.mean &&
    a.variance === b.variance &&
    a.floor === b.floor &&
    (a.exact === undefined ? b.exact === undefined : same(a.exact, b.exact))
  );
}

/** Cost of merging two neighbours: weight-scaled squared distance of their (mean, sd, floor). */
function gap(a: Branch, b: Branch): number {
  const dm = a.d.mean - b.d.mean;
  const ds = Math.sqrt(a.d.variance) - Math.sqrt(b.d.variance);
  const df = a.d.floor - b.d.floor;
  return ((a.w * b.w) / (a.w + b.w)) * (dm * dm + ds * ds + df * df);
}

/** One branch with the two's weight and exact first two moments; the lower floor. */
function merge(a: Branch, b: Branch, same: Same): Branch {
  const w = a.w + b.w;
  const fa = a.w / w;
  const fb = b.w / w;
  const mean = fa * a.d.mean + fb * b.d.mean;
  const m2 = fa * (a.d.variance + a.d.mean * a.d.mean) + fb * (b.d.variance + b.d.mean * b.d.mean);
  const d: Dist = {
    mean,
    variance: Math.max(0, m2 - mean * mean),
    floor: Math.min(a.d.floor, b.d.floor, mean),
    unbounded: false,
  };
  if (a.d.exact && same(a.d.exact, b.d.exact) && a.d.mean === b.d.mean) d.exact = a.d.exact;
  return { w, d, label: a.label === b.label ? a.label : undefined };
}

const byMean = (a: Branch, b: Branch): number => a.d.mean - b.d.mean;

/**
 * Merges neighbours (sorted by mean) whose merging cost is below `tau` times the whole list's
 * variance: near-equal branches, which a sum of two mixtures makes many of. Returns the length.
 */
function joinClose(bs: Branch[], same: Same, tau: number): number {
  let m1 = 0;
  let m2 = 0;
  for (const b of bs) {
    m1 += b.w * b.d.mean;
    m2 += b.w * (b.d.variance + b.d.mean * b.d.mean);
  }
  const limit = tau * Math.max(0, m2 - m1 * m1);
  let k = 0;
  for (let i = 1; i < bs.length; i++) {
    if (gap(bs[k]!, bs[i]!) < limit) bs[k] = merge(bs[k]!, bs[i]!, same);
    else bs[++k] = bs[i]!;
  }
  bs.length = k + 1;
  return bs.length;
}

/**
 * Sorts branches by mean, joins equal ones and merges the two nearest (by weight-scaled distance
 * of mean, sd and floor) until at most `cap` remain. Works in place on `bs` and returns it.
 */
export function normalise(bs: Branch[], same: Same, cap = MAX_BRANCHES, tau = 0): Branch[] {
  if (bs.length > 16) bs.sort(byMean);
  else
    for (let i = 1; i < bs.length; i++) {
      const x = bs[i]!;
      let j = i - 1;
      while (j >= 0 && bs[j]!.d.mean > x.d.mean) {
        bs[j + 1] = bs[j]!;
        j--;
      }
      bs[j + 1] = x;
    }
  let n = 0;
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i]!;
    const prev = n > 0 ? bs[n - 1]! : undefined;
    if (prev && equalDist(prev.d, b.d, same))
      bs[n - 1] = { w: prev.w + b.w, d: prev.d, label: prev.label === b.label ? prev.label : undefined };
    else bs[n++] = b;
  }
  bs.length = n;
  if (tau > 0 && n > 2) n = joinClose(bs, same, tau);
  if (n <= cap) return bs;
  const cost: number[] = new Array<number>(n - 1);
  for (let i = 0; i < n - 1; i++) cost[i] = gap(bs[i]!, bs[i + 1]!);
  while (bs.length > cap) {
    let k = 0;
    for (let i = 1; i < cost.length; i++) if (cost[i]! < cost[k]!) k = i;
    bs[k] = merge(bs[k]!, bs[k + 1]!, same);
    bs.splice(k + 1, 1);
    cost.splice(k, 1);
    if (k > 0) cost[k - 1] = gap(bs[k - 1]!, bs[k]!);
    if (k < bs.length - 1) cost[k] = gap(bs[k]!, bs[k + 1]!);
  }
  return bs;
}

/**
 * The branches of X + Y for independent mixtures X, Y: every pair (wᵢvⱼ, Xᵢ + Yⱼ), with `sum`
 * summarising each pair. Sides thinned first so at most CROSS_MAX pairs form, then normalised.
 */
export function cross(
  x: readonly Branch[],
  y: readonly Branch[],
  sum: (a: Dist, b: Dist) => Dist,
  same: Same,
): Branch[] {
  let a = x;
  let b = y;
  if (a.length * b.length > CROSS_MAX) {
    const side = Math.floor(Math.sqrt(CROSS_MAX));
    const short = Math.min(a.length, b.length);
    if (short <= side) {
      const keep = Math.max(2, Math.floor(CROSS_MAX / short));
      if (a.length > b.length) a = normalise([...a], same, keep);
      else b = normalise([...b], same, keep);
    } else {
      a = normalise([...a], same, side);
      b = normalise([...b], same, side);
    }
  }
  const out: Branch[] = [];
  // labels only while every pair can stay a branch of its own (merged branches drop them anyway)
  const named = a.length * b.length <= MAX_BRANCHES;
  for (const p of a)
    for (const q of b)
      out.push({ w: p.w * q.w, d: sum(p.d, q.d), label: named ? joinLabels(p.label, q.label) : undefined });
  return normalise(out, same, MAX_BRANCHES, CLOSE);
}

/**
 * The smallest t with S(t) ≤ tail, for a decreasing tail S with S(t) = 1 below `lo`: `at(t)`
 * returns S(t) and leaves the density in `dens.f`. `atoms` are the times where S jumps (constant
 * branches): the bracket is narrowed past them first, then Newton steps on S(t) − tail, kept
 * inside the bracket by bisection.
 */
export function solveTail(
  at: (t: number) => number,
  dens: { f: number },
  lo0: number,
  hiGuess: number,
  atoms: readonly number[],
  tail: number,
): number {
  let lo = lo0;
  let hi = Math.max(hiGuess, lo + 1e-9);
  let s = at(hi);
  for (let i = 0; i < 200 && s > tail; i++) {
    lo = hi;
    hi = hi + 2 * (hi - lo0) + 1e-6;
    s = at(hi);
  }
  if (s > tail) return Infinity;
  for (const c of atoms) {
    if (!(c > lo && c < hi)) continue;
    if (at(c) <= tail) hi = c;
    else lo = c;
  }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 100; i++) {
    if (hi - lo <= 1e-10 * Math.max(1e-6, hi)) break;
    const g = at(t) - tail;
    if (g > 0) lo = t;
    else hi = t;
    if (Math.abs(g) <= 1e-13 * tail) return t;
    const f = dens.f;
    let next = f > 0 ? t + g / f : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    t = next;
  }
  return hi;
}

/**
 * Cells of u (the maximum's own quantile level) whose midpoints carry the atoms: finer towards
 * the tail, and centred on 0.5, 0.95 and 0.99 so that p50, p95 and p99 fall on an atom.
 */
const CELLS = [0, 0.1, 0.3, 0.45, 0.55, 0.7, 0.8, 0.9, 0.94, 0.96, 0.98, 0.985, 0.995, 0.999, 1];

/**
 * The maximum of n independent copies of a mixture, P(M ≤ t) = F(t)ⁿ, as a mixture: its
 * quantile function t(u) = F⁻¹(u^(1/n)) is solved at the midpoints of cells of u (CELLS), each an
 * atom of its cell's width, which the caller merges (nearest first) down to the cap.
 * `quantileAt(tail, lo)` is the copy's quantile for P(X > t) = tail, at least `lo`.
 */
export function maxBranches(
  n: number,
  floor: number,
  quantileAt: (tail: number, lo: number) => number,
): { branches: Branch[]; mean: number; variance: number } {
  const out: Branch[] = [];
  let s1 = 0;
  let s2 = 0;
  let x = floor;
  for (let b = 0; b + 1 < CELLS.length; b++) {
    const w = CELLS[b + 1]! - CELLS[b]!;
    const u = CELLS[b]! + w / 2;
    x = quantileAt(-Math.expm1(Math.log(u) / n), x); // F(x) = u^(1/n)
    out.push({ w, d: { mean: x, variance: 0, floor: x, unbounded: false } });
    s1 += w * x;
    s2 += w * x * x;
  }
  return { branches: out, mean: s1, variance: Math.max(0, s2 - s1 * s1) };
}
