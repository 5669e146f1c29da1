/**
 * low-headroom: a component running at or above the headroom line (80 % by default) but below
 * saturation: a traffic spike or a lost instance tips it over, and queueing delay climbs steeply
 * as utilisation nears 100 % (capacity planning keeps 30-50 % headroom).
 */
import { duration, percent, rate } from '../wording.js';
import { loadTotal, value } from './helpers/figures.js';
import { utilisationText } from './helpers/phrases.js';
import { capacityFixes } from './helpers/sizing.js';
import { capacityFinding } from './helpers/where.js';
import { hotShardOwns } from './overlaps.js';
import { componentRule, NO_FINDINGS, type RawFinding, type Rule } from './types.js';

export const lowHeadroom: Rule = componentRule({
  id: 'low-headroom',
  defaultSeverity: 'warning',
  description:
    'A component runs at or above the headroom utilisation (80 % by default) but below 100 %: little room for spikes or failures.',
  concept: 'Capacity planning: size for a target utilisation and keep 30-50 % headroom',
  component(ctx, c) {
    const { headroomUtilization } = ctx.settings.thresholds;
    const out: RawFinding[] = [];
    const f = ctx.figures(c.id);
    if (!f || !f.hasCapacity || f.saturated) return NO_FINDINGS;
    const util = value(f.utilization);
    if (util === null || util < headroomUtilization || util >= 1) return NO_FINDINGS;
    if (hotShardOwns(ctx, f)) return NO_FINDINGS;
    const load = loadTotal(f) ?? 0;
    const cap = value(f.capacity);
    const spare = cap !== null ? Math.max(0, cap - load) : null;
    let message = `${utilisationText(c, f)} utilisation, above the ${percent(headroomUtilization)} headroom line`;
    if (spare !== null) message += ` (${rate(spare)} spare)`;
    const wait = value(f.queue?.meanWaitMs);
    if (wait !== null && wait > 0.05) message += `; requests already wait ${duration(wait)} on average in its queue`;
    const sizing = capacityFixes(ctx, c, f, headroomUtilization);
    if (sizing.summary) message += `: ${sizing.summary}`;
    out.push(capacityFinding(ctx, c, f, message, sizing.fixes));
    return out;
  },
});
