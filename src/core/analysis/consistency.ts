/**
 * Consistency of reads: per store (database, search, storage, cache, CDN, DNS) and per read path;
 * the one place that decides a store's CAP choice and why (`storeCap`, read by the rules too) and
 * which balancers pin users to a clone (`pinsUsers`).
 *
 * A store is strong (CP) when reads go to the primary, to synchronously replicated replicas or to
 * a quorum with R + W > N; eventual (AP) when they may be served by async or semi-sync replicas,
 * a sloppy quorum (R + W <= N), an eventually consistent engine, or data fed by change data
 * capture or by another store through queues, streams and workers, with a staleness bound =
 * own lag + the worst feeding pipeline's lag (null when a lag is not given). A cache, CDN or DNS
 * answers from local state (AP): eventual bounded by its TTL (0 added when entries are
 * invalidated on write or written through and no TTL is given), weak with neither TTL nor
 * invalidation.
 *
 * `read-from sticky` (each user's reads to one replica) on a store with async replicas gives
 * monotonic reads, not read-your-writes: a user's write reaches their replica only after the lag
 * (and monotonic only while that replica is up: a failover to another replica may go back in time).
 * `read-from primary` on an edge sends that call's reads to the leader: the store is strong for
 * the paths through that edge (a store with no leader, or fed by CDC, gives what it gives anyway).
 *
 * The classes are not a chain (consistency-classes.ts): session = read-your-writes + monotonic. A path is
 * as weak as its weakest serving hop (the guarantees all its hops give: a cache before a sticky
 * store makes it eventual); staleness bounds add along it; it is AP when any serving hop is AP.
 * Nothing here yields session without strong: no design the language writes pins a user to a
 * replica their writes reach first. A sticky balancer (ip-hash, sticky) upgrades nothing: it pins a user to a
 * clone of what it balances (an app instance), not to a replica, and not past a cache or a
 * CDC-fed index, so a user's read may still be served by a copy their write has not reached.
 */
import type { Component, ConsistencyRequirement, Quorum, ReadFrom, ReplicationMode } from '../model.js';
import * as words from '../wording.js';
import { derivation } from './figure.js';
import { KINDS } from '../kinds.js';
import { bothRequirements, meets, weakestOf } from './consistency-classes.js';
import { isCache, isStore, type Graph } from './graph.js';
import type { CapLabel, Consistency, ConsistencyClass, PathConsistency } from './types.js';

export { meets, weakestOf };

/** Engines whose default reads are eventually consistent (leaderless, or replicas by default). */
const AP_ENGINES = new Set(['cassandra', 'dynamodb', 'couchdb', 'riak', 'scylladb', 'scylla']);
/** Engines built on consensus (linearizable reads). */
const CP_ENGINES = new Set(['etcd', 'zookeeper', 'consul', 'hbase', 'spanner', 'cockroachdb']);

/** Why a store is CP or AP. */
export type CapReason =
  /** R + W > N (CP) or R + W ≤ N (AP). */
  | 'quorum'
  /** A consensus engine (CP) or an eventually consistent engine (AP). */
  | 'engine'
  /** A search index without replicas, as stale as its refresh interval (AP). */
  | 'refresh-interval'
  /** One node: every read sees the latest write (CP). */
  | 'single-node'
  /** Reads go to the primary although replicas exist (CP). */
  | 'primary'
  /** Replicas replicated synchronously (CP). */
  | 'sync-replicas'
  /** Reads from async or semi-sync replicas that answer from local state (AP). */
  | 'async-replicas';

/** How a store of record's own design places it in CAP, and why. */
export interface StoreCap {
  cap: CapLabel;
  reason: CapReason;
  /**
   * Whether it is a replicated store's design choice, where CAP's trade-off applies: false for
   * one node (a consensus engine without replicas too) and a search index's refresh interval.
   */
  replicated: boolean;
  /** Nodes taking part: N of a quorum, else the primary and its replicas. */
  nodes: number;
  /** The written property that decides it (for a finding's location). */
  key: string;
  /** The engine, lower case (`` when not given). */
  engine: string;
  replicas: number;
  /** Where reads go when not to a quorum (`replicas` by default once there are replicas). */
  readFrom: ReadFrom;
  /** How writes reach the replicas (async by default). */
  mode: ReplicationMode;
  quorum: Quorum | null;
}

/** A component's replication lag bound (or refresh interval), ms, when valid. */
function lagOf(c: Component): number | null {
  return c.lagMs !== undefined && Number.isFinite(c.lagMs) && c.lagMs >= 0 ? c.lagMs : null;
}

/**
 * The CAP decision for a store of record (null for any other kind), in this order: a quorum
 * (strict or sloppy), a consensus or eventually consistent engine, a search index's refresh
 * interval without replicas, one node, reads from the primary, synchronous replicas, and else
 * reads from async or semi-sync replicas. Data fed by change data capture is AP whatever this says
 * (see `storeConsistency`).
 */
export function storeCap(c: Component): StoreCap | null {
  if (!isStore(c.kind)) return null;
  const engine = (c.engine ?? '').toLowerCase();
  const replicas = c.replicas ?? 0;
  const readFrom = c.readFrom ?? (replicas > 0 ? 'replicas' : 'primary');
  const mode = c.replication ?? 'async';
  const written = (key: string) => (c.propertyLocations[key] ? key : 'replicas');
  const base = { engine, replicas, readFrom, mode, quorum: null, nodes: Math.max(1, replicas + 1) };
  if (c.quorum) {
    const { n, r, w } = c.quorum;
    return {
      ...base,
      cap: r + w > n ? 'CP' : 'AP',
      reason: 'quorum',
      replicated: n >= 2,
      nodes: n,
      key: 'quorum',
      quorum: c.quorum,
    };
  }
  if (CP_ENGINES.has(engine)) return { ...base, cap: 'CP', reason: 'engine', replicated: replicas >= 1, key: 'engine' };
  if (AP_ENGINES.has(engine)) return { ...base, cap: 'AP', reason: 'engine', replicated: true, key: 'engine' };
  if (c.kind === 'search' && lagOf(c) !== null && replicas === 0)
    return { ...base, cap: 'AP', reason: 'refresh-interval', replicated: false, key: 'lag' };
  if (replicas === 0) return { ...base, cap: 'CP', reason: 'single-node', replicated: false, key: 'replicas' };
  if (readFrom === 'primary')
    return { ...base, cap: 'CP', reason: 'primary', replicated: true, key: written('read-from') };
  if (mode === 'sync')
    return { ...base, cap: 'CP', reason: 'sync-replicas', replicated: true, key: written('replication') };
  return { ...base, cap: 'AP', reason: 'async-replicas', replicated: true, key: written('read-from') };
}

/** Whether a load balancer pins each user to one clone (`ip-hash`, `sticky`). */
export function pinsUsers(c: Component): boolean {
  return c.kind === 'loadbalancer' && (c.algorithm === 'ip-hash' || c.algorithm === 'sticky');
}

/** Whether a component serves data on a read path (caches and CDNs on a hit; stores). */
export function isServing(g: Graph, i: number): boolean {
  const k = g.comps[i]!.kind;
  return isStore(k) || isCache(k);
}

export function storeConsistency(
  g: Graph,
  i: number,
  memo: Map<number, Consistency | null>,
  visiting = new Set<number>(),
): Consistency | null {
  if (memo.has(i)) return memo.get(i)!;
  const c = g.comps[i]!;
  if (!isStore(c.kind) && !KINDS[c.kind].expiringEntries) {
    memo.set(i, null);
    return null;
  }
  visiting.add(i);
  const result = withFeed(g, i, ownConsistency(c), visiting);
  visiting.delete(i);
  memo.set(i, result);
  return result;
}

/**
 * A store's consistency for the reads of one call written `read-from primary` (route to the
 * leader): as if the store read from its primary, for a store with a leader whose replicas serve
 * reads (async or semi-sync replicas, sticky or not); else (leaderless, quorum, a search refresh,
 * already strong) what the store gives anyway. A store fed by CDC still trails its source.
 */
export function leaderConsistency(g: Graph, i: number, memo: Map<number, Consistency | null>): Consistency | null {
  const c = g.comps[i]!;
  if (storeCap(c)?.reason !== 'async-replicas') return storeConsistency(g, i, memo);
  const own = ownConsistency({ ...c, readFrom: 'primary' });
  const led = { ...own, text: `this call reads from the primary (read-from primary on the edge): ${own.text}` };
  return withFeed(g, i, led, new Set([i]));
}

/** What a store, cache, CDN or DNS gives by its own design (before any feed). */
function ownConsistency(c: Component): Consistency {
  let result!: Consistency;
  const lag = lagOf(c);
  if (KINDS[c.kind].expiringEntries) {
    const what = KINDS[c.kind].label;
    const ttl = c.ttlMs !== undefined && Number.isFinite(c.ttlMs) && c.ttlMs >= 0 ? c.ttlMs : null;
    const invalidated = c.invalidate === 'on-write' || c.pattern === 'write-through';
    if (ttl !== null) {
      result = make(
        'eventual',
        ttl,
        'AP',
        'staleness ≤ TTL',
        { ttl },
        `${what} answers from local state (AP): entries live up to their TTL, so reads are at most ${words.duration(ttl)} stale${invalidated ? ' (writes also invalidate them)' : ''}`,
      );
    } else if (invalidated) {
      result = make(
        'eventual',
        0,
        'AP',
        'staleness ≈ invalidation delay',
        { invalidate: c.invalidate ?? null, pattern: c.pattern ?? null },
        `${what} answers from local state (AP); entries are ${c.pattern === 'write-through' ? 'written through' : 'invalidated on write'} and have no TTL: eventual, no staleness added beyond the invalidation race`,
      );
    } else {
      result = make(
        'weak',
        null,
        'AP',
        'no TTL, no invalidation',
        {},
        `${what} has neither a TTL nor invalidation on write: an entry may be stale forever (weak)`,
      );
    }
  } else {
    const d = storeCap(c)!;
    const { replicas, readFrom, mode, engine } = d;
    switch (d.reason) {
      case 'quorum': {
        const { n, r, w } = d.quorum!;
        result =
          d.cap === 'CP'
            ? make(
                'strong',
                0,
                'CP',
                'R + W > N',
                { n, r, w },
                `quorum R + W = ${r + w} > N = ${n}: every read overlaps the latest write (strong); refuses without a quorum (CP)`,
              )
            : make(
                'eventual',
                lag,
                'AP',
                'R + W ≤ N',
                { n, r, w, lag },
                `quorum R + W = ${r + w} ≤ N = ${n}: a read may miss the latest write (eventual${lag !== null ? `, ≤ ${words.duration(lag)}` : ', no lag bound given'}); answers from the nodes it reaches (AP)`,
              );
        break;
      }
      case 'engine':
        result =
          d.cap === 'CP'
            ? make(
                'strong',
                0,
                'CP',
                'consensus engine',
                { engine },
                `${engine} reads through consensus (strong); refuses without a majority (CP)`,
              )
            : make(
                'eventual',
                lag,
                'AP',
                'eventually consistent engine',
                { engine, lag },
                `${engine} is eventually consistent by default (AP)${lag !== null ? `, lag ≤ ${words.duration(lag)}` : ', no lag bound given'}`,
              );
        break;
      case 'refresh-interval':
        result = make(
          'eventual',
          lag,
          'AP',
          'staleness ≤ refresh interval',
          { lag },
          `search index refreshes every ${words.duration(lag!)}: reads are at most that stale (AP)`,
        );
        break;
      case 'single-node':
      case 'primary':
        result = make(
          'strong',
          0,
          'CP',
          'reads from the primary',
          { replicas, readFrom },
          `reads go to the primary${replicas ? ` (not the ${replicas} replicas)` : ''}: strong; refuses without its leader (CP)`,
        );
        break;
      case 'sync-replicas':
        result = make(
          'strong',
          0,
          'CP',
          'synchronous replicas',
          { replicas, replication: mode },
          `${replicas} replica(s) replicated synchronously: a committed write is visible on every replica (strong, CP)`,
        );
        break;
      case 'async-replicas':
        result =
          readFrom === 'sticky'
            ? make(
                'monotonic',
                lag,
                'AP',
                'sticky replica: staleness ≤ replica lag',
                { replicas, replication: mode, readFrom, lag },
                `each user's reads go to one ${mode} replica (read-from sticky): monotonic (a user never reads older data after newer, while that replica is up), but not read-your-writes: their own write reaches that replica ${lag !== null ? `up to ${words.duration(lag)}` : 'an unbounded time'} later (AP)`,
              )
            : make(
                'eventual',
                lag,
                'AP',
                'staleness ≤ replica lag',
                { replicas, replication: mode, readFrom, lag },
                `reads from ${mode} replicas answer from local state (AP): eventual, ${lag !== null ? `at most ${words.duration(lag)} behind` : 'no lag bound given'}`,
              );
        break;
    }
  }
  return result;
}

/** Data fed by change data capture lags the source by the pipeline delay. */
function withFeed(g: Graph, i: number, own: Consistency, visiting: Set<number>): Consistency {
  let result = own;
  const feed = feedLag(g, i, visiting);
  if (feed) {
    const stal = result.stalenessMs === null || feed.lag === null ? null : result.stalenessMs + feed.lag;
    const cls: ConsistencyClass = weakestOf(result.class, 'eventual');
    result = make(
      cls,
      cls === 'weak' ? null : stal,
      'AP',
      result.formula + (feed.cdc ? ' + CDC lag' : ' + feed lag'),
      { ...result.inputs, cdcLag: feed.lag },
      `${result.text}; fed ${feed.cdc ? 'by change data capture' : 'with the committed writes'} from ${feed.from}${feed.via.length ? ` through ${feed.via.join(' → ')}` : ''} (${feed.lag !== null ? `lag ${words.duration(feed.lag)}` : 'no lag bound given'}), so reads trail the source${stal !== null ? `: ≤ ${words.duration(stal)}` : ''}`,
    );
  }
  return result;
}

/**
 * The worst pipeline lag over the paths that feed a component with another store's committed
 * writes: a `cdc` edge (from anything), or any edge out of a store (a store passes on its
 * committed writes asynchronously), reaching it directly or through queues, streams and workers.
 * Feeds that are not CDC count only when the target is a store (database, search, storage).
 * The lag of a path is the sum of its edges' lags: the first edge (the capture or replication
 * out of the source) without a lag makes it unknown, a later hop without one adds 0; plus the
 * source's own feed lag (CDC reads the source's commit log, not its replicas), recursively.
 * Several paths: the worst (largest) lag counts; an unknown lag wins.
 */
function feedLag(g: Graph, i: number, visiting: Set<number>): Feed | null {
  return feedInto(g, i, isStore(g.comps[i]!.kind), visiting, new Set<number>());
}

/** Feeds per graph, by node × 2 + (any store edge counts): each pipeline hop is walked once. */
const FEEDS = new WeakMap<Graph, Map<number, Feed | null>>();

interface Feed {
  lag: number | null;
  from: string;
  /** Intermediate components, source side first. */
  via: string[];
  /** Whether the feed starts with a `cdc` edge (else an edge out of a store). */
  cdc: boolean;
}

const edgeLag = (lagMs: number | undefined): number | null =>
  lagMs !== undefined && Number.isFinite(lagMs) && lagMs >= 0 ? lagMs : null;

const worse = (a: Feed | null, b: Feed | null): Feed | null => {
  if (!a) return b;
  if (!b) return a;
  if (a.lag === null) return a;
  if (b.lag === null) return b;
  return b.lag > a.lag ? b : a;
};

/**
 * The worst feed reaching component i. `anyStoreEdge`: whether edges out of a store count (the
 * final target is a store), or only CDC edges. `path` holds the intermediates being walked.
 */
function feedInto(g: Graph, i: number, anyStoreEdge: boolean, visiting: Set<number>, path: Set<number>): Feed | null {
  let cache = FEEDS.get(g);
  if (!cache) FEEDS.set(g, (cache = new Map()));
  const key = i * 2 + (anyStoreEdge ? 1 : 0);
  if (cache.has(key)) return cache.get(key)!;
  let worst: Feed | null = null;
  for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) {
    const e = g.inList[j]!;
    const edge = g.edges[e]!;
    const u = g.from[e]!;
    const src = g.comps[u]!;
    let feed: Feed | null = null;
    if (edge.cdc || (anyStoreEdge && isStore(src.kind))) {
      // the start of a feed: capture (or replication) out of the source
      let lag = edgeLag(edge.lagMs);
      if (lag !== null && !visiting.has(u) && !path.has(u)) {
        visiting.add(u);
        const up = feedInto(g, u, isStore(src.kind), visiting, new Set<number>());
        visiting.delete(u);
        if (up) lag = up.lag === null ? null : lag + up.lag;
      }
      feed = { lag, from: src.id, via: [], cdc: edge.cdc };
    } else if (KINDS[src.kind].relaysWrites && !path.has(u) && !visiting.has(u)) {
      // a hop of the pipeline: the feed reaching the queue, stream or worker, plus this edge's lag
      path.add(u);
      const up = feedInto(g, u, anyStoreEdge, visiting, path);
      path.delete(u);
      if (up)
        feed = {
          lag: up.lag === null ? null : up.lag + (edgeLag(edge.lagMs) ?? 0),
          from: up.from,
          via: [...up.via, src.id],
          cdc: up.cdc,
        };
    }
    worst = worse(worst, feed);
  }
  cache.set(key, worst);
  return worst;
}

function make(
  cls: ConsistencyClass,
  stalenessMs: number | null,
  cap: CapLabel,
  formula: string,
  inputs: Record<string, number | string | null>,
  text: string,
): Consistency {
  return { class: cls, stalenessMs: cls === 'strong' ? 0 : stalenessMs, cap, ...derivation(formula, inputs, text) };
}

/** Consistency of a read path from its serving hops (in order) and the requirement on its edges. */
export function pathConsistency(
  g: Graph,
  hops: readonly number[],
  edges: readonly number[],
  memo: Map<number, Consistency | null>,
): PathConsistency | null {
  const serving: number[] = [];
  let sticky: string | null = null;
  let pinnedTo: string | null = null;
  for (let h = 0; h < hops.length; h++) {
    const i = hops[h]!;
    const c = g.comps[i]!;
    if (pinsUsers(c) && serving.length === 0) {
      sticky = c.id;
      pinnedTo = h + 1 < hops.length ? g.comps[hops[h + 1]!]!.id : null;
    }
    if (isServing(g, i)) serving.push(i);
  }
  // several requirements on one path: all of them (monotonic and read-your-writes = session)
  let requirement: ConsistencyRequirement | null = null;
  for (const e of edges) {
    const r = g.edges[e]!.requires;
    if (r) requirement = requirement ? bothRequirements(requirement, r) : r;
  }
  if (serving.length === 0) return null;
  let cls: ConsistencyClass = 'strong';
  let stal: number | null = 0;
  let cap: CapLabel = 'CP';
  const parts: string[] = [];
  const inputs: Record<string, number | string | null> = {};
  for (const i of serving) {
    const e = edges.find((x) => g.to[x] === i);
    const led = e !== undefined && g.edges[e]!.readFrom === 'primary' && isStore(g.comps[i]!.kind);
    const s = (led ? leaderConsistency(g, i, memo) : storeConsistency(g, i, memo))!;
    if (led) inputs[`${g.comps[i]!.id}.read-from`] = 'primary';
    cls = weakestOf(cls, s.class);
    if (s.class !== 'strong') stal = stal === null || s.stalenessMs === null ? null : stal + s.stalenessMs;
    if (s.cap === 'AP') cap = 'AP';
    const id = g.comps[i]!.id;
    inputs[id] = s.class === 'strong' ? 'strong' : s.stalenessMs;
    parts.push(
      `${id}${led ? ' (read-from primary on the call)' : ''}: ${s.class}${s.class !== 'strong' && s.class !== 'weak' ? (s.stalenessMs !== null ? ` ≤ ${words.duration(s.stalenessMs)}` : ' (unbounded)') : ''}`,
    );
  }
  let text = `serving hops ${parts.join(', ')}: the path is as weak as its weakest (${cls})`;
  if (cls !== 'strong' && cls !== 'weak')
    text += stal !== null ? `, staleness bounds add to ${words.duration(stal)}` : ', a staleness bound is missing';
  if (sticky && cls !== 'strong') {
    // pinning a user to a clone of the next hop does not pin their reads to what saw their write
    text += `; ${sticky} is sticky, but it pins a user to ${pinnedTo ? `one ${pinnedTo} instance` : 'one target'}, not to a replica nor past a cache or a fed index: still ${cls}, not read-your-writes`;
    inputs.sticky = sticky;
  }
  if (cls === 'weak') stal = null;
  if (cls === 'strong') stal = 0;
  const satisfied = requirement ? meets(cls, requirement) : null;
  if (requirement) text += `; requires ${requirement}: ${satisfied ? 'met' : 'NOT met'}`;
  return {
    class: cls,
    stalenessMs: stal,
    cap,
    requirement,
    satisfied,
    servingHops: serving.map((i) => g.comps[i]!.id),
    ...derivation('class = weakest serving hop; staleness = Σ bounds', inputs, text),
  };
}
