/**
 * consistency-requirement: a read path whose `requires strong` or `requires eventual` is not met
 * by what its serving hops give (consistency patterns: strong, eventual, weak).
 *
 * - strong required, but a cache, CDN, DNS, a search index's refresh interval or change data
 *   capture serves older data (a replicated store that answers from local replicas by design is
 *   cap-contradiction's finding, not this one);
 * - eventual required, but a hop is weak: no TTL and no invalidation, so no bound at all;
 * - monotonic required, but a hop may answer a user from a copy older than one they already read:
 *   replicas read at random (fix: `read-from sticky` on the store, each user's reads to one
 *   replica; or `read-from primary` on the call), a cache, CDN, index or CDC feed.
 * read-your-writes and session requirements are read-your-writes's.
 */
import { meets, storeCap } from '../analysis/consistency.js';
import type { PathAnalysis } from '../analysis/types.js';
import { isCache, KINDS } from '../kinds.js';
import { duration, list } from '../wording.js';
import { edgeInto, requiringEdge } from './helpers/figures.js';
import { EXPIRY_TTL } from './helpers/fix-values.js';
import { servedText } from './helpers/phrases.js';
import { requirementLocation } from './helpers/where.js';
import { capContradictionOwns, staleReadOwner } from './overlaps.js';
import type { Fix, RawFinding, Rule, RuleContext } from './types.js';

function pathBound(p: PathAnalysis): string {
  const pc = p.consistency!;
  if (pc.class === 'weak') return 'weak (no staleness bound)';
  if (pc.class === 'strong') return 'strong';
  return `${pc.class}${pc.stalenessMs !== null ? `, up to ${duration(pc.stalenessMs)} stale` : ', no staleness bound given'}`;
}

/** Read around a cache: point the edge into it at what the cache reads from, when that is strong. */
function bypassFix(ctx: RuleContext, p: PathAnalysis, cache: string): Fix | undefined {
  const i = p.hops.indexOf(cache);
  const next = p.hops[i + 1];
  const entry = edgeInto(ctx, p, cache);
  const target = next ? ctx.component(next) : undefined;
  if (!entry || !target || i < 1) return undefined;
  // everything served after the cache must be strong, and the edge's file must see the target
  const after = p.consistency!.servingHops.filter((h) => p.hops.indexOf(h) > i);
  if (after.some((h) => ctx.figures(h)?.consistency?.class !== 'strong')) return undefined;
  if (target.location.uri !== entry.location.uri) return undefined;
  return {
    title: `Read around ${cache}: ${entry.from} -> ${next}`,
    operations: [{ op: 'retarget-edge', edge: entry.id, to: next! }],
  };
}

/**
 * Monotonic reads from stores whose replicas are read at random: pin each user to one replica
 * (`read-from sticky` on the stores, preferred: the replicas keep the reads), or read this call
 * from the leader (`read-from primary` on the edge into the store: strong, but on the primary).
 * Only when every culprit is such a store and not fed by CDC (its leader trails the source too).
 */
function monotonicFixes(ctx: RuleContext, p: PathAnalysis, culprits: readonly string[]): Fix[] {
  const stores = culprits.map((h) => ctx.component(h));
  const replicated = stores.every(
    (c) => !!c && storeCap(c)?.reason === 'async-replicas' && !ctx.inEdges(c.id).some((e) => e.cdc),
  );
  if (!replicated) return [];
  const fixes: Fix[] = [
    {
      title: `Pin each user to one replica: read-from sticky on ${list(culprits)}`,
      operations: culprits.map((h) => ({
        op: 'set-property' as const,
        target: { component: h },
        key: 'read-from',
        value: 'sticky',
      })),
      preferred: true,
    },
  ];
  const entries = culprits.map((h) => edgeInto(ctx, p, h));
  if (entries.every((e) => !!e))
    fixes.push({
      title: `Read from the leader on this call: read-from primary on ${list(entries.map((e) => `${e!.from} -> ${e!.to}`))}`,
      operations: entries.map((e) => ({
        op: 'set-property' as const,
        target: { edge: e!.id },
        key: 'read-from',
        value: 'primary',
      })),
    });
  return fixes;
}

export const consistencyRequirement: Rule = {
  id: 'consistency-requirement',
  defaultSeverity: 'error',
  description:
    'A read path requires strong (or eventual) consistency, but a cache, CDN, index or CDC feed on it serves eventual (or weak) reads.',
  concept: 'Consistency patterns: strong, eventual and weak consistency; a path is as weak as its weakest serving hop',
  check(ctx) {
    const found = new Map<string, RawFinding>();
    for (const p of ctx.analysis.paths) {
      const pc = p.consistency;
      if (p.traffic !== 'reads' || !pc || pc.satisfied !== false) continue;
      if (!pc.requirement || staleReadOwner(pc.requirement) !== 'consistency-requirement') continue;
      const edge = requiringEdge(ctx, p);
      if (!edge) continue;
      const culprits = pc.servingHops.filter((h) => {
        const cls = ctx.figures(h)?.consistency?.class;
        if (!cls) return false;
        if (pc.requirement === 'eventual') return cls === 'weak';
        if (pc.requirement === 'monotonic') return !meets(cls, 'monotonic');
        return cls !== 'strong' && !capContradictionOwns(ctx, h);
      });
      if (culprits.length === 0) continue;
      const key = `${edge.id}:${culprits.join(',')}`;
      if (found.has(key)) continue;
      const fixes: Fix[] = [];
      if (pc.requirement === 'eventual') {
        const caches = culprits.filter((h) => {
          const c = ctx.component(h);
          return !!c && KINDS[c.kind].expiringEntries;
        });
        if (caches.length === culprits.length) {
          fixes.push({
            title: `Give ${list(caches)} a TTL: ttl ${EXPIRY_TTL}`,
            operations: caches.map((h) => ({
              op: 'set-property' as const,
              target: { component: h },
              key: 'ttl',
              value: EXPIRY_TTL,
            })),
            preferred: true,
          });
        }
      } else if (pc.requirement === 'monotonic') {
        fixes.push(...monotonicFixes(ctx, p, culprits));
      } else if (culprits.length === 1) {
        const c = ctx.component(culprits[0]!);
        if (c && isCache(c.kind)) {
          const fix = bypassFix(ctx, p, c.id);
          if (fix) fixes.push(fix);
        }
      }
      found.set(key, {
        message: `${edge.from} -> ${edge.to} requires ${pc.requirement} reads, but ${culprits.map((h) => servedText(ctx, h)).join('; ')}: the path ${p.hops.join(' → ')} is ${pathBound(p)}`,
        location: requirementLocation(edge),
        components: [culprits[0]!, edge.from],
        related: culprits.flatMap((h) => {
          const c = ctx.component(h);
          return c ? [{ location: c.nameLocation, message: servedText(ctx, h) }] : [];
        }),
        fixes,
      });
    }
    return [...found.values()];
  },
};
