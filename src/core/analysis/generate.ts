/**
 * Generated models for benchmarks and tests: a layered random DAG, built directly as plain model
 * data (no parsing). Clients at the top, then load balancers, services with caches, queues and
 * workers, and stores and external APIs at the bottom; each component below the top gets about
 * two incoming edges from the layer above. Deterministic for a given seed.
 */
import {
  DEFAULT_MONTH_SECONDS,
  type Component,
  type ComponentKind,
  type Edge,
  type Model,
  type SourceLocation,
} from '../model.js';

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const URI = 'memory:///generated.arch';

function loc(line: number): SourceLocation {
  return { uri: URI, range: { start: { line, character: 0 }, end: { line, character: 1 } } };
}

export function generateModel(n: number, seed = 1): Model {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const total = Math.max(2, Math.floor(n));
  const nClients = Math.max(1, Math.round(total / 100));
  const rest = total - nClients;
  const L = Math.max(2, Math.min(12, Math.round(Math.log2(Math.max(2, rest)))));
  const system = 'generated';
  const components: Component[] = [];
  const layerOf: number[] = [];
  const byLayer: number[][] = Array.from({ length: L + 1 }, () => []);

  const make = (kind: ComponentKind, layer: number): Component => {
    const i = components.length;
    const id = `${kind}${i}`;
    const c: Component = { id, name: id, kind, system, location: loc(i), nameLocation: loc(i), propertyLocations: {} };
    switch (kind) {
      case 'client':
        c.rateRps = between(1, 20) * 100;
        c.readFraction = 0.9;
        c.payloadBytes = 1000;
        break;
      case 'loadbalancer':
        c.algorithm = pick(['round-robin', 'round-robin', 'least-connections'] as const);
        c.availability = 0.9999;
        break;
      case 'service':
        c.instances = between(4, 20);
        c.capacityRps = between(5, 20) * 100;
        c.availability = 0.999;
        c.stateful = false;
        if (rand() < 0.3) c.latencyMs = between(1, 10);
        break;
      case 'cache':
        c.engine = 'redis';
        c.hitRatio = 0.8;
        c.ttlMs = 60_000;
        c.pattern = 'cache-aside';
        c.caches = 'objects';
        c.invalidate = 'on-write';
        c.capacityRps = 100_000;
        c.availability = 0.999;
        break;
      case 'queue':
        c.partitions = 8;
        c.delivery = 'at-least-once';
        c.capacityRps = 50_000;
        break;
      case 'worker':
        c.instances = between(2, 8);
        c.capacityRps = 200;
        c.idempotent = true;
        break;
      case 'database':
        c.engine = 'postgres';
        c.capacityRps = 5000;
        c.replicas = between(0, 3);
        c.replication = 'async';
        c.lagMs = 100;
        c.shards = between(1, 4);
        c.skew = 1.2;
        c.storagePerNodeBytes = 2e12;
        c.recordBytes = 1000;
        c.availability = 0.9995;
        break;
      case 'search':
        c.capacityRps = 2000;
        c.lagMs = 1000;
        c.storagePerNodeBytes = 1e12;
        break;
      case 'storage':
        c.capacityRps = 5000;
        c.storagePerNodeBytes = 1e13;
        break;
      case 'external':
        c.latencyMs = between(20, 80);
        c.availability = 0.9995;
        break;
      default:
        break;
    }
    components.push(c);
    layerOf.push(layer);
    byLayer[layer]!.push(i);
    return c;
  };

  for (let i = 0; i < nClients; i++) make('client', 0);
  for (let j = 0; j < rest; j++) {
    const layer = 1 + Math.min(L - 1, Math.floor((j * L) / rest));
    let kind: ComponentKind;
    if (layer === 1) kind = 'loadbalancer';
    else if (layer === L)
      kind = pick([
        'database',
        'database',
        'database',
        'database',
        'database',
        'database',
        'search',
        'storage',
        'external',
        'external',
      ] as const);
    else {
      const x = rand();
      kind = x < 0.7 ? 'service' : x < 0.85 ? 'cache' : x < 0.9 ? 'queue' : x < 0.95 ? 'worker' : 'external';
    }
    make(kind, layer);
  }

  const edges: Edge[] = [];
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  const calls = new Set<number>();
  const addEdge = (u: number, v: number) => {
    const a = components[u]!;
    const b = components[v]!;
    const key = `${a.id}->${b.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    calls.add(u);
    const k = counts.get(key) ?? 0;
    counts.set(key, k + 1);
    const e: Edge = {
      id: `${key}#${k}`,
      from: a.id,
      to: b.id,
      system,
      location: loc(components.length + edges.length),
      propertyLocations: {},
      async: false,
      cdc: false,
      traffic: 'all',
    };
    if (a.kind === 'cache') e.traffic = 'reads';
    else if (b.kind === 'cache') e.traffic = 'reads';
    if (b.kind === 'queue') e.async = true;
    if (a.kind === 'service' || a.kind === 'worker') e.share = 0.5;
    if (a.kind === 'service' && b.kind === 'external') e.timeoutMs = 300;
    if (edges.length % 500 === 499 && a.kind === 'service' && b.kind === 'service') e.fanout = 3;
    edges.push(e);
  };
  // a store at the top of a chain has no calls: edges only leave clients, balancers, services,
  // caches, queues and workers.
  const canCall = (i: number) =>
    ['client', 'loadbalancer', 'service', 'cache', 'queue', 'worker'].includes(components[i]!.kind);
  for (let layer = 1; layer <= L; layer++) {
    const above = byLayer[layer - 1]!.filter(canCall);
    const pool = above.length ? above : byLayer[layer - 1]!;
    if (!pool.length) continue;
    for (const v of byLayer[layer]!) {
      addEdge(pick(pool), v);
      addEdge(pick(pool), v);
    }
  }
  // every caller in the layer above reaches something
  for (let layer = 1; layer < L; layer++) {
    const below = byLayer[layer + 1]!;
    if (!below.length) continue;
    for (const u of byLayer[layer]!) {
      if (canCall(u) && !calls.has(u)) addEdge(u, pick(below));
    }
  }
  return {
    systems: [
      {
        name: system,
        location: loc(0),
        nameLocation: loc(0),
        slo: { p95Ms: 200, availability: 0.999, location: loc(0) },
        settings: { monthSeconds: DEFAULT_MONTH_SECONDS, targetUtilization: 0.7 },
        components: components.map((c) => c.id),
      },
    ],
    components,
    edges,
  };
}
