/**
 * file-cache: a cache with `engine file`. Each clone caches on its own disk: a new clone starts
 * cold, clones hold different copies of the same entry, and cloning or autoscaling means
 * copying files around (avoid file-based caching, it makes cloning and autoscaling hard; use an
 * in-memory cache such as Redis or Memcached).
 */
import type { Component } from '../model.js';
import { count, list, plural } from '../wording.js';
import { instanceCount } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import { componentRule, NO_FINDINGS, type RawFinding, type Rule } from './types.js';

export const fileCache: Rule = componentRule({
  id: 'file-cache',
  defaultSeverity: 'warning',
  description:
    'A cache kept in files (engine file): every clone has its own copy, which makes cloning and autoscaling hard.',
  concept: 'Caching: avoid file-based caching (it makes cloning and autoscaling hard); use Redis or Memcached',
  component(ctx, c) {
    const out: RawFinding[] = [];
    if (c.kind !== 'cache' || c.engine !== 'file') return NO_FINDINGS;
    const users = [...new Map(ctx.inEdges(c.id).map((e) => [e.from, ctx.component(e.from)])).values()].filter(
      (u): u is Component => !!u && u.kind !== 'client',
    );
    const described = users.map((u) => {
      const { count: n, max } = instanceCount(u);
      return `${u.name} (${plural(n, 'instance', 'clones')}${max !== undefined && max > n ? `, up to ${count(max)}` : ''})`;
    });
    out.push({
      message: `${c.name} caches in files (engine file)${described.length ? `, used by ${list(described)}` : ''}: each clone keeps its own copy on local disk, so a new clone starts cold, clones serve different versions of an entry, and cloning or autoscaling means copying files; use a shared in-memory cache (Redis or Memcached)`,
      location: at(c, 'engine'),
      related: users.map((u) => ({ location: u.nameLocation, message: `${u.name} reads ${c.name}` })),
      components: [c.id, ...users.map((u) => u.id)],
      fixes: [
        {
          title: `cache in Redis instead of files (engine redis)`,
          operations: [{ op: 'set-property', target: { component: c.id }, key: 'engine', value: 'redis' }],
          preferred: true,
        },
        {
          title: `cache in Memcached instead of files (engine memcached)`,
          operations: [{ op: 'set-property', target: { component: c.id }, key: 'engine', value: 'memcached' }],
        },
      ],
    });
    return out;
  },
});
