/**
 * Latency distributions summarised by moments (mean, variance and a deterministic floor) for
 * composition along call trees, with the branches of a mixture kept (cache hit or miss, a
 * balancer's targets, a call made or not) so that percentiles come from the mixture's tail;
 * each branch's tail is exact for an M/M/c response, a step for a constant, else a shifted gamma
 * fitted to its moments. Exact M/M/c tails. Pure, no I/O.
 */
import { cross, joinLabels, maxBranches, normalise, solveTail, type Branch } from './mixture.js';
import { erfc, gammaPQ, gammaQuantile, lgamma } from './numeric.js';

export type { Branch } from './mixture.js';

export { erfc, gammaPQ, gammaQuantile, lgamma, normalCdf, normalPdf, normalQuantile } from './numeric.js';

/**
 * A latency distribution summarised for composition along call trees: mean, variance and a
 * deterministic floor (the least it can take, e.g. fixed network latencies). `unbounded` when a
 * queue on the way is saturated. `exact` keeps an M/M/c response (plus a fixed shift) exactly
 * while nothing else random has been added, so a single-queue path keeps its exact tail.
 */
export interface Dist {
  mean: number;
  variance: number;
  floor: number;
  unbounded: boolean;
  exact?: ExactResponse;
  /**
   * A mixture's branches (weights summing to 1, none itself a mixture): its percentiles solve
   * P(T > t) = Σ wᵢ P(Tᵢ > t). Mean, variance and floor above are the whole mixture's, exact.
   */
  branches?: readonly Branch[];
}

/** An M/M/c response time plus a fixed shift (ms). */
export interface ExactResponse {
  lambda: number; // per ms
  serviceMs: number;
  servers: number;
  waitProbability: number;
  fixedMs: number;
  /**
   * Rate θ of the exponential wait of those who wait, per ms, when it is not cμ − λ: a GI/M/c
   * queue (round-robin arrivals, Eₙ/M/c) waits Exp(cμ(1 − σ)). Absent for M/M/c.
   */
  waitRate?: number;
}

export const ZERO: Dist = { mean: 0, variance: 0, floor: 0, unbounded: false };
export const UNBOUNDED: Dist = { mean: Infinity, variance: Infinity, floor: 0, unbounded: true };

export function constant(ms: number): Dist {
  return { mean: ms, variance: 0, floor: ms, unbounded: false };
}

/**
 * A mixture whose moments are known at once and whose branches are built on first read (a
 * percentile, a derivation, a sum read then): the analysis composes thousands of them, and only
 * those whose percentiles are asked for pay for their branches.
 */
class Mixed implements Dist {
  // the same fields, in the same order, as a plain Dist (one shape for the engine)
  mean: number;
  variance: number;
  floor: number;
  unbounded = false;
  #make: (() => readonly Branch[]) | undefined;
  #branches: readonly Branch[] | undefined;
  constructor(mean: number, variance: number, floor: number, make: () => readonly Branch[]) {
    this.mean = mean;
    this.variance = variance;
    this.floor = floor;
    this.#make = make;
  }
  get branches(): readonly Branch[] {
    if (this.#branches === undefined) {
      this.#branches = this.#make!();
      this.#make = undefined;
    }
    return this.#branches;
  }
}

/** Whether a distribution is a mixture (without building its branches). */
export function isMixed(d: Dist): boolean {
  return d instanceof Mixed || d.branches !== undefined;
}

/** X + Y for independent X, Y; over a mixture's branches, X + Σ wᵢ Yᵢ = Σ wᵢ (X + Yᵢ). */
export function add(x: Dist, y: Dist): Dist {
  if (x.unbounded || y.unbounded) return UNBOUNDED;
  const mx = isMixed(x);
  const my = isMixed(y);
  if (!mx && !my) return addPlain(x, y);
  if (!my && y.mean === 0 && y.variance === 0) return x;
  if (!mx && x.mean === 0 && x.variance === 0) return y;
  return new Mixed(x.mean + y.mean, x.variance + y.variance, x.floor + y.floor, () =>
    !my
      ? x.branches!.map((b) => ({ w: b.w, d: addPlain(b.d, y), label: b.label }))
      : !mx
        ? y.branches!.map((b) => ({ w: b.w, d: addPlain(x, b.d), label: b.label }))
        : cross(x.branches!, y.branches!, addPlain, sameExact),
  );
}

/** `d` with these branches, or with the one branch's exact response when only one is left. */
function withBranches(d: Dist, bs: readonly Branch[]): Dist {
  if (bs.length > 1) d.branches = bs;
  else if (bs[0]?.d.exact) d.exact = bs[0].d.exact;
  return d;
}

/** X + Y for independent X, Y, neither a mixture: moments add; a constant shifts an exact response. */
function addPlain(x: Dist, y: Dist): Dist {
  if (y.mean === 0 && y.variance === 0) return x;
  if (x.mean === 0 && x.variance === 0) return y;
  const out: Dist = {
    mean: x.mean + y.mean,
    variance: x.variance + y.variance,
    floor: x.floor + y.floor,
    unbounded: false,
  };
  // A constant added to an exact response keeps it exact (shifted).
  if (x.exact && y.variance === 0) out.exact = { ...x.exact, fixedMs: x.exact.fixedMs + y.mean };
  else if (y.exact && x.variance === 0) out.exact = { ...y.exact, fixedMs: y.exact.fixedMs + x.mean };
  return out;
}

/** Whether two exact M/M/c responses are the same queue (then a mixture of them stays exact). */
export function sameExact(a: ExactResponse | undefined, b: ExactResponse | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.lambda === b.lambda &&
    a.serviceMs === b.serviceMs &&
    a.servers === b.servers &&
    a.fixedMs === b.fixedMs &&
    a.waitProbability === b.waitProbability &&
    a.waitRate === b.waitRate
  );
}

/**
 * The sum of independent calls, each made with probability pᵢ (a `share`; 1: always): moments
 * add (a call made with p < 1 is a mixture of 0 and the call); the calls certain and without
 * branches add as one term, the others' branches cross, and that term is added to each.
 */
export function sumOfCalls(parts: readonly { p: number; d: Dist; label?: string }[]): Dist {
  let base: Dist = ZERO;
  let mean = 0;
  let variance = 0;
  let floor = 0;
  let mixed = false;
  for (const { p, d } of parts) {
    if (!(p > 0)) continue;
    if (d.unbounded) return UNBOUNDED;
    if (p >= 1) {
      mean += d.mean;
      variance += d.variance;
      floor += d.floor;
      if (isMixed(d)) mixed = true;
      else base = addPlain(base, d);
    } else {
      mixed = true;
      mean += p * d.mean;
      variance += p * (d.variance + d.mean * d.mean) - p * p * d.mean * d.mean;
    }
  }
  if (!mixed) return base;
  return new Mixed(mean, Math.max(0, variance), floor, () => {
    let acc: Branch[] | null = null;
    for (const { p, d, label } of parts) {
      if (!(p > 0) || (p >= 1 && !isMixed(d))) continue;
      const own = d.branches ?? [{ w: 1, d }];
      const term: Branch[] =
        p >= 1
          ? [...own]
          : [{ w: 1 - p, d: ZERO, label: label && `no ${label}` }, ...own.map((b) => scaled(b, p, label))];
      acc = acc ? cross(acc, term, addPlain, sameExact) : normalise(term, sameExact);
    }
    return acc!.map((b) => ({ w: b.w, d: addPlain(base, b.d), label: b.label }));
  });
}

function scaled(b: Branch, p: number, label: string | undefined): Branch {
  return { w: p * b.w, d: b.d, label: joinLabels(label, b.label) };
}

/**
 * Mixture: with probability p_i the value is X_i; with the remaining probability 1 - Σp_i it is 0
 * (`restLabel` names that branch). Branches with p = 0 do not count (so an unbounded branch never
 * taken does not poison the mix). The branches are kept (nested mixtures flattened, equal ones
 * joined, at most MAX_BRANCHES); mean and variance are the exact mixture moments.
 */
export function mixture(parts: readonly { p: number; d: Dist; label?: string }[], restLabel?: string): Dist {
  let total = 0;
  let m1 = 0;
  let m2 = 0;
  let floor = Infinity;
  let first: ExactResponse | undefined;
  let allExact = true;
  let one: Dist | undefined;
  let allEqual = true;
  let n = 0;
  for (const { p, d } of parts) {
    if (!(p > 0)) continue;
    if (d.unbounded) return UNBOUNDED;
    total += p;
    m1 += p * d.mean;
    m2 += p * (d.variance + d.mean * d.mean);
    floor = Math.min(floor, d.floor);
    if (n === 0) first = d.exact;
    if (!sameExact(first, d.exact)) allExact = false;
    if (isMixed(d)) allEqual = false;
    else if (one === undefined) one = d;
    else if (one.mean !== d.mean || one.variance !== d.variance || one.floor !== d.floor || one.exact !== d.exact)
      allEqual = false;
    n++;
  }
  if (n === 0) return ZERO;
  const rest = Math.max(0, 1 - total);
  if (rest > 1e-12) floor = 0;
  const mean = m1;
  const variance = Math.max(0, m2 - m1 * m1);
  const out: Dist = { mean, variance, floor: Math.min(floor, mean), unbounded: false };
  if (allExact && first && rest <= 1e-12) {
    out.exact = first;
    return out;
  }
  if (allEqual && rest <= 1e-12) return out; // the same plain time on every branch
  return new Mixed(out.mean, out.variance, out.floor, () => {
    const bs: Branch[] = [];
    for (const { p, d, label } of parts) {
      if (!(p > 0)) continue;
      if (d.branches) for (const b of d.branches) bs.push({ w: p * b.w, d: b.d, label: joinLabels(label, b.label) });
      else bs.push({ w: p, d, label });
    }
    if (rest > 1e-12) bs.push({ w: rest, d: ZERO, label: restLabel });
    return normalise(bs, sameExact);
  });
}

/** Fitted shifted gamma of a distribution: floor + Gamma(shape k, scale θ). Null when deterministic. */
export function fitGamma(d: Dist): { shift: number; shape: number; scale: number } | null {
  const m = d.mean - d.floor;
  if (!(d.variance > 0) || !(m > 0)) return null;
  const shape = (m * m) / d.variance;
  const scale = d.variance / m;
  if (!Number.isFinite(shape) || !Number.isFinite(scale) || shape <= 0) return null;
  return { shift: d.floor, shape, scale };
}

/**
 * The q-quantile of a distribution: of a mixture, t with Σ wᵢ P(Tᵢ > t) = 1 − q; exact for an
 * M/M/c response, else the shifted-gamma fit.
 */
export function quantile(d: Dist, q: number, tail = 1 - q): number {
  if (d.unbounded) return Infinity;
  if (q <= 0) return d.floor;
  if (d.branches) return mixtureQuantile(d.branches, tail);
  if (d.exact) return d.exact.fixedMs + mmcResponseQuantile(d.exact, q, tail);
  const f = fitGamma(d);
  if (!f) return d.mean;
  return f.shift + f.scale * gammaQuantile(f.shape, q, tail);
}

/**
 * P(T > t): the share of responses slower than t (a timeout's share of attempts cut), by the same
 * methods as `quantile`: a mixture's Σ wᵢ P(Tᵢ > t), an exact M/M/c response, else the shifted gamma.
 * 1 when unbounded (saturated).
 */
export function exceedance(d: Dist, t: number): number {
  if (d.unbounded) return 1;
  if (!(t > d.floor)) return t < d.floor || d.variance > 0 ? 1 : 0;
  if (d.branches) return Math.min(1, Math.max(0, mixtureTail(d.branches).at(t)));
  if (d.exact) return t <= d.exact.fixedMs ? 1 : mmcResponseTail(d.exact, t - d.exact.fixedMs).s;
  const f = fitGamma(d);
  if (!f) return d.mean > t ? 1 : 0;
  const z = (t - f.shift) / f.scale;
  return f.shape > 1000 ? wilsonHilfertyTail(f.shape, z) : gammaPQ(f.shape, z, lgamma(f.shape)).q;
}

/** Points of the midpoint rule used to integrate over the quantile function. */
const MAX_NODES = 96;

/**
 * The maximum of n independent copies (parallel fan-out calls): its quantiles are
 * F^-1(u^(1/n)); mean and variance by the midpoint rule over u in (0, 1) on the fitted
 * distribution. Of a mixture, F is the mixture's own CDF and the maximum a mixture over bins of u.
 */
export function maxOf(d: Dist, n: number): Dist {
  if (n <= 1 || d.unbounded) return d;
  if (d.branches) {
    const bs = d.branches;
    const m = maxBranches(n, d.floor, (tail, lo) => mixtureQuantile(bs, tail, lo));
    const out: Dist = { mean: m.mean, variance: m.variance, floor: d.floor, unbounded: false };
    return withBranches(out, normalise(m.branches, sameExact, m.branches.length));
  }
  const f = fitGamma(d);
  if (!f) return { mean: d.mean, variance: 0, floor: d.mean, unbounded: false };
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < MAX_NODES; j++) {
    const u = (j + 0.5) / MAX_NODES;
    const lu = Math.log(u) / n;
    const v = Math.exp(lu);
    const tail = -Math.expm1(lu);
    const x = f.shift + f.scale * gammaQuantile(f.shape, v, tail);
    s1 += x;
    s2 += x * x;
  }
  const mean = s1 / MAX_NODES;
  const variance = Math.max(0, s2 / MAX_NODES - mean * mean);
  return { mean, variance, floor: d.floor, unbounded: false };
}

/** A mixture's tail, prepared once per list of branches: P(T > t) and its density. */
interface MixtureTail {
  at: (t: number) => number;
  dens: { f: number };
  lo: number;
  hiGuess: number;
  atoms: number[];
  /** One shifted gamma fitted to the whole mixture: where Newton starts. */
  fit: { shift: number; shape: number; scale: number } | null;
  /** Quantiles solved so far, as (tail, t) pairs: they bracket the next. */
  known: number[];
}
const prepared = new WeakMap<readonly Branch[], MixtureTail>();

/**
 * Σ wᵢ P(Tᵢ > t) over the branches, each by its method: an exact M/M/c response plus its fixed
 * shift; a constant (a step at its value); else the shifted gamma fitted to (floor, mean, var).
 */
function mixtureTail(bs: readonly Branch[]): MixtureTail {
  const cached = prepared.get(bs);
  if (cached) return cached;
  const n = bs.length;
  const kind = new Uint8Array(n); // 0 constant, 1 exact, 2 shifted gamma
  const w = new Float64Array(n);
  const shift = new Float64Array(n);
  const shape = new Float64Array(n);
  const scale = new Float64Array(n);
  const gln = new Float64Array(n);
  const atoms: number[] = [];
  let lo = Infinity;
  let hiGuess = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const { d } = bs[i]!;
    w[i] = bs[i]!.w;
    lo = Math.min(lo, d.floor);
    hiGuess = Math.max(hiGuess, d.mean + 3 * Math.sqrt(d.variance));
    m1 += bs[i]!.w * d.mean;
    m2 += bs[i]!.w * (d.variance + d.mean * d.mean);
    const f = d.exact ? null : fitGamma(d);
    if (d.exact) {
      kind[i] = 1;
      shift[i] = d.exact.fixedMs;
    } else if (f) {
      kind[i] = 2;
      shift[i] = f.shift;
      shape[i] = f.shape;
      scale[i] = f.scale;
      gln[i] = lgamma(f.shape);
    } else {
      shift[i] = d.mean;
      atoms.push(d.mean);
    }
  }
  const dens = { f: 0 };
  const at = (t: number): number => {
    let s = 0;
    let f = 0;
    for (let i = 0; i < n; i++) {
      const x = t - shift[i]!;
      const k = kind[i]!;
      if (k === 0) s += x < 0 ? w[i]! : 0;
      else if (x <= 0) s += w[i]!;
      else if (k === 1) {
        const r = mmcResponseTail(bs[i]!.d.exact!, x);
        s += w[i]! * r.s;
        f += w[i]! * r.f;
      } else {
        const a = shape[i]!;
        const z = x / scale[i]!;
        s += w[i]! * (a > 1000 ? wilsonHilfertyTail(a, z) : gammaPQ(a, z, gln[i]!).q);
        f += (w[i]! * Math.exp((a - 1) * Math.log(z) - z - gln[i]!)) / scale[i]!;
      }
    }
    dens.f = f;
    return s;
  };
  const floor = Number.isFinite(lo) ? lo : 0;
  const fit = fitGamma({ mean: m1, variance: Math.max(0, m2 - m1 * m1), floor, unbounded: false });
  const out = { at, dens, lo: floor, hiGuess, atoms, fit, known: [] as number[] };
  prepared.set(bs, out);
  return out;
}

/** Q(a, z) for a large shape a: Wilson–Hilferty (the cube root of a gamma is nearly normal). */
function wilsonHilfertyTail(a: number, z: number): number {
  const v = 1 / (9 * a);
  return 0.5 * erfc((Math.cbrt(z / a) - (1 - v)) / Math.sqrt(2 * v));
}

/** The time t with P(T > t) = tail for a mixture (safeguarded Newton on its tail); `lo`: a known lower bound. */
export function mixtureQuantile(bs: readonly Branch[], tail: number, lo = -Infinity): number {
  if (!(tail < 1)) return mixtureTail(bs).lo;
  if (!(tail > 0)) return Infinity;
  const m = mixtureTail(bs);
  // quantiles solved before bound this one (the quantile function increases)
  let from = Math.max(m.lo, lo);
  let upto = Infinity;
  const k = m.known;
  for (let i = 0; i < k.length; i += 2) {
    if (k[i]! > tail) from = Math.max(from, k[i + 1]!);
    else if (k[i]! < tail) upto = Math.min(upto, k[i + 1]!);
    else return k[i + 1]!;
  }
  const f = m.fit;
  const start = f ? f.shift + f.scale * gammaQuantile(f.shape, 1 - tail, tail) : NaN;
  const known = upto < Infinity && upto > from;
  const t = solveTail(m.at, m.dens, from, known ? upto : Math.max(m.hiGuess, from), m.atoms, tail, start, known);
  if (k.length < 16) k.push(tail, t);
  return t;
}

// ---------------------------------------------------------------------------------------------
// M/M/c response time tail (FCFS): T = W + S, S ~ Exp(μ); W = 0 with probability 1 - C, else
// W ~ Exp(θ), θ = cμ - λ. So P(T > t) = (1-C) e^{-μt} + C · P(Exp(θ) + Exp(μ) > t).

/** x ↦ (1 - e^{-x}) / x, stable near 0. */
function phi1(x: number): number {
  return Math.abs(x) < 1e-8 ? 1 - x / 2 : -Math.expm1(-x) / x;
}

/** P(Exp(θ) + Exp(μ) > t) and its density. */
function hypoExp(theta: number, mu: number, t: number): { s: number; f: number } {
  const d = theta - mu;
  if (Math.abs(d) * t < 1e-3) {
    // θ ≈ μ: survival e^{-μt}(1 + μ t φ1(dt)), density θ μ t e^{-μt} φ1(dt)
    const e = Math.exp(-mu * t);
    const p = phi1(d * t);
    return { s: e * (1 + mu * t * p), f: theta * mu * t * e * p };
  }
  const em = Math.exp(-mu * t);
  const et = Math.exp(-theta * t);
  return { s: (theta * em - mu * et) / d, f: (theta * mu * (em - et)) / d };
}

/** The rate of the wait of those who wait, per ms: `waitRate` when given (GI/M/c), else cμ − λ. */
export function exactWaitRate(r: ExactResponse): number {
  return r.waitRate ?? r.servers / r.serviceMs - r.lambda;
}

/** Mean of an exact response without its fixed shift: S + C / θ. */
export function exactResponseMean(r: ExactResponse): number {
  return r.serviceMs + r.waitProbability / exactWaitRate(r);
}

/** P(T > t) and density for an M/M/c (or GI/M/c) response (t in ms, no fixed shift). */
export function mmcResponseTail(r: ExactResponse, t: number): { s: number; f: number } {
  const mu = 1 / r.serviceMs;
  const theta = exactWaitRate(r);
  const C = r.waitProbability;
  const em = Math.exp(-mu * t);
  if (C <= 0) return { s: em, f: mu * em };
  const h = hypoExp(theta, mu, t);
  return { s: (1 - C) * em + C * h.s, f: (1 - C) * mu * em + C * h.f };
}

/** The q-quantile of an M/M/c response time (ms, no fixed shift); `tail` = 1 - q passed precisely. */
export function mmcResponseQuantile(r: ExactResponse, q: number, tail = 1 - q): number {
  if (q <= 0) return 0;
  if (tail <= 0) return Infinity;
  const mu = 1 / r.serviceMs;
  const theta = exactWaitRate(r);
  if (!(theta > 0) || !(mu > 0)) return Infinity;
  // M/M/1: T ~ Exp(μ - λ) exactly.
  if (r.servers === 1 && r.waitRate === undefined && Math.abs(r.waitProbability - r.lambda * r.serviceMs) < 1e-12)
    return -Math.log(tail) / theta;
  const lt = -Math.log(tail);
  let lo = 0;
  let hi = (lt + 1) / Math.min(mu, theta);
  for (let i = 0; i < 200 && mmcResponseTail(r, hi).s > tail; i++) hi *= 2;
  let t = Math.min(hi, Math.max(lo, lt / Math.min(mu, theta)));
  for (let i = 0; i < 100; i++) {
    const { s, f } = mmcResponseTail(r, t);
    const g = s - tail;
    if (g > 0) lo = t;
    else hi = t;
    if (Math.abs(g) <= 1e-14 * tail || hi - lo <= 1e-13 * hi) break;
    let next = f > 0 ? t + g / f : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    t = next;
  }
  return t;
}
