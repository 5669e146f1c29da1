/**
 * autoscale-ceiling: a scenario, or the growth horizon, needs more instances of an autoscaled
 * pool than its autoscale maximum (at the target utilisation): the autoscaler stops there and the
 * pool runs hot, then saturates. Scenario findings are reported at the scenario (core/scaling
 * `scenariosOf`), growth findings at the pool's `autoscale`.
 */
import { KINDS } from '../kinds.js';
import type { Component } from '../model.js';
import { causeOf, stepText } from '../scaling/scenario.js';
import type { ScenarioResult } from '../scaling/types.js';
import { scenariosOf } from '../scaling/verdict.js';
import { count, percent, rate } from '../wording.js';
import { value } from './helpers/figures.js';
import { targetOf } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import type { Fix, RawFinding, Rule, RuleContext } from './types.js';

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

export const autoscaleCeiling: Rule = {
  id: 'autoscale-ceiling',
  defaultSeverity: 'warning',
  description:
    'A scenario or the growth horizon needs more instances of an autoscaled pool than its autoscale maximum.',
  concept: 'Autoscaling has a ceiling: size its maximum for the peak and the growth you plan for',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const r of scenariosOf(ctx.model, ctx.analysis)) out.push(...underScenario(ctx, r));
    return out;
  },
};
