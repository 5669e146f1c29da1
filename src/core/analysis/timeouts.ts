/**
 * Timeouts, retries, retry budgets and circuit breakers: the attempts each call makes at the
 * analysis's fixed point (docs/analysis.md, "Timeouts, retries and the retry storm").
 *
 * Per attempt on edge e with timeout τ: s = P(call time > τ) (g.timeoutShare, set by the call tree
 * from the callee's response time), q = 1 − A·(1 − s) (A the callee's instance availability),
 * attempts per call = (1 − q^(r+1)) / (1 − q), at most 1 + b with a retry budget b. Every attempt
 * loads the callee (a timed-out one too), so more attempts raise its utilisation, its response time,
 * s, and the attempts again: analyze() iterates loads → service → call tree → attempts until the
 * attempts settle. A circuit breaker with threshold θ opens when q ≥ θ; once open it stays open for
 * the rest of the iteration (the callee gets none of the edge's load, so its q falls: without this
 * the breaker would flap and the iteration never end).
 */
import { attemptsPerCall, budgetOf, reachableFrom, retriesOf, type Graph } from './graph.js';
import { poolOf } from './pools.js';

/** Iterations of the fixed point at most; the attempts settle in a handful unless near saturation. */
export const MAX_ITERATIONS = 60;
/** The attempts have settled when none changes by more than this, relative. */
export const TOLERANCE = 1e-9;
/** From this iteration on, a step that reverses the one before goes half way (damping an oscillation). */
const DAMP_FROM = 20;
/** The least share of attempts a bulkhead is taken to admit (its offered load stays known: flow / admitted). */
const MIN_ADMITTED = 1e-9;

/** A timeout written on an edge, ms (undefined without one). */
export function timeoutOf(g: Graph, e: number): number | undefined {
  const t = g.edges[e]!.timeoutMs;
  return t !== undefined && t > 0 && Number.isFinite(t) ? t : undefined;
}

/** The breaker's threshold on edge e (a fraction of attempts that fail), undefined without one. */
export function breakerThreshold(g: Graph, e: number): number | undefined {
  const t = g.edges[e]!.breaker?.threshold;
  return t !== undefined && Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : undefined;
}

/**
 * P(one attempt on e fails): 1 − (1 − B)·A·(1 − s), A the callee's instance availability, s its
 * timeout share, B its bulkhead's refusals (0 without one).
 */
export function attemptFailure(g: Graph, e: number): number {
  const s = g.timeoutShare[e]!;
  const B = g.refusal[e]!;
  const q = 1 - (1 - (B > 0 ? Math.min(1, B) : 0)) * (1 - g.failProb[e]!) * (1 - (s > 0 ? Math.min(1, s) : 0));
  return q > 0 ? Math.min(1, q) : 0;
}

/** How far the callee's load from e can amplify when every attempt fails: r + 1, or 1 + b with a budget. */
export function worstAmplification(g: Graph, e: number): number {
  const edge = g.edges[e]!;
  return attemptsPerCall(1, retriesOf(edge), budgetOf(edge));
}

/**
 * The edges whose load depends on the call tree: a timeout with retries (a timed-out attempt
 * is retried) or with a breaker (timeouts may open it), and a bulkhead (its refusals, by the
 * callee's response time, never reach it). Empty: one pass of the analysis suffices.
 */
export function timeoutDependentEdges(g: Graph): number[] {
  const out: number[] = [];
  for (let e = 0; e < g.edges.length; e++) {
    const edge = g.edges[e]!;
    if (((edge.retries || edge.breaker) && timeoutOf(g, e) !== undefined) || poolOf(g, e)?.kind === 'bulkhead')
      out.push(e);
  }
  return out;
}

/** Opens the breakers whose callee's failures alone reach the threshold (before any timeout is known). */
export function openStaticBreakers(g: Graph): void {
  for (let e = 0; e < g.edges.length; e++) {
    if (!g.edges[e]!.breaker) continue;
    const t = breakerThreshold(g, e);
    if (t !== undefined && attemptFailure(g, e) >= t) g.breakerOpen[e] = 1;
  }
}

/** State of the fixed point between passes. */
export interface AttemptIteration {
  edges: number[];
  iteration: number;
  /** The change each edge's attempts made in the previous step (damping, extrapolation). */
  step: Float64Array;
  /** Whether steps may be extrapolated (off once an extrapolation saturated a callee). */
  accelerate: boolean;
  /** After an extrapolated step: the plain step's attempts, to go back to if it saturated a callee. */
  plain: Float64Array | null;
  /** The change each edge's admitted share (a bulkhead's) made in the previous step (damping). */
  admittedStep: Float64Array;
}

export function startIteration(edges: number[]): AttemptIteration {
  return {
    edges,
    iteration: 0,
    step: new Float64Array(edges.length),
    accelerate: true,
    plain: null,
    admittedStep: new Float64Array(edges.length),
  };
}

/**
 * One step of the fixed point, after a pass has set g.timeoutShare: the attempts and breakers
 * the shares imply. Returns true when nothing changed (beyond the tolerance): the loads of the
 * pass just made are the fixed point's, and g keeps the attempts they were computed with.
 *
 * Near the point where the retries would saturate the callee the plain iteration converges slowly
 * (its rate is F'(a) → 1: hundreds of passes). Every third step, when every moving edge converges
 * monotonically (ratio ρ of its last two steps in (0, 1)), each jumps to Aitken's estimate of the
 * limit, a + Δ/(1 − ρ); should that saturate a callee that was not (`saturated`: a jump past the
 * unstable fixed point), the plain step is taken instead and jumps stop.
 */
export function stepAttempts(g: Graph, it: AttemptIteration, saturated?: (v: number) => boolean): boolean {
  if (it.plain && saturated && it.edges.some((e) => saturated(g.to[e]!))) {
    for (let k = 0; k < it.edges.length; k++) g.retryFactor[it.edges[k]!] = it.plain[k]!;
    it.plain = null;
    it.accelerate = false;
    return false;
  }
  it.plain = null;
  let settled = true;
  const next = new Float64Array(it.edges.length);
  const opens: number[] = [];
  for (let k = 0; k < it.edges.length; k++) {
    const e = it.edges[k]!;
    const edge = g.edges[e]!;
    const q = attemptFailure(g, e);
    const t = breakerThreshold(g, e);
    if (t !== undefined && !g.breakerOpen[e] && q >= t) {
      opens.push(e);
      settled = false;
    }
    const used = g.retryFactor[e]!;
    let a = attemptsPerCall(q, retriesOf(edge), budgetOf(edge));
    // a step back after a step forward (or the reverse) is an oscillation: go half way
    if (it.iteration >= DAMP_FROM && (a - used) * it.step[k]! < 0) a = used + (a - used) / 2;
    next[k] = a;
    if (Math.abs(a - used) > TOLERANCE * used) settled = false;
    // a bulkhead admits 1 − B of the attempts (B by the loads just made), damped as the attempts
    const had = g.admitted[e]!;
    let adm = Math.max(MIN_ADMITTED, 1 - Math.min(1, Math.max(0, g.refusal[e]!)));
    if (it.iteration >= DAMP_FROM && (adm - had) * it.admittedStep[k]! < 0) adm = had + (adm - had) / 2;
    if (Math.abs(adm - had) > TOLERANCE * had) {
      settled = false;
      it.admittedStep[k] = adm - had;
      g.admitted[e] = adm;
    }
  }
  it.iteration++;
  if (settled) return true;
  const jump = it.accelerate && opens.length === 0 && it.iteration % 3 === 0 ? aitken(g, it, next) : null;
  for (const e of opens) g.breakerOpen[e] = 1;
  if (jump) it.plain = next.slice();
  for (let k = 0; k < it.edges.length; k++) {
    const e = it.edges[k]!;
    const a = jump ? jump[k]! : next[k]!;
    it.step[k] = a - g.retryFactor[e]!;
    g.retryFactor[e] = a;
  }
  return false;
}

/** Aitken's extrapolation of every moving edge's attempts, or null when some edge does not converge monotonically. */
function aitken(g: Graph, it: AttemptIteration, next: Float64Array): Float64Array | null {
  const out = new Float64Array(next.length);
  let any = false;
  for (let k = 0; k < it.edges.length; k++) {
    const e = it.edges[k]!;
    const used = g.retryFactor[e]!;
    const d = next[k]! - used;
    const before = it.step[k]!;
    if (Math.abs(d) <= TOLERANCE * used) {
      out[k] = next[k]!;
      continue;
    }
    const rho = d / before;
    if (!(rho > 0 && rho < 1)) return null;
    const edge = g.edges[e]!;
    out[k] = Math.min(used + d / (1 - rho), attemptsPerCall(1, retriesOf(edge), budgetOf(edge)));
    any = true;
  }
  return any ? out : null;
}

/**
 * No fixed point reached within MAX_ITERATIONS: the attempts still grow, the callee is being pushed
 * into saturation. The edges still moving are set to their worst amplification (the loads stay
 * finite, at the most the retries can add) and returned, to be marked as retry storms.
 */
export function worstCase(g: Graph, it: AttemptIteration): number[] {
  const out: number[] = [];
  for (let k = 0; k < it.edges.length; k++) {
    const e = it.edges[k]!;
    if (g.breakerOpen[e] || !(Math.abs(it.step[k]!) > TOLERANCE * g.retryFactor[e]!)) continue;
    g.retryFactor[e] = worstAmplification(g, e);
    out.push(e);
  }
  return out;
}

/**
 * Marks the retry storms at the fixed point: an edge whose timed-out attempts are retried into a
 * saturated callee (its attempts there are at their worst: every attempt times out).
 */
export function markStorms(g: Graph, edges: number[], saturated: (v: number) => boolean): void {
  for (const e of edges)
    if (retriesOf(g.edges[e]!) > 0 && !g.breakerOpen[e] && saturated(g.to[e]!)) g.retryStorm[e] = 1;
}

/**
 * Where the loads are not linear in the clients' rates: the edges whose load depends on the timeout
 * share (`timeoutDependentEdges`), the scheduled jobs (sources at their own rate), and per component
 * 1 when one of those reaches it. Null when every load is linear. Read by the saturation multiplier
 * (a linear figure) and the load sweep (scaling/nonlinear.ts), made once per graph.
 */
export interface LoadNonLinearity {
  edges: number[];
  jobs: number[];
  affected: Uint8Array;
}

const NON_LINEAR = new WeakMap<Graph, LoadNonLinearity | null>();

export function loadNonLinearity(g: Graph): LoadNonLinearity | null {
  const known = NON_LINEAR.get(g);
  if (known !== undefined) return known;
  const edges = timeoutDependentEdges(g);
  const jobs: number[] = [];
  for (let i = 0; i < g.n; i++) {
    const c = g.comps[i]!;
    if (c.kind !== 'client' && c.schedule) jobs.push(i);
  }
  let out: LoadNonLinearity | null = null;
  if (edges.length > 0 || jobs.length > 0) {
    out = { edges, jobs, affected: reachableFrom(g, [...edges.map((e) => g.to[e]!), ...jobs]) };
  }
  NON_LINEAR.set(g, out);
  return out;
}
