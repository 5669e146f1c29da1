/** One edge's results: load, retries and fan-out tail, built on first read. */
import { figure, fin } from './figure.js';
import { budgetOf, READS, retriesOf, WRITES } from './graph.js';
import { offeredAttempts } from './pools.js';
import { CH_READS, CH_WRITES } from './load.js';
import { fanoutTail } from './queueing.js';
import { mixture, quantile, type Dist } from './stats.js';
import { callDist, edgeLatency, isCall } from './paths.js';
import type { ConnectionPoolFigures, EdgeAnalysis, EdgeResilience, Figure, LoadFigures } from './types.js';
import { attemptFailure, breakerThreshold, timeoutOf, worstAmplification } from './timeouts.js';
import { connectionFigures } from './connections.js';
import { Context } from './result-context.js';
import { loadFigures } from './figures-load.js';
import * as words from '../wording.js';

/** One edge's results; figures are built on first read. */
export class EdgeResult implements EdgeAnalysis {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly sync: boolean;
  readonly #x: Context;
  readonly #e: number;
  #load?: LoadFigures;
  #retry?: Figure;
  #tail?: Figure;
  #resilience?: EdgeResilience | null;
  #pool?: ConnectionPoolFigures | null;

  constructor(x: Context, e: number) {
    const edge = x.g.edges[e]!;
    this.#x = x;
    this.#e = e;
    this.id = edge.id;
    this.from = edge.from;
    this.to = edge.to;
    this.sync = x.g.sync[READS][e] === 1 || x.g.sync[WRITES][e] === 1;
  }

  /** The analysis's numbers behind a result and its index there (for comparing two analyses: compare.ts). */
  static internals(r: EdgeAnalysis): { x: Context; e: number } | undefined {
    return r instanceof EdgeResult ? { x: r.#x, e: r.#e } : undefined;
  }

  /** `load.total.value` without building the figure. */
  get totalRps(): number | null {
    const f = this.#x.load.flow;
    return fin(f[this.#e * 4 + CH_READS]! + f[this.#e * 4 + CH_WRITES]!);
  }

  get load(): LoadFigures {
    if (!this.#load) {
      const e = this.#e;
      const f = this.#x.load.flow;
      const how = this.#x.load.cut[e] ? ' (cut: closes a divergent cycle)' : '';
      this.#load = loadFigures(
        f[e * 4 + CH_READS]!,
        f[e * 4 + CH_WRITES]!,
        () => `along ${this.from} → ${this.to}`,
        how,
      );
    }
    return this.#load;
  }

  get retryFactor(): Figure {
    if (!this.#retry) {
      const g = this.#x.g;
      const e = this.#e;
      const rf = g.retryFactor[e]!;
      const p = attemptFailure(g, e);
      const s = g.timeoutShare[e]!;
      const edge = g.edges[e]!;
      const retries = retriesOf(edge);
      const b = budgetOf(edge);
      const to = this.to;
      const B = g.refusal[e]!;
      const refused = B > 0 ? ` × (1 − ${words.percent(B)} refused by the bulkhead)` : '';
      const why =
        s > 0
          ? `1 − ${words.possessive(to)} availability × (1 − ${words.percent(s)} timed out)${refused}`
          : `1 − ${words.possessive(to)} availability${refused}`;
      const cap = b !== undefined ? `, budget ${words.percent(b)}: at most ${words.count(1 + b)}` : '';
      this.#retry = figure(
        rf,
        'count',
        b !== undefined ? 'attempts = min((1 − p^(r+1)) / (1 − p), 1 + b)' : 'attempts = (1 − p^(r+1)) / (1 − p)',
        b !== undefined ? { p, r: retries, b, timeoutShare: s } : { p, r: retries, timeoutShare: s },
        () =>
          retries > 0
            ? `${retries} retries with failure probability p = ${words.count(p)} (${why})${cap}: ${Number(rf.toPrecision(6))} attempts per call on average (at most ${Math.min(retries + 1, b !== undefined ? 1 + b : Infinity)})`
            : 'no retries: 1 attempt per call',
      );
    }
    return this.#retry;
  }

  /** Timeout, retry and breaker figures at the fixed point; null without a timeout, retries or breaker. */
  get resilience(): EdgeResilience | null {
    if (this.#resilience === undefined) this.#resilience = resilienceFigures(this.#x, this.#e, this.from, this.to);
    return this.#resilience;
  }

  get fanoutTail(): Figure {
    if (!this.#tail) {
      const g = this.#x.g;
      const e = this.#e;
      const nf = g.fanout[e]!;
      const callee = this.#x.tree.latency[READS][g.to[e]!]!;
      const p99 = callee.unbounded ? null : quantile(callee, 0.99);
      const tail = fanoutTail(nf, 0.01);
      this.#tail = figure(
        tail,
        'fraction',
        'P(slow) = 1 − (1 − p)^n, p = 0.01 (slower than the callee p99)',
        { n: nf, p: 0.01, calleeP99: p99 },
        () =>
          nf > 1
            ? `${nf} parallel calls, each slower than ${p99 !== null ? words.duration(p99) : 'its p99'} 1 % of the time: 1 − 0.99^${nf} = ${words.percent(tail)} of requests wait for at least one slow call`
            : "no fan-out: 1 % of calls exceed the callee's p99",
      );
    }
    return this.#tail;
  }

  /** The caller's connection pool or bulkhead on this call (connections.ts); null without one. */
  get connections(): ConnectionPoolFigures | null {
    if (this.#pool === undefined) this.#pool = connectionFigures(this.#x, this.#e);
    return this.#pool;
  }

  toJSON(): EdgeAnalysis {
    return {
      id: this.id,
      from: this.from,
      to: this.to,
      sync: this.sync,
      load: this.load,
      retryFactor: this.retryFactor,
      fanoutTail: this.fanoutTail,
      resilience: this.resilience,
      connections: this.connections,
    };
  }
}

/** An edge's timeout, retry and breaker figures (docs/analysis.md, "Timeouts, retries and the retry storm"). */
function resilienceFigures(x: Context, e: number, from: string, to: string): EdgeResilience | null {
  const g = x.g;
  const edge = g.edges[e]!;
  const tau = timeoutOf(g, e);
  const r = retriesOf(edge);
  const b = budgetOf(edge);
  const theta = breakerThreshold(g, e);
  if (tau === undefined && r === 0 && theta === undefined) return null;
  const s = g.timeoutShare[e]!;
  const a = 1 - g.failProb[e]!;
  const q = attemptFailure(g, e);
  const attempts = g.retryFactor[e]!;
  const open = g.breakerOpen[e] === 1;
  const storm = g.retryStorm[e] === 1;
  const flow = x.load.flow;
  // the attempts made (a bulkhead's refused ones too: the flow is what got through)
  const attemptsPerS = open ? 0 : offeredAttempts(g, flow, e);
  const B = g.refusal[e]!;
  const calls = attemptsPerS / attempts;
  const along = `${from} → ${to}`;
  const p99 = callTimeP99(x, e);
  const callP99 = figure(
    Number.isFinite(p99) ? p99 : null,
    'ms',
    'p99 of edge latency + callee response',
    { edgeLatencyMs: edgeLatency(g, e) },
    () =>
      Number.isFinite(p99)
        ? `99 % of attempts on ${along} take at most ${words.duration(p99)} (edge latency + ${words.possessive(to)} response time)`
        : `${to} is saturated: its response time is unbounded`,
  );
  const timeoutShare = figure(s, 'fraction', 's = P(call time > timeout)', { timeoutMs: tau ?? null }, () =>
    tau === undefined
      ? `no timeout on ${along}: no attempt is cut`
      : `${words.percent(s)} of attempts on ${along} take longer than its timeout ${words.duration(tau)} (edge latency + ${words.possessive(to)} response time)`,
  );
  const attemptFailureFig =
    B > 0
      ? figure(q, 'fraction', 'q = 1 − (1 − B)·A·(1 − s)', { A: a, s, B }, () =>
          s > 0
            ? `an attempt fails when the bulkhead refuses it (${words.percent(B)}), ${to} is down (availability ${words.availability(a)}) or it times out (${words.percent(s)}): ${words.percent(q)}`
            : `an attempt fails when the bulkhead refuses it (${words.percent(B)}) or ${to} is down (availability ${words.availability(a)}): ${words.percent(q)}`,
        )
      : figure(q, 'fraction', 'q = 1 − A·(1 − s)', { A: a, s }, () =>
          s > 0
            ? `an attempt fails when ${to} is down (availability ${words.availability(a)}) or times out (${words.percent(s)}): ${words.percent(q)}`
            : `an attempt fails when ${to} is down: 1 − ${words.availability(a)} = ${words.percent(q)}`,
        );
  const goodputValue = open ? 0 : calls * Math.min(1, (1 - q) * attempts);
  const goodput = figure(goodputValue, 'rps', 'goodput = calls × (1 − q) × attempts', { calls, q, attempts }, () =>
    open
      ? `the circuit breaker on ${along} is open: calls fail fast${edge.fallback || edge.optional ? ' (the caller answers without it)' : ''}, none reach ${to}`
      : `${words.rate(calls)} calls, each succeeding with probability (1 − q) × attempts = ${words.percent(Math.min(1, (1 - q) * attempts))}: ${words.rate(goodputValue)} succeed`,
  );
  const retryLoadValue = open ? 0 : Math.max(0, attemptsPerS - calls);
  const retryLoad = figure(retryLoadValue, 'rps', 'retry load = calls × (attempts − 1)', { calls, attempts }, () =>
    r === 0
      ? `no retries on ${along}: no extra load`
      : `${words.rate(calls)} calls × ${Number((attempts - 1).toPrecision(4))} extra attempts each = ${words.rate(retryLoadValue)} more on ${to}${B > 0 ? ` (${words.percent(B)} of attempts refused by the bulkhead never reach it)` : ''}${storm ? ' (a retry storm: every attempt times out)' : ''}`,
  );
  const worst = worstAmplification(g, e);
  const worstAmp = figure(
    worst,
    'multiplier',
    b !== undefined ? 'worst = min(r + 1, 1 + b)' : 'worst = r + 1',
    b !== undefined ? { r, b } : { r },
    () =>
      r === 0
        ? 'no retries: the load never amplifies'
        : b !== undefined
          ? `when every attempt fails, the budget ${words.percent(b)} caps the load on ${to} at ${words.times(worst)} the calls`
          : `when every attempt fails (${to} overloaded or down), the load on ${to} is ${words.times(worst)} the calls: no budget caps it`,
  );
  return {
    timeoutShare,
    callP99,
    attemptFailure: attemptFailureFig,
    goodput,
    retryLoad,
    worstAmplification: worstAmp,
    retryStorm: storm,
    breaker: theta === undefined ? null : open ? 'open' : 'closed',
  };
}

/** p99 of one attempt's call time along e, the classes it carries mixed by their flows (as the timeout share). */
function callTimeP99(x: Context, e: number): number {
  const g = x.g;
  const v = g.to[e]!;
  const parts: { p: number; d: Dist }[] = [];
  for (const k of [READS, WRITES] as const) {
    const w = isCall(g, k, e) ? x.load.flow[e * 4 + k]! : 0;
    if (w > 0) parts.push({ p: w, d: callDist(g, e, x.tree.latency[k][v]!) });
  }
  if (parts.length === 0) {
    const k = isCall(g, READS, e) || !isCall(g, WRITES, e) ? READS : WRITES;
    return quantile(callDist(g, e, x.tree.latency[k][v]!), 0.99);
  }
  if (parts.length === 1) return quantile(parts[0]!.d, 0.99);
  const total = parts[0]!.p + parts[1]!.p;
  return quantile(mixture(parts.map((q) => ({ p: q.p / total, d: q.d }))), 0.99);
}
