/**
 * N+1 failover: a redundant component loses its busiest instance, replica, shard's node or — when
 * spread over zones — a zone (loss.ts, zones.ts: zone 0, which holds ceil(n / Z) of its nodes),
 * and the rest must carry the load: the survivors' utilisation (as component.ts `ownService`
 * computes it for the smaller pool or store), against 100 % and the target, and whether the
 * system's SLO still holds.
 *
 * The SLO part: `exact` analyses the model with that one component changed (service models of the
 * others reused: analyze's `previous`), as the editor does for one hovered component. `screen` (the
 * rule, for every redundant component on every edit) decides by bounds where it can
 * (failover-screen.ts); only components the bounds cannot clear are analysed again, at most
 * `MAX_EXACT` per analysis (the busiest after the loss first); the others' `sloHolds` stays null
 * (not known). docs/analysis.md section 11.
 */
import { analyze } from '../analysis/index.js';
import { internalsOf, SATURATED } from '../analysis/result-context.js';
import type { Analysis } from '../analysis/types.js';
import type { Component, Model, Slo } from '../model.js';
import { count, duration, fraction, percent, plural, possessive } from '../wording.js';
import { contextOf } from './basis.js';
import { boundsOf, hasTargets, screenSlo, standingOf, type LossFigures } from './failover-screen.js';
import { lossOf, type Loss } from './loss.js';
import { loadNonLinearity } from '../analysis/timeouts.js';
import type { Failover } from './types.js';
import { latencyMisses, type LatencyMiss } from './verdict.js';
import { zonesOf } from './zones.js';

export { failoverSizing, type FailoverSizing } from './failover-sizing.js';

/** At most this many components per analysis get the SLO part by a second analysis in `screen` mode. */
export const MAX_EXACT = 4;

export type SloMode = 'exact' | 'screen';

interface SloVerdict {
  holds: boolean | null;
  misses: LatencyMiss[];
  availability: number | null;
  want?: number;
}

const figuresOf = (l: Loss): LossFigures => ({
  lost: l.lost,
  lostCount: l.lostCount,
  remaining: l.remaining,
  utilization: l.utilization,
  noun: l.noun,
  ...(l.sharded !== undefined ? { sharded: l.sharded } : {}),
});

/** The model with one component changed, and its analysis (the others' service models reused). */
function changedAnalysis(
  model: Model,
  analysis: Analysis,
  i: number,
  after: Component,
): { changed: Model; a: Analysis } {
  const components = model.components.slice();
  components[i] = after;
  const changed: Model = { ...model, components };
  return { changed, a: analyze(changed, { previous: analysis, maxPaths: 0 }) };
}

/** The SLO's verdict for a model with one component changed (a second analysis). */
function exactSlo(
  { changed, a }: { changed: Model; a: Analysis },
  system: string,
  slo: Slo,
): { holds: boolean; misses: LatencyMiss[]; availability: number | null } {
  const misses = latencyMisses(changed, a, system, slo) ?? [];
  const summary = a.systems.find((s) => s.name === system);
  const availOk = summary?.meetsAvailabilitySlo !== false;
  return {
    holds: misses.length === 0 && availOk,
    misses,
    availability: availOk ? null : (summary?.availability.value ?? null),
  };
}

function textOf(c: Component, loss: LossFigures, u: number, target: number, total: number, slo: SloVerdict): string {
  const store = loss.noun !== 'instance';
  const what =
    loss.lost === 'zone'
      ? `losing a zone of ${c.id} (${count(loss.lostCount)} of ${store ? `its ${plural(total, 'node')}${loss.sharded ? ' per shard' : ''}` : plural(total, 'instance')})`
      : store
        ? `losing one of ${possessive(c.id)} ${plural(total, 'node')}`
        : `losing one of ${count(total)} ${c.id} instances`;
  const who = store ? `the busiest of the other ${count(loss.remaining)}` : `the other ${count(loss.remaining)}`;
  const load =
    u >= SATURATED
      ? `${who} cannot carry ${store ? 'its' : 'the'} load (${percent(u, 0)})`
      : `${who} ${store ? 'runs' : 'run'} at ${percent(u, 0)}${u > target ? ` (above the ${percent(target, 0)} target)` : ''}`;
  let sloText = '';
  if (slo.holds === true) sloText = '; SLO holds';
  else if (slo.holds === false) {
    const parts = slo.misses.map((m) => `${m.key} ${duration(m.got)} > ${duration(m.want)}`);
    if (slo.availability !== null && slo.want !== undefined)
      parts.push(`availability ${fraction(slo.availability)} < ${fraction(slo.want)}`);
    sloText = parts.length ? `; SLO breaks: ${parts.join(', ')}` : '; SLO breaks';
  }
  return `${what}: ${load}${sloText}`;
}

/** The failover of one component with its SLO part decided (or left null: see `failoversOf`). */
function compute(
  model: Model,
  analysis: Analysis,
  id: string,
  mode: SloMode,
  budget: { exact: number },
): Failover | null {
  const ctx = contextOf(model, analysis);
  const i = ctx.g.index.get(id);
  if (i === undefined) return null;
  const c = ctx.g.comps[i]!;
  const zones = zonesOf(model, c);
  // the bounds, and what the component loses, are kept with its service model (failover-screen.ts)
  const b = boundsOf(ctx, i, zones);
  let made: Loss | null | undefined;
  const loss = () => (made === undefined ? (made = lossOf(model, ctx, i)) : made);
  if (b.loss === undefined) {
    const l = loss();
    b.loss = l ? figuresOf(l) : null;
  }
  const figures = b.loss;
  if (!figures) return null;
  const target = ctx.settingsOf(i).targetUtilization;
  const slo = model.systems.find((s) => s.name === c.system)?.slo;
  // loads not linear in what the survivors carry (retries behind timeouts, breakers, jobs:
  // nonlinear.ts): the survivors' utilisation and the SLO from a fresh analysis after the loss
  const fresh = loadNonLinearity(ctx.g)?.affected[i] === 1;
  let after: { changed: Model; a: Analysis } | undefined;
  const changed = () => (after ??= changedAnalysis(model, analysis, i, loss()!.after()));
  let verdict: SloVerdict = { holds: null, misses: [], availability: null };
  if (hasTargets(slo)) {
    const standing = mode === 'screen' ? standingOf(analysis, model, c.system) : null;
    const screened = standing && !fresh ? screenSlo(ctx, i, b, figures, () => loss()!, slo, standing) : undefined;
    if (screened !== undefined) verdict = { holds: screened, misses: [], availability: null };
    else if (mode === 'exact' || budget.exact > 0) {
      budget.exact--;
      const exact = exactSlo(changed(), c.system, slo);
      verdict = { ...exact, want: slo.availability };
    }
  }
  // a result whose text names no figure of the SLO is kept with the bounds, by verdict and target
  const key = `${verdict.holds}|${target}|${id}`;
  const keepable = mode === 'screen' && !fresh && verdict.misses.length === 0 && verdict.availability === null;
  const hit = keepable ? (b.results?.get(key) as Failover | undefined) : undefined;
  if (hit) return hit;
  const u = fresh ? internalsOf(changed().a)!.svc[i]!.utilization : figures.utilization;
  const f: Failover = {
    component: id,
    lost: figures.lost,
    lostCount: figures.lostCount,
    remaining: figures.remaining,
    utilizationAfter: u,
    carries: u < SATURATED,
    withinTarget: u <= target,
    sloHolds: verdict.holds,
    text: textOf(c, figures, u, target, figures.remaining + figures.lostCount, verdict),
  };
  if (keepable) (b.results ??= new Map()).set(key, f);
  return f;
}

const EXACT = new WeakMap<Analysis, Map<string, Failover | null>>();

/**
 * N+1 for one component: null when it is not redundant (one instance, a store without replicas,
 * a zone holding every node) or has no capacity. `auto` (the default: the editor's hover) takes
 * the screened result of `failoversOf` (made once per analysis, which the rule reads too) when its
 * bounds decided the SLO, else analyses the model again; `exact` always analyses it again;
 * `screen` is `failoversOf`'s result as it is.
 */
export function failover(
  model: Model,
  analysis: Analysis,
  componentId: string,
  mode: SloMode | 'auto' = 'auto',
): Failover | null {
  if (mode !== 'exact') {
    const f = failoversOf(model, analysis).get(componentId) ?? null;
    if (mode === 'screen' || !f || f.sloHolds !== null) return f;
    const c = model.components.find((x) => x.id === componentId);
    if (!hasTargets(model.systems.find((s) => s.name === c?.system)?.slo)) return f;
  }
  let cache = EXACT.get(analysis);
  if (!cache) EXACT.set(analysis, (cache = new Map()));
  if (cache.has(componentId)) return cache.get(componentId)!;
  const f = compute(model, analysis, componentId, 'exact', { exact: 1 });
  cache.set(componentId, f);
  return f;
}

const SCREENED = new WeakMap<Analysis, Map<string, Failover | null>>();

/**
 * N+1 for every component of the model, screened (once per analysis): the rule and the summaries
 * read this. Components the bounds cannot clear are analysed again, the busiest after the loss
 * first, at most MAX_EXACT of them; the others keep `sloHolds: null`.
 */
export function failoversOf(model: Model, analysis: Analysis): Map<string, Failover | null> {
  const hit = SCREENED.get(analysis);
  if (hit) return hit;
  const out = new Map<string, Failover | null>();
  const none = { exact: 0 };
  const pending: Failover[] = [];
  const sloOf = new Map<string, boolean>();
  for (const c of model.components) {
    if (out.has(c.id)) continue;
    const f = compute(model, analysis, c.id, 'screen', none);
    out.set(c.id, f);
    if (!f || f.sloHolds !== null) continue;
    let has = sloOf.get(c.system);
    if (has === undefined) sloOf.set(c.system, (has = hasTargets(model.systems.find((s) => s.name === c.system)?.slo)));
    if (has) pending.push(f);
  }
  pending.sort((a, b) => b.utilizationAfter - a.utilizationAfter);
  for (const f of pending.slice(0, MAX_EXACT)) out.set(f.component, failover(model, analysis, f.component, 'exact'));
  SCREENED.set(analysis, out);
  return out;
}
