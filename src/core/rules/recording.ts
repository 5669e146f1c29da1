/**
 * The context a per-component check gets while the rule memo records what it reads: look-ups
 * that note each read, figures whose dependent groups (the catalogue says which: a call tree's
 * latency, a consistency, an edge's fan-out tail) note a read of that dependency, and a model
 * and analysis that throw when read past the look-ups. The analysis itself records nothing.
 */
import type { Analysis, ComponentAnalysis, EdgeAnalysis } from '../analysis/types.js';
import { ComponentResult } from '../analysis/component-result.js';
import { EdgeResult } from '../analysis/edge-result.js';
import { COMPONENT_GROUP_DEPENDS, EDGE_GROUP_DEPENDS } from '../figures/catalogue.js';
import type { Component, Edge, Model } from '../model.js';
import type { RuleContext } from './types.js';

/** A component by id (or its edges). */
export const READ_COMPONENT = 0;
/** A component's latency including its synchronous calls (end to end; a client's latency and concurrency). */
export const READ_TREE = 1;
/** A store's or cache's consistency (it depends on what feeds it). */
export const READ_CONSISTENCY = 2;
/** An edge's fan-out tail (it depends on the callee's latency). */
export const READ_EDGE_TREE = 3;
/** A component's service figures (its own load, capacity, queue). */
export const READ_SERVICE = 4;
/** An edge's figures (but its fan-out tail). */
export const READ_EDGE = 5;

export type Read =
  | typeof READ_COMPONENT
  | typeof READ_TREE
  | typeof READ_CONSISTENCY
  | typeof READ_EDGE_TREE
  | typeof READ_SERVICE
  | typeof READ_EDGE;

export type Note = (read: Read, id: string) => void;

/**
 * A recording context over `ctx`: every look-up notes its read. Figures are views that note a
 * read of a dependent group when it is read; views are made once per id and run.
 */
export function recordingContext(ctx: RuleContext, note: Note): RuleContext {
  const components = new Map<string, ComponentAnalysis>();
  const edges = new Map<string, EdgeAnalysis>();
  return {
    model: guardedModel(ctx.model),
    analysis: guardedAnalysis(ctx.analysis),
    settings: ctx.settings,
    component: (id) => (note(READ_COMPONENT, id), ctx.component(id)),
    figures: (id) => {
      note(READ_SERVICE, id);
      let v = components.get(id);
      if (v === undefined) {
        const f = ctx.figures(id);
        if (f === undefined) return undefined;
        components.set(id, (v = componentView(f, note)));
      }
      return v;
    },
    edgeFigures: (id) => {
      note(READ_EDGE, id);
      let v = edges.get(id);
      if (v === undefined) {
        const f = ctx.edgeFigures(id);
        if (f === undefined) return undefined;
        edges.set(id, (v = edgeView(f, note)));
      }
      return v;
    },
    outEdges: (id) => (note(READ_COMPONENT, id), ctx.outEdges(id)),
    inEdges: (id) => (note(READ_COMPONENT, id), ctx.inEdges(id)),
  };
}

const DEPENDENCY_READ = { tree: READ_TREE, consistency: READ_CONSISTENCY } as const;

/**
 * A view of a component's results: each group read through to the result, noting a read of its
 * dependency where the catalogue declares one. Its prototype's getters are made once, from the
 * catalogue, on top of the results' prototype, so checks that ask what kind of result it is (and
 * its fast accessors such as `totalRps`) see the same.
 */
class ComponentView {
  constructor(
    readonly target: ComponentAnalysis,
    readonly note: Note,
  ) {}
}
Object.setPrototypeOf(ComponentView.prototype, ComponentResult.prototype);
for (const key of [...Object.keys(COMPONENT_GROUP_DEPENDS), 'totalRps'] as (keyof ComponentAnalysis)[]) {
  const depends = COMPONENT_GROUP_DEPENDS[key];
  Object.defineProperty(ComponentView.prototype, key, {
    get(this: ComponentView) {
      const f = this.target;
      const dep = depends?.(f) ?? null;
      if (dep !== null) this.note(DEPENDENCY_READ[dep], f.id);
      return f[key];
    },
  });
}

class EdgeView {
  constructor(
    readonly target: EdgeAnalysis,
    readonly note: Note,
  ) {}
}
Object.setPrototypeOf(EdgeView.prototype, EdgeResult.prototype);
for (const key of [...Object.keys(EDGE_GROUP_DEPENDS), 'totalRps'] as (keyof EdgeAnalysis)[]) {
  const dependent = EDGE_GROUP_DEPENDS[key as keyof typeof EDGE_GROUP_DEPENDS] ?? false;
  Object.defineProperty(EdgeView.prototype, key, {
    get(this: EdgeView) {
      const f = this.target;
      if (dependent) this.note(READ_EDGE_TREE, f.id);
      return f[key];
    },
  });
}

function componentView(f: ComponentAnalysis, note: Note): ComponentAnalysis {
  return new ComponentView(f, note) as unknown as ComponentAnalysis;
}

function edgeView(f: EdgeAnalysis, note: Note): EdgeAnalysis {
  return new EdgeView(f, note) as unknown as EdgeAnalysis;
}

/** The model as a per-component check may read it: its systems only (the rest through the look-ups). */
function guardedModel(model: Model): Model {
  return {
    systems: model.systems,
    get components(): Component[] {
      throw new Error('a per-component check read ctx.model.components (use the context look-ups)');
    },
    get edges(): Edge[] {
      throw new Error('a per-component check read ctx.model.edges (use the context look-ups)');
    },
  };
}

/** The analysis as a per-component check may read it: its settings only. */
function guardedAnalysis(analysis: Analysis): Analysis {
  const guard = {} as Analysis;
  for (const key of Object.keys(analysis) as (keyof Analysis)[]) {
    if (key === 'settings') continue;
    Object.defineProperty(guard, key, {
      get() {
        throw new Error(`a per-component check read ctx.analysis.${key} (use the context look-ups)`);
      },
    });
  }
  Object.defineProperty(guard, 'settings', { value: analysis.settings });
  return guard;
}
