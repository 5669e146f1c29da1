/**
 * Request error figures (issue 16): per client request class, the share of requests slower than
 * the end-to-end timeout, and the error rate of the requests.
 *
 * - End-to-end timeout τ: the client's `timeout`, else its system SLO's `timeout`.
 * - timeoutShare = P(T > τ) = exceedance(request latency, τ) (1 when the request is unbounded:
 *   something it waits for is saturated); null without a timeout.
 * - errorRate = (1 − A) + timeoutShare, capped at 1: A is the request's availability
 *   (every component it needs up; per-hop timeouts, breakers and bulkheads' refusals as the call
 *   tree counts them: a refused attempt fails as a callee that is down does, pools.ts), the
 *   refusals named (a bulkhead's P(refused), `EdgeAnalysis.connections.refusal`, times the calls
 *   per request over that edge; a call that is `optional` or has a `fallback` does not fail the
 *   request). The sum is the union bound: exact to first order when both are small.
 *
 * The system's error rate is the rate-weighted mean over its clients' request classes (scheduled
 * jobs aside), judged against `slo { error-rate … }` (summary.ts).
 */
import type { Component, SystemDecl } from '../model.js';
import * as words from '../wording.js';
import { figure, none } from './figure.js';
import { READS, WRITES, type ClassIndex, type Graph } from './graph.js';
import { propagate } from './load.js';
import { exceedance, type Dist } from './stats.js';
import type { EdgeAnalysis, Figure, RequestAnalysis } from './types.js';

/** The end-to-end timeout of a client's requests, ms, and where it is written; null when none. */
export function endToEndTimeout(
  c: Component,
  system: SystemDecl | undefined,
): { ms: number; from: 'client' | 'slo' } | null {
  const ok = (t: number | undefined): t is number => t !== undefined && Number.isFinite(t) && t > 0;
  if (ok(c.timeoutMs)) return { ms: c.timeoutMs, from: 'client' };
  const s = system?.slo?.timeoutMs;
  return ok(s) ? { ms: s, from: 'slo' } : null;
}

/** One bulkhead's share of a request's failures. */
export interface RefusalPart {
  edge: string;
  /** Calls per request over the edge (attempts included). */
  calls: number;
  /** P(one call is refused). */
  refusal: number;
}

/**
 * Calls per request of client i, class k, over each edge (attempts included): one request sent
 * alone through the traffic equations.
 */
function callsPerRequest(g: Graph, i: number, k: ClassIndex): Float64Array {
  const src = new Float64Array(g.n * 4);
  src[i * 4 + k] = 1;
  const { flow } = propagate(g, { src });
  const out = new Float64Array(g.edges.length);
  for (let e = 0; e < out.length; e++) out[e] = flow[e * 4 + READS]! + flow[e * 4 + WRITES]!;
  return out;
}

/** The bulkheads that refuse some of this request's calls (none without bulkheads). */
export function refusalParts(
  g: Graph,
  i: number,
  k: ClassIndex,
  edges: readonly EdgeAnalysis[] | undefined,
): RefusalPart[] {
  if (!edges) return [];
  let calls: Float64Array | undefined;
  const parts: RefusalPart[] = [];
  for (let e = 0; e < g.edges.length; e++) {
    const ed = g.edges[e]!;
    if (!(ed.bulkhead !== undefined && ed.bulkhead >= 1) || ed.optional || ed.fallback) continue;
    if (g.sync[k][e] !== 1) continue;
    const p = (edges[e] as Partial<EdgeAnalysis> | undefined)?.connections?.refusal?.value;
    if (p === null || p === undefined || !(p > 0)) continue;
    calls ??= callsPerRequest(g, i, k);
    const n = calls[e]!;
    if (n > 0) parts.push({ edge: ed.id, calls: n, refusal: p });
  }
  return parts;
}

/** A request's timeout share and error rate (computed on first read). */
export function requestErrors(
  g: Graph,
  i: number,
  k: ClassIndex,
  d: Dist,
  availability: number,
  edges: readonly EdgeAnalysis[] | undefined,
): { timeoutShare: () => Figure; errorRate: () => Figure } {
  const c = g.comps[i]!;
  const cls = k === READS ? 'reads' : 'writes';
  const tau = endToEndTimeout(c, g.system[i]);
  const share = () => (tau ? exceedance(d, tau.ms) : null);
  const timeoutShare = (): Figure => {
    if (!tau) return none('fraction', `no end-to-end timeout for ${c.id}'s ${cls} (client timeout or slo timeout)`);
    const s = share()!;
    const where = tau.from === 'client' ? `${c.id}'s timeout` : 'the SLO timeout';
    return figure(s, 'fraction', 's = P(T > τ)', { timeoutMs: tau.ms, mean: d.unbounded ? null : d.mean }, () =>
      d.unbounded
        ? `${c.id}'s ${cls} are unbounded (something they wait for is saturated): every one outlasts ${where} (${words.duration(tau.ms)})`
        : `${words.percent(s, 2)} of ${c.id}'s ${cls} take longer than ${where} (${words.duration(tau.ms)}; mean ${words.duration(d.mean)}) and fail`,
    );
  };
  const errorRate = (): Figure => {
    const s = share() ?? 0;
    const parts = refusalParts(g, i, k, edges);
    let refused = 0;
    let most: RefusalPart | null = null;
    for (const p of parts) {
      refused += p.calls * p.refusal;
      if (!most || p.calls * p.refusal > most.calls * most.refusal) most = p;
    }
    const down = Math.max(0, 1 - availability);
    // A already counts the refused calls (the call tree: pools.ts), named here, not added again
    const err = Math.min(1, down + s);
    const named = parts.map(
      (p) =>
        `${words.percent(p.calls * p.refusal, 3)} refused by the bulkhead on ${p.edge}${p.calls !== 1 ? ` (${words.count(p.calls)} calls × ${words.percent(p.refusal, 2)})` : ''}`,
    );
    const terms = [`${words.percent(down, 3)} unavailable${named.length ? ` (of which ${named.join(', ')})` : ''}`];
    if (tau) terms.push(`${words.percent(s, 3)} over the ${words.duration(tau.ms)} timeout`);
    return figure(
      err,
      'fraction',
      'error rate = (1 − A) + P(T > τ) (A includes Σ calls × P(refused))',
      {
        availability,
        timeoutShare: tau ? s : null,
        timeoutMs: tau?.ms ?? null,
        refused,
        refusedBy: most?.edge ?? null,
        refusedByShare: most ? most.calls * most.refusal : null,
      },
      () => `${words.percent(err, 3)} of ${c.id}'s ${cls} fail: ${terms.join(' + ')}`,
    );
  };
  return { timeoutShare, errorRate };
}

/** Adds the error figures to a request's figures, each computed on first read, in place. */
export function withErrors(
  base: Omit<RequestAnalysis, 'timeoutShare' | 'errorRate'>,
  errors: { timeoutShare: () => Figure; errorRate: () => Figure },
): RequestAnalysis {
  const out = base as RequestAnalysis;
  lazy(out, 'timeoutShare', errors.timeoutShare);
  lazy(out, 'errorRate', errors.errorRate);
  return out;
}

/** Makes out[key] computed on first read (then a plain value), in its place among the keys. */
function lazy<T extends object, K extends keyof T>(out: T, key: K, make: () => T[K]): void {
  const settle = (v: T[K]) => {
    Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
    return v;
  };
  Object.defineProperty(out, key, { enumerable: true, configurable: true, get: () => settle(make()), set: settle });
}
