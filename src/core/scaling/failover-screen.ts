/**
 * The SLO part of N+1 without a second analysis, where a bound can decide it (failover.ts):
 * - an SLO missed before the loss stays missed (a loss never makes latency or availability better);
 * - availability falls at most by the component's own availability ratio after / before, to the
 *   power of the largest fan-out into it (each call factor 1 − s + s·A, a retried call's
 *   1 − (1 − A)^(r+1), a balancer's parallel targets, are monotone and concave in A);
 * - the clients' latency: a component no caller waits for leaves it alone; else the rise of its own
 *   p99 times its visits per client request must fit in the room under every latency target — first
 *   a coarse bound for a pool, no queue solved (a wait's p99 ≤ S ln 100 / (1 − ρ) for one exponential
 *   server at the survivors' ρ, × (1 + cv²) / 2 otherwise), then the own response solved.
 * What a component's bounds read is kept with its service model (analyze reuses the unchanged ones
 * across edits), so after an edit only the components whose inputs changed are bounded again; the
 * system's standing (room under the targets, availability) is compared afresh each time.
 */
import { ownService, type ServiceModel } from '../analysis/component.js';
import { CH_READS, CH_WRITES } from '../analysis/load.js';
import { redundant } from '../analysis/queueing.js';
import { SATURATED, type Context } from '../analysis/result-context.js';
import { quantile } from '../analysis/stats.js';
import type { Analysis } from '../analysis/types.js';
import type { Model, Slo } from '../model.js';
import type { Loss } from './loss.js';

/** A system's standing against its SLO in one analysis. */
export interface Standing {
  /** Least room under the latency targets, ms (negative: missed; Infinity: no latency target). */
  slack: number;
  /** Its rate-weighted availability (null: no requests). */
  availability: number | null;
  /** Already missed before any loss. */
  missed: boolean;
  clientRate: number;
}

type Worst = { p50: number; p95: number; p99: number };
const STANDING = new WeakMap<Analysis, Map<string, Standing | null>>();

/** The worst p50, p95 and p99 (those the SLO names) over a system's client requests. */
function worstOf(analysis: Analysis, model: Model, system: string, slo: Slo): Worst {
  const clients = new Set(model.components.filter((c) => c.kind === 'client' && c.system === system).map((c) => c.id));
  const w = { p50: -Infinity, p95: -Infinity, p99: -Infinity };
  for (const q of analysis.requests) {
    if (!clients.has(q.client)) continue;
    // only the percentiles the SLO names are solved (an unbounded request: Infinity)
    if (slo.p50Ms !== undefined) w.p50 = Math.max(w.p50, q.latency.p50.value ?? Infinity);
    if (slo.p95Ms !== undefined) w.p95 = Math.max(w.p95, q.latency.p95.value ?? Infinity);
    if (slo.p99Ms !== undefined) w.p99 = Math.max(w.p99, q.latency.p99.value ?? Infinity);
  }
  return w;
}

/** A system's standing against its SLO (null without one), once per analysis. */
export function standingOf(analysis: Analysis, model: Model, system: string): Standing | null {
  let m = STANDING.get(analysis);
  if (!m) STANDING.set(analysis, (m = new Map()));
  if (m.has(system)) return m.get(system)!;
  const slo = model.systems.find((s) => s.name === system)?.slo;
  const summary = analysis.systems.find((s) => s.name === system);
  let out: Standing | null = null;
  if (slo && summary && hasTargets(slo)) {
    const w = worstOf(analysis, model, system, slo);
    let slack = Infinity;
    if (slo.p50Ms !== undefined) slack = Math.min(slack, slo.p50Ms - w.p50);
    if (slo.p95Ms !== undefined) slack = Math.min(slack, slo.p95Ms - w.p95);
    if (slo.p99Ms !== undefined) slack = Math.min(slack, slo.p99Ms - w.p99);
    out = {
      slack,
      availability: summary.availability.value,
      missed: slack < 0 || summary.meetsAvailabilitySlo === false,
      clientRate: summary.clientRate.value ?? 0,
    };
  }
  m.set(system, out);
  return out;
}

/** Whether an SLO has any target. */
export function hasTargets(slo: Slo | undefined): slo is Slo {
  return (
    !!slo &&
    (slo.availability !== undefined || slo.p50Ms !== undefined || slo.p95Ms !== undefined || slo.p99Ms !== undefined)
  );
}

/** What a component's bounds read beyond its service model, and the bounds made so far. */
export interface Bounds {
  r: number;
  w: number;
  zones: number;
  /** Per caller edge: waits for reads, for writes, fan-out. */
  callers: number[];
  /** A caller waits for it. */
  waited: boolean;
  /** The own availability ratio after / before, to the power of the largest fan-out into it. */
  ratio?: number;
  /** The rise of its own p99 (Infinity: unbounded after the loss). */
  rise?: number;
  /** What it loses (numbers only: no graph kept alive), null when not redundant; made on first use. */
  loss?: LossFigures | null;
  /** Failovers made from these bounds, by SLO verdict and target utilisation. */
  results?: Map<string, unknown>;
}

/** A loss's figures, without the closures that make its service model. */
export type LossFigures = Omit<Loss, 'sm' | 'after'>;

const BOUNDS = new WeakMap<ServiceModel, Bounds>();

function sameCallers(ctx: Context, i: number, callers: readonly number[]): boolean {
  const g = ctx.g;
  const start = g.inStart[i]!;
  const n = g.inStart[i + 1]! - start;
  if (n * 3 !== callers.length) return false;
  for (let k = 0; k < n; k++) {
    const e = g.inList[start + k]!;
    if (callers[3 * k] !== g.sync[0][e] || callers[3 * k + 1] !== g.sync[1][e] || callers[3 * k + 2] !== g.fanout[e])
      return false;
  }
  return true;
}

/** The bounds of component i, kept with its service model while its inputs are the same. */
export function boundsOf(ctx: Context, i: number, zones: number): Bounds {
  const sm = ctx.sms[i]!;
  const r = ctx.load.arr[i * 4 + CH_READS]!;
  const w = ctx.load.arr[i * 4 + CH_WRITES]!;
  const kept = BOUNDS.get(sm);
  if (kept && kept.r === r && kept.w === w && kept.zones === zones && sameCallers(ctx, i, kept.callers)) return kept;
  const g = ctx.g;
  const callers: number[] = [];
  let waited = false;
  for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) {
    const e = g.inList[j]!;
    callers.push(g.sync[0][e]!, g.sync[1][e]!, g.fanout[e]!);
    if (g.sync[0][e] || g.sync[1][e]) waited = true;
  }
  const b: Bounds = { r, w, zones, callers, waited };
  BOUNDS.set(sm, b);
  return b;
}

/** The own availability ratio after / before the loss, to the power of the largest fan-out into it. */
function ratioOf(ctx: Context, i: number, loss: Loss): number {
  const sm = ctx.sms[i]!;
  const before = ctx.svc[i]!;
  let ratio = 1;
  if (!sm.store) {
    // a pool's own availability is its instances' in parallel
    const b = redundant(sm.availability, sm.instances);
    if (b > 0) ratio = redundant(sm.availability, loss.remaining) / b;
  } else {
    const after = ownService(
      loss.sm(),
      ctx.load.arr[i * 4 + CH_READS]!,
      ctx.load.arr[i * 4 + CH_WRITES]!,
      ctx.load.primaryReads[i],
    );
    for (const k of [0, 1]) {
      const b = before.availability[k]!;
      if (b > 0) ratio = Math.min(ratio, after.availability[k]! / b);
    }
  }
  let fan = 1;
  const g = ctx.g;
  for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) fan = Math.max(fan, g.fanout[g.inList[j]!]!);
  return Math.pow(ratio, fan);
}

/** The rise of the component's own p99 (the worse class) after the loss, solved. */
function riseOf(ctx: Context, i: number, loss: Loss): number {
  if (loss.utilization >= SATURATED) return Infinity;
  const before = ctx.svc[i]!;
  const after = ownService(
    loss.sm(),
    ctx.load.arr[i * 4 + CH_READS]!,
    ctx.load.arr[i * 4 + CH_WRITES]!,
    ctx.load.primaryReads[i],
  );
  let rise = 0;
  for (const k of [0, 1]) rise = Math.max(rise, quantile(after.own[k]!, 0.99) - quantile(before.own[k]!, 0.99));
  return Number.isFinite(rise) ? rise : Infinity;
}

/** A bound on the p99 of a pool's wait at utilisation u, ms (see the file's comment). */
function coarseWait(sm: ServiceModel, u: number): number {
  if (!(u < 1)) return Infinity;
  return ((sm.serviceMs * Math.log(100)) / (1 - u)) * Math.max(1, (1 + sm.serviceCv * sm.serviceCv) / 2);
}

/**
 * Whether the SLO holds after the loss (true), is missed (false: already before it), or the bounds
 * cannot tell (undefined: a second analysis decides).
 */
export function screenSlo(
  ctx: Context,
  i: number,
  b: Bounds,
  figures: LossFigures,
  loss: () => Loss,
  slo: Slo,
  standing: Standing,
): boolean | undefined {
  if (standing.missed) return false;
  if (slo.availability !== undefined) {
    b.ratio ??= ratioOf(ctx, i, loss());
    if (standing.availability === null || standing.availability * b.ratio < slo.availability) return undefined;
  }
  if (!(standing.slack < Infinity) || !b.waited) return true;
  if (figures.utilization >= SATURATED) return undefined;
  const sm = ctx.sms[i]!;
  const arrivals = b.r + b.w;
  const visits = standing.clientRate > 0 ? Math.max(1, arrivals / standing.clientRate) : 1;
  if (!sm.store && !sm.batch && visits * coarseWait(sm, figures.utilization) <= standing.slack) return true;
  b.rise ??= riseOf(ctx, i, loss());
  return visits * b.rise <= standing.slack ? true : undefined;
}
