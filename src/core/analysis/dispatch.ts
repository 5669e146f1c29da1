/**
 * How a pool's instances get their arrivals (`Dispatch`): from the kind of its callers (a
 * balancer's algorithm, a broker's partitions, anything else picking an instance at random),
 * the busiest instance's share, and the words for where its queue stands.
 */
import { isBroker, type Graph } from './graph.js';
import type { Component } from '../model.js';
import { count, plural } from '../wording.js';
import type { ServiceModel, StoreShape } from './component.js';
import type { Dispatch } from './types.js';

/** Where a pool's queue figures stand, by its dispatch (for the queue's hover and JSON text). */
export function queueWhere(sm: ServiceModel): string {
  const n = sm.instances;
  switch (sm.dispatch) {
    case 'round-robin':
      return `per instance (round-robin: each of ${count(n)} gets every ${ordinal(n)} arrival)`;
    case 'split':
      return `per instance (arrivals split at random over ${plural(n, 'instance')})`;
    case 'partitioned':
      return `on the busiest consumer (${count(Math.ceil(sm.partitions / n))} of ${plural(sm.partitions, 'partition')})`;
    default:
      return n > 1 ? 'sharing one queue' : 'one queue';
  }
}

const ordinal = (n: number): string => (n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`);

/** A broker's partitions (a whole number >= 1), else 0. */
export function partitionsOf(src: Component): number {
  return isBroker(src.kind) && src.partitions !== undefined && Number.isFinite(src.partitions) && src.partitions >= 1
    ? Math.floor(src.partitions)
    : 0;
}

/** How each caller dispatches to a pool's instances. */
type CallerDispatch = 'shared' | 'split' | 'round-robin' | 'partitioned';

/** The dispatch a caller makes: by a balancer's algorithm (round-robin when none is given), a broker's partitions, else random. */
function callerDispatch(src: Component): CallerDispatch {
  if (src.kind === 'loadbalancer') {
    const alg = src.algorithm ?? 'round-robin';
    if (alg === 'least-connections') return 'shared';
    return alg === 'round-robin' || alg === 'weighted' ? 'round-robin' : 'split';
  }
  if (isBroker(src.kind)) return partitionsOf(src) > 0 ? 'partitioned' : 'shared';
  return 'split';
}

/**
 * How a pool's n instances get their arrivals (see `Dispatch`), and the busiest instance's
 * share of them. One kind of caller decides; round-robin needs a single balancer (each keeps
 * its own turn, so two balancers' turns interleave at random). Callers of mixed kinds count as
 * a random split: each instance then sees Poisson arrivals at λ/n, the most waiting of the
 * per-instance models (a shared queue, or round-robin's regular arrivals, only wait less).
 */
export function dispatchOf(
  g: Graph,
  i: number,
  instances: number,
): { dispatch: Dispatch; busiestShare: number; partitions: number } {
  const start = g.inStart[i]!;
  const end = g.inStart[i + 1]!;
  const shared = { dispatch: 'shared' as const, busiestShare: 1, partitions: 0 };
  const split = { dispatch: 'split' as const, busiestShare: 1 / instances, partitions: 0 };
  if (instances <= 1 || end <= start) return shared;
  let kind: CallerDispatch | null = null;
  let firstSource = -1;
  let oneSource = true;
  let share = 0;
  let partitions = 0;
  for (let j = start; j < end; j++) {
    const from = g.from[g.inList[j]!]!;
    const src = g.comps[from]!;
    const k = callerDispatch(src);
    if (kind === null) kind = k;
    else if (kind !== k) return split;
    if (firstSource < 0) firstSource = from;
    else if (from !== firstSource) oneSource = false;
    const P = partitionsOf(src);
    if (P > 0 && Math.ceil(P / instances) / P > share) {
      share = Math.ceil(P / instances) / P;
      partitions = P;
    }
  }
  if (kind === 'shared') return shared;
  if (kind === 'partitioned') return { dispatch: 'partitioned', busiestShare: Math.min(1, share), partitions };
  if (kind === 'round-robin' && oneSource)
    return { dispatch: 'round-robin', busiestShare: 1 / instances, partitions: 0 };
  return split;
}

/** Loads on the hottest shard's primary and on one of its replicas, for r reads and w writes per second. */
export function storeNodeLoads(s: StoreShape, r: number, w: number): { primary: number; replica: number | null } {
  const per = s.skew / s.shards;
  if (s.quorum) {
    const { n, r: R } = s.quorum;
    // a read goes to r of the n nodes; every write goes to all n (returning after the w-th)
    return { primary: ((r * Math.min(R, n) + w * n) / n) * per, replica: null };
  }
  const R = s.replicas;
  const readsOnPrimary = s.readFrom === 'primary' ? r : s.readFrom === 'any' ? r / (R + 1) : 0;
  const primary = (w + readsOnPrimary) * per;
  if (R === 0) return { primary, replica: null };
  const readsPerReplica = s.readFrom === 'replicas' ? r / R : s.readFrom === 'any' ? r / (R + 1) : 0;
  return { primary, replica: (w + readsPerReplica) * per };
}
