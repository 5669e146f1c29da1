/**
 * Order statistics of independent copies of a response time: the k-th fastest of n (a quorum
 * write returns when the w-th of its n nodes has applied it). Its quantile function is
 * F⁻¹(V) with V ~ Beta(k, n − k + 1), the k-th smallest of n uniforms; mean and variance by
 * the midpoint rule over v in (0, 1) weighted by that Beta density (normalised over the nodes),
 * on `quantile` of the node's distribution (exact for an M/M/c response, else its fit). Pure.
 */
import { lgamma, quantile, type Dist } from './stats.js';

/** Points of the midpoint rule. */
const NODES = 256;

/**
 * The k-th smallest of n independent copies of d (k = n: the slowest, as `maxOf`; k = 1: the
 * fastest). k is clamped to 1..n; n <= 1 returns d.
 */
export function kthOf(d: Dist, k: number, n: number): Dist {
  const N = Math.floor(n);
  if (!(N > 1) || d.unbounded) return d;
  const K = Math.min(N, Math.max(1, Math.floor(k)));
  if (!(d.variance > 0)) return { mean: d.mean, variance: 0, floor: d.mean, unbounded: false };
  const a = K - 1; // exponent of v
  const b = N - K; // exponent of 1 − v
  const logNorm = lgamma(N + 1) - lgamma(K) - lgamma(N - K + 1); // 1 / B(K, N − K + 1)
  let w0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < NODES; j++) {
    const v = (j + 0.5) / NODES;
    const tail = 1 - v;
    const w = Math.exp(logNorm + (a > 0 ? a * Math.log(v) : 0) + (b > 0 ? b * Math.log(tail) : 0));
    if (!(w > 0)) continue;
    const x = quantile(d, v, tail);
    if (!Number.isFinite(x)) return { mean: Infinity, variance: Infinity, floor: d.floor, unbounded: true };
    w0 += w;
    s1 += w * x;
    s2 += w * x * x;
  }
  if (!(w0 > 0)) return d;
  const mean = s1 / w0;
  const variance = Math.max(0, s2 / w0 - mean * mean);
  return { mean, variance, floor: d.floor, unbounded: false };
}

/** The replica's apply time for a synchronous write: its queueing response without the fixed latency. */
export function withoutFixed(d: Dist): Dist {
  if (d.unbounded) return d;
  const out: Dist = { mean: d.mean - d.floor, variance: d.variance, floor: 0, unbounded: false };
  if (d.exact) out.exact = { ...d.exact, fixedMs: 0 };
  return out;
}
