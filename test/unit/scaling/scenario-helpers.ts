/** Models with scenarios built in code (and from text once the syntax exists), for the scenario tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component, Model, Scenario, ScenarioStep, SourceLocation } from '../../../src/core/model.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ROOT } from '../helpers.js';

export async function modelOf(text: string, path = '/w/a.arch'): Promise<Model> {
  const r = await loadTexts({ [path]: text });
  return r.model;
}

export const capacityPlanText = () => readFileSync(join(ROOT, 'test/fixtures/scaling/capacity-plan.arch'), 'utf8');
export const capacityPlan = () => modelOf(capacityPlanText());

/** A location on a line of the file (0-based line). */
export function loc(line: number, uri = 'file:///w/a.arch'): SourceLocation {
  return { uri, range: { start: { line, character: 2 }, end: { line, character: 10 } } };
}

type StepSpec =
  | { kind: 'load'; factor: number }
  | {
      kind: 'set';
      component: string;
      changes: Partial<Component>;
    }
  | { kind: 'fail-zone'; component?: string; count?: number }
  | { kind: 'fail'; component: string; part?: 'component' | 'instances' | 'replicas' | 'shards'; count?: number };

/** A scenario of the model's first system, declared on `line`, its steps on the lines after it */
export function scenario(model: Model, name: string, steps: StepSpec[], line = 90): Scenario {
  const system = model.systems[0]!.name;
  return {
    name,
    system,
    location: loc(line),
    nameLocation: loc(line),
    steps: steps.map((s, i): ScenarioStep => {
      const location = loc(line + 1 + i);
      switch (s.kind) {
        case 'load':
          return { kind: 'load', factor: s.factor, location };
        case 'set':
          return { kind: 'set', component: s.component, changes: s.changes, location };
        case 'fail-zone':
          return {
            kind: 'fail-zone',
            ...(s.component ? { component: s.component } : {}),
            count: s.count ?? 1,
            location,
          };
        case 'fail':
          return { kind: 'fail', component: s.component, part: s.part ?? 'component', count: s.count ?? 1, location };
      }
    }),
  };
}

/** The model with scenarios added to its first system (a copy of the systems' list). */
export function withScenarios(model: Model, scenarios: Scenario[]): Model {
  const [first, ...rest] = model.systems;
  return { ...model, systems: [{ ...first!, scenarios }, ...rest] };
}
