/**
 * Zones and what losing part of a component leaves: the one place that decides how instances,
 * replicas and shards' nodes spread over zones and what a pool or store looks like once some of
 * them are gone. Scenarios (scenario.ts) and N+1 failover (failover.ts) both apply these.
 *
 * Spread: n items over Z zones evenly, zone 0 first (the first n mod Z zones hold one more), so a
 * zone holds at most ceil(n / Z), and zone 0 — the zone a scenario's `fail zone` loses, the same
 * index everywhere — holds that many of every component. A store's shard has its primary (node 0)
 * and replicas placed from zone s mod Z for shard s: zone 0 holds ceil((R + 1) / Z) of a shard's
 * nodes, its primary among them; a replica is promoted (the figures are those after the
 * failover; the seconds it takes are not modelled).
 */
import { KINDS } from '../kinds.js';
import type { Component, Model } from '../model.js';

const posInt = (x: number | undefined): number | undefined =>
  x !== undefined && Number.isFinite(x) && x >= 0 ? Math.floor(x) : undefined;

/** Whether a component can be zoned: pools and stores (not clients, externals). */
export function zonable(c: Component): boolean {
  const k = KINDS[c.kind];
  return k.pool || k.store || k.storeNodes !== 'never';
}

/** The zones a component is spread over: its own `zones`, else its system's, else 1. */
export function zonesOf(model: Model, c: Component): number {
  if (!zonable(c)) return 1;
  const own = posInt(c.zones);
  if (own !== undefined && own >= 1) return own;
  const sys = model.systems.find((s) => s.name === c.system);
  const d = posInt(sys?.settings.zones);
  return d !== undefined && d >= 1 ? d : 1;
}

/** How many of n items spread evenly over z zones the `lost` fullest zones hold. */
export function lostInZones(n: number, z: number, lost: number): number {
  if (lost <= 0 || n <= 0) return 0;
  if (lost >= z) return n;
  const q = Math.floor(n / z);
  const r = n % z;
  return lost <= r ? lost * (q + 1) : r * (q + 1) + (lost - r) * q;
}

/** Whether a component's capacity is that of store nodes (as the analysis decides: kinds.ts). */
export function hasStoreNodes(c: Component): boolean {
  const nodes = KINDS[c.kind].storeNodes;
  if (nodes === 'always') return true;
  if (nodes === 'when-replicated') return c.replicas !== undefined || c.shards !== undefined || c.quorum !== undefined;
  return false;
}

/** Instances a pool counts: `instances`, else the autoscale minimum, else 1 (as the analysis). */
export function poolInstances(c: Component): number {
  return posInt(c.instances) ?? posInt(c.autoscale?.min) ?? 1;
}

/** Replicas of a store (per shard). */
export function storeReplicas(c: Component): number {
  return posInt(c.replicas) ?? 0;
}

/** Shards of a store (1 when not sharded). */
export function storeShards(c: Component): number {
  return Math.max(1, posInt(c.shards) ?? 1);
}

/**
 * The whole component down: requests to it fail (availability 0), its callers see the failure
 * (a balancer's health checks route around it: the analysis does). A cache or CDN with something
 * behind it is instead passed through, as cache-aside does when the cache is down: hit ratio 0,
 * no service time of its own, so every read reaches what stands behind it.
 */
export function down(model: Model, c: Component): Component {
  if (KINDS[c.kind].cache && model.edges.some((e) => e.from === c.id && e.traffic !== 'writes' && !e.cdc)) {
    const out: Component = { ...c, hitRatio: 0, availability: 1 };
    delete out.capacityRps;
    delete out.serviceTimeMs;
    delete out.latencyMs;
    delete out.replicas;
    delete out.shards;
    delete out.quorum;
    // a write-behind cache that is down no longer acknowledges writes: they go through
    if (out.pattern === 'write-behind') delete out.pattern;
    return out;
  }
  return { ...c, availability: 0 };
}

/**
 * A pool without k of its instances: `instances` lowered, or the autoscale minimum when only
 * autoscale is written (the figures are those right after the loss; the autoscale maximum is
 * unchanged: the autoscaler may replace them up to it). Every instance lost: the component is down.
 */
export function withoutInstances(model: Model, c: Component, k: number): Component {
  if (k <= 0) return c;
  const n = poolInstances(c);
  const left = n - k;
  if (left <= 0) return down(model, c);
  if (posInt(c.instances) !== undefined) return { ...c, instances: left };
  if (c.autoscale) return { ...c, autoscale: { min: left, max: c.autoscale.max } };
  return { ...c, instances: left };
}

/**
 * A store without k nodes of each shard: a quorum keeps n − k nodes (a class whose quorum can no
 * longer form fails); replicas drop by k, the primary's loss being a replica promoted; losing
 * every node of a shard takes the store down.
 */
export function withoutNodes(model: Model, c: Component, k: number): Component {
  if (k <= 0) return c;
  if (c.quorum && c.quorum.n >= 1) {
    const n = c.quorum.n - k;
    if (n <= 0 || c.quorum.r > n || c.quorum.w > n) return down(model, c);
    return { ...c, quorum: { ...c.quorum, n } };
  }
  const left = storeReplicas(c) - k;
  if (left < 0) return down(model, c);
  return { ...c, replicas: left };
}

/** A store with k of its S shards' data offline: their share of the requests fails. */
export function withoutShards(model: Model, c: Component, k: number): Component {
  if (k <= 0) return c;
  const S = storeShards(c);
  if (k >= S) return down(model, c);
  const before = c.offlineShare ?? 0;
  // shards other than the hottest (whose node the figures show), each holding 1 / S of the keys
  return { ...c, offlineShare: Math.min(1, before + k / S) };
}

/** What one component keeps when `lost` of its zones (zone 0 first) go down. */
export function withoutZones(model: Model, c: Component, lost: number): Component {
  const Z = zonesOf(model, c);
  if (lost <= 0) return c;
  if (lost >= Z) return down(model, c);
  if (!hasStoreNodes(c)) return withoutInstances(model, c, lostInZones(poolInstances(c), Z, lost));
  const S = storeShards(c);
  const N = c.quorum && c.quorum.n >= 1 ? c.quorum.n : storeReplicas(c) + 1;
  const perShard = lostInZones(N, Z, lost);
  if (perShard < N) return withoutNodes(model, c, perShard);
  // a shard whose every node is in the lost zones is offline: shard s uses zones s .. s + N − 1
  // (mod Z), inside zones 0 .. lost − 1 for lost − N + 1 of every Z shards
  const whole = Math.max(0, lost - N + 1);
  const offline = Math.min(S, Math.ceil((S * whole) / Z));
  if (offline >= S) return down(model, c);
  const partly = withoutNodes(model, c, N - 1);
  return withoutShards(model, partly, offline);
}
