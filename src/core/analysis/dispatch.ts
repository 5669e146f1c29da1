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

/** Whether a pool's queue is shared because least-connections balancers call it (an approximation: see the note's words). */
export function behindLeastConnections(g: Graph, i: number): boolean {
  for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) {
    const src = g.comps[g.from[g.inList[j]!]!]!;
    if (src.kind === 'loadbalancer' && src.algorithm === 'least-connections') return true;
  }
  return false;
}

/** What the simulation measured against the shared-queue model of least-connections (docs/analysis.md section 9). */
export const LEAST_CONNECTIONS_BOUND =
  'least-connections taken as one shared queue: each instance keeps its own and the balancer also counts requests in their calls; the simulation waits up to 15 % longer on the mean, 20 % at p50–p99';

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

/**
 * Of r reads at a store, those the calls written `read-from primary` send to its primary (`rp`,
 * at most r), where the store would spread them (replicas, `any`); 0 where all reads are on the
 * primary anyway or every node is alike (a quorum).
 */
export function ledReadsOf(s: StoreShape, r: number, rp: number): number {
  return s.quorum || s.readFrom === 'primary' || s.replicas === 0 ? 0 : Math.min(r, Math.max(0, rp));
}

/**
 * Loads on the hottest shard's primary and on one of its replicas, for r reads and w writes per
 * second, of which `rp` reads are sent to the primary by calls (`read-from primary`, ledReadsOf).
 */
export function storeNodeLoads(
  s: StoreShape,
  r: number,
  w: number,
  rp = 0,
): { primary: number; replica: number | null } {
  const per = s.skew / s.shards;
  if (s.quorum) {
    const { n, r: R } = s.quorum;
    // a read goes to r of the n nodes; every write goes to all n (returning after the w-th)
    return { primary: ((r * Math.min(R, n) + w * n) / n) * per, replica: null };
  }
  const R = s.replicas;
  const led = ledReadsOf(s, r, rp);
  const rest = r - led;
  const readsOnPrimary = led + (s.readFrom === 'primary' ? rest : s.readFrom === 'any' ? rest / (R + 1) : 0);
  const primary = (w + readsOnPrimary) * per;
  if (R === 0) return { primary, replica: null };
  const readsPerReplica = s.readFrom === 'replicas' ? rest / R : s.readFrom === 'any' ? rest / (R + 1) : 0;
  return { primary, replica: (w + readsPerReplica) * per };
}

/**
 * Batch arrivals from fan-out, at one queue: the copies of one call that reach it at the same
 * instant. `ahead`: the mean number of an arrival's batch-mates queued before it,
 * E[Y(Y − 1)] / (2E[Y]); `first`: the share of arrivals first in their batch, P(Y ≥ 1) / E[Y].
 */
export interface FanInBatch {
  ahead: number;
  first: number;
}

/**
 * The batches fan-out sends to each queue of a pool: a call with fan-out n sends n copies at
 * once (a fractional n: ⌊n⌋ or ⌊n⌋ + 1), each to an instance picked at random (`split`: the
 * instance gets Y ~ Binomial(N, 1/k) of them) or all to one shared queue (Y = N). Several
 * callers mix by their arrivals, each edge's calls taken at the same rate (exact for one
 * caller). Null without fan-out, and under round-robin or partitions (not modelled).
 */
export function fanInBatch(g: Graph, i: number, dispatch: Dispatch, instances: number): FanInBatch | null {
  if (dispatch !== 'shared' && dispatch !== 'split') return null;
  const p = dispatch === 'split' ? 1 / Math.max(1, instances) : 1;
  let weight = 0;
  let ahead = 0;
  let first = 0;
  let fanned = false;
  for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) {
    const n = g.fanout[g.inList[j]!]!;
    if (!(n >= 1) || !Number.isFinite(n)) continue;
    const a = Math.floor(n);
    const f = n - a;
    if (n > 1) fanned = true;
    const pairs = a * (a - 1) + 2 * f * a; // E[N(N − 1)]
    const reached = (1 - f) * -Math.expm1(a * Math.log1p(-p)) + f * -Math.expm1((a + 1) * Math.log1p(-p));
    weight += n;
    ahead += (n * (p * p * pairs)) / (2 * n * p);
    first += (n * (p < 1 ? reached : 1)) / (n * p);
  }
  if (!fanned || !(weight > 0)) return null;
  return { ahead: ahead / weight, first: Math.min(1, first / weight) };
}

/**
 * A fan-out call's copies as groups, for the slowest of them (the call's latency): the copies
 * that reach one queue wait behind each other, so the call waits for the last of each group,
 * about a copy's response plus `lagMs` (the batch-mates behind it: E[Y(Y − 1)]/(2E[Y]) of
 * them, each S / servers), and for the slowest of `groups` such groups (the queues it reaches,
 * E[instances hit] = k(1 − (1 − 1/k)ⁿ) under a random split, 1 for a shared queue), taken as
 * independent: `maxOf(add(d, constant(lagMs)), groups)` in place of `maxOf(d, n)`. Null
 * when the callee's arrivals are not modelled as batches (`ServiceModel.batch`).
 */
export function fanoutGroups(g: Graph, e: number, callee: ServiceModel): { groups: number; lagMs: number } | null {
  const n = g.fanout[e]!;
  // without a queue (no capacity) copies do not wait for each other: independent copies
  if (!callee.batch || !(n > 1) || !Number.isFinite(n) || !callee.hasCapacity || !(callee.serviceMs > 0)) return null;
  const split = callee.dispatch === 'split';
  const k = split ? Math.max(1, callee.instances) : 1;
  const servers = Math.max(1, callee.serversPerInstance) * (split ? 1 : Math.max(1, callee.instances));
  const p = 1 / k;
  const a = Math.floor(n);
  const f = n - a;
  const pairs = a * (a - 1) + 2 * f * a; // E[N(N − 1)]
  const hit = (m: number) => (p < 1 ? -Math.expm1(m * Math.log1p(-p)) : 1);
  const groups = k * ((1 - f) * hit(a) + f * hit(a + 1));
  // a copy's group holds y = E[Y²]/E[Y] copies on average (size-biased): the first min(y, c) in
  // parallel (the last of them S·(H(m) − 1) after a random one), the rest c at a time
  const y = 1 + (p * pairs) / n;
  const m = Math.min(y, servers);
  const lagMs = callee.serviceMs * (harmonic(m) - 1 + (y - m) / (2 * servers));
  return { groups, lagMs };
}

/** The harmonic number H(x), linear between whole numbers (H(1) = 1). */
function harmonic(x: number): number {
  const a = Math.floor(x);
  let h = 0;
  for (let j = 1; j <= a; j++) h += 1 / j;
  return h + (x - a) / (a + 1);
}
