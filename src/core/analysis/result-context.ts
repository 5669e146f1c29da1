/** What a component's or edge's results need to build their figures on demand, and the saturation line. */
import type { OwnService, ServiceModel } from './component.js';
import type { Graph } from './graph.js';
import type { LoadResult } from './load.js';
import type { CallTree } from './paths.js';
import type { Analysis, Consistency, TrafficKind } from './types.js';

export const CLASS_NAMES: [TrafficKind, TrafficKind] = ['reads', 'writes'];

export interface Settings {
  targetUtilization: number;
  horizonMs: number;
  monthSeconds: number;
}

/** What the result objects need to build their figures on demand. */
export interface Context {
  g: Graph;
  load: LoadResult;
  sms: ServiceModel[];
  svc: OwnService[];
  tree: CallTree;
  settingsOf: (i: number) => Settings;
  consMemo: Map<number, Consistency | null>;
}

/** Utilisation at or above this counts as saturated (1 less rounding error). */
export const SATURATED = 1 - 1e-9;

/** Each analysis's numbers, for comparing two analyses and for an analysis made from the previous one. */
export const INTERNALS = new WeakMap<Analysis, Context>();

/** The numbers behind an analysis made by analyze(), else undefined. */
export function internalsOf(a: Analysis): Context | undefined {
  return INTERNALS.get(a);
}
