/**
 * Where a finding points and which places it relates: the written property's location, an SLO
 * target's, an edge's requirement's, whether an edge was written alone, and who loads a component.
 */
import type { ComponentAnalysis } from '../../analysis/types.js';
import type { Component, Edge, Slo, SourceLocation } from '../../model.js';
import { rate } from '../../wording.js';
import type { Fix, RawFinding, RelatedInfo, RuleContext } from '../types.js';
import { edgeFigures, loadTotal } from './figures.js';

/** The location of the first property written among `keys`, else the component's name. */
export function at(c: Component, ...keys: string[]): SourceLocation {
  for (const k of keys) {
    const l = c.propertyLocations[k];
    if (l) return l;
  }
  return c.nameLocation;
}

/** One related place, when it is known. */
export function related(location: SourceLocation | undefined, message: string): RelatedInfo[] {
  return location ? [{ location, message }] : [];
}

/** The location of an SLO target (`p95`, `availability`): the property when known, else the block. */
export function sloLocation(slo: Slo, key: string): SourceLocation {
  const props = (slo as Slo & { propertyLocations?: Partial<Record<string, SourceLocation>> }).propertyLocations;
  return props?.[key] ?? slo.location;
}

/** Where an edge's requirement is written: its `requires` property, else the edge. */
export function requirementLocation(e: Edge): SourceLocation {
  return e.propertyLocations.requires ?? e.location;
}

/**
 * Whether the edge was written with a single target (`a -> b`); the model locates each target of
 * `a -> b, c` at its name, so a location exactly as long as the target's name is one of several.
 * Modifiers apply to the whole written edge, so they are only changed on single-target edges.
 */
export function singleTarget(e: Edge): boolean {
  const r = e.location.range;
  return !(r.start.line === r.end.line && r.end.character - r.start.character === e.to.length);
}

/** Incoming edges that bring the most load, as related information (at most `limit`). */
function topInflows(ctx: RuleContext, id: string, limit = 3): RelatedInfo[] {
  const rows: { e: Edge; load: number }[] = [];
  for (const e of ctx.inEdges(id)) {
    const f = edgeFigures(ctx, e.id);
    const l = loadTotal(f);
    if (l !== null && l > 0) rows.push({ e, load: l });
  }
  rows.sort((a, b) => b.load - a.load);
  return rows
    .slice(0, limit)
    .map(({ e, load }) => ({ location: e.location, message: `${e.from} sends ${rate(load)} to ${id}` }));
}

/** A finding about a component's capacity (overloaded, low-headroom): its capacity and who loads it. */
export function capacityFinding(
  ctx: RuleContext,
  c: Component,
  f: ComponentAnalysis,
  message: string,
  fixes: Fix[],
): RawFinding {
  return {
    message,
    location: at(c),
    components: [c.id],
    related: [
      ...related(
        c.propertyLocations.capacity ?? c.propertyLocations['service-time'],
        `capacity of one ${f.store ? 'node' : 'instance'}`,
      ),
      ...topInflows(ctx, c.id),
    ],
    fixes,
  };
}
