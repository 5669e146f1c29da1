/**
 * A small seeded simulation of queues for the analysis tests, independent of the analysis and
 * of src/core/simulation: Poisson arrivals at λ; each picks an instance as a balancer would (in
 * turn, at random, or the one with the fewest requests in progress); each instance is a FIFO
 * queue before k servers (Kiefer–Wolfowitz: an arrival takes the server that frees first).
 * Exponential service unless an Erlang shape is given (cv = 1/√shape; Infinity = deterministic).
 */
import { mulberry32 } from '../../../src/core/analysis/index.js';

export type Pick = 'round-robin' | 'random' | 'least-connections' | 'partitions';

interface SimResult {
  mean: number;
  p95: number;
  p99: number;
  waitProbability: number;
}

/** A Poisson stream split over n instances of k servers each; times in ms. */
export function simulatePool(
  o: { lambda: number; S: number; n: number; k: number; pick: Pick; shape?: number; partitions?: number; seed: number },
  count = 300_000,
  warmup = 20_000,
): SimResult {
  const rand = mulberry32(o.seed);
  const exp = (mean: number) => -mean * Math.log(1 - rand());
  const shape = o.shape ?? 1;
  const service = () => {
    if (shape === Infinity) return o.S;
    let s = 0;
    for (let i = 0; i < shape; i++) s += exp(o.S / shape);
    return s;
  };
  const free = Array.from({ length: o.n }, () => new Float64Array(o.k));
  // departures in progress per instance (least-connections, k = 1: FIFO, so in order)
  const departures: number[][] = Array.from({ length: o.n }, () => []);
  const heads = new Array<number>(o.n).fill(0);
  const out = new Float64Array(count);
  let waited = 0;
  let t = 0;
  for (let i = 0; i < count + warmup; i++) {
    t += exp(1 / o.lambda);
    let inst: number;
    if (o.pick === 'round-robin') inst = i % o.n;
    else if (o.pick === 'random') inst = Math.min(o.n - 1, Math.floor(rand() * o.n));
    else if (o.pick === 'partitions') {
      // a message to a random partition p, consumed by consumer p mod n
      const P = o.partitions ?? o.n;
      inst = Math.min(P - 1, Math.floor(rand() * P)) % o.n;
    } else {
      inst = 0;
      let best = Infinity;
      for (let j = 0; j < o.n; j++) {
        const d = departures[j]!;
        while (heads[j]! < d.length && d[heads[j]!]! <= t) heads[j]!++;
        const inProgress = d.length - heads[j]!;
        if (inProgress < best) {
          best = inProgress;
          inst = j;
        }
      }
    }
    const f = free[inst]!;
    let m = 0;
    for (let j = 1; j < o.k; j++) if (f[j]! < f[m]!) m = j;
    const start = Math.max(t, f[m]!);
    const done = start + service();
    f[m] = done;
    if (o.pick === 'least-connections') departures[inst]!.push(done);
    if (i >= warmup) {
      out[i - warmup] = done - t;
      if (start > t) waited++;
    }
  }
  return summarise(out, waited / count);
}

/** Mean, p95, p99 of the responses. */
export function summarise(xs: Float64Array, waitProbability: number): SimResult {
  let sum = 0;
  for (const x of xs) sum += x;
  const sorted = xs.slice().sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { mean: sum / xs.length, p95: at(0.95), p99: at(0.99), waitProbability };
}

/**
 * A quorum of n single-server nodes (exponential service S): each write goes to all n and
 * answers when the w-th has applied it; each read goes to r distinct random nodes and answers
 * when all r have. Returns the writes' and the reads' responses.
 */
export function simulateQuorum(
  o: { lambda: number; readFraction: number; S: number; n: number; r: number; w: number; seed: number },
  count = 300_000,
  warmup = 20_000,
): { writes: SimResult; reads: SimResult } {
  const rand = mulberry32(o.seed);
  const exp = (mean: number) => -mean * Math.log(1 - rand());
  const free = new Float64Array(o.n);
  const writes: number[] = [];
  const reads: number[] = [];
  const times: number[] = [];
  const nodes = Array.from({ length: o.n }, (_, i) => i);
  let t = 0;
  for (let i = 0; i < count + warmup; i++) {
    t += exp(1 / o.lambda);
    const read = rand() < o.readFraction;
    let chosen = nodes;
    if (read) {
      // r distinct random nodes (a partial Fisher–Yates shuffle)
      for (let j = 0; j < o.r; j++) {
        const m = j + Math.min(o.n - j - 1, Math.floor(rand() * (o.n - j)));
        [nodes[j], nodes[m]] = [nodes[m]!, nodes[j]!];
      }
      chosen = nodes.slice(0, o.r);
    }
    times.length = 0;
    for (const j of chosen) {
      const done = Math.max(t, free[j]!) + exp(o.S);
      free[j] = done;
      times.push(done - t);
    }
    if (i < warmup) continue;
    times.sort((a, b) => a - b);
    if (read) reads.push(times[times.length - 1]!);
    else writes.push(times[o.w - 1]!);
  }
  return { writes: summarise(Float64Array.from(writes), NaN), reads: summarise(Float64Array.from(reads), NaN) };
}
