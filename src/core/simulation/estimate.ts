/** Estimates over independent replications: mean and a 95 % Student-t confidence interval. */
import type { Estimate } from './types.js';

/** t quantiles 0.975 for 1..30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[df - 1]!;
  return 1.96 + 2.4 / df; // within 0.2 % above 30
}

/** The estimate from one value per replication (NaN values, where nothing was measured, are left out). */
export function estimateOf(values: ArrayLike<number>, from = 0, to = values.length): Estimate {
  let n = 0;
  let sum = 0;
  let allInf = true;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    n++;
    sum += v;
    if (v !== Infinity) allInf = false;
  }
  if (n === 0) return { value: NaN, low: NaN, high: NaN, n: 0 };
  if (allInf) return { value: Infinity, low: Infinity, high: Infinity, n };
  const mean = sum / n;
  if (n < 2 || !Number.isFinite(mean)) return { value: mean, low: NaN, high: NaN, n };
  let ss = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    ss += (v - mean) * (v - mean);
  }
  const half = (tQuantile975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { value: mean, low: mean - half, high: mean + half, n };
}
