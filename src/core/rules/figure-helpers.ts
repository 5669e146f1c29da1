/**
 * Helpers shared by the rules that read the analysis's figures (figures.ts): number formatting
 * for messages, precise locations, pool and store sizing fixes, which components clients wait on,
 * where each client's writes land, and how a store's own design places it in CAP.
 */
import { ComponentResult } from '../analysis/component-result.js';
import { EdgeResult } from '../analysis/edge-result.js';
import { storeCap, type StoreCap } from '../analysis/consistency.js';
import { callerWaits } from '../analysis/graph.js';
import type { ComponentAnalysis, EdgeAnalysis, Figure, PathAnalysis } from '../analysis/types.js';
import { isBroker as isBrokerKind, isCache as isCacheKind, isStore as isStoreKind, KINDS } from '../kinds.js';
import type { Component, Edge, Slo, SourceLocation } from '../model.js';
import { takesProperty } from '../properties.js';
import { roundPrecision } from '../decimal.js';
import { formatBytes, formatDuration, formatNumber, formatPercent, formatRate } from '../units.js';
import type { Fix, FixOperation, RawFinding, RelatedInfo, RuleContext } from './types.js';

// ---------------------------------------------------------------------------------------------
// Numbers for people

/** Rounds away binary noise (999.9999999 → 1000) before formatting. */
const tidy = (x: number): number => (Number.isFinite(x) && x !== 0 ? roundPrecision(x, 9) : x);
/** `9.6k rps`. */
export const rate = (x: number): string => formatRate(tidy(x));
/** `9.6k`. */
export const count = (x: number): string => formatNumber(tidy(x));
/** `480 %`, `67.5 %` (whole percentages from 100 % up). */
export function pct(f: number): string {
  if (!Number.isFinite(f)) return '∞ %';
  return formatPercent(f, Math.abs(f) >= 1 ? 0 : 1);
}
/** `1.5 TB` (rounded first, so that 999,999,999,999.99 bytes read 1 TB, not 1000 GB). */
export const bytes = (b: number): string => formatBytes(Number.isFinite(b) ? roundPrecision(b, 9) : b);

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** A duration for people, in years beyond a year (`4 s`, `9.4 h`, `12 days`, `3.2 years`). */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  if (Math.abs(ms) >= YEAR_MS) {
    const y = formatNumber(ms / YEAR_MS);
    return `${y} ${y === '1' ? 'year' : 'years'}`;
  }
  return formatDuration(ms);
}

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

/** `users'`, `app's`: the possessive of a name. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** `a`, `a and b`, `a, b and c`. */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Where

/** The location of the first property written among `keys`, else the component's name. */
export function at(c: Component, ...keys: string[]): SourceLocation {
  for (const k of keys) {
    const l = c.propertyLocations[k];
    if (l) return l;
  }
  return c.nameLocation;
}

export function related(location: SourceLocation | undefined, message: string): RelatedInfo[] {
  return location ? [{ location, message }] : [];
}

/** The location of an SLO target (`p95`, `availability`): the property when known, else the block. */
export function sloLocation(slo: Slo, key: string): SourceLocation {
  const props = (slo as Slo & { propertyLocations?: Partial<Record<string, SourceLocation>> }).propertyLocations;
  return props?.[key] ?? slo.location;
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

// ---------------------------------------------------------------------------------------------
// Kinds

export { isBrokerKind, isCacheKind, isStoreKind };

// ---------------------------------------------------------------------------------------------
// Analysis look-ups

/** An edge's figures by edge id (one index per analysis, shared by every rule). */
export function edgeFigures(ctx: RuleContext, id: string): EdgeAnalysis | undefined {
  return ctx.edgeFigures(id);
}

/** Whether the caller waits for this edge (the analysis's verdict, else the same rule). */
export function waits(ctx: RuleContext, e: Edge): boolean {
  const f = edgeFigures(ctx, e.id);
  return f ? f.sync : waitsByShape(ctx, e);
}

/**
 * The same rule read from the model alone: not async, not CDC, and not out of a queue or stream
 * (consumers work apart from the producer) or a store (what leaves a store is its committed writes).
 */
export function waitsByShape(ctx: RuleContext, e: Edge): boolean {
  if (e.async || e.cdc) return false;
  const src = ctx.component(e.from);
  return !!src && callerWaits(e, src.kind);
}

const syncReach = new WeakMap<object, Set<string>>();

/** Components some client waits on: reached from a client along edges callers wait for. */
export function waitedOnByClients(ctx: RuleContext): Set<string> {
  const cached = syncReach.get(ctx.analysis);
  if (cached) return cached;
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const c of ctx.model.components) {
    if (c.kind === 'client' && !seen.has(c.id)) {
      seen.add(c.id);
      queue.push(c.id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const e of ctx.outEdges(queue[i]!)) {
      if (seen.has(e.to) || !waits(ctx, e)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  syncReach.set(ctx.analysis, seen);
  return seen;
}

/** Whether an edge carries writes (committed writes for CDC). */
export const carriesWrites = (e: Edge): boolean => e.cdc || e.traffic !== 'reads';

export interface WriteReach {
  /** Stores (and caches) a client's writes reach along synchronous edges only. */
  sync: Set<string>;
  /** Reached only through an async edge, a broker or change data capture: id -> the first async step. */
  async: Map<string, Edge>;
}

const writeReachMemo = new WeakMap<object, Map<string, WriteReach>>();

/**
 * Where a client's writes land: a breadth-first search along edges that carry writes, first
 * along the synchronous ones, then through async edges, brokers and CDC.
 */
export function writesOf(ctx: RuleContext, client: string): WriteReach {
  let memo = writeReachMemo.get(ctx.analysis);
  if (!memo) writeReachMemo.set(ctx.analysis, (memo = new Map()));
  const hit = memo.get(client);
  if (hit) return hit;
  const c = ctx.component(client);
  const out: WriteReach = { sync: new Set(), async: new Map() };
  if (!c || c.kind !== 'client' || (c.readFraction ?? 1) >= 1) {
    // no mix given: every request is a read (as in the analysis)
    memo.set(client, out);
    return out;
  }
  // synchronous closure
  const syncSeen = new Set([client]);
  const queue = [client];
  for (let i = 0; i < queue.length; i++) {
    for (const e of ctx.outEdges(queue[i]!)) {
      if (!carriesWrites(e) || !waits(ctx, e) || syncSeen.has(e.to)) continue;
      syncSeen.add(e.to);
      queue.push(e.to);
    }
  }
  for (const id of syncSeen) if (id !== client) out.sync.add(id);
  // then everything else the writes reach, remembering the first asynchronous step
  const first = new Map<string, Edge>();
  const q2: string[] = [];
  for (const id of syncSeen) {
    for (const e of ctx.outEdges(id)) {
      if (!carriesWrites(e) || waits(ctx, e) || syncSeen.has(e.to) || first.has(e.to)) continue;
      first.set(e.to, e);
      q2.push(e.to);
    }
  }
  for (let i = 0; i < q2.length; i++) {
    const via = first.get(q2[i]!)!;
    for (const e of ctx.outEdges(q2[i]!)) {
      if (!carriesWrites(e) || syncSeen.has(e.to) || first.has(e.to)) continue;
      first.set(e.to, via);
      q2.push(e.to);
    }
  }
  out.async = first;
  memo.set(client, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// CAP design of a store

/** A replicated store's CAP choice (the analysis's `storeCap`) with the words that explain it. */
export type CapDesign = StoreCap & { text: string };

/**
 * How a replicated store's own design places it in CAP: the analysis's decision, worded (null
 * for a single node, caches, and staleness that is not a replication choice: search refresh
 * intervals; change data capture is not looked at).
 */
export function capDesign(c: Component): CapDesign | null {
  const d = storeCap(c);
  return d?.replicated ? { ...d, text: capText(c, d) } : null;
}

/** Why a store is CP or AP, in words: `a strict quorum (R + W = 4 > N = 3)`. */
function capText(c: Component, d: StoreCap): string {
  const { replicas, engine } = d;
  switch (d.reason) {
    case 'quorum': {
      const { n, r, w } = d.quorum!;
      return d.cap === 'CP'
        ? `a strict quorum (R + W = ${r + w} > N = ${n})`
        : `a sloppy quorum (R + W = ${r + w} ≤ N = ${n}: a read may miss the latest write)`;
    }
    case 'engine':
      return d.cap === 'CP'
        ? `${engine} (consensus over ${replicas + 1} nodes)`
        : `${engine} (eventually consistent by default)`;
    case 'primary':
      return `reads from its primary only`;
    case 'sync-replicas':
      return `${replicas} synchronous replica(s): every write waits for all ${replicas + 1} nodes`;
    case 'async-replicas': {
      const lag = c.lagMs !== undefined ? `, up to ${duration(c.lagMs)} behind` : ', no lag bound given';
      return `reads from ${replicas} ${d.mode} replica(s) that answer from local state${lag}`;
    }
    case 'single-node':
      return 'one node';
    case 'refresh-interval':
      return `refreshed every ${duration(c.lagMs ?? 0)}`;
  }
}

/** Whether a store's reads are stale because it is fed by change data capture. */
export function cdcFed(ctx: RuleContext, id: string): Edge | undefined {
  return ctx.inEdges(id).find((e) => e.cdc);
}

/** The value to write for `replicas` keeping a replication mode written as its qualifier. */
export function replicasValue(c: Component, n: number): string {
  return c.replication && !c.propertyLocations.replication ? `${n} ${c.replication}` : String(n);
}

// ---------------------------------------------------------------------------------------------
// Sizing fixes

/** Per-instance capacity of a pool from the analysis (capacity / instances counted). */
export function perInstance(f: ComponentAnalysis): number | null {
  const cap = value(f.capacity);
  const n = value(f.instances);
  if (cap === null || n === null || n <= 0) return null;
  return cap / n;
}

/**
 * Instances a pool needs so that load / (n x per instance) stays below `below` (and at most the
 * target utilisation the analysis sized for): the analysis's instancesNeeded, raised if the target
 * is not below `below`.
 */
export function instancesFor(f: ComponentAnalysis, below: number): number | null {
  const load = loadTotal(f);
  const per = perInstance(f);
  const need = value(f.instancesNeeded);
  if (load === null || per === null || per <= 0) return need;
  let n = need ?? Math.ceil(load / per);
  if (!(load / (n * per) < below)) n = Math.floor(load / (per * below)) + 1;
  return Math.max(1, n);
}

/** Whether `instances` can be written on this component (a pool, not a store-model component). */
export function takesInstances(c: Component, f: ComponentAnalysis): boolean {
  return KINDS[c.kind].pool && f.store === null;
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

/** The target utilisation the analysis sized this component for. */
export function targetOf(ctx: RuleContext, f: ComponentAnalysis): number {
  const fromInputs = (fig: Figure | undefined) => {
    const u = fig?.inputs.Umax;
    return typeof u === 'number' && u > 0 && u <= 1 ? u : null;
  };
  return (
    fromInputs(f.instancesNeeded) ??
    fromInputs(f.store?.shardsNeeded) ??
    fromInputs(f.store?.replicasNeeded) ??
    ctx.analysis.settings.targetUtilization
  );
}

/**
 * The target utilisation of a component's system without building any figure: the system's
 * `settings { target-utilization }`, else the analysis's. (targetOf reads what the analysis used;
 * this is its cheap stand-in for filters run on every component.)
 */
export function targetFor(ctx: RuleContext, c: Component): number {
  const t = ctx.model.systems.find((s) => s.name === c.system)?.settings.targetUtilization;
  return t !== undefined && t > 0 && t <= 1 ? t : ctx.analysis.settings.targetUtilization;
}

export interface Sizing {
  fixes: Fix[];
  /** What the first fix does, for the message (`15 instances would run at 66.7 %`). */
  summary: string | null;
}

/**
 * Fixes that bring a store's busiest node below `below`: more read replicas when replicas are the
 * busiest and the primary is fine, more shards otherwise (the analysis's replicasNeeded and
 * shardsNeeded, both sized for the target utilisation).
 */
export function storeFixes(ctx: RuleContext, c: Component, f: ComponentAnalysis, below: number): Sizing {
  const st = f.store;
  if (!st) return { fixes: [], summary: null };
  const fixes: Fix[] = [];
  const summaries: string[] = [];
  const target = targetOf(ctx, f);
  const pu = value(st.primary.utilization);
  const ru = st.replica ? value(st.replica.utilization) : null;
  const rn = value(st.replicasNeeded);
  if (
    ru !== null &&
    pu !== null &&
    ru >= pu &&
    pu < below &&
    target < below &&
    rn !== null &&
    rn > st.replicas &&
    takesProperty(c.kind, 'replicas')
  ) {
    fixes.push({
      title: `Add read replicas: replicas ${rn}`,
      operations: [{ op: 'set-property', target: { component: c.id }, key: 'replicas', value: replicasValue(c, rn) }],
      preferred: true,
    });
    summaries.push(`${rn} replicas would keep each below ${pct(target)}`);
  }
  let sn = value(st.shardsNeeded);
  if (sn !== null && !(target < below)) {
    // sized for a target at or above the line to stay below: size for the line instead
    const { load, mu } = st.shardsNeeded.inputs;
    if (typeof load === 'number' && typeof mu === 'number' && mu > 0)
      sn = Math.max(sn, Math.floor(load / (below * mu)) + 1);
  }
  if (sn !== null && sn > st.shards) {
    fixes.push({
      title: `Shard it: shards ${sn}`,
      operations: [{ op: 'set-property', target: { component: c.id }, key: 'shards', value: String(sn) }],
      preferred: fixes.length === 0,
    });
    summaries.push(`${sn} shards would keep the busiest node below ${pct(target)}`);
  }
  return { fixes, summary: summaries.length ? summaries.join('; or ') : null };
}

/** Fixes that bring a component's utilisation below `below` (pool instances or store nodes). */
export function capacityFixes(ctx: RuleContext, c: Component, f: ComponentAnalysis, below: number): Sizing {
  if (f.store) return storeFixes(ctx, c, f, below);
  if (!takesInstances(c, f)) return { fixes: [], summary: null };
  const n = instancesFor(f, below);
  const current = value(f.instances) ?? 1;
  const load = loadTotal(f);
  const per = perInstance(f);
  if (n === null || n <= current) return { fixes: [], summary: null };
  const ops = instancesOps(c, n);
  const raise = ops.length > 1 ? ` (autoscale up to ${n})` : '';
  const at =
    load !== null && per !== null
      ? ` would run at ${pct(load / (n * per))}`
      : ` would keep it below ${pct(targetOf(ctx, f))}`;
  return {
    fixes: [{ title: `Scale out: instances ${n}${raise}`, operations: ops, preferred: true }],
    summary: `${n} instances${at}`,
  };
}

/** The busiest node of a store, in words. */
export function busiestNode(f: ComponentAnalysis): string {
  const st = f.store;
  if (!st) return '';
  const onReplica = st.replica !== null && (value(st.replica.load) ?? 0) > (value(st.primary.load) ?? 0);
  const node = st.readFrom === 'quorum' ? 'a quorum node' : onReplica ? 'a replica' : 'the primary';
  return st.shards > 1 ? `${node} of the hottest shard` : node;
}

/** Incoming edges that bring the most load, as related information (at most `limit`). */
export function topInflows(ctx: RuleContext, id: string, limit = 3): RelatedInfo[] {
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

// ---------------------------------------------------------------------------------------------
// Utilisation in words

/**
 * `web receives 10k rps against a capacity of 4k rps (4 × 1k rps): 250 %` for a pool, or
 * `main-db receives 24.5k rps (22.5k reads, 2k writes/s); its busiest node (the primary) carries
 * 24.5k rps of 3k rps: 817 %` for a store.
 */
export function utilisationText(c: Component, f: ComponentAnalysis): string {
  const load = loadTotal(f) ?? 0;
  const util = value(f.utilization);
  const u = util === null ? '∞ %' : pct(util);
  const st = f.store;
  if (st) {
    const reads = value(f.load.reads) ?? 0;
    const writes = value(f.load.writes) ?? 0;
    const onReplica = st.replica !== null && (value(st.replica.load) ?? 0) > (value(st.primary.load) ?? 0);
    const node = onReplica ? st.replica! : st.primary;
    const nodeLoad = value(node.load) ?? 0;
    const perNode = util !== null && util > 0 ? nodeLoad / util : null;
    return `${c.id} receives ${rate(load)} (${count(reads)} reads, ${count(writes)} writes/s); its busiest node (${busiestNode(f)}) carries ${rate(nodeLoad)}${perNode !== null ? ` of ${rate(perNode)}` : ''}: ${u}`;
  }
  const cap = value(f.capacity);
  const n = value(f.instances);
  const per = perInstance(f);
  const pool = n !== null && per !== null && n > 1 ? ` (${count(n)} × ${rate(per)})` : '';
  return `${c.id} receives ${rate(load)} against a capacity of ${cap === null ? '0 rps' : rate(cap)}${pool}: ${u}`;
}

/**
 * Whether `hot-shard` owns this component's utilisation finding: a sharded store whose skew is at
 * least the threshold, whose busiest node is at or above the headroom line while the mean shard
 * is below it (the skew, not the total load, is the problem).
 */
export function hotShardOwns(ctx: RuleContext, f: ComponentAnalysis): boolean {
  const st = f.store;
  if (!st || st.shards < 2) return false;
  const { hotShardSkew, headroomUtilization } = ctx.settings.thresholds;
  if (st.skew < hotShardSkew) return false;
  const util = value(f.utilization);
  if (util === null || util < headroomUtilization) return false;
  return util / st.skew < headroomUtilization;
}

/** Whether every input of a component comes out of a queue or stream (a consumer pool). */
export function consumerOnly(ctx: RuleContext, id: string): boolean {
  const ins = ctx.inEdges(id);
  if (ins.length === 0) return false;
  return ins.every((e) => {
    const src = ctx.component(e.from);
    return !!src && isBrokerKind(src.kind);
  });
}

// ---------------------------------------------------------------------------------------------
// Consistency in words

/**
 * What a serving hop gives readers: `hot-db serves eventual reads (2 async replicas that answer
 * from local state, up to 2 s behind)`, `page-cache serves weak reads (no TTL, no invalidation on
 * write)`.
 */
export function servedText(ctx: RuleContext, id: string, relative = false): string {
  const c = ctx.component(id);
  const cons = ctx.figures(id)?.consistency;
  if (!c || !cons) return id;
  const serves = relative ? `${id}, which serves` : `${id} serves`;
  if (cons.class === 'strong') return `${serves} strong reads`;
  if (cons.class === 'weak')
    return `${serves} weak reads (no TTL, no invalidation on write: an entry may stay stale for ever)`;
  const bound = cons.stalenessMs !== null ? `up to ${duration(cons.stalenessMs)} stale` : 'no staleness bound given';
  let why = '';
  const feed = cdcFed(ctx, id);
  if (feed) why = `fed by change data capture from ${feed.from}`;
  else if (KINDS[c.kind].expiringEntries) {
    why = c.ttlMs !== undefined ? `TTL ${duration(c.ttlMs)}` : 'invalidated on write';
    if ((c.replicas ?? 0) > 0 && c.replication !== 'sync')
      why += `, ${c.replicas} ${c.replication ?? 'async'} replica(s)`;
  } else {
    const d = capDesign(c);
    if (d && d.cap === 'AP') why = d.text;
    else if (c.kind === 'search' && c.lagMs !== undefined) why = `refreshed every ${duration(c.lagMs)}`;
  }
  return `${serves} ${cons.class} reads (${why ? `${why}; ` : ''}${bound})`;
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

const edgeMemo = new WeakMap<object, Map<string, Edge>>();

export function edgesById(ctx: RuleContext): Map<string, Edge> {
  let m = edgeMemo.get(ctx.model);
  if (!m) {
    m = new Map();
    for (const e of ctx.model.edges) m.set(e.id, e);
    edgeMemo.set(ctx.model, m);
  }
  return m;
}

/** The edge of a path that enters hop `id`. */
export function edgeInto(ctx: RuleContext, p: PathAnalysis, id: string): Edge | undefined {
  const i = p.hops.indexOf(id);
  if (i < 1) return undefined;
  return edgesById(ctx).get(p.edges[i - 1] ?? '');
}

/** Where an edge's requirement is written: its `requires` property, else the edge. */
export function requirementLocation(e: Edge): SourceLocation {
  return e.propertyLocations.requires ?? e.location;
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
