/**
 * Connection pools and bulkheads (issue 16). A caller instance holds one connection per call in
 * flight on an edge with a pool: `connections c` on the edge, else the caller's own `connections c`
 * on every synchronous edge out of it (every callee it waits for: a store, cache, search or
 * service alike). `bulkhead c` on the edge is a bulkhead instead: calls beyond c at once are
 * refused, not queued. Only synchronous edges hold a connection for the call (an async send does
 * not wait for the callee).
 *
 * Per caller instance: λᵢ = attempts per second over the edge / the caller's instances (today's:
 * the autoscale minimum or the fixed count), R = the mean call time (the edge's latency, region
 * latency included, + the callee's mean end-to-end response, weighed by reads and writes), the
 * offered load a = λᵢR Erlangs = the connections in use (Little's law). A pool waits with
 * P(wait) = Erlang C(c, a) and a mean wait of C·R / (c − a) × (1 + cv²)/2 (M/M/c with service time
 * R, Allen–Cunneen's factor for the hold time's cv²; the call tree adds this wait: pools.ts); a ≥ c is
 * exhausted (the wait is unbounded). A bulkhead refuses P = Erlang B(c, a) of the calls.
 *
 * A store's connections: Σ over the callers with a pool on an edge to it of caller instances × c,
 * today and at the autoscale maximum, against its `max-connections`.
 */
import { figure, none } from './figure.js';
import { READS, WRITES } from './graph.js';
import { CH_READS, CH_WRITES } from './load.js';
import { edgeLatency } from './paths.js';
import { erlangB, erlangC } from './queueing.js';
import { holdOf, offeredAttempts, poolOf, waitWhenWaiting, waits, type PoolSpec } from './pools.js';
import { add, constant, type Dist } from './stats.js';
import type { Context } from './result-context.js';
import type { ConnectionPoolFigures, Figure } from './types.js';
import * as words from '../wording.js';

/** P(wait) above this is a pool too small for its load (rule connection-exhaustion). */
export const POOL_WAIT_THRESHOLD = 0.1;
/** P(refused) above this is a bulkhead too small for its load. */
export const BULKHEAD_REFUSAL_THRESHOLD = 0.01;

export { poolOf, waits, type PoolSpec };

/** The numbers behind a pool's figures (also read by the rule). */
export interface PoolNumbers {
  spec: PoolSpec;
  /** Attempts per second over the edge. */
  attempts: number;
  instances: number;
  /** Per caller instance, per second. */
  lambda: number;
  /** Mean call time, ms (Infinity when the callee is saturated). */
  callMs: number;
  /** Squared coefficient of variation of the hold time (Allen–Cunneen, pools.ts). */
  cv2: number;
  /** Offered load a = λᵢ R, Erlangs: connections in use. */
  inUse: number;
}

export function poolNumbers(x: Context, e: number): PoolNumbers | null {
  const g = x.g;
  const spec = poolOf(g, e);
  if (!spec) return null;
  const r = x.load.flow[e * 4 + CH_READS]!;
  const w = x.load.flow[e * 4 + CH_WRITES]!;
  // the attempts offered (a bulkhead's refused ones too: the flow is what got through)
  const attempts = offeredAttempts(g, x.load.flow, e);
  const instances = Math.max(1, x.sms[g.from[e]!]!.instances);
  const lambda = attempts / instances;
  const to = g.to[e]!;
  const lat = edgeLatency(g, e);
  const tau = g.edges[e]!.timeoutMs;
  const timed = tau !== undefined && Number.isFinite(tau) && tau > 0;
  // one attempt holds its connection for its call time, or until its timeout: E[min(T, τ)]
  // the call tree's numbers (pools.ts): each class's R there, their mix by traffic here
  const hold = (d: Dist) => holdOf(lat > 0 ? add(constant(lat), d) : d, timed ? tau : undefined);
  const hr = r > 0 || w === 0 ? hold(x.tree.latency[READS][to]!) : { R: 0, cv2: 0 };
  const hw = w > 0 ? hold(x.tree.latency[WRITES][to]!) : { R: 0, cv2: 0 };
  const mean = r + w > 0 ? (r * hr.R + w * hw.R) / (r + w) : hr.R;
  const cv2 = r + w > 0 ? (r * hr.cv2 + w * hw.cv2) / (r + w) : hr.cv2;
  const callMs = Number.isFinite(mean) ? mean : Infinity;
  const inUse = lambda > 0 ? (lambda * callMs) / 1000 : 0;
  return { spec, attempts, instances, lambda, callMs, cv2, inUse };
}

/** The smallest pool with P(wait) ≤ target for a Erlangs (Erlang C), at least 1. */
export function poolSizeFor(a: number, target: number): number {
  if (!(a > 0)) return 1;
  if (!Number.isFinite(a)) return Infinity;
  let c = Math.max(1, Math.floor(a) + 1);
  while (erlangC(c, a) > target) c++;
  return c;
}

/** The smallest bulkhead with P(refused) ≤ target for a Erlangs (Erlang B), at least 1. */
export function bulkheadSizeFor(a: number, target: number): number {
  if (!(a > 0)) return 1;
  if (!Number.isFinite(a)) return Infinity;
  let c = 1;
  while (erlangB(c, a) > target) c++;
  return c;
}

/** An edge's pool or bulkhead figures; null without one. */
export function connectionFigures(x: Context, e: number): ConnectionPoolFigures | null {
  const p = poolNumbers(x, e);
  if (!p) return null;
  const { spec, lambda, callMs, inUse, instances, cv2 } = p;
  const c = spec.size;
  const edge = x.g.edges[e]!;
  const along = `${edge.from} → ${edge.to}`;
  const whose = spec.where === 'edge' ? `on ${along}` : `${edge.from}'s connections`;
  const size = figure(c, 'count', 'c', { c }, () =>
    spec.kind === 'bulkhead'
      ? `bulkhead of ${c} calls at once per ${edge.from} instance on ${along}`
      : `pool of ${c} connections per ${edge.from} instance (${whose})`,
  );
  const unboundedR = !Number.isFinite(callMs);
  const exhausted = unboundedR ? lambda > 0 : inUse >= c;
  const inUseFig = unboundedR
    ? none('count', `unbounded: ${edge.to} is saturated, so calls never end on average`, 'N = λᵢ × R')
    : figure(
        inUse,
        'count',
        'N = λᵢ × R (Little)',
        { lambda, R: callMs, instances },
        () =>
          `${words.rate(p.attempts)} over ${along} / ${instances} ${edge.from} instance(s) = ${words.rate(lambda)} per instance × ${words.duration(callMs)} per call = ${words.count(inUse)} connections in use of ${c}`,
      );
  if (spec.kind === 'bulkhead') {
    const B = unboundedR ? 1 : erlangB(c, inUse);
    return {
      kind: 'bulkhead',
      size,
      inUse: inUseFig,
      waitProbability: none('fraction', 'a bulkhead refuses instead of queueing'),
      meanWaitMs: none('ms', 'a bulkhead refuses instead of queueing'),
      refusal: figure(B, 'fraction', 'P(refused) = Erlang B(c, a), a = λᵢR', { c, a: inUse }, () =>
        unboundedR
          ? `${edge.to} is saturated: every slot stays busy and calls are refused`
          : `Erlang B(${c}, ${words.count(inUse)}) = ${words.percent(B, 2)} of calls over ${along} are refused (they fail)`,
      ),
      exhausted,
    };
  }
  const C = unboundedR ? 1 : erlangC(c, inUse);
  const waitFig: Figure = figure(C, 'fraction', 'P(wait) = Erlang C(c, a), a = λᵢR', { c, a: inUse }, () =>
    exhausted
      ? `${words.count(inUse)} connections wanted of ${c}: every call waits (the pool is exhausted)`
      : `Erlang C(${c}, ${words.count(inUse)}) = ${words.percent(C, 2)} of calls wait for a connection`,
  );
  const meanWait = exhausted
    ? none(
        'ms',
        `unbounded: ${words.count(inUse)} connections wanted of ${c} (the pool is exhausted)`,
        'W = C × R / (c − a)',
      )
    : figure(
        C * waitWhenWaiting(c, inUse, callMs, cv2),
        'ms',
        'W = C × R / (c − a) × (1 + cv²) / 2 (M/M/c, service time R; Allen–Cunneen)',
        { C, R: callMs, c, a: inUse, cv2 },
        () =>
          `${words.percent(C, 2)} × ${words.duration(callMs)} / (${c} − ${words.count(inUse)}) × (1 + ${words.count(cv2)}) / 2 = ${words.duration(C * waitWhenWaiting(c, inUse, callMs, cv2))} waiting for a connection on average`,
      );
  return {
    kind: 'pool',
    size,
    inUse: inUseFig,
    waitProbability: waitFig,
    meanWaitMs: meanWait,
    refusal: none('fraction', 'a pool queues instead of refusing'),
    exhausted,
  };
}

/** One caller's pools on edges into a store: instances today and at most, × its pool. */
export interface StoreCaller {
  caller: string;
  edge: number;
  size: number;
  instances: number;
  maxInstances: number;
}

/** The callers with a pool on an edge into node i (bulkheads do not open connections of their own). */
export function storeCallers(x: Context, i: number): StoreCaller[] {
  const g = x.g;
  const out: StoreCaller[] = [];
  for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) {
    const e = g.inList[j]!;
    const spec = poolOf(g, e);
    if (!spec || spec.kind !== 'pool') continue;
    const sm = x.sms[g.from[e]!]!;
    const n = Math.max(1, sm.instances);
    out.push({
      caller: g.edges[e]!.from,
      edge: e,
      size: spec.size,
      instances: n,
      maxInstances: Math.max(n, sm.maxInstances ?? n),
    });
  }
  return out;
}

/** "app 40 × 50" for each caller, summed. */
function openedText(callers: readonly StoreCaller[], atMax: boolean): string {
  const n = (s: StoreCaller) => (atMax ? s.maxInstances : s.instances);
  const total = callers.reduce((t, s) => t + n(s) * s.size, 0);
  const terms = callers.map((s) => `${s.caller} ${words.count(n(s))} × ${words.count(s.size)}`).join(' + ');
  return `${terms} = ${words.count(total)} connections${atMax ? ' (every caller at its autoscale maximum)' : ''}`;
}

/** A store's connections against its `max-connections`. */
export function storeConnectionFigures(
  x: Context,
  i: number,
  scheduledLoad: Figure,
): import('./types.js').StoreConnectionFigures {
  const c = x.g.comps[i]!;
  const callers = storeCallers(x, i);
  const today = callers.reduce((t, s) => t + s.instances * s.size, 0);
  const atMax = callers.reduce((t, s) => t + s.maxInstances * s.size, 0);
  const limitV = c.maxConnections;
  const known = limitV !== undefined && Number.isFinite(limitV) && limitV > 0;
  const noPool = 'no caller declares a connection pool (`connections`)';
  return {
    opened: callers.length
      ? figure(today, 'count', 'Σ caller instances × pool size', { callers: callers.length }, () =>
          openedText(callers, false),
        )
      : none('count', noPool),
    openedAtMax: callers.length
      ? figure(atMax, 'count', 'Σ caller maximum instances × pool size', { callers: callers.length }, () =>
          openedText(callers, true),
        )
      : none('count', noPool),
    limit: known
      ? figure(
          limitV,
          'count',
          'max-connections',
          { limit: limitV },
          () => `${c.name} accepts ${words.count(limitV)} connections (max-connections)`,
        )
      : none('count', 'no max-connections given'),
    scheduledLoad,
  };
}
