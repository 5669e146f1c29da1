/**
 * Figures access: the analysis's numbers as the rules read them (finite values, total loads,
 * reads and writes, per-instance capacity) and the edges of an analysed path.
 */
import { ComponentResult } from '../../analysis/component-result.js';
import { EdgeResult } from '../../analysis/edge-result.js';
import type { ComponentAnalysis, EdgeAnalysis, Figure, PathAnalysis } from '../../analysis/types.js';
import type { Edge } from '../../model.js';
import type { RuleContext } from '../types.js';

/** A finite figure value, else null. */
export function value(f: Figure | null | undefined): number | null {
  const v = f?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The total load of a component or edge, rps (null when not finite): `value(f.load.total)`,
 * read without building the figure when the analysis can give it directly.
 */
export function loadTotal(f: ComponentAnalysis | EdgeAnalysis | undefined): number | null {
  if (f instanceof ComponentResult || f instanceof EdgeResult) return f.totalRps;
  return value(f?.load.total);
}

/** An edge's figures by edge id (one index per analysis, shared by every rule). */
export function edgeFigures(ctx: RuleContext, id: string): EdgeAnalysis | undefined {
  return ctx.edgeFigures(id);
}

/** Reads and writes per second arriving at a component, from the analysis (undefined when unknown). */
export function loadOf(ctx: RuleContext, id: string): { reads: number; writes: number; total: number } | undefined {
  const f = ctx.figures(id);
  if (!f) return undefined;
  const reads = f.load.reads.value;
  const writes = f.load.writes.value;
  if (reads === null || writes === null) return undefined;
  return { reads, writes, total: f.load.total.value ?? reads + writes };
}

/** Reads and writes per second on an edge, from the analysis (undefined when unknown). */
export function edgeLoad(ctx: RuleContext, id: string): { reads: number; writes: number } | undefined {
  const e = edgeFigures(ctx, id);
  if (!e) return undefined;
  const reads = e.load.reads.value;
  const writes = e.load.writes.value;
  return reads === null || writes === null ? undefined : { reads, writes };
}

/** Per-instance capacity of a pool from the analysis (capacity / instances counted). */
export function perInstance(f: ComponentAnalysis): number | null {
  const cap = value(f.capacity);
  const n = value(f.instances);
  if (cap === null || n === null || n <= 0) return null;
  return cap / n;
}

const edgeMemo = new WeakMap<object, Map<string, Edge>>();

/** The model's edges by id (one index per model). */
export function edgesById(ctx: RuleContext): Map<string, Edge> {
  let m = edgeMemo.get(ctx.model);
  if (!m) {
    m = new Map();
    for (const e of ctx.model.edges) m.set(e.id, e);
    edgeMemo.set(ctx.model, m);
  }
  return m;
}

/** The first edge of a path that states the path's requirement. */
export function requiringEdge(ctx: RuleContext, p: PathAnalysis): Edge | undefined {
  const req = p.consistency?.requirement;
  if (!req) return undefined;
  const byId = edgesById(ctx);
  for (const id of p.edges) {
    const e = byId.get(id);
    if (e?.requires === req) return e;
  }
  return undefined;
}

/** The edge of a path that enters hop `id`. */
export function edgeInto(ctx: RuleContext, p: PathAnalysis, id: string): Edge | undefined {
  const i = p.hops.indexOf(id);
  if (i < 1) return undefined;
  return edgesById(ctx).get(p.edges[i - 1] ?? '');
}
