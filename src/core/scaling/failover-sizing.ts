/**
 * How many instances or replicas N+1 needs: the failover-capacity rule's fix. Where the
 * component's load is not linear (nonlinear.ts: retries behind timeouts, jobs), each candidate the
 * closed form accepts is checked by a fresh analysis after the loss (and the next tried while it fails).
 */
import { analyze } from '../analysis/index.js';
import { storeNodeLoads } from '../analysis/dispatch.js';
import { internalsOf } from '../analysis/result-context.js';
import { CH_READS, CH_WRITES } from '../analysis/load.js';
import type { Analysis } from '../analysis/types.js';
import type { Component, Model } from '../model.js';
import { contextOf } from './basis.js';
import { loadNonLinearity } from '../analysis/timeouts.js';
import { lostInZones, poolInstances, withoutInstances, withoutNodes, zonesOf } from './zones.js';

/** Fresh checks at most per component (each an analysis). */
const MAX_FRESH = 32;

/** How many of a pool's instances or a store's replicas N+1 needs (see `failoverSizing`). */
export interface FailoverSizing {
  part: 'instances' | 'replicas';
  count: number;
  /** The survivors' utilisation with that many, after the same loss. */
  utilizationAfter: number;
}

/**
 * The fewest instances (a pool) or replicas (a store) at which losing one of them, or a zone,
 * leaves the survivors at or below the target utilisation; null when more do not help (consumers
 * beyond their partitions, a store whose busiest node is its primary) or none up to a bound does.
 */
export function failoverSizing(model: Model, analysis: Analysis, componentId: string): FailoverSizing | null {
  const ctx = contextOf(model, analysis);
  const i = ctx.g.index.get(componentId);
  if (i === undefined) return null;
  const c = ctx.g.comps[i]!;
  const sm = ctx.sms[i]!;
  if (c.kind === 'client' || !sm.hasCapacity || !(sm.perInstanceRps > 0)) return null;
  const Z = zonesOf(model, c);
  const r = ctx.load.arr[i * 4 + CH_READS]!;
  const w = ctx.load.arr[i * 4 + CH_WRITES]!;
  const target = ctx.settingsOf(i).targetUtilization;
  const lose = (n: number) => (Z >= 2 ? lostInZones(n, Z, 1) : 1);
  const st = sm.store;
  // loads not linear: the survivors' utilisation by a fresh analysis of the model after the loss
  let fresh = loadNonLinearity(ctx.g)?.affected[i] === 1 ? MAX_FRESH : 0;
  const freshly = (after: Component): number => {
    const components = model.components.slice();
    components[i] = after;
    fresh--;
    return internalsOf(analyze({ ...model, components }, { previous: analysis, maxPaths: 0 }))!.svc[i]!.utilization;
  };
  if (!st) {
    if (sm.dispatch === 'partitioned') return null;
    for (let n = poolInstances(c) + 1; n <= poolInstances(c) + 10_000; n++) {
      let u = (r + w) / ((n - lose(n)) * sm.perInstanceRps);
      if (!(n - lose(n) >= 1 && u <= target)) continue;
      if (fresh > 0) u = freshly(withoutInstances(model, { ...c, instances: n, autoscale: undefined }, lose(n)));
      else if (fresh < 0) return null; // checks exhausted: not known
      if (u <= target) return { part: 'instances', count: n, utilizationAfter: u };
      if (fresh === 0) fresh = -1;
    }
    return null;
  }
  if (st.quorum) return null;
  for (let R = st.replicas + 1; R <= st.replicas + 64; R++) {
    const left = R - lose(R + 1);
    if (left < 0 || lose(R + 1) >= R + 1) continue;
    const readFrom = left === 0 && (st.readFrom === 'replicas' || st.readFrom === 'any') ? 'primary' : st.readFrom;
    const nodes = storeNodeLoads({ ...st, replicas: left, readFrom }, r, w, ctx.load.primaryReads[i]);
    let u = Math.max(nodes.primary, nodes.replica ?? 0) / sm.perInstanceRps;
    if (u <= target) {
      if (fresh > 0) u = freshly(withoutNodes(model, { ...c, replicas: R }, lose(R + 1)));
      else if (fresh < 0) return null;
      if (u <= target) return { part: 'replicas', count: R, utilizationAfter: u };
      if (fresh === 0) fresh = -1;
      continue;
    }
    // more replicas cannot help a primary busier than the target
    if (nodes.primary / sm.perInstanceRps > target) return null;
  }
  return null;
}
