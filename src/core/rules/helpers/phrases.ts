/**
 * Wording of rule messages: the phrases several rules share (a component's utilisation, a
 * store's busiest node, what a serving hop gives readers, why a store is CP or AP), built from
 * the analysis's figures and decisions; numbers are worded by `src/core/wording.ts`.
 */
import { storeCap, type StoreCap } from '../../analysis/consistency.js';
import type { ComponentAnalysis } from '../../analysis/types.js';
import { KINDS } from '../../kinds.js';
import type { Component } from '../../model.js';
import { count, duration, percent, plural, rate } from '../../wording.js';
import type { RuleContext } from '../types.js';
import { perInstance, loadTotal, value } from './figures.js';
import { cdcFed } from './reach.js';

/** A replicated store's CAP choice (the analysis's `storeCap`) with the words that explain it. */
export type CapDesign = StoreCap & { text: string };

/**
 * How a replicated store's own design places it in CAP: the analysis's decision, worded (null
 * for a single node, caches, and staleness that is not a replication choice: search refresh
 * intervals; change data capture is not looked at).
 */
export function capDesign(c: Component): CapDesign | null {
  const d = storeCap(c);
  return d?.replicated ? { ...d, text: capText(c, d) } : null;
}

/** Why a store is CP or AP, in words: `a strict quorum (R + W = 4 > N = 3)`. */
function capText(c: Component, d: StoreCap): string {
  const { replicas, engine } = d;
  switch (d.reason) {
    case 'quorum': {
      const { n, r, w } = d.quorum!;
      return d.cap === 'CP'
        ? `a strict quorum (R + W = ${count(r + w)} > N = ${count(n)})`
        : `a sloppy quorum (R + W = ${count(r + w)} ≤ N = ${count(n)}: a read may miss the latest write)`;
    }
    case 'engine':
      return d.cap === 'CP'
        ? `${engine} (consensus over ${plural(replicas + 1, 'node')})`
        : `${engine} (eventually consistent by default)`;
    case 'primary':
      return d.mode === 'sync' && replicas > 0
        ? `reads from its primary only, and ${plural(replicas, 'synchronous replica')}: every write waits for all ${plural(replicas + 1, 'node')}`
        : `reads from its primary only`;
    case 'sync-replicas':
      return `${plural(replicas, 'synchronous replica')}: every write waits for all ${plural(replicas + 1, 'node')}`;
    case 'async-replicas': {
      const lag = c.lagMs !== undefined ? `, up to ${duration(c.lagMs)} behind` : ', no lag bound given';
      return `reads from ${plural(replicas, `${d.mode} replica`)} that ${replicas === 1 ? 'answers' : 'answer'} from local state${lag}`;
    }
    case 'single-node':
      return 'one node';
    case 'refresh-interval':
      return `refreshed every ${duration(c.lagMs ?? 0)}`;
  }
}

/** The busiest node of a store, in words. */
function busiestNode(f: ComponentAnalysis): string {
  const st = f.store;
  if (!st) return '';
  const onReplica = st.replica !== null && (value(st.replica.load) ?? 0) > (value(st.primary.load) ?? 0);
  const node = st.readFrom === 'quorum' ? 'a quorum node' : onReplica ? 'a replica' : 'the primary';
  return st.shards > 1 ? `${node} of the hottest shard` : node;
}

/**
 * `web receives 10k rps against a capacity of 4k rps (4 × 1k rps): 250 %` for a pool, or
 * `main-db receives 24.5k rps (22.5k reads, 2k writes/s); its busiest node (the primary) carries
 * 24.5k rps of 3k rps: 817 %` for a store.
 */
export function utilisationText(c: Component, f: ComponentAnalysis): string {
  const load = loadTotal(f) ?? 0;
  const util = value(f.utilization);
  const u = percent(util ?? Infinity);
  const st = f.store;
  if (st) {
    const reads = value(f.load.reads) ?? 0;
    const writes = value(f.load.writes) ?? 0;
    const onReplica = st.replica !== null && (value(st.replica.load) ?? 0) > (value(st.primary.load) ?? 0);
    const node = onReplica ? st.replica! : st.primary;
    const nodeLoad = value(node.load) ?? 0;
    const perNode = util !== null && util > 0 ? nodeLoad / util : null;
    return `${c.id} receives ${rate(load)} (${count(reads)} reads, ${count(writes)} writes/s); its busiest node (${busiestNode(f)}) carries ${rate(nodeLoad)}${perNode !== null ? ` of ${rate(perNode)}` : ''}: ${u}`;
  }
  const cap = value(f.capacity);
  const n = value(f.instances);
  const per = perInstance(f);
  const pool = n !== null && per !== null && n > 1 ? ` (${count(n)} × ${rate(per)})` : '';
  return `${c.id} receives ${rate(load)} against a capacity of ${rate(cap ?? 0)}${pool}: ${u}`;
}

/**
 * What a serving hop gives readers: `hot-db serves eventual reads (2 async replicas that answer
 * from local state, up to 2 s behind)`, `page-cache serves weak reads (no TTL, no invalidation on
 * write)`.
 */
export function servedText(ctx: RuleContext, id: string, relative = false): string {
  const c = ctx.component(id);
  const cons = ctx.figures(id)?.consistency;
  if (!c || !cons) return id;
  const serves = relative ? `${id}, which serves` : `${id} serves`;
  if (cons.class === 'strong') return `${serves} strong reads`;
  if (cons.class === 'weak')
    return `${serves} weak reads (no TTL, no invalidation on write: an entry may stay stale for ever)`;
  const bound = cons.stalenessMs !== null ? `up to ${duration(cons.stalenessMs)} stale` : 'no staleness bound given';
  let why = '';
  const feed = cdcFed(ctx, id);
  if (feed) why = `fed by change data capture from ${feed.from}`;
  else if (KINDS[c.kind].expiringEntries) {
    why = c.ttlMs !== undefined ? `TTL ${duration(c.ttlMs)}` : 'invalidated on write';
    if ((c.replicas ?? 0) > 0 && c.replication !== 'sync')
      why += `, ${plural(c.replicas!, `${c.replication ?? 'async'} replica`)}`;
  } else {
    const d = capDesign(c);
    if (d && d.cap === 'AP') why = d.text;
    else if (c.kind === 'search' && c.lagMs !== undefined) why = `refreshed every ${duration(c.lagMs)}`;
  }
  return `${serves} ${cons.class} reads (${why ? `${why}; ` : ''}${bound})`;
}
