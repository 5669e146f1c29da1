/**
 * Fix values and operations: text written back into the model in the language's syntax (`640 TB`,
 * `33.3333 %`, `2 async`, `60 s`), not wording; the operations that write it (several properties
 * at once, a pool's instances), and the names and references a fix may write.
 */
import { KINDS } from '../../kinds.js';
import type { Component } from '../../model.js';
import { DECIMAL_BYTE_UNITS } from '../../units.js';
import type { FixOperation, FixTarget, RuleContext } from '../types.js';
import { placementStores } from './reach.js';

/** The TTL a fix gives a cache whose entries never expire (within the usual 30-120 s for hot keys). */
export const EXPIRY_TTL = '60 s';

/** A share as the language writes it: `33.3333 %` (six significant digits). */
export function shareValue(share: number): string {
  return `${String(Number((share * 100).toPrecision(6)))} %`;
}

/** A storage size as the language writes it, rounded up to two significant digits (`640 TB`). */
export function sizeValue(b: number): string {
  for (const [u, f] of DECIMAL_BYTE_UNITS) {
    if (b >= f) {
      const x = b / f;
      const mag = Math.pow(10, Math.max(0, Math.floor(Math.log10(x)) - 1));
      return `${Math.ceil(x / mag) * mag} ${u}`;
    }
  }
  return `${Math.ceil(b)} B`;
}

/** The value to write for `replicas` keeping a replication mode written as its qualifier. */
export function replicasValue(c: Component, n: number): string {
  return c.replication && !c.propertyLocations.replication ? `${n} ${c.replication}` : String(n);
}

/** Operations setting a pool to n instances, raising the autoscale maximum when it is below n. */
export function instancesOps(c: Component, n: number): FixOperation[] {
  const ops: FixOperation[] = [{ op: 'set-property', target: { component: c.id }, key: 'instances', value: String(n) }];
  if (c.autoscale && KINDS[c.kind].autoscales) {
    const min = Math.min(c.autoscale.min, n);
    const max = Math.max(c.autoscale.max, n);
    if (min !== c.autoscale.min || max !== c.autoscale.max)
      ops.push({ op: 'set-property', target: { component: c.id }, key: 'autoscale', value: `${min}..${max}` });
  }
  return ops;
}

/**
 * Ids of the components a file can certainly reference: those declared in it, and those its
 * edges or `sessions in` / `files in` placements already reference (hence imported).
 */
export function visibleFrom(ctx: RuleContext, uri: string): Set<string> {
  const out = new Set<string>();
  for (const c of ctx.model.components) {
    if (c.location.uri !== uri) continue;
    out.add(c.id);
    for (const s of placementStores(c)) out.add(s);
  }
  for (const e of ctx.model.edges) {
    if (e.location.uri !== uri) continue;
    out.add(e.from);
    out.add(e.to);
  }
  return out;
}

/** `base`, else `base-2`, `base-3`... : a name no component has. */
export function freshName(ctx: RuleContext, base: string): string {
  if (!ctx.component(base)) return base;
  for (let i = 2; ; i++) if (!ctx.component(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Operations that set several properties of one target. Properties already written are replaced
 * one by one; new ones go in as one piece of text (`replicas 2 async read-from replicas`), so a
 * declaration without braces gets one `{ ... }` block, not one per property.
 */
export function setProperties(
  target: FixTarget,
  existing: Partial<Record<string, unknown>>,
  props: readonly (readonly [string, string])[],
): FixOperation[] {
  const ops: FixOperation[] = [];
  const added: string[] = [];
  for (const [key, value] of props) {
    if (existing[key]) ops.push({ op: 'set-property', target, key, value });
    else added.push(value ? `${key} ${value}` : key);
  }
  if (added.length > 0) {
    const [first, ...rest] = added;
    const sp = first!.indexOf(' ');
    const key = sp < 0 ? first! : first!.slice(0, sp);
    const value = [sp < 0 ? '' : first!.slice(sp + 1), ...rest].filter((s) => s !== '').join(' ');
    ops.push({ op: 'set-property', target, key, value });
  }
  return ops;
}
