/** Load and queue figures (arrivals by class; the queue: Erlang C, GI/M/c or Allen–Cunneen) with their derivations. */
import { figure, none } from './figure.js';
import type { OwnService } from './component.js';
import type { MMc, Queue } from './queueing.js';
import type { Figure, LoadFigures, QueueFigures } from './types.js';
import * as words from '../wording.js';

/**
 * Loads by class, each figure built when first read (rules read the total of thousands of
 * components and edges; the sentences and the other two figures are rarely needed). `where` is
 * called at most once. JSON gives the three figures, as a plain object would.
 */
export class LazyLoadFigures implements LoadFigures {
  readonly #r: number;
  readonly #w: number;
  #where: string | (() => string);
  readonly #how: string;
  #reads?: Figure;
  #writes?: Figure;
  #total?: Figure;

  constructor(r: number, w: number, where: string | (() => string), how: string) {
    this.#r = r;
    this.#w = w;
    this.#where = where;
    this.#how = how;
  }

  get #place(): string {
    const w = this.#where;
    return typeof w === 'string' ? w : (this.#where = w());
  }

  get reads(): Figure {
    const r = this.#r;
    return (this.#reads ??= figure(
      r,
      'rps',
      'λ_reads = Σ incoming reads',
      { reads: r },
      () => `${words.rate(r)} of reads ${this.#place}`,
    ));
  }

  get writes(): Figure {
    const w = this.#w;
    return (this.#writes ??= figure(
      w,
      'rps',
      'λ_writes = Σ incoming writes',
      { writes: w },
      () => `${words.rate(w)} of writes ${this.#place}`,
    ));
  }

  get total(): Figure {
    const r = this.#r;
    const w = this.#w;
    const t = r + w;
    return (this.#total ??= figure(
      t,
      'rps',
      'λ = λ_reads + λ_writes',
      { reads: r, writes: w },
      () => `${words.rate(r)} reads + ${words.rate(w)} writes = ${words.rate(t)} ${this.#place}${this.#how}`,
    ));
  }

  toJSON(): LoadFigures {
    return { reads: this.reads, writes: this.writes, total: this.total };
  }
}

export function loadFigures(r: number, w: number, where: string | (() => string), how: string): LoadFigures {
  return new LazyLoadFigures(r, w, where, how);
}

/** P(wait) and Wq of a queue, as formula and sentence, by the method that found them. */
function waitDerivations(q: MMc | Queue) {
  const c = q.servers;
  const A = q.offered;
  const S = q.serviceTime;
  const rho = q.utilization;
  const C = q.waitProbability;
  const method = 'method' in q ? q.method : 'erlang-c';
  const erlang = `Erlang C with c = ${c}, A = λS = ${words.count(A)}`;
  if ((method === 'gi-m-c' || method === 'gi-scaled') && 'method' in q) {
    const n = Math.round(1 / q.arrivalScv);
    const sigma = q.sigma ?? 0;
    const ca2 = q.arrivalScv;
    const cs2 = q.serviceScv;
    const giWait = C / ((c / S) * (1 - sigma));
    return {
      wait: {
        formula: `GI/M/c (Takács), E${n} arrivals: σ = A*(cμ(1 − σ)), A*(s) = (nλ/(nλ + s))ⁿ`,
        inputs: { c, A, n, sigma },
        text: () =>
          `round-robin over ${n} instances: each gets every ${n}th arrival (E${n}/M/${c}); σ = ${words.count(sigma)} → ${words.count(C)}: ${words.percent(C)} of arrivals wait`,
      },
      meanWait:
        method === 'gi-m-c'
          ? {
              formula: 'Wq = C / (cμ(1 − σ))',
              inputs: { C, c, S, sigma },
              text: () =>
                `Wq = ${words.count(C)} / (${c} / ${words.duration(S)} × (1 − ${words.count(sigma)})) = ${words.duration(q.meanWait)}`,
            }
          : {
              formula:
                'Wq ≈ C / (cμ(1 − σ)) · (ca² + cs²) / (ca² + 1) (the exponential-service wait, scaled for the service CV)',
              inputs: { C, c, S, sigma, ca2, cs2 },
              text: () =>
                `Wq ≈ ${words.duration(giWait)} × (${words.count(ca2)} + ${words.count(cs2)}) / (${words.count(ca2)} + 1) = ${words.duration(q.meanWait)} (an approximation)`,
            },
    };
  }
  const erlangWait = {
    formula: 'C(c, A) = B / (1 − ρ(1 − B)), B by the Erlang B recursion',
    inputs: { c, A },
    text: () => `${erlang} → ${words.count(C)}: ${words.percent(C)} of arrivals wait`,
  };
  if ((method === 'allen-cunneen' || method === 'pollaczek-khinchine') && 'method' in q) {
    const ca2 = q.arrivalScv;
    const cs2 = q.serviceScv;
    const pk = method === 'pollaczek-khinchine';
    return {
      wait: erlangWait,
      meanWait: {
        formula: pk
          ? 'Wq = (1 + cs²)/2 · ρS / (1 − ρ) (Pollaczek–Khinchine)'
          : 'Wq ≈ C·S / (c(1 − ρ)) · (ca² + cs²) / 2 (Allen–Cunneen)',
        inputs: { C, S, c, rho, ca2, cs2 },
        text: () =>
          `Wq ≈ ${words.count(C)} × ${words.duration(S)} / (${c} × (1 − ${words.count(rho)})) × (${words.count(ca2)} + ${words.count(cs2)}) / 2 = ${words.duration(q.meanWait)}${pk ? ' (Pollaczek–Khinchine, exact for one server)' : ' (Allen–Cunneen approximation)'}`,
      },
    };
  }
  return {
    wait: erlangWait,
    meanWait: {
      formula: 'Wq = C·S / (c(1 − ρ))',
      inputs: { C, S, c, rho },
      text: () =>
        `Wq = ${words.count(C)} × ${words.duration(S)} / (${c} × (1 − ${words.count(rho)})) = ${words.duration(q.meanWait)}`,
    },
  };
}

export function queueFigures(q: MMc | Queue, what: string): QueueFigures {
  const c = q.servers;
  const lamRps = q.lambda * 1000;
  const S = q.serviceTime;
  const A = q.offered;
  const rho = q.utilization;
  const C = q.waitProbability;
  const how = waitDerivations(q);
  return {
    servers: figure(c, 'count', 'c', { c }, () => `${c} server(s) ${what}`),
    arrivalRps: figure(lamRps, 'rps', 'λ', { lambda: lamRps }, () => `${words.rate(lamRps)} arrive ${what}`),
    serviceTimeMs: figure(S, 'ms', 'S', { S }, () => `mean service time ${words.duration(S)}`),
    offered: figure(
      A,
      'erlangs',
      'A = λS',
      { lambda: lamRps, S },
      () => `A = λS = ${words.rate(lamRps)} × ${words.duration(S)} = ${words.count(A)} Erlangs`,
    ),
    utilization: figure(
      rho,
      'fraction',
      'ρ = A / c',
      { A, c },
      () => `ρ = A / c = ${words.count(A)} / ${c} = ${words.percent(rho)}`,
    ),
    waitProbability: q.saturated
      ? figure(1, 'fraction', 'ρ ≥ 1', { rho }, () => `saturated (ρ = ${words.percent(rho)}): every arrival waits`)
      : figure(C, 'fraction', how.wait.formula, how.wait.inputs, how.wait.text),
    meanWaitMs: q.saturated
      ? none('ms', 'unbounded: the queue is saturated')
      : figure(q.meanWait, 'ms', how.meanWait.formula, how.meanWait.inputs, how.meanWait.text),
    meanQueueLength: q.saturated
      ? none('requests', 'unbounded: the queue is saturated')
      : figure(
          q.meanQueueLength,
          'requests',
          'Lq = λ·Wq',
          { lambda: lamRps, Wq: q.meanWait },
          () =>
            `Lq = λ Wq = ${words.rate(lamRps)} × ${words.duration(q.meanWait)} = ${words.count(q.meanQueueLength)} waiting on average`,
        ),
  };
}

/** The busier queue of a component: a store's primary or replica (whichever runs hotter), else its pool's. */
export function busiestQueue(s: OwnService): MMc | null {
  const qp = s.primaryQueue;
  const qr = s.replicaQueue;
  return qr && qp ? (qr.utilization > qp.utilization ? qr : qp) : (qp ?? qr);
}
