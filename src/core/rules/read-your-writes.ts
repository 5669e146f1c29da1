/**
 * read-your-writes: a user writes, then reads back, and may not see their own write because the
 * read is served by an async replica or a cache (eventual), or because the write itself travels
 * asynchronously (queue, stream, change data capture) to the store the read goes to: after an
 * asynchronous write the next reads might not see it. Remedy: read-your-writes per session (route
 * to the leader after a write: `read-from primary` on the call, or on the store). A sticky balancer
 * is no remedy: it pins a user to an app instance, not to a replica, and not past a cache or a
 * CDC-fed index; nor is `read-from sticky` on the store (monotonic reads only: the user's write
 * reaches their replica after the lag). `requires session` (read-your-writes and monotonic) is
 * checked here too.
 *
 * A write-behind cache that takes the client's writes synchronously holds them: a read that hits
 * it sees the write. Its entry is assumed kept until written back, except that its TTL may expire
 * first: a read that then misses goes to the store behind it, which has the write only once the
 * write-back (the cache -> store edge's `lag`) arrived. So the store behind counts as missing the
 * write only when the cache has a TTL shorter than that lag, or a TTL and no lag bound.
 */
import { meets, pinsUsers } from '../analysis/consistency.js';
import type { PathAnalysis } from '../analysis/types.js';
import { isBroker, isCache, KINDS } from '../kinds.js';
import type { Component, Edge } from '../model.js';
import { duration, list, possessive } from '../wording.js';
import { edgeInto, edgesById, requiringEdge } from './helpers/figures.js';
import { capDesign, servedText } from './helpers/phrases.js';
import { type WriteReach, writesOf } from './helpers/reach.js';
import { requirementLocation } from './helpers/where.js';
import { staleReadOwner } from './overlaps.js';
import type { Fix, FixOperation, RawFinding, Rule, RuleContext } from './types.js';

/**
 * Hops whose reads may hide the client's own writes: not strong, except caches the writer keeps
 * fresh itself — written through or written behind by its own synchronous writes, or invalidated
 * on write when its writes reach what the cache holds — with no async replicas of their own. (The
 * analysis classes such a cache by its TTL for every reader; for the writer, its own write is
 * there.)
 */
function staleHops(ctx: RuleContext, p: PathAnalysis, writes: WriteReach | null): string[] {
  const serving = p.consistency?.servingHops ?? [];
  return serving.filter((h, i) => {
    const cons = ctx.figures(h)?.consistency;
    if (!cons || cons.class === 'strong') return false;
    const c = ctx.component(h);
    if (!writes || !c || !isCache(c.kind) || ((c.replicas ?? 0) > 0 && c.replication !== 'sync')) return true;
    if ((c.pattern === 'write-through' || c.pattern === 'write-behind') && writes.sync.has(h)) return false;
    if (c.invalidate === 'on-write' && serving.slice(i).some((x) => writes.sync.has(x) || writes.async.has(x)))
      return false;
    return true;
  });
}

/** Fixes that make the stale hops of a path read-your-writes (per the analysis's model). */
function fixesFor(ctx: RuleContext, p: PathAnalysis, stale: readonly string[]): Fix[] {
  const fixes: Fix[] = [];
  // Read from the primary: only when every stale hop is a store stale because of async replicas.
  const designs = stale.map((h) => {
    const c = ctx.component(h);
    return c ? capDesign(c) : null;
  });
  if (
    designs.length > 0 &&
    designs.every((d) => d?.reason === 'async-replicas') &&
    stale.every((h) => !ctx.inEdges(h).some((e) => e.cdc))
  ) {
    // this call's reads to the leader (the store's other readers keep the replicas)
    const entries = stale.map((h) => edgeInto(ctx, p, h));
    if (entries.every((e) => !!e && e.readFrom !== 'primary'))
      fixes.push({
        title: `Route this call to the leader: read-from primary on ${list(entries.map((e) => `${e!.from} -> ${e!.to}`))}`,
        operations: entries.map((e): FixOperation => ({
          op: 'set-property',
          target: { edge: e!.id },
          key: 'read-from',
          value: 'primary',
        })),
        preferred: true,
      });
    fixes.push({
      title: `Read from the primary: read-from primary on ${list(stale)}`,
      operations: stale.map((h): FixOperation => ({
        op: 'set-property',
        target: { component: h },
        key: 'read-from',
        value: 'primary',
      })),
      preferred: fixes.length === 0,
    });
  }
  // (No sticky-sessions fix: a sticky balancer pins a user to an app instance, not to a replica.)
  return fixes;
}

/**
 * `; lb is sticky, but …` when a balancer before the serving hops pins users: it does not make
 * their reads see their writes (said, since a designer may expect it to).
 */
function stickyNote(ctx: RuleContext, p: PathAnalysis): string {
  const first = p.consistency?.servingHops[0];
  const end = first !== undefined ? p.hops.indexOf(first) : -1;
  for (let i = 0; i < end; i++) {
    const c = ctx.component(p.hops[i]!);
    if (c && pinsUsers(c))
      return `; ${c.id} is sticky, but that pins a user to one ${p.hops[i + 1]} instance, not to a replica of what serves the read nor past a cache or a fed index`;
  }
  return '';
}

/**
 * `; read-from sticky on db gives monotonic reads, not …` when a stale hop pins each user to one
 * replica (said, since a designer may expect it to show them their writes).
 */
function pinnedNote(ctx: RuleContext, stale: readonly string[]): string {
  const pinned = stale.filter((h) => ctx.component(h)?.readFrom === 'sticky');
  return pinned.length
    ? `; read-from sticky on ${list(pinned)} gives monotonic reads, not this: a user's write reaches their replica only after the lag`
    : '';
}

/**
 * The edge of a path that asks for the user's own writes when no edge names the path's requirement
 * itself (`requires monotonic` on one edge and `requires read-your-writes` on another: session).
 */
function ownWritesEdge(ctx: RuleContext, p: PathAnalysis): Edge | undefined {
  const byId = edgesById(ctx);
  return p.edges.map((id) => byId.get(id)).find((e) => e?.requires === 'read-your-writes' || e?.requires === 'session');
}

/** A write-behind cache before `store` on the path that takes the client's writes synchronously. */
function writeBehindBefore(
  ctx: RuleContext,
  p: PathAnalysis,
  writes: WriteReach,
  store: string,
): Component | undefined {
  const end = p.hops.indexOf(store);
  for (let i = 0; i < end; i++) {
    const c = ctx.component(p.hops[i]!);
    if (
      c &&
      isCache(c.kind) &&
      c.pattern === 'write-behind' &&
      writes.sync.has(c.id) &&
      ((c.replicas ?? 0) === 0 || c.replication === 'sync')
    )
      return c;
  }
  return undefined;
}

/**
 * Whether a read that misses a write-behind cache may reach `store` before the write-back does:
 * the entry (kept until written back, but for its TTL) expires first — a TTL shorter than the
 * write-back's lag, or a TTL and no lag bound. Null when it cannot; else why, in words.
 */
function writeBackGap(cache: Component, via: Edge, store: string): string | null {
  const ttl = cache.ttlMs;
  if (ttl === undefined) return null;
  const lag = via.from === cache.id ? via.lagMs : undefined;
  if (lag !== undefined && ttl >= lag) return null;
  return (
    `a read that hits ${cache.id} sees the write, but its entry expires after the ${duration(ttl)} TTL, ` +
    (lag !== undefined
      ? `before the write-back reaches ${store} (lag ${duration(lag)})`
      : `possibly before the write-back reaches ${store} (${cache.id} -> ${store} gives no lag bound)`) +
    `, and a read that then misses goes to ${store} without it`
  );
}

function asyncStep(e: Edge, ctx: RuleContext): string {
  const src = ctx.component(e.from);
  const how = e.cdc
    ? 'change data capture'
    : e.async
      ? 'async'
      : src && isBroker(src.kind)
        ? `a ${KINDS[src.kind].label}`
        : src && isCache(src.kind) && src.pattern === 'write-behind'
          ? 'write-behind'
          : 'async';
  return `${e.from} -> ${e.to}, ${how}`;
}

export const readYourWrites: Rule = {
  id: 'read-your-writes',
  defaultSeverity: 'warning',
  description:
    'A user may not see their own write: the read goes through an async replica or a cache, or the write reaches the store asynchronously.',
  concept: 'Eventual consistency and read-your-writes per session: route to the leader after a write, or sticky reads',
  check(ctx) {
    const found = new Map<string, RawFinding>();
    const add = (key: string, f: RawFinding) => {
      if (!found.has(key)) found.set(key, f);
    };
    for (const p of ctx.analysis.paths) {
      const pc = p.consistency;
      if (p.traffic !== 'reads' || !pc) continue;
      const client = p.from;
      const req = pc.requirement;
      const writes = writesOf(ctx, client);
      const stale = staleHops(ctx, p, writes);

      // The client's own writes reach a store it reads (strongly) only asynchronously.
      if (req === 'read-your-writes' || req === 'session' || req === 'strong') {
        const edge = requiringEdge(ctx, p) ?? ownWritesEdge(ctx, p);
        for (const store of pc.servingHops) {
          const via = writes.async.get(store);
          if (!edge || !via || writes.sync.has(store)) continue;
          // A store that is itself stale is reported as such (below, or by consistency-requirement).
          if (ctx.figures(store)?.consistency?.class !== 'strong') continue;
          // Behind a write-behind cache that holds the write: only a read that misses may miss it.
          const cache = writeBehindBefore(ctx, p, writes, store);
          const gap = cache ? writeBackGap(cache, via, store) : undefined;
          if (gap === null) continue;
          add(`async:${edge.id}:${store}`, {
            message: gap
              ? `${edge.from} -> ${edge.to} requires ${req}, but ${possessive(client)} writes reach ${store} only through ${cache!.id}'s write-behind: ` +
                `${gap}; give ${cache!.id} a TTL no shorter than the write-back's lag, or write ${store} synchronously`
              : `${edge.from} -> ${edge.to} requires ${req}, but ${possessive(client)} writes reach ${store} only asynchronously (${asyncStep(via, ctx)}): ` +
                `a read right after a write may not see it; write ${store} synchronously on the request path, or answer the read from what the write returned`,
            location: requirementLocation(edge),
            components: [store, client],
            related: [{ location: via.location, message: `${possessive(client)} writes continue asynchronously here` }],
          });
        }
      }

      // Explicit: the path requires read-your-writes and is served eventual or weak.
      if (req !== null && staleReadOwner(req) === 'read-your-writes' && pc.satisfied === false && stale.length > 0) {
        const edge = requiringEdge(ctx, p) ?? ownWritesEdge(ctx, p);
        if (!edge) continue;
        add(`req:${edge.id}:${stale.join(',')}`, {
          message: `${edge.from} -> ${edge.to} requires ${req}, but ${stale.map((h) => servedText(ctx, h)).join('; ')}: a user may not see their own write${stickyNote(ctx, p)}${pinnedNote(ctx, stale)}`,
          location: requirementLocation(edge),
          components: [stale[0]!, edge.from],
          related: stale.flatMap((h) => {
            const c = ctx.component(h);
            return c ? [{ location: c.nameLocation, message: servedText(ctx, h) }] : [];
          }),
          fixes: fixesFor(ctx, p, stale),
        });
        continue;
      }

      // Implicit: no requirement, but the client reads back a store it writes, through a stale hop.
      if (req === null && !meets(pc.class, 'read-your-writes')) {
        const written = pc.servingHops.filter((h) => writes.sync.has(h) || writes.async.has(h));
        if (written.length === 0) continue;
        const staleNow = stale.filter((h) => {
          const c = ctx.figures(h)?.consistency;
          return !!c && (c.class === 'weak' || c.stalenessMs !== 0);
        });
        if (staleNow.length === 0) continue;
        const entry = edgeInto(ctx, p, staleNow[0]!);
        if (!entry) continue;
        const fixes = fixesFor(ctx, p, staleNow);
        fixes.push({
          title: `Accept stale reads: requires eventual on ${entry.from} -> ${entry.to}`,
          operations: [{ op: 'set-property', target: { edge: entry.id }, key: 'requires', value: 'eventual' }],
          preferred: fixes.length === 0,
        });
        add(`implicit:${entry.id}:${staleNow.join(',')}:${client}`, {
          message:
            `${possessive(client)} requests write ${list(written)} and read it back through ${staleNow.map((h) => servedText(ctx, h, true)).join('; ')}: ` +
            `a user may not see their own write${stickyNote(ctx, p)} (say \`requires eventual\` on ${entry.from} -> ${entry.to} if that is acceptable)`,
          location: entry.location,
          components: [staleNow[0]!, client],
          related: staleNow.flatMap((h) => {
            const c = ctx.component(h);
            return c ? [{ location: c.nameLocation, message: servedText(ctx, h) }] : [];
          }),
          fixes,
        });
      }
    }
    return [...found.values()];
  },
};
