/**
 * failover-capacity: losing one instance, replica, shard's node or zone of a redundant component
 * overloads the rest, or breaks the system's SLO (N+1; core/scaling `failoversOf`). A component
 * already saturated is overloaded's; an SLO the model already misses is latency-budget's (and the
 * system's lens). Under scenarios it also reports an availability SLO their failures break
 * (scenarios.ts).
 */
import { KINDS } from '../kinds.js';
import type { Component } from '../model.js';
import { failoversOf, failoverSizing, type FailoverSizing } from '../scaling/failover.js';
import type { Failover } from '../scaling/types.js';
import { latencyMisses } from '../scaling/verdict.js';
import { percent, plural } from '../wording.js';
import { instancesOps, replicasValue } from './helpers/fix-values.js';
import { at, related } from './helpers/where.js';
import type { Fix, FixOperation, RawFinding, Rule, RuleContext } from './types.js';

function sizingOps(c: Component, s: FailoverSizing): FixOperation[] {
  if (s.part === 'replicas')
    return [{ op: 'set-property', target: { component: c.id }, key: 'replicas', value: replicasValue(c, s.count) }];
  // an autoscaled pool without fixed instances counts its minimum: raise that
  if (c.instances === undefined && c.autoscale && KINDS[c.kind].autoscales)
    return [
      {
        op: 'set-property',
        target: { component: c.id },
        key: 'autoscale',
        value: `${s.count}..${Math.max(s.count, c.autoscale.max)}`,
      },
    ];
  return instancesOps(c, s.count);
}

/** Whether the model meets its system's SLO today (a failover can only break one that holds). */
function sloMetToday(ctx: RuleContext, system: string): boolean {
  const s = ctx.analysis.systems.find((x) => x.name === system);
  const slo = ctx.model.systems.find((x) => x.name === system)?.slo;
  const misses = latencyMisses(ctx.model, ctx.analysis, system, slo);
  return !!s && s.meetsAvailabilitySlo !== false && (misses === null || misses.length === 0);
}

function finding(ctx: RuleContext, c: Component, f: Failover): RawFinding {
  const sizing = failoverSizing(ctx.model, ctx.analysis, c.id);
  let message = f.text;
  const fixes: Fix[] = [];
  if (sizing) {
    const what = plural(sizing.count, sizing.part === 'replicas' ? 'replica' : 'instance');
    message += `; with ${what} the survivors run at ${percent(sizing.utilizationAfter, 0)}`;
    fixes.push({ title: `Add capacity for N+1: ${what}`, operations: sizingOps(c, sizing), preferred: true });
  }
  const zonesAt = c.propertyLocations.zones;
  return {
    message,
    location: at(c, 'instances', 'autoscale', 'replicas'),
    components: [c.id],
    related: [
      ...related(
        c.propertyLocations.capacity ?? c.propertyLocations['service-time'],
        `capacity of one ${sizing?.part === 'replicas' || c.replicas !== undefined ? 'node' : 'instance'}`,
      ),
      ...(f.lost === 'zone' ? related(zonesAt, `${c.id} is spread over zones`) : []),
    ],
    fixes,
  };
}

export const failoverCapacity: Rule = {
  id: 'failover-capacity',
  defaultSeverity: 'warning',
  description:
    'Losing one instance, replica or zone of a redundant component overloads the rest or breaks the SLO (N+1).',
  concept: 'Availability by redundancy: the survivors of a failure must carry the load (N+1, failover drills)',
  check(ctx) {
    const out: RawFinding[] = [];
    const all = failoversOf(ctx.model, ctx.analysis);
    const met = new Map<string, boolean>();
    for (const c of ctx.model.components) {
      const f = all.get(c.id);
      if (!f) continue;
      const figures = ctx.figures(c.id);
      if (!figures || figures.saturated) continue; // overloaded's
      let sloBreaks = false;
      if (f.sloHolds === false) {
        let m = met.get(c.system);
        if (m === undefined) met.set(c.system, (m = sloMetToday(ctx, c.system)));
        sloBreaks = m;
      }
      if (f.carries && !sloBreaks) continue;
      out.push(finding(ctx, c, f));
    }
    return out;
  },
};
