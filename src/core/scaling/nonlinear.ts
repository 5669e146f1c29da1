/**
 * Models whose loads are not linear in the clients' rates (docs/analysis.md section 10): an edge
 * whose load depends on the callee's timeout share (a timeout with retries or a breaker:
 * timeouts.ts `timeoutDependentEdges`, the analysis's fixed point), or a scheduled job (a source
 * at its own rate, which a multiplier of the clients' rates leaves as it is). There the closed
 * form (m × today's utilisation) is wrong, up to a retry storm; every figure at a multiplier is
 * read from a fresh analysis of the model with every client's rate multiplied, and the break
 * points are found by a bracketed search on the multiplier over such analyses. Components no
 * dependent edge or job reaches keep the closed form (their loads are linear).
 */
import { analyze } from '../analysis/index.js';
import { CH_READS, CH_WRITES } from '../analysis/load.js';
import { internalsOf, type Context } from '../analysis/result-context.js';
import type { Analysis } from '../analysis/types.js';
import { analyzeLoads, type Loads } from '../analysis/solve.js';
import type { Model } from '../model.js';

/** The model with every client's rate multiplied by m (scheduled jobs keep theirs), as the sweep's tests scale it. */
export function scaledModel(model: Model, m: number): Model {
  return {
    ...model,
    components: model.components.map((c) => (c.kind === 'client' && c.rateRps ? { ...c, rateRps: c.rateRps * m } : c)),
  };
}

/** The model with each client's rate multiplied by its own factor (growth: (1 + g)^t). */
export function grownModel(model: Model, factor: (clientId: string) => number): Model {
  return {
    ...model,
    components: model.components.map((c) =>
      c.kind === 'client' && c.rateRps ? { ...c, rateRps: c.rateRps * factor(c.id) } : c,
    ),
  };
}

/** The model with every autoscaled pool at its maximum instances. */
export function atAutoscaleMax(model: Model): Model {
  return {
    ...model,
    components: model.components.map((c) =>
      c.autoscale && c.autoscale.max > (c.instances ?? c.autoscale.min) ? { ...c, instances: c.autoscale.max } : c,
    ),
  };
}

/** At most this many analyses are kept per model variant (the sweep's points and a search's last steps). */
const KEEP = 160;

/**
 * Fresh analyses of a family of models (by default the model at multipliers of its clients'
 * rates; growth: at a month), kept by their parameter.
 */
export class ScaledAnalyses {
  readonly #make: (x: number) => Model;
  readonly #base: Analysis;
  readonly #kept = new Map<number, Analysis>();
  readonly #loads = new Map<number, Loads>();
  constructor(model: Model | ((x: number) => Model), base: Analysis) {
    this.#make = typeof model === 'function' ? model : (m) => scaledModel(model, m);
    this.#base = base;
  }
  /** The internals of a fresh analysis of the model at x (m × its clients' rates by default). */
  at(m: number): Context {
    return internalsOf(this.analysis(m))!;
  }
  /** Only the loads at x (the fixed point's) and the service under them: what a search for a break point reads. */
  loadsAt(m: number): Loads {
    const full = this.#kept.get(m);
    if (full) return internalsOf(full)!;
    let x = this.#loads.get(m);
    if (!x) {
      x = analyzeLoads(this.#make(m), internalsOf(this.#base));
      if (this.#loads.size >= KEEP) this.#loads.delete(this.#loads.keys().next().value!);
      this.#loads.set(m, x);
    }
    return x;
  }
  /** The fresh analysis itself (its summaries). */
  analysis(m: number): Analysis {
    let x = this.#kept.get(m);
    if (!x) {
      x = analyze(this.#make(m), { previous: this.#base, maxPaths: 0 });
      if (this.#kept.size >= KEEP) this.#kept.delete(this.#kept.keys().next().value!);
      this.#kept.set(m, x);
    }
    return x;
  }
}

/** A component's work at a context: reads + writes over one instance's capacity (instances' worth). */
export function workAt(ctx: Loads, i: number): number {
  const sm = ctx.sms[i]!;
  const load = ctx.load.arr[i * 4 + CH_READS]! + ctx.load.arr[i * 4 + CH_WRITES]!;
  return sm.perInstanceRps > 0 ? load / sm.perInstanceRps : load > 0 ? Infinity : 0;
}

/** Relative width at which a search stops. */
const PRECISION = 1e-4;
const MAX_STEPS = 200;

/**
 * The least multiplier at which f(m) ≥ 0 (f increasing: a utilisation less its limit), starting
 * from a guess (the closed form's estimate); Infinity when f stays negative up to `cap`. The
 * bracket is found by doubling or halving the guess, then narrowed by regula falsi (Illinois),
 * bisecting once two of its steps have gained less than half: exact in one step where f is
 * affine, to 1e-4 relative elsewhere (break points read to three or four digits; each step is a fresh analysis); at a jump (a retry storm setting in) the bracket closes on the jump and the
 * first multiplier past it is returned.
 */
export function firstCrossing(f: (m: number) => number, guess: number, cap: number): number {
  let hi = Number.isFinite(guess) && guess > 0 ? Math.min(guess, cap) : 1;
  let fhi = f(hi);
  let lo = 0;
  let flo = -1;
  if (fhi >= 0) {
    if (f(0) >= 0) return 0; // saturated at any load
    // step down until below, first close to the guess (retries move a break by percents, not
    // halves: a tight bracket saves most of the search's analyses), then halving
    let x = hi * 0.9;
    for (let k = 0; k < 60; k++, x /= 2) {
      const fx = f(x);
      if (fx < 0) {
        lo = x;
        flo = fx;
        break;
      }
      hi = x;
      fhi = fx;
    }
    if (flo >= 0 || lo === 0) return hi; // saturated at any load this search can see
  } else {
    lo = hi;
    flo = fhi;
    for (;;) {
      if (hi >= cap) return Infinity;
      hi = Math.min(cap, hi * 2);
      fhi = f(hi);
      if (fhi >= 0) break;
      lo = hi;
      flo = fhi;
    }
  }
  // lo: f < 0; hi: f ≥ 0
  let side = 0;
  let slow = 0;
  for (let k = 0; k < MAX_STEPS && hi - lo > PRECISION * hi; k++) {
    const width = hi - lo;
    // regula falsi until it stalls twice (a jump: a retry storm setting in), then bisection
    let x = slow < 2 ? lo - (flo * (hi - lo)) / (fhi - flo) : (lo + hi) / 2;
    if (!(x > lo && x < hi)) x = (lo + hi) / 2;
    const fx = f(x);
    if (Math.abs(fx) <= 1e-12) return x;
    if (fx >= 0) {
      hi = x;
      fhi = fx;
      if (side === 1) flo /= 2;
      side = 1;
    } else {
      lo = x;
      flo = fx;
      if (side === -1) fhi /= 2;
      side = -1;
    }
    if (hi - lo > width / 2) slow++;
  }
  return hi;
}
