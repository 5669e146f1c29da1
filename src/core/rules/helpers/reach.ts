/**
 * Reachability: which edges a caller waits for (as the analysis decided, or as written), which
 * components clients reach or wait on, where a client's writes land, and what feeds a component.
 */
import { callerWaits } from '../../analysis/graph.js';
import { isBroker, isCache } from '../../kinds.js';
import type { Component, Edge } from '../../model.js';
import type { RuleContext } from '../types.js';
import { edgeFigures } from './figures.js';

/**
 * Whether the caller waits for this edge, as the analysis decided (which also knows that a
 * write-behind cache does not wait for its writes), else as written (`waitsAsWritten`).
 */
export function waitsPerAnalysis(ctx: RuleContext, e: Edge): boolean {
  const f = edgeFigures(ctx, e.id);
  return f ? f.sync : waitsAsWritten(ctx, e);
}

/**
 * Whether the caller waits for this edge, read from the model alone (graph.ts's callerWaits): not
 * async, not CDC, and not out of a queue or stream (consumers work apart from the producer) or a
 * store (what leaves a store is its committed writes).
 */
export function waitsAsWritten(ctx: RuleContext, e: Edge): boolean {
  if (e.async || e.cdc) return false;
  const src = ctx.component(e.from);
  return !!src && callerWaits(e, src.kind);
}

const syncReach = new WeakMap<object, Set<string>>();

/** Components some client waits on: reached from a client along edges callers wait for. */
export function waitedOnByClients(ctx: RuleContext): Set<string> {
  const cached = syncReach.get(ctx.analysis);
  if (cached) return cached;
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const c of ctx.model.components) {
    if (c.kind === 'client' && !seen.has(c.id)) {
      seen.add(c.id);
      queue.push(c.id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const e of ctx.outEdges(queue[i]!)) {
      if (seen.has(e.to) || !waitsPerAnalysis(ctx, e)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  syncReach.set(ctx.analysis, seen);
  return seen;
}

/** Whether an edge carries writes (committed writes for CDC). */
const carriesWrites = (e: Edge): boolean => e.cdc || e.traffic !== 'reads';

/**
 * Whether the caller waits for the writes along this edge: as the analysis decided for the edge,
 * except that a write-behind cache never waits for its writes (though it may wait for its reads
 * along the same edge, which makes the edge synchronous).
 */
function waitsForWrites(ctx: RuleContext, e: Edge): boolean {
  const src = ctx.component(e.from);
  if (src && isCache(src.kind) && src.pattern === 'write-behind') return false;
  return waitsPerAnalysis(ctx, e);
}

export interface WriteReach {
  /** Stores (and caches) a client's writes reach along synchronous edges only. */
  sync: Set<string>;
  /** Reached only through an async edge, a broker or change data capture: id -> the first async step. */
  async: Map<string, Edge>;
}

const writeReachMemo = new WeakMap<object, Map<string, WriteReach>>();

/**
 * Where a client's writes land: a breadth-first search along edges that carry writes, first
 * along the synchronous ones, then through async edges, brokers and CDC.
 */
export function writesOf(ctx: RuleContext, client: string): WriteReach {
  let memo = writeReachMemo.get(ctx.analysis);
  if (!memo) writeReachMemo.set(ctx.analysis, (memo = new Map()));
  const hit = memo.get(client);
  if (hit) return hit;
  const c = ctx.component(client);
  const out: WriteReach = { sync: new Set(), async: new Map() };
  if (!c || c.kind !== 'client' || (c.readFraction ?? 1) >= 1) {
    // no mix given: every request is a read (as in the analysis)
    memo.set(client, out);
    return out;
  }
  // synchronous closure
  const syncSeen = new Set([client]);
  const queue = [client];
  for (let i = 0; i < queue.length; i++) {
    for (const e of ctx.outEdges(queue[i]!)) {
      if (!carriesWrites(e) || !waitsForWrites(ctx, e) || syncSeen.has(e.to)) continue;
      syncSeen.add(e.to);
      queue.push(e.to);
    }
  }
  for (const id of syncSeen) if (id !== client) out.sync.add(id);
  // then everything else the writes reach, remembering the first asynchronous step
  const first = new Map<string, Edge>();
  const q2: string[] = [];
  for (const id of syncSeen) {
    for (const e of ctx.outEdges(id)) {
      if (!carriesWrites(e) || waitsForWrites(ctx, e) || syncSeen.has(e.to) || first.has(e.to)) continue;
      first.set(e.to, e);
      q2.push(e.to);
    }
  }
  for (let i = 0; i < q2.length; i++) {
    const via = first.get(q2[i]!)!;
    for (const e of ctx.outEdges(q2[i]!)) {
      if (!carriesWrites(e) || syncSeen.has(e.to) || first.has(e.to)) continue;
      first.set(e.to, via);
      q2.push(e.to);
    }
  }
  out.async = first;
  memo.set(client, out);
  return out;
}

/** Whether a store's reads are stale because it is fed by change data capture (the feeding edge). */
export function cdcFed(ctx: RuleContext, id: string): Edge | undefined {
  return ctx.inEdges(id).find((e) => e.cdc);
}

/** Whether every input of a component comes out of a queue or stream (a consumer pool). */
export function consumerOnly(ctx: RuleContext, id: string): boolean {
  const ins = ctx.inEdges(id);
  if (ins.length === 0) return false;
  return ins.every((e) => {
    const src = ctx.component(e.from);
    return !!src && isBroker(src.kind);
  });
}

/** Stores a component keeps its sessions or files in (`sessions in X`, `files in X`). */
export function placementStores(c: Component): string[] {
  const out: string[] = [];
  if (c.sessions?.kind === 'store') out.push(c.sessions.store);
  if (c.files?.kind === 'store') out.push(c.files.store);
  return out;
}

/**
 * Components reached from clients along edges (`sync` = only the edges a caller waits for),
 * each with the first client that reaches it and the component it was reached from.
 * `sessions in X` / `files in X` reach X as well when not `sync`.
 */
export function reachFromClients(ctx: RuleContext, sync: boolean): Map<string, { client: string; via: string | null }> {
  const seen = new Map<string, { client: string; via: string | null }>();
  const queue: string[] = [];
  for (const c of ctx.model.components) {
    if (c.kind !== 'client' || seen.has(c.id)) continue;
    seen.set(c.id, { client: c.id, via: null });
    queue.push(c.id);
  }
  const visit = (to: string, client: string, via: string) => {
    if (seen.has(to) || !ctx.component(to)) return;
    seen.set(to, { client, via });
    queue.push(to);
  };
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const { client } = seen.get(id)!;
    for (const e of ctx.outEdges(id)) if (!sync || waitsAsWritten(ctx, e)) visit(e.to, client, id);
    if (!sync) {
      const c = ctx.component(id);
      if (c?.sessions?.kind === 'store') visit(c.sessions.store, client, id);
      if (c?.files?.kind === 'store') visit(c.files.store, client, id);
    }
  }
  return seen;
}

/**
 * For every component client requests wait on, up to `limit` of the clients whose synchronous
 * requests reach it. Labels only grow and stop at `limit`, so each component is revisited at most
 * `limit` times: linear in the edges, cycles included.
 */
export function clientsWaitingOn(ctx: RuleContext, limit = 3): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  const queue: string[] = [];
  for (const c of ctx.model.components) {
    if (c.kind !== 'client' || labels.has(c.id)) continue;
    labels.set(c.id, [c.id]);
    queue.push(c.id);
  }
  for (let i = 0; i < queue.length; i++) {
    const from = labels.get(queue[i]!)!;
    for (const e of ctx.outEdges(queue[i]!)) {
      if (!waitsAsWritten(ctx, e) || !ctx.component(e.to)) continue;
      let to = labels.get(e.to);
      if (!to) labels.set(e.to, (to = []));
      let grew = false;
      for (const k of from) {
        if (to.length >= limit) break;
        if (!to.includes(k)) {
          to.push(k);
          grew = true;
        }
      }
      if (grew) queue.push(e.to);
    }
  }
  return labels;
}

/** The hops from the client that first reached `id` to `id` (from reachFromClients). */
export function pathTo(reached: Map<string, { client: string; via: string | null }>, id: string): string[] {
  const hops: string[] = [];
  let cur: string | null = id;
  while (cur !== null && hops.length <= reached.size) {
    hops.unshift(cur);
    cur = reached.get(cur)?.via ?? null;
  }
  return hops;
}
