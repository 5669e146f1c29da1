/**
 * What a redundant component loses in N+1 (failover.ts), and what it is then: one instance, one
 * node of each shard (a replica; losing the primary promotes one), or the zone holding the most of
 * its nodes (zones.ts). The survivors' utilisation is computed in closed form exactly as
 * component.ts `ownService` computes it for the smaller pool or store; the service model after the
 * loss is made only when its queues are needed.
 */
import type { ServiceModel } from '../analysis/component.js';
import { dispatchOf, storeNodeLoads } from '../analysis/dispatch.js';
import { CH_READS, CH_WRITES } from '../analysis/load.js';
import type { Context } from '../analysis/result-context.js';
import type { Component, Model } from '../model.js';
import type { Failover } from './types.js';
import { withInstances } from './basis.js';
import { lostInZones, poolInstances, withoutInstances, withoutNodes, withoutZones, zonesOf } from './zones.js';

/** What one component loses, and what it is then. */
export interface Loss {
  lost: Failover['lost'];
  lostCount: number;
  remaining: number;
  /** The component after the loss (zones.ts). */
  after: () => Component;
  /** Its service model after the loss (made when the SLO part needs its queues). */
  sm: () => ServiceModel;
  /** The survivors' utilisation at today's load, as ownService computes it (closed form). */
  utilization: number;
  /** What the remaining count counts. */
  noun: string;
  /** A store of several shards (a zone loses nodes of each). */
  sharded?: boolean;
}

export function lossOf(model: Model, ctx: Context, i: number): Loss | null {
  const c = ctx.g.comps[i]!;
  const sm = ctx.sms[i]!;
  if (c.kind === 'client' || !sm.hasCapacity) return null;
  const Z = zonesOf(model, c);
  const zoned = Z >= 2;
  const st = sm.store;
  const r = ctx.load.arr[i * 4 + CH_READS]!;
  const w = ctx.load.arr[i * 4 + CH_WRITES]!;
  const per = sm.perInstanceRps;
  const over = (load: number) => (per > 0 ? load / per : load > 0 ? Infinity : 0);
  if (!st) {
    const declared = poolInstances(c);
    const lost = zoned ? lostInZones(declared, Z, 1) : 1;
    const left = declared - lost;
    if (left < 1) return null;
    const instances = Math.min(sm.instances, left);
    // as ownService: capacity n × one instance's, or one instance's over its share of the partitions
    const share = sm.dispatch === 'partitioned' ? dispatchOf(ctx.g, i, instances).busiestShare : 1 / instances;
    return {
      lost: zoned ? 'zone' : 'instance',
      lostCount: lost,
      remaining: left,
      after: () => (zoned ? withoutZones(model, c, 1) : withoutInstances(model, c, lost)),
      sm: () => ({ ...withInstances(ctx.g, i, sm, instances), declaredInstances: left }),
      utilization: over((r + w) * share),
      noun: 'instance',
    };
  }
  const N = st.quorum ? st.quorum.n : st.replicas + 1;
  const lost = zoned ? lostInZones(N, Z, 1) : 1;
  if (N - lost < 1 || (!st.quorum && st.replicas < 1)) return null;
  const after = () => (zoned ? withoutZones(model, c, 1) : withoutNodes(model, c, lost));
  const replicas = st.quorum ? st.replicas : st.replicas - lost;
  const readFrom = replicas === 0 && (st.readFrom === 'replicas' || st.readFrom === 'any') ? 'primary' : st.readFrom;
  const store = {
    ...st,
    replicas,
    readFrom,
    quorum: st.quorum ? { ...st.quorum, n: st.quorum.n - lost } : null,
  };
  // a quorum that can no longer form fails its class (withoutNodes: the store down)
  const n = N - lost;
  const downed = !!st.quorum && (st.quorum.r > n || st.quorum.w > n);
  const nodes = storeNodeLoads(store, r, w, ctx.load.primaryReads[i]);
  return {
    lost: zoned ? 'zone' : st.quorum || st.shards > 1 ? 'node' : 'replica',
    lostCount: lost,
    remaining: N - lost,
    after,
    sm: () => ({ ...sm, store, ...(downed ? { availability: 0 } : {}) }),
    utilization: over(Math.max(nodes.primary, nodes.replica ?? 0)),
    noun: st.quorum || st.shards > 1 ? 'node' : 'replica',
    sharded: st.shards > 1,
  };
}
