/**
 * Queueing and reliability formulas: Erlang B and C (numerically stable for thousands of
 * servers), M/M/c figures, service level, fan-out tail, availability in series and parallel,
 * downtime. Pure functions; times in the caller's unit unless stated.
 */
import { normalCdf, normalPdf, mmcResponseQuantile, type ExactResponse } from './stats.js';

/**
 * Erlang B blocking probability B(c, A) for c servers and A Erlangs, by the recursion
 * B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)) — stable, no factorials. For large c the recursion
 * starts M = 40√A + 100 steps below c from a fluid estimate: the recursion contracts (by about
 * min(k/A, A/k) per step), so the start's error vanishes long before k reaches c. More than M
 * servers above A: B < 1e-240, returned as 0.
 */
export function erlangB(c: number, A: number): number {
  if (!(A > 0)) return 0;
  if (!(c >= 1)) return 1;
  const n = Math.floor(c);
  const M = Math.ceil(40 * Math.sqrt(A) + 100);
  // Far above the offered load B is below 1e-240: returned as 0. (This also
  // keeps the loop below M steps: counting up from 1e18 would never move in floating point.)
  if (n - A > M || !Number.isFinite(M)) return 0;
  const k0 = Math.max(0, n - M);
  let B = k0 === 0 ? 1 : Math.min(1, Math.max(1 - k0 / A, 1 / (1 + Math.sqrt(A))));
  for (let k = k0 + 1; k <= n; k++) B = (A * B) / (k + A * B);
  return B;
}

/** Above this many Erlangs the Halfin–Whitt approximation replaces the recursion. */
const HALFIN_WHITT_ABOVE = 1e6;

/**
 * Erlang C: probability that an arrival waits in an M/M/c queue, C = B / (1 - ρ(1 - B)),
 * ρ = A/c; 1 when ρ >= 1. For A above a million Erlangs (where the recursion would take
 * 40√A steps) the Halfin–Whitt limit C ≈ 1 / (1 + β Φ(β)/φ(β)), β = (c - A)/√A, is used.
 */
export function erlangC(c: number, A: number): number {
  if (!(A > 0)) return 0;
  const n = Math.floor(c);
  if (!(n >= 1) || A >= n * (1 - 1e-9)) return 1;
  if (A > HALFIN_WHITT_ABOVE) {
    const beta = (n - A) / Math.sqrt(A);
    if (beta > 37) return 0;
    return 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta));
  }
  const B = erlangB(n, A);
  const rho = A / n;
  return B / (1 - rho * (1 - B));
}

/** Figures of an M/M/c queue. λ in requests per unit time, S in the same unit. */
export interface MMc {
  servers: number;
  lambda: number;
  serviceTime: number;
  /** A = λS (Erlangs). */
  offered: number;
  /** ρ = A / c. */
  utilization: number;
  saturated: boolean;
  /** Erlang C (1 when saturated). */
  waitProbability: number;
  /** Wq = C S / (c (1 - ρ)); Infinity when saturated. */
  meanWait: number;
  /** R = S + Wq. */
  meanResponse: number;
  /** Lq = λ Wq. */
  meanQueueLength: number;
  /** L = λ R (Little's law). */
  meanInSystem: number;
  /** Var(R) = Var(W) + S², Var(W) = C (2 - C) / θ², θ = cμ - λ. */
  responseVariance: number;
  /** Maximum throughput c / S. */
  maxThroughput: number;
}

export function mmc(lambda: number, serviceTime: number, servers: number): MMc {
  const c = Math.max(0, Math.floor(servers));
  const A = lambda * serviceTime;
  const rho = c > 0 ? A / c : A > 0 ? Infinity : 0;
  const maxThroughput = serviceTime > 0 ? c / serviceTime : Infinity;
  // within rounding of 1 counts as saturated (e.g. 1000 rps on 1000 rps of capacity)
  if (c === 0 || rho >= 1 - 1e-9) {
    return {
      servers: c,
      lambda,
      serviceTime,
      offered: A,
      utilization: rho,
      saturated: lambda > 0,
      waitProbability: 1,
      meanWait: Infinity,
      meanResponse: Infinity,
      meanQueueLength: Infinity,
      meanInSystem: Infinity,
      responseVariance: Infinity,
      maxThroughput,
    };
  }
  const C = erlangC(c, A);
  const theta = (c - A) / serviceTime; // cμ - λ
  const Wq = C / theta;
  const R = serviceTime + Wq;
  const varW = (C * (2 - C)) / (theta * theta);
  return {
    servers: c,
    lambda,
    serviceTime,
    offered: A,
    utilization: rho,
    saturated: false,
    waitProbability: C,
    meanWait: Wq,
    meanResponse: R,
    meanQueueLength: lambda * Wq,
    meanInSystem: lambda * R,
    responseVariance: varW + serviceTime * serviceTime,
    maxThroughput,
  };
}

/** How a queue departs from M/M/c: round-robin arrivals and the service time's variability. */
export interface QueueShape {
  /**
   * Each instance gets every n-th arrival of a Poisson stream (round-robin over n instances):
   * Erlang-n interarrival times, squared CV 1/n. 1 (or absent) = Poisson.
   */
  arrivalPhases?: number;
  /** Coefficient of variation of the service time: 1 (or absent) = exponential, 0 = deterministic. */
  serviceCv?: number;
  /** Batch arrivals (fan-out copies together), with Poisson batches: see `FanInBatch` (dispatch.ts). */
  batch?: { ahead: number; first: number } | null;
}

/** Figures of one queue: M/M/c, Eₙ/M/c (exact, GI/M/c) or with a general service time (Allen–Cunneen). */
export interface Queue extends MMc {
  /** Squared CV of the interarrival time (1 Poisson, 1/n round-robin over n). */
  arrivalScv: number;
  /** Squared CV of the service time (1 exponential). */
  serviceScv: number;
  /**
   * Rate θ of the wait of those who wait (exponential), per time unit: cμ − λ for M/M/c,
   * cμ(1 − σ) for GI/M/c; for a general service time the rate that gives the Allen–Cunneen
   * mean (C / Wq), an approximation.
   */
  waitRate: number;
  /** σ of GI/M/c (the root of σ = A*(cμ(1 − σ))); null for Poisson arrivals. */
  sigma: number | null;
  /** The response is exactly S + W with S exponential and W = 0 or Exp(θ) (not with a general service). */
  exponentialService: boolean;
  /** How the mean wait was found. */
  method: 'erlang-c' | 'gi-m-c' | 'gi-scaled' | 'allen-cunneen' | 'pollaczek-khinchine';
  /**
   * The wait of those who wait is `waitShift + Exp(waitRate)`: 0 but for M/G/1, whose tail decays
   * at the Cramér–Lundberg rate γ (λ(B*(−γ) − 1) = γ, B* of the gamma service), shifted so the
   * mean stays Pollaczek–Khinchine's.
   */
  waitShift: number;
  /** The fan-out batches it was given (Poisson arrivals only), else null. */
  batch: { ahead: number; first: number } | null;
}

/**
 * The Cramér–Lundberg rate γ of a single-server wait with Erlang-n arrivals at rate λ (n = 1:
 * Poisson) and a gamma service (mean S, squared CV cs2 > 0, or deterministic at 0): the
 * positive root of A*(γ)·B*(−γ) = 1 (Lundberg's equation, E[e^(γ(S − A))] = 1), with
 * A*(γ) = (nλ/(nλ + γ))ⁿ and B*(−γ) = (1 − γ S cs2)^(−1/cs2) (e^(γS) when deterministic); for
 * n = 1 it is λ(B*(−γ) − 1) = γ. P(W > t) ~ e^(−γt).
 */
export function cramerLundbergRate(lambda: number, S: number, cs2: number, n = 1): number {
  // ln B*(−γ) − n ln(1 + γ/(nλ)): 0 at 0, falling (ρ < 1), convex, growing without bound
  const g = (x: number) => (cs2 > 0 ? -Math.log1p(-x * S * cs2) / cs2 : x * S) - n * Math.log1p(x / (n * lambda));
  let lo = 0;
  let hi = cs2 > 0 ? 1 / (S * cs2) : 1 / S;
  if (cs2 <= 0) while (g(hi) < 0 && hi < 1e6 / S) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) < 0) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-14 * hi) break;
  }
  return (lo + hi) / 2;
}

/** Laplace transform of an Erlang-n interarrival time at rate λ (per server group), ln A*(s). */
function logErlangTransform(lambda: number, n: number, s: number): number {
  return -n * Math.log1p(s / (n * lambda));
}

/**
 * σ of a GI/M/c queue with Erlang-n arrivals at rate λ, c servers at rate μ each: the root in
 * (0, 1) of σ = A*(cμ(1 − σ)) (ρ = λ/(cμ) < 1). Newton from 0 (the map is convex and
 * increasing, so the iterates climb monotonically to the smallest root).
 */
export function erlangArrivalSigma(lambda: number, mu: number, c: number, n: number): number {
  const h = (x: number) => Math.exp(logErlangTransform(lambda, n, c * mu * (1 - x)));
  let x = 0;
  for (let i = 0; i < 500; i++) {
    const hx = h(x);
    const dh = (hx * n * c * mu) / (n * lambda + c * mu * (1 - x));
    const g = hx - x;
    const step = g / (1 - dh);
    if (!(step > 0) || !Number.isFinite(step)) break;
    x += step;
    if (x >= 1) return 1;
    if (step <= 1e-15 * x) break;
  }
  return x;
}

/** Above this many servers per instance, round-robin's wait is approximated (Allen–Cunneen). */
const GI_EXACT_SERVERS = 10_000;

/**
 * Probability that an arrival waits in a GI/M/c queue with Erlang-n arrivals (Takács):
 * P(wait) = 1 / (1 + (1 − σ) Σ_{j=1..c} C(c, j) / C_j · (c(1 − a_j) − j) / ((1 − a_j)(c(1 − σ) − j))),
 * a_j = A*(jμ), C_j = Π_{i ≤ j} a_i / (1 − a_i). Every term is positive (numerator and
 * denominator change sign together at j = c(1 − σ), where the limit is taken); summed in logs.
 * With n = 1 (Poisson) it is Erlang C.
 */
export function giWaitProbability(lambda: number, mu: number, c: number, n: number, sigma: number): number {
  const jStar = c * (1 - sigma);
  let logC = 0; // ln C_j
  let logBinom = 0; // ln C(c, j)
  let maxLog = -Infinity;
  const logs: number[] = [];
  for (let j = 1; j <= c; j++) {
    const la = logErlangTransform(lambda, n, j * mu);
    const l1a = Math.log(-Math.expm1(la)); // ln(1 − a_j)
    logC += la - l1a;
    logBinom += Math.log((c - j + 1) / j);
    const a = Math.exp(la);
    const den = jStar - j;
    let ratio: number;
    if (Math.abs(den) < 1e-9 * c) {
      // the limit f'/g' of f = c(1 − a_j) − j over g = (1 − a_j)(c(1 − σ) − j), a_j' = −n a_j / (nA + j)
      ratio = (1 - (c * n * a) / ((n * lambda) / mu + j)) / (1 - sigma);
    } else ratio = (c * -Math.expm1(la) - j) / (-Math.expm1(la) * den);
    const t = logBinom - logC + Math.log(ratio);
    logs.push(t);
    if (t > maxLog) maxLog = t;
  }
  let sum = 0;
  for (const t of logs) sum += Math.exp(t - maxLog);
  const logS = maxLog + Math.log(sum);
  const x = Math.log1p(-sigma) + logS;
  return x > 700 ? 0 : 1 / (1 + Math.exp(x));
}

/**
 * One queue of c servers (one instance, or a shared pool) at arrival rate λ and mean service S:
 * M/M/c; with `arrivalPhases` n > 1 the exact Eₙ/M/c (GI/M/c: P(wait) by Takács, wait of
 * those who wait Exp(cμ(1 − σ))); with a service CV other than 1, Allen–Cunneen:
 * Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2 (for M/G/1 this is Pollaczek–Khinchine, exact for the mean).
 * With fan-out batches (`batch`, Poisson arrivals only) the batch-mates ahead wait too.
 */
export function queue(lambda: number, serviceTime: number, servers: number, shape: QueueShape = {}): Queue {
  const base = mmc(lambda, serviceTime, servers);
  const n = Math.max(1, Math.floor(shape.arrivalPhases ?? 1));
  const cv = shape.serviceCv !== undefined && Number.isFinite(shape.serviceCv) ? Math.max(0, shape.serviceCv) : 1;
  const ca2 = 1 / n;
  const cs2 = cv * cv;
  const S = serviceTime;
  const batch = shape.batch && shape.batch.ahead > 0 && n === 1 ? shape.batch : null;
  const batched = batch !== null && !base.saturated && lambda > 0 && S > 0 && base.servers > 0;
  const exponentialService = Math.abs(cs2 - 1) < 1e-12;
  const c = base.servers;
  let method: Queue['method'] = 'erlang-c';
  let sigma: number | null = null;
  let theta = c > 0 && S > 0 ? c / S - lambda : Infinity;
  let shift = 0;
  let C = base.waitProbability;
  let Wq = base.meanWait;
  let variance = base.responseVariance;
  if (base.saturated || !(lambda > 0) || !(S > 0) || c === 0) {
    if (!exponentialService && !base.saturated) variance = cs2 * S * S;
  } else {
    if (n > 1 && c <= GI_EXACT_SERVERS) {
      const mu = 1 / S;
      const s = erlangArrivalSigma(lambda, mu, c, n);
      if (s > 0 && s < 1) {
        C = giWaitProbability(lambda, mu, c, n, s);
        sigma = s;
        method = 'gi-m-c';
        theta = c * mu * (1 - s);
        Wq = C / theta;
        if (!exponentialService) {
          // a general service time: the exact Eₙ/M/c wait scaled as Allen–Cunneen scales,
          // (ca² + cs²) / (ca² + 1); those who wait wait Exp(C / Wq)
          Wq *= (ca2 + cs2) / (ca2 + 1);
          method = 'gi-scaled';
          theta = Wq > 0 ? C / Wq : Infinity;
        }
      }
    }
    if (method === 'erlang-c' && (n > 1 || !exponentialService)) {
      Wq = base.meanWait * ((ca2 + cs2) / 2);
      method = c === 1 && n === 1 ? 'pollaczek-khinchine' : 'allen-cunneen';
      theta = Wq > 0 ? C / Wq : Infinity;
    }
    if ((method === 'pollaczek-khinchine' || method === 'gi-scaled') && c === 1 && C > 0 && Wq > 0) {
      // one server: the conditional wait's tail decays at the Cramér–Lundberg γ; a shift keeps
      // the mean (when γ allows)
      const gamma = cramerLundbergRate(lambda, S, cs2, n);
      const d = Wq / C - 1 / gamma;
      if (gamma > 0 && Number.isFinite(gamma) && d >= 0) {
        theta = gamma;
        shift = d;
      }
    }
    if (batched) {
      // batch arrivals (M^X/G/c): the batch-mates ahead add ahead·(S/c)/(1 − ρ)·√(C/ρ), exact
      // for M^X/G/1 (C = ρ), fitted to the simulation for c servers; a batch finding the
      // servers free still makes all but its first wait: P(wait) = 1 − (1 − C)·first (exact for one)
      const rho = base.utilization;
      Wq += ((batch!.ahead * S) / c / (1 - rho)) * Math.sqrt(C / rho);
      C = 1 - (1 - C) * batch!.first;
      theta = Wq > 0 && C > 0 ? C / Wq : Infinity;
      shift = 0;
    }
    // E[W²] = C (d² + 2d/θ + 2/θ²) for W = 0 (1 − C) or d + Exp(θ) (C)
    const varW =
      C > 0 && theta > 0 && Number.isFinite(theta)
        ? C * (shift * shift + (2 * shift) / theta + 2 / (theta * theta)) - Wq * Wq
        : 0;
    variance = varW + cs2 * S * S;
  }
  const done = method !== 'erlang-c' || batched;
  return {
    servers: c,
    lambda,
    serviceTime: S,
    offered: base.offered,
    utilization: base.utilization,
    saturated: base.saturated,
    waitProbability: C,
    meanWait: Wq,
    meanResponse: done ? S + Wq : base.meanResponse,
    meanQueueLength: done ? lambda * Wq : base.meanQueueLength,
    meanInSystem: done ? lambda * (S + Wq) : base.meanInSystem,
    responseVariance: variance,
    maxThroughput: base.maxThroughput,
    arrivalScv: ca2,
    serviceScv: cs2,
    waitRate: theta,
    sigma,
    // batches: the response is no longer S + (0 or an exponential wait)
    exponentialService: exponentialService && !batched,
    method,
    waitShift: shift,
    batch: batched ? batch : null,
  };
}

/** The q-quantile of the response time of an M/M/c queue (same time unit as S). */
export function mmcQuantile(lambda: number, serviceTime: number, servers: number, q: number): number {
  const m = mmc(lambda, serviceTime, servers);
  if (m.saturated || m.responseVariance === Infinity) return Infinity;
  const r: ExactResponse = {
    lambda,
    serviceMs: serviceTime,
    servers: m.servers,
    waitProbability: m.waitProbability,
    fixedMs: 0,
  };
  return mmcResponseQuantile(r, q);
}

/**
 * Service level: probability that an arrival waits at most t, 1 - C e^{-(c - A) t / S}
 * (pyworkforce's formula; t and S in the same unit).
 */
export function serviceLevel(servers: number, A: number, t: number, serviceTime: number): number {
  const C = erlangC(servers, A);
  if (A >= servers) return 0;
  return 1 - C * Math.exp((-(servers - A) * t) / serviceTime);
}

/** Fewest servers whose service level reaches `target` (t and S in the same unit). */
export function serversForServiceLevel(A: number, t: number, serviceTime: number, target: number): number {
  let c = Math.max(1, Math.floor(A) + 1);
  for (let i = 0; i < 1_000_000; i++, c++) if (serviceLevel(c, A, t, serviceTime) >= target) return c;
  return c;
}

/** Fan-out tail: P(at least one of n calls is slow) = 1 - (1 - p)^n. */
export function fanoutTail(n: number, p: number): number {
  if (!(n > 0) || !(p > 0)) return 0;
  if (p >= 1) return 1;
  return -Math.expm1(n * Math.log1p(-p));
}

/** Availability of components in sequence: the product. */
export function series(as: readonly number[]): number {
  return as.reduce((x, a) => x * a, 1);
}

/** Availability of redundant components in parallel: 1 - Π(1 - a). */
export function parallel(as: readonly number[]): number {
  return 1 - as.reduce((x, a) => x * (1 - a), 1);
}

/** n identical redundant instances in parallel: 1 - (1 - a)^n. */
export function redundant(a: number, n: number): number {
  if (n <= 0) return 0;
  if (a >= 1) return 1;
  if (a <= 0) return 0;
  return -Math.expm1(n * Math.log1p(-a));
}

/** P(at least k of n independent nodes are up), each up with probability a. */
export function atLeast(k: number, n: number, a: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (a >= 1) return 1;
  if (a <= 0) return 0;
  if (n > 2000) {
    // normal approximation with continuity correction
    const mean = n * a;
    const sd = Math.sqrt(n * a * (1 - a));
    return 1 - normalCdf((k - 0.5 - mean) / sd);
  }
  // Σ_{j=k}^{n} C(n,j) a^j (1-a)^{n-j}, terms by ratio, in log space for the first.
  const la = Math.log(a);
  const lb = Math.log1p(-a);
  let lc = 0; // ln C(n, j)
  let sum = 0;
  for (let j = 0; j <= n; j++) {
    if (j > 0) lc += Math.log((n - j + 1) / j);
    if (j >= k) sum += Math.exp(lc + j * la + (n - j) * lb);
  }
  return Math.min(1, sum);
}

/** The Gregorian mean year (365.2425 days) in seconds, as in the primer's availability table. */
export const CALENDAR_YEAR_S = 365.2425 * 86400;

export interface Downtime {
  perYearS: number;
  perMonthS: number;
  perWeekS: number;
  perDayS: number;
}

/** Downtime allowed by an availability: (1 - a) x year, month (= year / 12), week and day. */
export function downtime(availability: number): Downtime {
  const u = Math.min(1, Math.max(0, 1 - availability));
  return {
    perYearS: u * CALENDAR_YEAR_S,
    perMonthS: (u * CALENDAR_YEAR_S) / 12,
    perWeekS: u * 7 * 86400,
    perDayS: u * 86400,
  };
}

/** Seconds as the primer writes them: 31557 -> "8h 45m 57s", 86.4 -> "1m 26.4s". */
export function formatDowntime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  // whole seconds from an hour up, tenths below; round first so 59.96 s carries into a minute
  const tenths = seconds >= 3600 ? Math.round(Math.max(0, seconds)) * 10 : Math.round(Math.max(0, seconds) * 10);
  let s = tenths / 10;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s = Math.round((s - m * 60) * 10) / 10;
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s || parts.length === 0) parts.push(`${s}s`);
  return parts.join(' ');
}
