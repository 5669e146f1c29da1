/** The rule context: a model and its analysis, with look-ups by id (component, figures, edges). */
import type { Analysis, ComponentAnalysis, EdgeAnalysis } from '../analysis/types.js';
import type { Component, Edge, Model } from '../model.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.js';
import type { RuleContext } from './types.js';

/** What the context knows of one id: its component, its figures and its edges (one look-up for all four). */
interface Slot {
  component: Component | undefined;
  figures: ComponentAnalysis | undefined;
  out: Edge[] | undefined;
  in: Edge[] | undefined;
}

export function createContext(
  model: Model,
  analysis: Analysis,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): RuleContext {
  // One map for every look-up by id: at 50,000 components, separate maps (and the analysis's
  // index object) cost twice the time in look-ups alone.
  const slots = new Map<string, Slot>();
  const slot = (id: string): Slot => {
    let s = slots.get(id);
    if (s === undefined)
      slots.set(id, (s = { component: undefined, figures: undefined, out: undefined, in: undefined }));
    return s;
  };
  // Figures as the analysis's index gives them (the first of a duplicated id): by position
  // when the analysis is of this model, as always, else through the index.
  const figures = analysis.components;
  let aligned = figures.length === model.components.length;
  for (let i = 0; i < model.components.length; i++) {
    const c = model.components[i]!;
    const s = slot(c.id);
    s.component = c; // the last of a duplicated id wins
    aligned &&= figures[i]!.id === c.id;
    if (aligned && s.figures === undefined) s.figures = figures[i];
  }
  if (!aligned) {
    for (const s of slots.values()) s.figures = undefined;
    for (const [id, i] of Object.entries(analysis.componentIndex)) slot(id).figures = figures[i];
  }
  for (const e of model.edges) {
    const from = slot(e.from);
    (from.out ??= []).push(e);
    const to = slot(e.to);
    (to.in ??= []).push(e);
  }
  const none: readonly Edge[] = [];
  let edgeIndex: Map<string, EdgeAnalysis> | undefined;
  return {
    model,
    analysis,
    settings,
    component: (id) => slots.get(id)?.component,
    figures: (id) => slots.get(id)?.figures,
    edgeFigures: (id) => {
      if (!edgeIndex) {
        edgeIndex = new Map();
        for (const e of analysis.edges) edgeIndex.set(e.id, e); // the last of a duplicated id wins
      }
      return edgeIndex.get(id);
    },
    outEdges: (id) => slots.get(id)?.out ?? none,
    inEdges: (id) => slots.get(id)?.in ?? none,
  };
}
