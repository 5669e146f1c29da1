/**
 * overloaded: a component whose offered load reaches its capacity (utilisation >= 100 %): the
 * queue in front of it grows without bound (scalability vs performance; capacity planning).
 */
import { count, plural, rate } from '../wording.js';
import { loadTotal, value } from './helpers/figures.js';
import { utilisationText } from './helpers/phrases.js';
import { capacityFixes } from './helpers/sizing.js';
import { capacityFinding } from './helpers/where.js';
import { hotShardOwns, queueBacklogOwns } from './overlaps.js';
import { componentRule, NO_FINDINGS, type RawFinding, type Rule } from './types.js';

export const overloaded: Rule = componentRule({
  id: 'overloaded',
  defaultSeverity: 'error',
  description:
    'A component receives at least as much load as it can serve (utilisation >= 100 %): its backlog grows without bound.',
  concept:
    'Scalability problem: fast for one user, slow under heavy load (bottleneck law, utilisation = load / capacity)',
  component(ctx, c) {
    const out: RawFinding[] = [];
    const f = ctx.figures(c.id);
    if (!f || !f.hasCapacity || !f.saturated) return NO_FINDINGS;
    // A consumer pool fed only by queues or streams is reported by queue-backlog; a store whose
    // hottest shard alone is saturated, by hot-shard (overlaps.ts).
    if (queueBacklogOwns(ctx, c.id) || hotShardOwns(ctx, f)) return NO_FINDINGS;
    const backlog = value(f.backlogGrowth);
    const sizing = capacityFixes(ctx, c, f, 1);
    let message = `${utilisationText(c, f)} utilisation`;
    if (backlog !== null && backlog > 0) message += `; the backlog grows by ${count(backlog)} requests/s`;
    const atMax = value(f.capacityAtMax);
    const load = loadTotal(f) ?? 0;
    if (atMax !== null && c.autoscale) {
      message +=
        atMax > load
          ? ` (autoscaling to ${plural(c.autoscale.max, 'instance')} would give ${rate(atMax)})`
          : ` (even autoscaling to ${plural(c.autoscale.max, 'instance')} would give only ${rate(atMax)})`;
    }
    if (sizing.summary) message += `: ${sizing.summary}`;
    else if (c.kind === 'external') message += `: cache its answers, call it asynchronously, or ask for a higher quota`;
    out.push(capacityFinding(ctx, c, f, message, sizing.fixes));
    return out;
  },
});
