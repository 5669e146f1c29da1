/** Latency figures (mean and percentiles) of a distribution, a client request and a path, with their derivations. */
import { pathConsistency } from './consistency.js';
import { figure, none } from './figure.js';
import { READS, type ClassIndex, type Graph } from './graph.js';
import type { CallTree, RawPath } from './paths.js';
import { exactWaitRate, quantile, type Branch, type Dist } from './stats.js';
import { requestErrors, withErrors } from './figures-errors.js';
import { pathNotes, treeNotes } from './figures-calls.js';
import type { Consistency, EdgeAnalysis, Figure, LatencyFigures, PathAnalysis, RequestAnalysis } from './types.js';
import { CLASS_NAMES } from './result-context.js';
import * as words from '../wording.js';

export const QUANTILES: [keyof LatencyFigures, number][] = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

/**
 * Latency figures of a distribution. `meanText` describes how the mean arose (computed lazily).
 */
export function latencyFigures(
  d: Dist,
  meanFormula: string,
  meanText: () => string,
  inputs: Record<string, number | string | null>,
  unboundedText: string,
): LatencyFigures {
  if (d.unbounded) {
    const u = none('ms', unboundedText);
    return { mean: u, p50: u, p95: u, p99: u };
  }
  const out = { mean: figure(d.mean, 'ms', meanFormula, inputs, meanText) } as LatencyFigures;
  for (const [key, q] of QUANTILES) out[key] = quantileFigure(d, q);
  return out;
}

/**
 * latencyFigures whose percentiles are solved on first read (a request's p50, p95 and p99: the
 * system summary and the latency-budget rule read a few of them, and a request's mixture over
 * its whole call tree is the costliest to build). The same figures, with the same values: a
 * percentile read solves those before it first (p50, then p95, then p99), as latencyFigures
 * does, since a mixture's solved percentiles bracket the next (stats.ts mixtureQuantile). The
 * properties are enumerable, in the same order, and plain values once read.
 */
export function lazyLatencyFigures(
  d: Dist,
  meanFormula: string,
  meanText: () => string,
  inputs: Record<string, number | string | null>,
  unboundedText: string,
): LatencyFigures {
  if (d.unbounded) return latencyFigures(d, meanFormula, meanText, inputs, unboundedText);
  const out = { mean: figure(d.mean, 'ms', meanFormula, inputs, meanText) } as LatencyFigures;
  const solved: Figure[] = [];
  QUANTILES.forEach(([key], k) => {
    const settle = (v: Figure) => {
      Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      return v;
    };
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get: (): Figure => {
        while (solved.length <= k) solved.push(quantileFigure(d, QUANTILES[solved.length]![1]));
        return settle(solved[k]!);
      },
      set: settle,
    });
  });
  return out;
}

/** Branches a derivation names one by one; the rest are counted. */
const NAMED_BRANCHES = 6;

/** How one branch's tail is taken, in words: a constant, an exact M/M/c response, or a fitted gamma. */
function branchMethod(d: Dist): string {
  if (d.exact) {
    const x = d.exact;
    const queue = `${x.waitRate !== undefined ? 'GI' : 'M'}/M/${x.servers}`;
    return `${queue} response${x.fixedMs ? ` + ${words.duration(x.fixedMs)}` : ''} (mean ${words.duration(d.mean)})`;
  }
  if (d.variance > 0 && d.mean > d.floor)
    return `mean ${words.duration(d.mean)}, sd ${words.duration(Math.sqrt(d.variance))}, floor ${words.duration(d.floor)} (shifted gamma)`;
  return words.duration(d.mean);
}

/** The branches of a mixture in words, the heaviest first: `hit 80 %: 1 ms, miss 20 %: …`. */
function branchList(bs: readonly Branch[]): string {
  const named = [...bs].sort((a, b) => b.w - a.w).slice(0, NAMED_BRANCHES);
  const text = named.map((b) => `${b.label ? `${b.label} ` : ''}${words.percent(b.w)}: ${branchMethod(b.d)}`);
  const more = bs.length - named.length;
  return more > 0 ? `${text.join(', ')} and ${more} more` : text.join(', ');
}

export function quantileFigure(d: Dist, q: number): Figure {
  const v = quantile(d, q);
  const label = `p${Math.round(q * 100)}`;
  const mixed = d.branches;
  if (mixed && mixed.length === 1) return quantileFigure(mixed[0]!.d, q);
  if (mixed) {
    const bs = mixed;
    return figure(
      v,
      'ms',
      'P(T > t) = Σ wᵢ P(Tᵢ > t) = 1 − q over the branches (each exact M/M/c, constant or shifted gamma)',
      { q, branches: bs.length, mean: d.mean, sd: Math.sqrt(d.variance), floor: d.floor },
      () =>
        `${label} = ${words.duration(v)}: P(T > t) = Σ wᵢ P(Tᵢ > t) over ${bs.length} branches (${branchList(bs)}) solved for ${words.percent(1 - q, 0)}`,
    );
  }
  if (d.exact) {
    const x = d.exact;
    // GI/M/c (round-robin arrivals): the wait decays at waitRate = cμ(1 − σ), and for one server
    // the response is Exp(μ(1 − σ)); else M/M/c, θ = cμ − λ
    const gi = x.waitRate !== undefined;
    const mm1 = x.servers === 1 && !gi;
    const mu = 1 / x.serviceMs;
    const theta = exactWaitRate(x);
    if (gi) {
      const name = `GI/M/${x.servers}`;
      return figure(
        v,
        'ms',
        `P(T > t) = (1−C)e^(−μt) + C·P(Exp(θ) + Exp(μ) > t) = 1 − q, θ = cμ(1 − σ) (${name}, round-robin arrivals)`,
        { q, C: x.waitProbability, mu: mu * 1000, theta: theta * 1000, c: x.servers, fixed: x.fixedMs },
        () =>
          `${label} = ${words.duration(v)}: ${name} response time (round-robin arrivals) = wait (0 with prob ${words.count(1 - x.waitProbability)}, else Exp(θ = ${words.count(theta * 1000)}/s)) + service Exp(μ = ${words.count(mu * 1000)}/s)${x.fixedMs ? ` + ${words.duration(x.fixedMs)} fixed` : ''}, tail solved for ${words.percent(1 - q, 0)}`,
      );
    }
    return figure(
      v,
      'ms',
      mm1
        ? 't = fixed + ln(1/(1−q)) / (μ − λ)'
        : 'P(T > t) = (1−C)e^(−μt) + C·P(Exp(θ) + Exp(μ) > t) = 1 − q, θ = cμ − λ',
      { q, C: x.waitProbability, mu: mu * 1000, lambda: x.lambda * 1000, c: x.servers, fixed: x.fixedMs },
      () =>
        mm1
          ? `${label} = ${x.fixedMs ? `${words.duration(x.fixedMs)} + ` : ''}ln(${words.count(1 / (1 - q))}) / (μ − λ) = ${x.fixedMs ? `${words.duration(x.fixedMs)} + ` : ''}${words.count(-Math.log(1 - q))} / (${words.count(mu * 1000)} − ${words.count(x.lambda * 1000)})/s = ${words.duration(v)} (M/M/1 response time is exponential)`
          : `${label} = ${words.duration(v)}: M/M/${x.servers} response time = wait (0 with prob ${words.count(1 - x.waitProbability)}, else Exp(θ = ${words.count(theta * 1000)}/s)) + service Exp(μ = ${words.count(mu * 1000)}/s)${x.fixedMs ? ` + ${words.duration(x.fixedMs)} fixed` : ''}, tail solved for ${words.percent(1 - q, 0)}`,
    );
  }
  if (d.variance > 0 && d.mean > d.floor) {
    const m = d.mean - d.floor;
    return figure(
      v,
      'ms',
      'floor + Γ(k = m²/σ², θ = σ²/m) quantile, m = mean − floor',
      { q, mean: d.mean, sd: Math.sqrt(d.variance), floor: d.floor, shape: (m * m) / d.variance },
      () =>
        `${label} = ${words.duration(v)}: shifted gamma fitted to mean ${words.duration(d.mean)}, sd ${words.duration(Math.sqrt(d.variance))}, floor ${words.duration(d.floor)}`,
    );
  }
  return figure(
    v,
    'ms',
    'deterministic: quantile = mean',
    { mean: d.mean },
    () => `${label} = ${words.duration(v)} (no variability)`,
  );
}

export function requestFigures(
  g: Graph,
  i: number,
  k: ClassIndex,
  rate: number,
  tree: CallTree,
  edges?: readonly EdgeAnalysis[],
): RequestAnalysis {
  const c = g.comps[i]!;
  const d = tree.latency[k][i]!;
  const a = tree.availability[k][i]!;
  const cls = CLASS_NAMES[k];
  const latency = lazyLatencyFigures(
    d,
    'R = Σ over the call tree (sequential calls add, splits and hits mix, fan-out takes the max)',
    () =>
      `${cls} from ${c.id}: mean ${words.duration(d.mean)} over the whole synchronous call tree${treeNotes(g, k, i)}`,
    { mean: d.mean, sd: Math.sqrt(d.variance), floor: d.floor },
    `unbounded: a saturated component is on the call tree of ${c.id}'s ${cls}`,
  );
  return withErrors(
    {
      client: c.id,
      traffic: cls,
      rate: figure(rate, 'rps', 'rate × class share', { rate }, () => `${words.rate(rate)} of ${cls} from ${c.id}`),
      latency,
      availability: figure(
        a,
        'fraction',
        'Π own availability × calls (balancer targets in parallel)',
        { availability: a },
        () =>
          `${words.availability(a)} of ${c.id}'s ${cls} find every component they need up (${words.count((1 - a) * 525_960)} min a year down)`,
      ),
      concurrency: d.unbounded
        ? none('requests', 'unbounded: saturated')
        : figure(
            (rate * d.mean) / 1000,
            'requests',
            'N = X × R',
            { X: rate, R: d.mean },
            () =>
              `N = ${words.rate(rate)} × ${words.duration(d.mean)} = ${words.count((rate * d.mean) / 1000)} in flight (Little's law)`,
          ),
    },
    requestErrors(g, i, k, d, a, edges),
  );
}

export function pathFigures(
  g: Graph,
  p: RawPath,
  own: [Dist[], Dist[]],
  consMemo: Map<number, Consistency | null>,
): PathAnalysis {
  const ids = p.hops.map((h) => g.comps[h]!.id);
  const cls = CLASS_NAMES[p.k];
  let sumP95 = 0;
  for (const h of p.hops) sumP95 += quantile(own[p.k][h]!, 0.95);
  const latency = latencyFigures(
    p.latency,
    'R = Σ hops (own + other calls) + edge latencies; fan-out takes the max',
    () =>
      `mean ${words.duration(p.latency.mean)} along ${ids.join(' → ')} (including the hops' other synchronous calls)${pathNotes(g, p.edges)}`,
    { mean: p.latency.mean, sumOfHopP95: sumP95 },
    `unbounded: a saturated component is on ${ids.join(' → ')}`,
  );
  const base = latency.p95;
  if (base.value !== null && Number.isFinite(sumP95)) {
    latency.p95 = figure(
      base.value,
      'ms',
      base.formula,
      { ...base.inputs, sumOfHopP95: sumP95 },
      () => `${base.text}; summing the hops' own p95s would give ${words.duration(sumP95)}`,
    );
  }
  return {
    from: ids[0]!,
    to: ids[ids.length - 1]!,
    traffic: cls,
    hops: ids,
    edges: p.edges.map((e) => g.edges[e]!.id),
    probability: figure(
      p.probability,
      'fraction',
      'Π split fractions × shares × miss ratios',
      { probability: p.probability },
      () => `${words.percent(p.probability)} of ${ids[0]}'s ${cls} take this whole path`,
    ),
    latency,
    availability: figure(
      p.availability,
      'fraction',
      'Π hops (own availability × their other calls)',
      { availability: p.availability },
      () => `${words.availability(p.availability)} along ${ids.join(' → ')}`,
    ),
    consistency: p.k === READS ? pathConsistency(g, p.hops, p.edges, consMemo) : null,
  };
}
