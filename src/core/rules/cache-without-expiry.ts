/**
 * cache-without-expiry: a cache or CDN with neither a `ttl` nor `invalidate on-write`. An entry
 * stays until it is evicted, however stale: its reads are weak (no staleness bound; a read may or
 * may not see a write, as in memcached), where hot keys usually get a TTL of 30-120 s.
 */
import { isCache } from '../kinds.js';
import { count, percent } from '../wording.js';
import { loadOf } from './helpers/figures.js';
import { EXPIRY_TTL } from './helpers/fix-values.js';
import { at } from './helpers/where.js';
import { componentRule, NO_FINDINGS, type RawFinding, type Rule } from './types.js';

export const cacheWithoutExpiry: Rule = componentRule({
  id: 'cache-without-expiry',
  defaultSeverity: 'warning',
  description:
    'A cache or CDN with neither a TTL nor invalidation on write: what it serves can be stale without bound.',
  concept: 'Weak consistency: caches without expiry; bound staleness with TTLs or invalidation on write',
  component(ctx, c) {
    const out: RawFinding[] = [];
    if (!isCache(c.kind)) return NO_FINDINGS;
    if (c.ttlMs !== undefined || c.invalidate === 'on-write') return NO_FINDINGS;
    const l = loadOf(ctx, c.id);
    const served =
      c.hitRatio !== undefined && l && l.reads > 0
        ? `; it answers ${percent(c.hitRatio)} of its ${count(l.reads)} reads/s from entries of any age`
        : c.hitRatio !== undefined
          ? `; it answers ${percent(c.hitRatio)} of its reads from entries of any age`
          : '';
    const none = c.invalidate === 'none' ? 'no TTL and `invalidate none`' : 'neither a TTL nor invalidation on write';
    const target = { component: c.id };
    out.push({
      message: `${c.name} has ${none}: an entry stays until evicted, however stale (weak consistency, no staleness bound)${served}; give entries a TTL or invalidate them on write`,
      location: at(c, 'invalidate'),
      components: [c.id],
      fixes: [
        {
          title: `expire the entries of ${c.name} after ${EXPIRY_TTL} (ttl ${EXPIRY_TTL})`,
          operations: [{ op: 'set-property', target, key: 'ttl', value: EXPIRY_TTL }],
          preferred: true,
        },
        {
          title: `invalidate the entries of ${c.name} on write (invalidate on-write)`,
          operations: [{ op: 'set-property', target, key: 'invalidate', value: 'on-write' }],
        },
      ],
    });
    return out;
  },
});
