/**
 * query-cache: a cache (or CDN) with `caches queries`: results of database queries keyed by a
 * hash of the query. One changed row can change the result of any number of cached queries, and
 * nothing maps the row back to them, so invalidation is impractical (cached database queries are
 * not recommended; cache assembled objects).
 */
import { isCache, isStore } from '../kinds.js';
import type { Component } from '../model.js';
import { count, list } from '../wording.js';
import { loadOf } from './helpers/figures.js';
import { at } from './helpers/where.js';
import { componentRule, NO_FINDINGS, type RawFinding, type Rule } from './types.js';

export const queryCache: Rule = componentRule({
  id: 'query-cache',
  defaultSeverity: 'warning',
  description: 'A cache of hashed database query results (caches queries): hard to invalidate when a row changes.',
  concept: 'Caching patterns: cache assembled objects, not database queries (hard to invalidate)',
  component(ctx, c) {
    const out: RawFinding[] = [];
    if (!isCache(c.kind) || c.caches !== 'queries') return NO_FINDINGS;
    const stores = [...new Map(ctx.outEdges(c.id).map((e) => [e.to, ctx.component(e.to)])).values()].filter(
      (s): s is Component => !!s && isStore(s.kind),
    );
    const writes = stores
      .map((s) => ({ s, w: loadOf(ctx, s.id)?.writes ?? 0 }))
      .filter((x) => x.w > 0)
      .map((x) => `${x.s.name} takes ${count(x.w)} writes/s`);
    const of = stores.length ? ` of ${list(stores.map((s) => s.name))}` : '';
    out.push({
      message: `${c.name} caches hashed query results${of} (caches queries): one changed row can change any number of cached queries and nothing maps it back to them, so entries cannot be invalidated precisely${writes.length ? ` (${list(writes)})` : ''}; cache assembled objects (e.g. a whole product) instead`,
      location: at(c, 'caches'),
      related: stores.map((s) => ({
        location: s.nameLocation,
        message: `a write to ${s.name} may stale any cached query`,
      })),
      components: [c.id, ...stores.map((s) => s.id)],
      fixes: [
        {
          title: `cache assembled objects (caches objects)`,
          operations: [{ op: 'set-property', target: { component: c.id }, key: 'caches', value: 'objects' }],
          preferred: true,
        },
      ],
    });
    return out;
  },
});
