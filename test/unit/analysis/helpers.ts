/** Builders for plain models in analysis tests (no parsing). */
import {
  DEFAULT_MONTH_SECONDS,
  type Component,
  type ComponentKind,
  type Edge,
  type Model,
  type SourceLocation,
  type SystemSettings,
} from '../../../src/core/model.js';
import { loadTexts } from '../../../src/language/workspace.js';
import {
  analyze,
  type Analysis,
  type AnalyzeOptions,
  type ComponentAnalysis,
} from '../../../src/core/analysis/index.js';

const LOC: SourceLocation = {
  uri: 'memory:///t.arch',
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
};

export type Props = Partial<
  Omit<Component, 'id' | 'name' | 'kind' | 'system' | 'location' | 'nameLocation' | 'propertyLocations'>
>;
export type EdgeProps = Partial<Omit<Edge, 'id' | 'from' | 'to' | 'system' | 'location' | 'propertyLocations'>>;

export function comp(id: string, kind: ComponentKind, props: Props = {}, system = 's'): Component {
  return { id, name: id, kind, system, location: LOC, nameLocation: LOC, propertyLocations: {}, ...props };
}

let edgeCounter = 0;
export function edge(from: string, to: string, props: EdgeProps = {}, system = 's'): Edge {
  return {
    id: `${from}->${to}#${edgeCounter++}`,
    from,
    to,
    system,
    location: LOC,
    propertyLocations: {},
    async: false,
    cdc: false,
    traffic: 'all',
    ...props,
  };
}

export function model(
  components: Component[],
  edges: Edge[],
  settings: Partial<SystemSettings> = {},
  slo?: { p95Ms?: number; availability?: number },
): Model {
  const systems = [...new Set(components.map((c) => c.system))].map((name) => ({
    name,
    location: LOC,
    nameLocation: LOC,
    settings: { monthSeconds: DEFAULT_MONTH_SECONDS, ...settings },
    components: components.filter((c) => c.system === name).map((c) => c.id),
    ...(slo ? { slo: { ...slo, location: LOC } } : {}),
  }));
  return { systems, components, edges };
}

/** Analyses `.arch` text (one file), failing on any error diagnostic. */
export async function analyzeText(text: string, options?: AnalyzeOptions): Promise<Analysis> {
  const r = await loadTexts({ '/w/a.arch': text });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length)
    throw new Error(`model has errors: ${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return analyze(r.model, options);
}

export function byId(a: Analysis, id: string): ComponentAnalysis {
  const i = a.componentIndex[id];
  if (i === undefined) throw new Error(`no component ${id}`);
  return a.components[i]!;
}

export function edgeOf(a: Analysis, from: string, to: string) {
  const e = a.edges.find((x) => x.from === from && x.to === to);
  if (!e) throw new Error(`no edge ${from} -> ${to}`);
  return e;
}

/**
 * Visits every number reachable from a value (materialising lazy figures through toJSON) and
 * returns the paths of those that are not finite.
 */
export function nonFinite(x: unknown, path = '$', out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) out.push(`${path} = ${x}`);
    return out;
  }
  if (x === null || typeof x !== 'object') return out;
  if (seen.has(x)) return out;
  seen.add(x);
  const obj = typeof (x as { toJSON?: unknown }).toJSON === 'function' ? (x as { toJSON(): unknown }).toJSON() : x;
  if (Array.isArray(obj)) obj.forEach((v, i) => nonFinite(v, `${path}[${i}]`, out, seen));
  else if (obj && typeof obj === 'object')
    for (const [k, v] of Object.entries(obj)) nonFinite(v, `${path}.${k}`, out, seen);
  return out;
}
