/**
 * heterogeneous-pool: a load balancer that spreads requests evenly (round-robin, which is also
 * the default when no algorithm is given, or random) over instances of different capacity or
 * size. Every instance gets the same share, so the small ones saturate while the big ones idle,
 * and the pool saturates at (instances x the smallest capacity) (heterogeneity: uniformity
 * assumptions fail).
 *
 * Capacities are compared when every target's is known (capacity, or 1 / service-time, times
 * `size`: the analysis's per-instance capacity, written for size 1), else sizes (`size`, 1 when
 * not given). Differences up to HETEROGENEITY_RATIO are taken as noise.
 * The pool is the set of targets that share one class of traffic evenly: edges with an explicit
 * `share` are routing, not balancing, and a balancer that sends reads to one pool and writes to
 * another is two pools. A pool whose every edge has a `weight` is weighted round-robin: not
 * flagged.
 */
import { perInstanceRps } from '../analysis/component.js';
import type { Component } from '../model.js';
import { count, list, plural, rate, times } from '../wording.js';
import { instanceCount } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import { componentRule, NO_FINDINGS, type RawFinding, type Rule } from './types.js';

/** Largest / smallest per-instance capacity (or size) still taken as uniform. */
export const HETEROGENEITY_RATIO = 1.2;

const EVEN = new Set<string | undefined>([undefined, 'round-robin', 'random']);

interface Verdict {
  targets: Component[];
  byCapacity: boolean;
  values: number[];
  lo: number;
}

/** Whether a pool's instances differ beyond the ratio, comparing capacities when all are known, else sizes. */
function judge(targets: Component[]): Verdict | undefined {
  if (targets.length < 2) return undefined;
  const caps = targets.map(perInstanceRps);
  const byCapacity = caps.every((c) => c !== undefined);
  const values = byCapacity ? (caps as number[]) : targets.map((t) => t.size ?? 1);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo > 0 && hi / lo > HETEROGENEITY_RATIO ? { targets, byCapacity, values, lo } : undefined;
}

export const heterogeneousPool: Rule = componentRule({
  id: 'heterogeneous-pool',
  defaultSeverity: 'warning',
  description: 'A round-robin balancer over instances of different capacity: the small ones saturate first.',
  concept: 'Heterogeneity: uniformity assumptions fail when instances differ',
  component(ctx, lb) {
    const out: RawFinding[] = [];
    if (lb.kind !== 'loadbalancer' || !EVEN.has(lb.algorithm)) return NO_FINDINGS;
    // The pool of a class: targets of the edges that carry it and share it evenly (no explicit
    // `share`; a balancer that routes reads and writes to different pools is not one pool).
    let verdict: Verdict | undefined;
    for (const cls of ['reads', 'writes'] as const) {
      const edges = ctx
        .outEdges(lb.id)
        .filter((e) => !e.cdc && e.share === undefined && (e.traffic === 'all' || e.traffic === cls));
      if (edges.length > 0 && edges.every((e) => e.weight !== undefined)) continue;
      const pool = [...new Map(edges.map((e) => [e.to, ctx.component(e.to)])).values()].filter(
        (t): t is Component => !!t && t.kind !== 'client',
      );
      verdict = judge(pool);
      if (verdict) break;
    }
    if (!verdict) return NO_FINDINGS;
    const { targets, byCapacity, values, lo } = verdict;

    const alg = lb.algorithm ?? 'round-robin (no algorithm given)';
    const describe = (t: Component, i: number) => {
      const n = instanceCount(t).count;
      const size = t.size !== undefined ? ` (size ${times(t.size)})` : '';
      return byCapacity
        ? `${t.name} ${count(n)} × ${rate(values[i]!)}${size}`
        : `${t.name} ${count(n)} × size ${count(values[i]!)}`;
    };
    let tail = '';
    if (byCapacity) {
      const k = targets.reduce((a, t) => a + instanceCount(t).count, 0);
      const total = targets.reduce((a, t, i) => a + instanceCount(t).count * values[i]!, 0);
      tail = `; spread evenly over ${plural(k, 'instance')}, the pool saturates at ${rate(k * lo)} though its instances add up to ${rate(total)}`;
    }
    out.push({
      message: `${lb.name} spreads requests evenly (${alg}) over instances of different ${byCapacity ? 'capacity' : 'size'}: ${list(targets.map(describe))}; each instance gets the same share, so the smaller ones saturate while the larger idle${tail}. Balance by least connections (or weight targets by capacity)`,
      location: at(lb, 'algorithm'),
      related: targets.map((t, i) => ({
        location: at(t, byCapacity ? 'capacity' : 'size', 'service-time', 'size'),
        message: `${t.name}: ${byCapacity ? rate(values[i]!) : `size ${count(values[i]!)}`} per instance`,
      })),
      components: [lb.id, ...targets.map((t) => t.id)],
      fixes: [
        {
          title: `balance by least connections (algorithm least-connections)`,
          operations: [
            { op: 'set-property', target: { component: lb.id }, key: 'algorithm', value: 'least-connections' },
          ],
          preferred: true,
        },
      ],
    });
    return out;
  },
});
