/** One edge's results: load, retries and fan-out tail, built on first read. */
import { figure, fin } from './figure.js';
import { READS, WRITES } from './graph.js';
import { CH_READS, CH_WRITES } from './load.js';
import { fanoutTail } from './queueing.js';
import { quantile } from './stats.js';
import type { EdgeAnalysis, Figure, LoadFigures } from './types.js';
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
      const p = g.failProb[e]!;
      const retries = g.edges[e]!.retries ?? 0;
      const to = this.to;
      this.#retry = figure(rf, 'count', 'attempts = (1 − p^(r+1)) / (1 − p)', { p, r: retries }, () =>
        retries > 0
          ? `${retries} retries with failure probability p = ${words.count(p)} (1 − ${to}'s availability): ${Number(rf.toPrecision(6))} attempts per call on average (at most ${retries + 1})`
          : 'no retries: 1 attempt per call',
      );
    }
    return this.#retry;
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

  toJSON(): EdgeAnalysis {
    return {
      id: this.id,
      from: this.from,
      to: this.to,
      sync: this.sync,
      load: this.load,
      retryFactor: this.retryFactor,
      fanoutTail: this.fanoutTail,
    };
  }
}
