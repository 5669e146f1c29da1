/**
 * Log-bucketed histograms of response times: bucket i (i >= 1) holds [MIN·R^(i-1), MIN·R^i) with
 * R = 1.01 (about 0.5 % relative error at the bucket's geometric middle); bucket 0 holds values
 * below MIN (reported as 0). Allocated per figure when it first records; reset per replication.
 */
const MIN_MS = 1e-3;
const RATIO = 1.01;
const INV_LOG = 1 / Math.log(RATIO);
const LOG_MIN = Math.log(MIN_MS);
/** Up to about 1e8 ms (28 h); longer times share the last bucket. */
export const BUCKETS = Math.ceil((Math.log(1e8) - LOG_MIN) * INV_LOG) + 2;

export function bucketOf(x: number): number {
  if (!(x >= MIN_MS)) return 0;
  const b = 1 + Math.floor((Math.log(x) - LOG_MIN) * INV_LOG);
  return b < BUCKETS ? b : BUCKETS - 1;
}

/** The value a bucket stands for: its geometric middle (0 for the lowest). */
export function bucketValue(b: number): number {
  if (b <= 0) return 0;
  return Math.exp(LOG_MIN + (b - 0.5) / INV_LOG);
}

/**
 * The q-quantile (0 < q < 1) of a histogram with `count` values, interpolated geometrically inside
 * its bucket and kept within the smallest and largest value seen; NaN when empty.
 */
export function quantileOf(h: Uint32Array, count: number, q: number, min = 0, max = Infinity): number {
  if (!(count > 0)) return NaN;
  const target = q * count;
  let cum = 0;
  let x = bucketValue(h.length - 1);
  for (let b = 0; b < h.length; b++) {
    const c = h[b]!;
    if (cum + c >= target && c > 0) {
      if (b === 0) x = 0;
      else x = Math.exp(LOG_MIN + (b - 1 + (target - cum) / c) / INV_LOG);
      break;
    }
    cum += c;
  }
  return x < min ? min : x > max ? max : x;
}

/** A set of histograms with running sums, one per figure index, allocated lazily. */
export class HistogramSet {
  readonly hist: (Uint32Array | undefined)[];
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(n: number) {
    this.hist = new Array<Uint32Array | undefined>(n).fill(undefined);
    this.count = new Float64Array(n);
    this.sum = new Float64Array(n);
    this.min = new Float64Array(n).fill(Infinity);
    this.max = new Float64Array(n).fill(-Infinity);
  }

  record(i: number, x: number): void {
    let h = this.hist[i];
    if (h === undefined) h = this.hist[i] = new Uint32Array(BUCKETS);
    h[bucketOf(x)]!++;
    this.count[i]!++;
    this.sum[i]! += x;
    if (x < this.min[i]!) this.min[i] = x;
    if (x > this.max[i]!) this.max[i] = x;
  }

  reset(): void {
    for (const h of this.hist) h?.fill(0);
    this.count.fill(0);
    this.sum.fill(0);
    this.min.fill(Infinity);
    this.max.fill(-Infinity);
  }

  mean(i: number): number {
    return this.count[i]! > 0 ? this.sum[i]! / this.count[i]! : NaN;
  }

  quantile(i: number, q: number): number {
    const h = this.hist[i];
    return h ? quantileOf(h, this.count[i]!, q, this.min[i]!, this.max[i]!) : NaN;
  }
}
