/**
 * scaling-headroom: a system breaks below a multiplier of today's load (1.5× by default, the
 * capacity plan's load tests at 1.2-1.5×): a component saturates, or a latency SLO target that
 * holds today is missed, before the load reaches it. From the load sweep (core/scaling `sweepOf`,
 * one computation shared with the CLI, the editor and the preview).
 */
import type { SystemDecl } from '../model.js';
import { basisOf } from '../scaling/basis.js';
import { sloHolds, sweepOf } from '../scaling/sweep.js';
import type { SloTarget } from '../scaling/types.js';
import { duration, list, percent, plural, times } from '../wording.js';
import { instancesOps } from './helpers/fix-values.js';
import { instancesFor, targetOf } from './helpers/sizing.js';
import { at, sloLocation } from './helpers/where.js';
import type { Fix, RawFinding, RelatedInfo, Rule, RuleContext } from './types.js';
import { KINDS } from '../kinds.js';

const LATENCY: [SloTarget, 'p50Ms' | 'p95Ms' | 'p99Ms', number][] = [
  ['p50', 'p50Ms', 0.5],
  ['p95', 'p95Ms', 0.95],
  ['p99', 'p99Ms', 0.99],
];

export const scalingHeadroom: Rule = {
  id: 'scaling-headroom',
  defaultSeverity: 'warning',
  description:
    "A system breaks (a component saturates or a latency SLO target is missed) below a multiplier of today's load (1.5× by default).",
  concept: "Scalability is behaviour under growth: load-test at 1.2-1.5× today's load and keep the design whole there",
  check(ctx) {
    const limit = ctx.settings.thresholds.scalingHeadroom;
    const line = ctx.settings.thresholds.headroomUtilization;
    const sweep = sweepOf(ctx.model, ctx.analysis);
    const out: RawFinding[] = [];
    for (const [j, sys] of sweep.systems.entries()) {
      const decl = ctx.model.systems[j]!;
      // saturation: the first component that saturates below the limit, above the headroom line's
      // multiplier (at or above the line today it is low-headroom's, from 100 % overloaded's)
      const sat = sweep.bottlenecks.fixed.find((b) => {
        const c = ctx.component(b.component);
        return (
          c?.system === sys.system &&
          b.multiplier > 1 / line &&
          b.multiplier < limit &&
          !autoscaleCovers(ctx, b.component, limit)
        );
      });
      // SLO targets that hold today and are missed below the limit (missed today: latency-budget's)
      const slo: { target: SloTarget; ms: number; holds: number }[] = [];
      // (searched between today's load and the threshold: one evaluation when it holds at the
      // threshold, two when it is missed today, the bisection only in between)
      const basis = basisOf(ctx.model, ctx.analysis);
      for (const [target, key, q] of LATENCY) {
        const ms = decl.slo?.[key];
        if (ms === undefined) continue;
        const { holds } = sloHolds(basis, basis.systems[j]!, q, ms, 1, limit);
        if (holds !== null && holds > 1 && holds < limit) slo.push({ target, ms, holds });
      }
      if (!sat && slo.length === 0) continue;
      out.push(finding(ctx, decl, limit, sat, slo));
    }
    return out;
  },
};

/** An autoscaled pool whose maximum carries the limit: autoscaling adds the instances as the load comes. */
function autoscaleCovers(ctx: RuleContext, id: string, limit: number): boolean {
  const c = ctx.component(id);
  if (!c?.autoscale || !KINDS[c.kind].autoscales) return false;
  const i = ctx.analysis.componentIndex[id];
  return i !== undefined && basisOf(ctx.model, ctx.analysis).satAtMax[i]! >= limit;
}

function finding(
  ctx: RuleContext,
  decl: SystemDecl,
  limit: number,
  sat: { component: string; multiplier: number } | undefined,
  slo: { target: SloTarget; ms: number; holds: number }[],
): RawFinding {
  const parts: string[] = [];
  const related: RelatedInfo[] = [];
  let fixes: Fix[] = [];
  let sizing = '';
  const c = sat ? ctx.component(sat.component) : undefined;
  if (sat && c) {
    const f = ctx.figures(c.id);
    parts.push(`${c.id} saturates at ${times(sat.multiplier)}`);
    if (f && KINDS[c.kind].pool && f.store === null) {
      const target = targetOf(ctx, f);
      const n = instancesFor(f, target / limit);
      if (n !== null && n > (c.instances ?? c.autoscale?.min ?? 1)) {
        sizing = `: ${plural(n, 'instance')} of ${c.id} would carry ${times(limit)} at ${percent(target, 0)}`;
        fixes = [
          {
            title: `Set ${c.id} to ${plural(n, 'instance')} (${times(limit)} today's load at ${percent(target, 0)})`,
            operations: instancesOps(c, n),
            preferred: true,
          },
        ];
      }
    }
  }
  for (const s of slo) {
    parts.push(`the ${s.target} SLO (${duration(s.ms)}) holds only to ${times(s.holds)}`);
    if (decl.slo) related.push({ location: sloLocation(decl.slo, s.target), message: `${s.target} ${duration(s.ms)}` });
  }
  const location = c ? at(c, 'instances', 'autoscale', 'capacity', 'service-time') : related[0]!.location;
  return {
    message: `${decl.name} breaks below ${times(limit)} today's load: ${list(parts)}${sizing}`,
    location,
    components: c ? [c.id] : [],
    related,
    fixes,
  };
}
