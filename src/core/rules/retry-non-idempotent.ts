/**
 * retry-non-idempotent: an edge with `retries N` (N > 0) that carries writes into a target not
 * declared `idempotent`. A call that timed out may have done its work; retrying it repeats the
 * write (a second charge, a second email): retry only idempotent calls, with jitter and retry
 * budgets.
 *
 * Writes: an edge marked `writes`, or an edge of all traffic that the analysis finds carrying
 * writes (an `all` edge that only ever carries reads is safe to retry). A load balancer target
 * stands for the targets behind it. Queues, streams and caches as targets are left to other
 * rules (a repeated publish is a duplicate message: see non-idempotent-consumer).
 */
import { KINDS } from '../kinds.js';
import type { Component } from '../model.js';
import { count, list, plural } from '../wording.js';
import { edgeLoad } from './helpers/figures.js';
import type { Fix, RawFinding, Rule, RuleContext } from './types.js';

/** The components a call to `id` ends at: itself, or for a load balancer the targets behind it. */
function endpoints(ctx: RuleContext, id: string, seen = new Set<string>()): Component[] {
  if (seen.has(id)) return [];
  seen.add(id);
  const c = ctx.component(id);
  if (!c) return [];
  if (c.kind !== 'loadbalancer') return [c];
  return ctx.outEdges(id).flatMap((e) => endpoints(ctx, e.to, seen));
}

export const retryNonIdempotent: Rule = {
  id: 'retry-non-idempotent',
  defaultSeverity: 'warning',
  description: 'Retries of calls that carry writes into a target not declared idempotent: a retry may repeat a write.',
  concept: 'Retries only on idempotent calls, with jitter and retry budgets (a retry is at-least-once delivery)',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const e of ctx.model.edges) {
      if (e.retries === undefined || e.retries <= 0 || e.traffic === 'reads' || e.cdc) continue;
      const l = edgeLoad(ctx, e.id);
      if (e.traffic === 'all' && l && !(l.writes > 0)) continue;
      const targets = endpoints(ctx, e.to).filter((t) => KINDS[t.kind].judgedForIdempotence && t.idempotent !== true);
      if (targets.length === 0) continue;
      const to = ctx.component(e.to)!;
      const names = list(targets.map((t) => t.name));
      const through = to.kind === 'loadbalancer' ? ` (behind ${to.name})` : '';
      const writes = l && l.writes > 0 ? ` (${count(l.writes)} writes/s)` : '';
      const fixes: Fix[] = [
        {
          title: `stop retrying ${e.from} -> ${e.to} (remove retries ${e.retries})`,
          operations: [{ op: 'remove-property', target: { edge: e.id }, key: 'retries' }],
          preferred: true,
        },
        {
          title: `declare ${names} idempotent (make sure ${targets.length === 1 ? 'it is' : 'they are'}: a repeated write must have no further effect)`,
          operations: targets.map((t) => ({
            op: 'set-property',
            target: { component: t.id },
            key: 'idempotent',
            value: '',
          })),
        },
      ];
      out.push({
        message: `${e.from} retries ${to.kind === 'loadbalancer' ? names + through : names} up to ${plural(e.retries, 'time')} on writes${writes}, but ${targets.length === 1 ? `${names} is` : `${names} are`} not declared idempotent: a call that timed out may have done its work, and the retry repeats the write (a second charge, a second email); retry only idempotent calls (send an idempotency key)`,
        location: e.propertyLocations.retries ?? e.location,
        related: targets.map((t) => ({
          location: t.propertyLocations.idempotent ?? t.nameLocation,
          message: `${t.name} is not declared idempotent`,
        })),
        components: [targets[0]!.id, e.from, ...targets.slice(1).map((t) => t.id)],
        fixes,
      });
    }
    return out;
  },
};
