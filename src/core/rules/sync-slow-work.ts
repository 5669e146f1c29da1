/**
 * sync-slow-work: a request path waits synchronously for a component whose own work takes at
 * least `slowSyncMs` (500 ms by default) per request — report generation, video encoding, a slow
 * remote API. Anything time-consuming is made async: queue it, let workers process it, notify
 * the user.
 */
import { serviceTimeMs } from '../analysis/component.js';
import { KINDS } from '../kinds.js';
import { duration } from '../wording.js';
import { waitedOnByClients, waitsPerAnalysis } from './helpers/reach.js';
import { singleTarget } from './helpers/where.js';
import type { Fix, RawFinding, Rule } from './types.js';

export const syncSlowWork: Rule = {
  id: 'sync-slow-work',
  defaultSeverity: 'warning',
  description:
    'A request waits synchronously for slow work (mean service time or fixed latency at least 500 ms by default): make it async.',
  concept: 'Asynchronism: queue time-consuming work and let workers process it instead of making the user wait',
  check(ctx) {
    const { slowSyncMs } = ctx.settings.thresholds;
    const waited = waitedOnByClients(ctx);
    const out: RawFinding[] = [];
    for (const e of ctx.model.edges) {
      if (!waited.has(e.from) || !waitsPerAnalysis(ctx, e)) continue;
      const callee = ctx.component(e.to);
      if (!callee || callee.kind === 'client') continue;
      // The callee's own work at no load: its service time plus any fixed latency. Queueing delay
      // near saturation is overloaded's and low-headroom's business, not "slow work".
      const service = serviceTimeMs(callee);
      const fixed = callee.latencyMs !== undefined && callee.latencyMs > 0 ? callee.latencyMs : 0;
      const work = service + fixed;
      if (!(work >= slowSyncMs)) continue;
      const parts: string[] = [];
      if (service > 0) parts.push(`service time ${duration(service)}`);
      if (fixed > 0) parts.push(`fixed latency ${duration(fixed)}`);
      const caller = ctx.component(e.from);
      const fixes: Fix[] = [];
      if (caller && !KINDS[caller.kind].forwards && singleTarget(e)) {
        fixes.push({
          title: `Make ${e.from} -> ${e.to} async`,
          operations: [{ op: 'set-modifiers', edge: e.id, add: ['async'], remove: ['sync'] }],
          preferred: true,
        });
      }
      const where =
        callee.propertyLocations['service-time'] ??
        callee.propertyLocations.latency ??
        callee.propertyLocations.capacity ??
        callee.nameLocation;
      out.push({
        message: `${e.from} waits for ${e.to}, which takes ${duration(work)} per request (${parts.join(' + ')}), over the ${duration(slowSyncMs)} line: make it async — queue the work, let workers process it and notify the user`,
        location: e.location,
        components: [e.to, e.from],
        related: [{ location: where, message: `${e.to}: ${parts.join(' + ')}` }],
        fixes,
      });
    }
    return out;
  },
};
