/**
 * latency-budget: a client's requests of one class (reads or writes) are slower than the system's
 * `slo { p95 ... }` (and p50 / p99 when given), with the hops that take the most time.
 */
import { analyze } from '../analysis/index.js';
import { callRegionLatency } from '../analysis/regions.js';
import type { Analysis, LatencyFigures, PathAnalysis, RequestAnalysis } from '../analysis/types.js';
import type { Model, Slo } from '../model.js';
import { count, duration, list, percent, possessive } from '../wording.js';
import { edgesById, value } from './helpers/figures.js';
import { sloLocation } from './helpers/where.js';
import type { RawFinding, RelatedInfo, Rule, RuleContext } from './types.js';

const TARGETS: { key: 'p50' | 'p95' | 'p99'; slo: 'p50Ms' | 'p95Ms' | 'p99Ms' }[] = [
  { key: 'p95', slo: 'p95Ms' },
  { key: 'p99', slo: 'p99Ms' },
  { key: 'p50', slo: 'p50Ms' },
];

/** Hops below this share of the mean latency are not worth naming. */
const MIN_HOP_SHARE = 0.05;
/** Clients' rates are scaled by this to get latencies with (almost) no queueing. */
const NO_LOAD = 1e-6;
/**
 * Above this many components the no-load check (a second analysis) is skipped: saturated request
 * classes are then left to overloaded, keeping the rules within the editor's time budget.
 */
export const NO_LOAD_MAX_COMPONENTS = 3000;

const noLoadMemo = new WeakMap<object, Analysis>();
/**
 * The last no-load analysis made, passed to the next as `previous`: after a one-line edit most
 * components keep their service model (analyze() reuses those of the same Component objects
 * under the same load; the figures are the same either way). Only models of up to
 * NO_LOAD_MAX_COMPONENTS components have one, so this holds at most one such analysis.
 */
let lastNoLoad: Analysis | undefined;

/** The same model with every client at a millionth of its rate: service and fixed latency only. */
function noLoad(ctx: RuleContext): Analysis {
  const hit = noLoadMemo.get(ctx.analysis);
  if (hit) return hit;
  const model: Model = {
    ...ctx.model,
    components: ctx.model.components.map((c) =>
      c.kind === 'client' && c.rateRps !== undefined ? { ...c, rateRps: c.rateRps * NO_LOAD } : c,
    ),
  };
  // No paths: the requests' figures come from the call trees; hops are taken from the real paths.
  const a = analyze(model, { maxPaths: 0, previous: lastNoLoad });
  noLoadMemo.set(ctx.analysis, a);
  lastNoLoad = a;
  return a;
}

interface HopShare {
  id: string;
  /** Own mean latency (plus the latency of the edge into it), ms. */
  mean: number;
  /** Share of the requests that pass through it (the likeliest path through it). */
  reach: number;
  /** reach x mean / the requests' mean latency. */
  share: number;
}

/** What a call between two components adds for crossing regions, ms (the analysis's own decision). */
function crossing(ctx: RuleContext, from: string, to: string): number {
  const a = ctx.component(from);
  const b = ctx.component(to);
  if (!a || !b) return 0;
  return callRegionLatency(a, b, new Map(ctx.model.systems.map((s) => [s.name, s])))?.ms ?? 0;
}

/**
 * The hops that take the most time over a client's requests of one class: every component on its
 * paths, weighted by the share of the requests that reach it, as a share of the mean latency.
 */
function slowHops(
  ctx: RuleContext,
  a: Analysis,
  req: RequestAnalysis,
  withPaths: Analysis,
): { hops: HopShare[]; path: PathAnalysis | undefined } {
  const total = value(req.latency.mean);
  const paths = withPaths.paths.filter((p) => p.from === req.client && p.traffic === req.traffic);
  if (total === null || !(total > 0) || paths.length === 0) return { hops: [], path: undefined };
  const edges = edgesById(ctx);
  const rows = new Map<string, { mean: number; reach: number }>();
  for (const p of paths) {
    const prob = value(p.probability) ?? 0;
    p.hops.forEach((id, i) => {
      if (i === 0) return;
      const idx = a.componentIndex[id];
      const own = value(idx === undefined ? null : a.components[idx]!.latency.mean) ?? 0;
      const edge = edges.get(p.edges[i - 1] ?? '');
      const mean = own + (edge?.latencyMs ?? 0) + crossing(ctx, p.hops[i - 1]!, id);
      const row = rows.get(id);
      if (!row) rows.set(id, { mean, reach: prob });
      else {
        row.mean = Math.max(row.mean, mean);
        row.reach = Math.max(row.reach, prob);
      }
    });
  }
  const hops = [...rows]
    .map(([id, r]) => ({ id, mean: r.mean, reach: r.reach, share: Math.min(1, (r.mean * r.reach) / total) }))
    .filter((h) => h.mean > 0 && h.share >= MIN_HOP_SHARE)
    .sort((x, y) => y.share - x.share)
    .slice(0, 3);
  let path: PathAnalysis | undefined;
  if (hops[0]) {
    for (const p of paths)
      if (p.hops.includes(hops[0].id) && (!path || (value(p.probability) ?? 0) > (value(path.probability) ?? 0)))
        path = p;
  }
  return { hops, path };
}

function over(lat: LatencyFigures, slo: Slo): { key: string; got: number; want: number }[] {
  const out: { key: string; got: number; want: number }[] = [];
  for (const t of TARGETS) {
    const want = slo[t.slo];
    if (want === undefined) continue; // a percentile not in the SLO is not solved (requests' are solved when read)
    const got = value(lat[t.key]);
    if (got !== null && got > want) out.push({ key: t.key, got, want });
  }
  return out;
}

export const latencyBudget: Rule = {
  id: 'latency-budget',
  defaultSeverity: 'warning',
  description: "A client's reads or writes are slower than the system's SLO (p95, and p50 / p99 when given).",
  concept: 'Latency vs throughput: latency is the time to perform an action; a p95 budget split over the hops',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const sys of ctx.model.systems) {
      const slo = sys.slo;
      if (!slo || (slo.p95Ms === undefined && slo.p99Ms === undefined && slo.p50Ms === undefined)) continue;
      const clients = new Set(sys.components.filter((id) => ctx.component(id)?.kind === 'client'));
      for (const req of ctx.analysis.requests) {
        if (!clients.has(req.client)) continue;
        let a = ctx.analysis;
        let violations = over(req.latency, slo);
        let unbounded: string[] | null = null;
        if (value(req.latency.mean) === null) {
          // Saturated somewhere on the call tree (overloaded reports that). Report here only when
          // the budget is missed even without any queueing.
          if (ctx.model.components.length > NO_LOAD_MAX_COMPONENTS) continue;
          const quiet = noLoad(ctx);
          const same = quiet.requests.find((r) => r.client === req.client && r.traffic === req.traffic);
          if (!same) continue;
          violations = over(same.latency, slo);
          if (violations.length === 0) continue;
          a = quiet;
          const path = ctx.analysis.paths
            .filter((p) => p.from === req.client && p.traffic === req.traffic)
            .flatMap((p) => p.hops);
          unbounded = [...new Set(path)].filter((id) => ctx.figures(id)?.saturated);
          if (unbounded.length === 0) unbounded = ctx.analysis.system.saturated.slice(0, 3);
        }
        if (violations.length === 0) continue;
        const client = ctx.component(req.client);
        const slow = slowHops(
          ctx,
          a,
          unbounded ? (a.requests.find((r) => r.client === req.client && r.traffic === req.traffic) ?? req) : req,
          ctx.analysis,
        );
        const hops = slow.hops;
        const v = violations[0]!;
        const targets = violations.map((x) => `${x.key} ${duration(x.got)} > ${duration(x.want)}`).join(', ');
        const who = `${possessive(req.client)} ${req.traffic}`;
        let message = unbounded
          ? `${who} miss the latency SLO of ${sys.name} even without load (${targets}); under the modelled load they are unbounded (${list(unbounded.length > 3 ? [...unbounded.slice(0, 3), `${count(unbounded.length - 3)} more`] : unbounded)} saturated)`
          : `${who} miss the latency SLO of ${sys.name}: ${targets}`;
        if (hops.length) {
          message += `; slowest hops: ${hops.map((h) => `${h.id} ${duration(h.mean)}${h.reach < 0.995 ? ` on ${percent(h.reach)} of them` : ''} (${percent(h.share)} of the mean)`).join(', ')}`;
          if (slow.path) message += `, e.g. ${slow.path.hops.join(' → ')}`;
        }
        const rel: RelatedInfo[] = [];
        if (client) rel.push({ location: client.nameLocation, message: `${req.client} sends these ${req.traffic}` });
        for (const h of hops) {
          const c = ctx.component(h.id);
          if (c)
            rel.push({
              location: c.nameLocation,
              message: `${h.id}: ${duration(h.mean)} mean, ${percent(h.share)} of the requests' mean latency`,
            });
        }
        out.push({
          message,
          location: sloLocation(slo, v.key),
          components: [req.client, ...hops.map((h) => h.id)],
          related: rel,
        });
      }
    }
    return out;
  },
};
