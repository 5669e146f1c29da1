/**
 * A scenario's changes applied to a copy of the model (`scenario NAME { ... }`): more load, other
 * properties, failed instances, replicas, shards, whole components or zones. The original is never
 * changed; components a scenario leaves alone are the same objects in the copy, so an analysis of
 * the copy made with `previous` reuses their service models. What a loss leaves: zones.ts.
 */
import type { Component, Model, Scenario, ScenarioStep } from '../model.js';
import { count, plural, times } from '../wording.js';
import { down, hasStoreNodes, withoutInstances, withoutNodes, withoutShards, withoutZones, zonesOf } from './zones.js';

/** Properties a `set` step never replaces: the component's identity and where it is written. */
const IDENTITY = ['id', 'name', 'kind', 'system', 'location', 'nameLocation', 'propertyLocations'] as const;

/** The model with a scenario's steps applied in order (a copy; the original is untouched). */
export function applyScenario(model: Model, scenario: Scenario): Model {
  const index = new Map<string, number>();
  model.components.forEach((c, i) => {
    if (!index.has(c.id)) index.set(c.id, i);
  });
  const components = model.components.slice();
  let changed = false;
  const replace = (i: number, c: Component) => {
    if (c === components[i]) return;
    components[i] = c;
    changed = true;
  };
  // every step reads the model as the steps before it left it
  const now = (): Model => (changed ? { ...model, components } : model);
  for (const step of scenario.steps) applyStep(step, components, index, replace, now);
  return { ...model, components, systems: model.systems, edges: model.edges };
}

function applyStep(
  step: ScenarioStep,
  components: Component[],
  index: ReadonlyMap<string, number>,
  replace: (i: number, c: Component) => void,
  now: () => Model,
): void {
  switch (step.kind) {
    case 'load': {
      if (!(step.factor >= 0) || !Number.isFinite(step.factor)) return;
      components.forEach((c, i) => {
        if (c.kind === 'client' && c.rateRps !== undefined) replace(i, { ...c, rateRps: c.rateRps * step.factor });
      });
      return;
    }
    case 'set': {
      const i = index.get(step.component);
      if (i === undefined) return;
      const c = components[i]!;
      const next: Component = { ...c, ...step.changes };
      for (const k of IDENTITY) (next as unknown as Record<string, unknown>)[k] = c[k];
      replace(i, next);
      return;
    }
    case 'fail': {
      const i = index.get(step.component);
      if (i === undefined) return;
      replace(i, failPart(now(), components[i]!, step.part, Math.max(1, Math.floor(step.count))));
      return;
    }
    case 'fail-zone': {
      const lost = Math.max(1, Math.floor(step.count));
      const m = now();
      if (step.component !== undefined) {
        const i = index.get(step.component);
        if (i !== undefined) replace(i, withoutZones(m, components[i]!, lost));
        return;
      }
      // every zoned component loses the same zone(s); one not spread over zones stands elsewhere
      components.forEach((c, i) => {
        if (zonesOf(m, c) >= 2) replace(i, withoutZones(m, c, lost));
      });
      return;
    }
  }
}

/** One component after `fail NAME [part] [count]`. */
export function failPart(
  model: Model,
  c: Component,
  part: 'component' | 'instances' | 'replicas' | 'shards',
  count: number,
): Component {
  if (part === 'component') return down(model, c);
  if (part === 'shards') return withoutShards(model, c, count);
  // a store's instances are its nodes (`fail db 1` loses a replica, as `fail db replica 1`); a
  // pool's replicas are its instances
  if (hasStoreNodes(c)) return withoutNodes(model, c, count);
  return withoutInstances(model, c, count);
}

/** A step in words, for findings' related places: `every client's rate × 3`, `app loses 2 instances`. */
export function stepText(step: ScenarioStep): string {
  switch (step.kind) {
    case 'load':
      return `every client's rate ${times(step.factor)}`;
    case 'set':
      return `${step.component} changed (${Object.keys(step.changes).join(', ')})`;
    case 'fail-zone': {
      const zones = step.count === 1 ? 'a zone' : `${count(step.count)} zones`;
      return step.component === undefined ? `${zones} down` : `${step.component} loses ${zones}`;
    }
    case 'fail':
      return step.part === 'component'
        ? `${step.component} down`
        : step.part === 'shards'
          ? `${plural(step.count, 'shard')} of ${step.component} offline`
          : `${step.component} loses ${plural(step.count, step.part === 'replicas' ? 'replica' : 'instance')}`;
  }
}

/**
 * The step that most likely caused what a scenario did to a component: one that changes it
 * (`set`, `fail`, `fail NAME zone`), else a zone lost where it is zoned, else the load, else the first.
 */
export function causeOf(model: Model, scenario: Scenario, componentId: string): ScenarioStep | undefined {
  const steps = scenario.steps;
  const own = steps.find((s) => s.kind !== 'load' && s.component === componentId);
  if (own) return own;
  const c = model.components.find((x) => x.id === componentId);
  const zone = steps.find((s) => s.kind === 'fail-zone' && s.component === undefined);
  if (zone && c && zonesOf(model, c) >= 2) return zone;
  return steps.find((s) => s.kind === 'load') ?? steps[0];
}
