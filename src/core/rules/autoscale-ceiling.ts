/**
 * autoscale-ceiling: a scenario, or the growth horizon, needs more instances of an autoscaled
 * pool than its autoscale maximum (at the target utilisation): the autoscaler stops there and the
 * pool runs hot, then saturates. Scenario findings are reported at the scenario (core/scaling
 * `scenariosOf`), growth findings at the pool's `autoscale`.
 */
import { KINDS } from '../kinds.js';
import type { Component } from '../model.js';
import { causeOf, stepText } from '../scaling/scenario.js';
import { growthOf } from '../scaling/growth.js';
import type { Growth, ScenarioResult } from '../scaling/types.js';
import { scenariosOf } from '../scaling/verdict.js';
import { count, percent, rate } from '../wording.js';
import { value } from './helpers/figures.js';
import { targetOf } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import type { Fix, RawFinding, RelatedInfo, Rule, RuleContext } from './types.js';

/** The fix raising a pool's autoscale maximum to n (the minimum kept). */
function raiseMax(c: Component, n: number): Fix[] {
  if (!c.autoscale) return [];
  return [
    {
      title: `Raise the autoscale maximum to ${count(n)}`,
      operations: [
        { op: 'set-property', target: { component: c.id }, key: 'autoscale', value: `${c.autoscale.min}..${n}` },
      ],
      preferred: true,
    },
  ];
}

/** Findings of the pools a scenario needs more of than their autoscale maximum. */
function underScenario(ctx: RuleContext, r: ScenarioResult): RawFinding[] {
  const out: RawFinding[] = [];
  const s = r.scenario;
  for (const c of r.model.components) {
    if (!c.autoscale || !KINDS[c.kind].autoscales) continue;
    const i = r.analysis.componentIndex[c.id];
    const f = i === undefined ? undefined : r.analysis.components[i];
    const need = f ? value(f.instancesNeeded) : null;
    if (!f || need === null || need <= c.autoscale.max) continue;
    const original = ctx.component(c.id);
    const load = value(f.load.total) ?? 0;
    const per = value(f.capacity) !== null && value(f.instances) ? value(f.capacity)! / value(f.instances)! : null;
    const target = targetOf(ctx, f);
    const step = causeOf(r.model, s, c.id);
    out.push({
      message:
        `in scenario ${s.name}: ${c.id} needs ${count(need)} instances at the ${percent(target, 0)} target` +
        ` (${rate(load)}${per !== null ? ` over ${rate(per)} each` : ''}), above its autoscale maximum of ${count(c.autoscale.max)}`,
      location: s.nameLocation,
      components: [c.id],
      related: [
        { location: at(c, 'autoscale'), message: `autoscale ${c.autoscale.min}..${c.autoscale.max}` },
        ...(step ? [{ location: step.location, message: stepText(step) }] : []),
      ],
      // a scenario that sets the autoscale range itself is not fixed in the model
      fixes:
        original?.autoscale && original.autoscale.max === c.autoscale.max && original.autoscale.min === c.autoscale.min
          ? raiseMax(original, need)
          : [],
    });
  }
  return out;
}

/** Pools whose autoscale maximum growth outruns within the horizon (not today: the capacity rules'). */
function underGrowth(ctx: RuleContext): RawFinding[] {
  // no growth written: nothing to compute (growth() would build the scaling basis first)
  if (
    !ctx.model.systems.some((s) => s.settings.growthPerMonth) &&
    !ctx.model.components.some((c) => c.kind === 'client' && c.growthPerMonth)
  )
    return [];
  const g = growthOf(ctx.model, ctx.analysis);
  if (!g) return [];
  const out: RawFinding[] = [];
  const last = g.timeline.months.length - 1;
  for (const e of g.events) {
    if (e.kind !== 'autoscale-max' || e.component === undefined || !(e.month > 0)) continue;
    const c = ctx.component(e.component);
    const f = ctx.figures(e.component);
    if (!c?.autoscale || !f) continue;
    // instances needed at the horizon: its utilisation then, with today's instances, over the target
    const u = g.timeline.components.find((x) => x.component === c.id)?.utilization[last];
    const n = value(f.instances);
    const need = u !== undefined && n !== null ? Math.ceil((u * n) / targetOf(ctx, f) - 1e-9) : null;
    out.push({
      message: `with growth: ${e.text}${need !== null ? `; ${count(need)} instances at the end of the ${count(g.horizonMonths)}-month horizon` : ''}`,
      location: at(c, 'autoscale'),
      components: [c.id],
      related: growthSources(ctx, g),
      fixes: need !== null && need > c.autoscale.max ? raiseMax(c, need) : [],
    });
  }
  return out;
}

/** Where the growth rates are written: each growing client's `growth`, else its system's settings. */
function growthSources(ctx: RuleContext, g: Growth): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (const [id, rate] of Object.entries(g.rates)) {
    const c = ctx.component(id);
    const where = c?.propertyLocations.growth ?? ctx.model.systems.find((s) => s.name === c?.system)?.location;
    if (where) out.push({ location: where, message: `${id} grows ${percent(rate)} per month` });
    if (out.length >= 3) break;
  }
  return out;
}

export const autoscaleCeiling: Rule = {
  id: 'autoscale-ceiling',
  defaultSeverity: 'warning',
  description:
    'A scenario or the growth horizon needs more instances of an autoscaled pool than its autoscale maximum.',
  concept: 'Autoscaling has a ceiling: size its maximum for the peak and the growth you plan for',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const r of scenariosOf(ctx.model, ctx.analysis)) out.push(...underScenario(ctx, r));
    out.push(...underGrowth(ctx));
    return out;
  },
};
