/**
 * Helpers shared by the structural rules (the ones that read the model's shape): number
 * formatting for messages, instance counts, precise locations, which edges a caller waits for,
 * reachability from clients, which components a file can reference, fresh names for added
 * components, and setting several properties in one fix.
 */
import { roundPrecision } from '../decimal.js';
import type { Component } from '../model.js';
import type { FixOperation, FixTarget, RuleContext } from './types.js';
import { edgeFigures, isBrokerKind, isStoreKind, waitsByShape } from './figure-helpers.js';

// One copy of each, shared with the figure rules.
export { at, list } from './figure-helpers.js';
export { isBrokerKind as isBroker, isStoreKind as isStore, waitsByShape as waits };

/** A number with at most three significant digits, no trailing zeros (`1.5`, `833`, `16.7`). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1000) return String(x);
  return String(roundPrecision(x, 3));
}

/** A count or rate with a scale word: `850`, `1 k`, `16.7 k`, `2.5 million`. */
export function scaled(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${num(x / 1e9)} billion`;
  if (a >= 1e6) return `${num(x / 1e6)} million`;
  if (a >= 1e3) return `${num(x / 1e3)} k`;
  return num(x);
}

/** A rate as the language writes it: `850 rps`, `16.7 k rps`. */
export function rps(x: number): string {
  return `${scaled(x)} rps`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** Instances counted (fixed count, else the autoscale minimum, else 1) and the autoscale maximum. */
export function instanceCount(c: Component): { count: number; max: number | undefined } {
  const count = c.instances ?? c.autoscale?.min ?? 1;
  return { count, max: c.autoscale?.max };
}

/** Capacity of one instance in rps, as the analysis models it (undefined when unknown). */
export { perInstanceRps as perInstanceCapacity } from '../analysis/component.js';

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

/** Stores a component keeps its sessions or files in (`sessions in X`, `files in X`). */
export function placementStores(c: Component): string[] {
  const out: string[] = [];
  if (c.sessions?.kind === 'store') out.push(c.sessions.store);
  if (c.files?.kind === 'store') out.push(c.files.store);
  return out;
}

/**
 * Components reached from clients along edges (`sync` = only the edges a caller waits for),
 * each with the first client that reaches it and the component it was reached from.
 * `sessions in X` / `files in X` reach X as well when not `sync`.
 */
export function reachFromClients(ctx: RuleContext, sync: boolean): Map<string, { client: string; via: string | null }> {
  const seen = new Map<string, { client: string; via: string | null }>();
  const queue: string[] = [];
  for (const c of ctx.model.components) {
    if (c.kind !== 'client' || seen.has(c.id)) continue;
    seen.set(c.id, { client: c.id, via: null });
    queue.push(c.id);
  }
  const visit = (to: string, client: string, via: string) => {
    if (seen.has(to) || !ctx.component(to)) return;
    seen.set(to, { client, via });
    queue.push(to);
  };
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const { client } = seen.get(id)!;
    for (const e of ctx.outEdges(id)) if (!sync || waitsByShape(ctx, e)) visit(e.to, client, id);
    if (!sync) {
      const c = ctx.component(id);
      if (c?.sessions?.kind === 'store') visit(c.sessions.store, client, id);
      if (c?.files?.kind === 'store') visit(c.files.store, client, id);
    }
  }
  return seen;
}

/**
 * For every component client requests wait on, up to `limit` of the clients whose synchronous
 * requests reach it. Labels only grow and stop at `limit`, so each component is revisited at most
 * `limit` times: linear in the edges, cycles included.
 */
export function clientsWaitingOn(ctx: RuleContext, limit = 3): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  const queue: string[] = [];
  for (const c of ctx.model.components) {
    if (c.kind !== 'client' || labels.has(c.id)) continue;
    labels.set(c.id, [c.id]);
    queue.push(c.id);
  }
  for (let i = 0; i < queue.length; i++) {
    const from = labels.get(queue[i]!)!;
    for (const e of ctx.outEdges(queue[i]!)) {
      if (!waitsByShape(ctx, e) || !ctx.component(e.to)) continue;
      let to = labels.get(e.to);
      if (!to) labels.set(e.to, (to = []));
      let grew = false;
      for (const k of from) {
        if (to.length >= limit) break;
        if (!to.includes(k)) {
          to.push(k);
          grew = true;
        }
      }
      if (grew) queue.push(e.to);
    }
  }
  return labels;
}

/** The hops from the client that first reached `id` to `id` (from reachFromClients). */
export function pathTo(reached: Map<string, { client: string; via: string | null }>, id: string): string[] {
  const hops: string[] = [];
  let cur: string | null = id;
  while (cur !== null && hops.length <= reached.size) {
    hops.unshift(cur);
    cur = reached.get(cur)?.via ?? null;
  }
  return hops;
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
