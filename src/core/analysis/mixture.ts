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

const byMean = (a: Branch, b: Branch): number => a.d.mean - b.d.mean;

// Scratch for merging (weights, means, E[X²], floors, sds, merge costs with the next group,
// whether the group was merged; the groups as a list over the original indices, each group
// named by its first branch: next and previous group): merging allocates only the branches it keeps.
let cw = new Float64Array(64);
let cm = new Float64Array(64);
let cq = new Float64Array(64);
let cf = new Float64Array(64);
let cs = new Float64Array(64);
let cc = new Float64Array(64);
let cx = new Uint8Array(64);
let nx = new Int32Array(64);
let pv = new Int32Array(64);

function grow(n: number): void {
  if (cw.length >= n) return;
  const size = Math.max(n, 2 * cw.length);
  cw = new Float64Array(size);
  cm = new Float64Array(size);
  cq = new Float64Array(size);
  cf = new Float64Array(size);
  cs = new Float64Array(size);
  cc = new Float64Array(size);
  cx = new Uint8Array(size);
  nx = new Int32Array(size);
  pv = new Int32Array(size);
}

/** Cost of merging neighbouring groups i and j: weight-scaled squared distance of (mean, sd, floor). */
function cost(i: number, j: number): number {
  const dm = cm[i]! - cm[j]!;
  const ds = cs[i]! - cs[j]!;
  const df = cf[i]! - cf[j]!;
  return ((cw[i]! * cw[j]!) / (cw[i]! + cw[j]!)) * (dm * dm + ds * ds + df * df);
}

/**
 * Whether groups i and j are near each other on their own scale (squared distance below `tau`
 * times their summed means squared): a heavy slow branch elsewhere inflates the whole's variance,
 * and must not let a common fast branch merge with one ten times slower.
 */
function near(i: number, j: number, tau: number): boolean {
  const dm = cm[i]! - cm[j]!;
  const ds = cs[i]! - cs[j]!;
  const df = cf[i]! - cf[j]!;
  const s = cm[i]! + cm[j]!;
  return dm * dm + ds * ds + df * df <= tau * s * s;
}

/**
 * The same distance relative to the pair's scale (the sum of their means): what merging costs the
 * quantiles. Two rare slow branches 100 ms apart cost less to merge than a common fast one and a
 * frequent branch ten times slower (absolute distances would merge the latter, and a mixture of
 * 1 ms and 15 ms turned into one wide branch loses its median).
 */
function relCost(i: number, j: number): number {
  const s = cm[i]! + cm[j]!;
  return s > 0 ? cost(i, j) / (s * s) : cost(i, j);
}

/**
 * Merges group j (the next after i) into group i (exact weight, mean and E[X²]; the lower floor)
 * and unlinks it (a list, not a shift of every array: this is the analysis's hot loop).
 */
function mergeNext(i: number, j: number, end: number): void {
  const w = cw[i]! + cw[j]!;
  cm[i] = (cw[i]! * cm[i]! + cw[j]! * cm[j]!) / w;
  cq[i] = (cw[i]! * cq[i]! + cw[j]! * cq[j]!) / w;
  cw[i] = w;
  cf[i] = Math.min(cf[i]!, cf[j]!);
  cs[i] = Math.sqrt(Math.max(0, cq[i]! - cm[i]! * cm[i]!));
  cx[i] = 1;
  const k = nx[j]!;
  nx[i] = k;
  if (k < end) pv[k] = i;
}

/**
 * Merges sorted branches: first every neighbour whose merging cost is below `tau` times the
 * list's variance (near-equal branches, which a sum of two mixtures makes many of), then the
 * cheapest neighbours until at most `cap` remain. Merged groups keep exact weight, mean and
 * variance, the lowest floor, and the label their branches share. Groups are runs of the sorted
 * branches, each named by its first (index 0 is always the first group's).
 */
function reduce(bs: Branch[], cap: number, tau: number): Branch[] {
  const end = bs.length;
  let n = end;
  grow(n);
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < n; i++) {
    const d = bs[i]!.d;
    cw[i] = bs[i]!.w;
    cm[i] = d.mean;
    cq[i] = d.variance + d.mean * d.mean;
    cf[i] = d.floor;
    cs[i] = Math.sqrt(d.variance);
    cx[i] = 0;
    nx[i] = i + 1;
    pv[i] = i - 1;
    t1 += cw[i]! * cm[i]!;
    t2 += cw[i]! * cq[i]!;
  }
  if (tau > 0) {
    const limit = tau * Math.max(0, t2 - t1 * t1);
    for (let i = 0; nx[i]! < end;) {
      const j = nx[i]!;
      if (cost(i, j) < limit && near(i, j, tau)) {
        mergeNext(i, j, end);
        n--;
      } else i = j;
    }
  }
  if (n > cap) {
    for (let i = 0; nx[i]! < end; i = nx[i]!) cc[i] = relCost(i, nx[i]!);
    while (n > cap) {
      // the cheapest pair, the first of equals
      let k = 0;
      for (let i = nx[0]!; nx[i]! < end; i = nx[i]!) if (cc[i]! < cc[k]!) k = i;
      mergeNext(k, nx[k]!, end);
      n--;
      if (k > 0) cc[pv[k]!] = relCost(pv[k]!, k);
      if (nx[k]! < end) cc[k] = relCost(k, nx[k]!);
    }
  }
  const out: Branch[] = new Array<Branch>(n);
  for (let i = 0, o = 0; i < end; i = nx[i]!, o++) {
    const first = bs[i]!;
    if (!cx[i]) {
      out[o] = first;
      continue;
    }
    const next = nx[i]!;
    let label = first.label;
    for (let j = i + 1; j < next && label !== undefined; j++) if (bs[j]!.label !== label) label = undefined;
    const mean = cm[i]!;
    // equal times merged leave rounding noise, not spread
    const variance = cq[i]! - mean * mean > 1e-12 * mean * mean ? cq[i]! - mean * mean : 0;
    const d: Dist = { mean, variance, floor: variance > 0 ? Math.min(cf[i]!, mean) : mean, unbounded: false };
    out[o] = { w: cw[i]!, d, label };
  }
  return out;
}

/**
 * Sorts branches by mean, joins equal ones and merges the two nearest (by weight-scaled distance
 * of mean, sd and floor) until at most `cap` remain; with `tau`, near-equal neighbours merge
 * first (see reduce). May reorder `bs`; returns the list to keep.
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
  if (n <= 2 || (n <= cap && !(tau > 0))) return bs;
  return reduce(bs, cap, tau);
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
 * branches): the bracket is narrowed past them first, then Newton steps on S(t) − tail from
 * `start` (when inside), kept inside the bracket by bisection. `hiKnown`: S(hiGuess) ≤ tail is
 * known already.
 */
export function solveTail(
  at: (t: number) => number,
  dens: { f: number },
  lo0: number,
  hiGuess: number,
  atoms: readonly number[],
  tail: number,
  start = NaN,
  hiKnown = false,
): number {
  let lo = lo0;
  let hi = Math.max(hiGuess, lo + 1e-9);
  let s = hiKnown && hi === hiGuess ? 0 : at(hi);
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
  let t = start > lo && start < hi ? start : (lo + hi) / 2;
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
    const label = `slowest of ${n} (q ${Math.round(u * 10_000) / 10_000})`;
    out.push({ w, d: { mean: x, variance: 0, floor: x, unbounded: false }, label });
    s1 += w * x;
    s2 += w * x * x;
  }
  return { branches: out, mean: s1, variance: Math.max(0, s2 - s1 * s1) };
}
