/**
 * Seeded random models for the differential tests: small systems of a client or two, balancers,
 * pools, caches, stores with replicas, shards and skew or a quorum, queues with consumers, external
 * calls with fan-out, shares, edge latencies and async edges. Built as plain data; each queueing
 * component's service time is then set so that its utilisation (by the analysis's loads, which do
 * not depend on service times) is a chosen value below saturation.
 */
import { analyze } from '../../../src/core/analysis/index.js';
import { mulberry32 } from '../../../src/core/analysis/generate.js';
import type { Component, Edge, LbAlgorithm, Model } from '../../../src/core/model.js';
import { comp, edge, model } from '../analysis/helpers.js';

export interface RandomModel {
  seed: number;
  model: Model;
  /** The features drawn, for grouping results. */
  features: string[];
  /** Total client rate, rps. */
  rate: number;
}

const ALGORITHMS: LbAlgorithm[] = ['round-robin', 'least-connections', 'random'];

export function randomModel(seed: number, maxUtilization = 0.75): RandomModel {
  const rand = mulberry32(seed * 7919 + 13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const chance = (p: number) => rand() < p;
  const comps: Component[] = [];
  const edges: Edge[] = [];
  const features = new Set<string>();
  const rate = Math.round(50 + rand() * 450);
  const readFraction = pick([1, 1, 0.9, 0.7]);
  if (readFraction < 1) features.add('writes');
  comps.push(comp('users', 'client', { rateRps: rate, readFraction }));

  // entry: a balancer over one or two pools, or the pool directly
  const pools: string[] = [];
  const nPools = chance(0.3) ? 2 : 1;
  for (let i = 0; i < nPools; i++) {
    const id = `app${i}`;
    const instances = between(1, 6);
    comps.push(comp(id, 'service', { instances, serviceTimeMs: 1 }));
    pools.push(id);
  }
  if (chance(0.7) || nPools > 1) {
    const algorithm = pick(ALGORITHMS);
    features.add(`lb-${algorithm}`);
    comps.push(comp('lb', 'loadbalancer', { algorithm, ...(chance(0.3) ? { latencyMs: 1 } : {}) }));
    edges.push(edge('users', 'lb'));
    for (const p of pools) edges.push(edge('lb', p, nPools > 1 && chance(0.5) ? { weight: between(1, 3) } : {}));
    if (nPools > 1) features.add('split');
  } else edges.push(edge('users', pools[0]!));

  // the data tier
  const db: Partial<Component> = { serviceTimeMs: 1 };
  const storeKind = pick(['replicas', 'replicas', 'shards', 'quorum', 'single'] as const);
  if (storeKind === 'replicas') {
    db.replicas = between(1, 4);
    db.readFrom = pick(['replicas', 'any', 'primary'] as const);
    db.replication = pick(['async', 'async', 'semi-sync', 'sync'] as const);
    features.add(`replicas-${db.replication}`);
  } else if (storeKind === 'shards') {
    db.shards = between(2, 8);
    db.skew = 1 + Math.round(rand() * 10) / 10;
    features.add('shards');
  } else if (storeKind === 'quorum') {
    const n = pick([3, 5]);
    db.quorum = { n, r: between(1, n), w: between(1, n) };
    features.add('quorum');
  }
  comps.push(comp('db', 'database', db));
  const cache = chance(0.5);
  if (cache) {
    features.add('cache');
    comps.push(
      comp('cache', 'cache', { hitRatio: pick([0.5, 0.8, 0.95]), instances: between(1, 3), serviceTimeMs: 1 }),
    );
  }
  for (const p of pools) {
    if (cache) {
      edges.push(edge(p, 'cache', { traffic: 'reads' }));
      if (readFraction < 1) edges.push(edge(p, 'db', { traffic: 'writes' }));
    } else edges.push(edge(p, 'db', chance(0.2) ? { latencyMs: 2 } : {}));
  }
  if (cache) edges.push(edge('cache', 'db', { traffic: 'reads' }));

  // extras on the first pool
  const app = pools[0]!;
  if (chance(0.35)) {
    features.add('fanout');
    comps.push(comp('ext', 'external', { instances: between(2, 4), serviceTimeMs: 1, latencyMs: pick([0, 5, 20]) }));
    edges.push(edge(app, 'ext', { fanout: between(2, 3) }));
  }
  if (chance(0.3)) {
    features.add('share');
    comps.push(comp('side', 'service', { instances: between(1, 3), serviceTimeMs: 1 }));
    edges.push(edge(app, 'side', { share: pick([0.2, 0.5]) }));
  }
  if (chance(0.3)) {
    features.add('queue');
    const partitions = chance(0.5) ? between(2, 8) : undefined;
    if (partitions) features.add('partitions');
    comps.push(comp('jobs', 'queue', partitions ? { partitions } : {}));
    comps.push(comp('worker', 'worker', { instances: between(1, 4), serviceTimeMs: 1 }));
    edges.push(edge(app, 'jobs', { async: true }));
    edges.push(edge('jobs', 'worker'));
  }

  // failures: some components with an availability, some calls retried
  if (chance(0.3)) {
    features.add('failures');
    for (const c of comps)
      if (c.kind !== 'client' && c.kind !== 'loadbalancer' && chance(0.5)) c.availability = pick([0.99, 0.999, 0.9999]);
    for (const e of edges) if (!e.async && chance(0.3)) e.retries = between(1, 2);
  }

  const m = model(comps, edges);
  // service times for chosen utilisations (loads do not depend on them)
  const a = analyze(m);
  for (const c of m.components) {
    if (c.serviceTimeMs === undefined) continue;
    const u = a.components.find((x) => x.id === c.id)?.utilization.value;
    if (!(u !== null && u !== undefined && u > 0)) continue;
    const target = 0.1 + rand() * (maxUtilization - 0.1);
    c.serviceTimeMs = (c.serviceTimeMs * target) / u;
  }
  return { seed, model: m, features: [...features].sort(), rate };
}
