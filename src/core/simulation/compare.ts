/**
 * The analysis beside the simulation: for every figure both give (throughput, utilisation, mean,
 * p50, p95, p99 of components and client requests; throughput of edges; the share of requests
 * that succeed; and where the analysis has them (issue 16): an edge's timeout share, retries per
 * second, a pool's P(wait) or a bulkhead's P(refused), a request's share over its end-to-end
 * timeout and its error rate), the difference and a verdict. The tolerances here are the differential tests'
 * and the docs': a figure agrees when it lies inside the simulation's 95 % interval, is close
 * when it is outside it but within the figure's tolerance, and differs otherwise.
 */
import type { Analysis, ConnectionPoolFigures, EdgeResilience, Figure, LatencyFigures } from '../analysis/types.js';
import type { Estimate, SimComponent, SimLatency, SimulationResult } from './index.js';

/** The figures every model has (`Comparison.rows`). */
export type ComparedFigure = 'throughput' | 'utilization' | 'mean' | 'p50' | 'p95' | 'p99' | 'success';
/** The resilience figures (issue 16), where the analysis and the model have them (`Comparison.resilience`). */
export type ResilienceFigure = 'timeoutShare' | 'retries' | 'errorRate' | 'waitProbability' | 'refusal';
export type AnyFigure = ComparedFigure | ResilienceFigure;
export type Subject = 'component' | 'edge' | 'request';
export type Verdict = 'agrees' | 'close' | 'differs';

/** Relative tolerance per figure (success: absolute, in availability points). */
export const TOLERANCE: Record<ComparedFigure, number> = {
  throughput: 0.02,
  utilization: 0.02,
  mean: 0.05,
  p50: 0.1,
  p95: 0.1,
  p99: 0.1,
  success: 0.0005,
};

/** Tolerance of the resilience figures: retries per second relative, the shares absolute (points). */
export const RESILIENCE_TOLERANCE: Record<ResilienceFigure, number> = {
  timeoutShare: 0.01,
  retries: 0.05,
  errorRate: 0.005,
  waitProbability: 0.02,
  refusal: 0.01,
};

export function toleranceOf(figure: AnyFigure): number {
  return figure in TOLERANCE ? TOLERANCE[figure as ComparedFigure] : RESILIENCE_TOLERANCE[figure as ResilienceFigure];
}

/** Figures that are shares of requests, compared by their absolute difference. */
export const ABSOLUTE_FIGURES: ReadonlySet<AnyFigure> = new Set<AnyFigure>([
  'success',
  'timeoutShare',
  'errorRate',
  'waitProbability',
  'refusal',
]);

export interface ComparisonRow<F extends AnyFigure = ComparedFigure> {
  subject: Subject;
  /** Component id, edge id, or `client reads` / `client writes`. */
  name: string;
  /** The component (or client) the row is about, for grouping. */
  component: string;
  traffic: 'reads' | 'writes' | 'total';
  figure: F;
  analytic: number;
  simulated: Estimate;
  /** (analytic − simulated) / simulated; for success the absolute difference. */
  difference: number;
  verdict: Verdict;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** The resilience figures' rows (issue 16): timeout share, retries, P(wait), P(refused), error rate. */
  resilience: ComparisonRow<ResilienceFigure>[];
  /** Figures left out and why (saturated, not measured, no figure). */
  skipped: { name: string; figure: AnyFigure; why: string }[];
  counts: Record<Verdict, number>;
  sim: SimulationResult;
}

const LATENCY_KEYS = ['mean', 'p50', 'p95', 'p99'] as const;
const PERCENTILES: ReadonlySet<AnyFigure> = new Set<AnyFigure>(['p50', 'p95', 'p99']);
/** Half the relative width of the simulation's histogram buckets (1 %). */
const HISTOGRAM_RESOLUTION = 0.005;

/** Whether an estimate measured something. */
export function measured(e: Estimate): boolean {
  return Number.isFinite(e.value) && e.n > 0;
}

/** The verdict on an analytic value against a simulated estimate for a figure. */
export function verdictOf(
  figure: AnyFigure,
  analytic: number,
  sim: Estimate,
): { difference: number; verdict: Verdict } {
  const absolute = ABSOLUTE_FIGURES.has(figure);
  const difference = absolute
    ? analytic - sim.value
    : sim.value === 0
      ? analytic === 0
        ? 0
        : Infinity
      : (analytic - sim.value) / Math.abs(sim.value);
  // the interval, widened by what the simulation cannot resolve: a percentile comes from 1 % log
  // buckets (half a bucket either way), any figure from floating point
  const slack = Math.abs(sim.value) * (PERCENTILES.has(figure) ? HISTOGRAM_RESOLUTION : 1e-9);
  const inside = analytic >= Math.min(sim.low, sim.value) - slack && analytic <= Math.max(sim.high, sim.value) + slack;
  // tiny absolute values (a utilisation of 0.1 %, a latency under 1 µs) are compared absolutely
  const small = !absolute && Math.abs(analytic - sim.value) <= (figure === 'utilization' ? 1e-4 : 1e-3);
  const verdict: Verdict =
    inside || analytic === sim.value
      ? 'agrees'
      : Math.abs(difference) <= toleranceOf(figure) || small
        ? 'close'
        : 'differs';
  return { difference, verdict };
}

/**
 * The simulated utilisation the analysis's figure means: for a store, its hottest shard's busier
 * node kind (the primary, or its replicas on average: the analysis's replicas are equally loaded,
 * while the busiest of several measured replicas is biased up by chance); for partitioned
 * consumers, the busiest consumer; else the pool's mean over its instances.
 */
function busiest(dispatch: string, sc: SimComponent): Estimate {
  if (sc.nodes) {
    const r = sc.nodes.replica;
    return r && r.value > sc.nodes.primary.value ? r : sc.nodes.primary;
  }
  return dispatch === 'partitioned' ? sc.utilizationMax : sc.utilization;
}

export function compareWithAnalysis(analysis: Analysis, sim: SimulationResult): Comparison {
  const rows: ComparisonRow[] = [];
  const resilience: ComparisonRow<ResilienceFigure>[] = [];
  const skipped: Comparison['skipped'] = [];
  const saturated = new Set(sim.components.filter((c) => c.saturated).map((c) => c.id));
  const byId = new Map(analysis.components.map((c) => [c.id, c]));

  const add = (
    subject: Subject,
    name: string,
    component: string,
    traffic: ComparisonRow['traffic'],
    figure: AnyFigure,
    a: Figure | number | null,
    s: Estimate | undefined,
  ) => {
    const value = a === null || typeof a === 'number' ? a : a.value;
    if (!s || !measured(s)) return void skipped.push({ name, figure, why: 'not measured by the simulation' });
    if (value === null || !Number.isFinite(value))
      return void skipped.push({ name, figure, why: 'no analytic figure (saturated or unknown)' });
    const row = { subject, name, component, traffic, analytic: value, simulated: s, ...verdictOf(figure, value, s) };
    if (figure in TOLERANCE) rows.push({ ...row, figure: figure as ComparedFigure });
    else resilience.push({ ...row, figure: figure as ResilienceFigure });
  };

  const latencies = (
    subject: Subject,
    name: string,
    component: string,
    traffic: 'reads' | 'writes',
    a: LatencyFigures,
    s: SimLatency,
  ) => {
    for (const key of LATENCY_KEYS) add(subject, name, component, traffic, key, a[key], s[key]);
  };

  // a scheduled job is a load source, as a client is: its own requests are not its load
  const jobs = new Set(sim.requests.filter((r) => r.scheduled).map((r) => r.client));
  for (const sc of sim.components) {
    const ac = byId.get(sc.id);
    if (!ac || ac.kind === 'client' || jobs.has(sc.id)) continue;
    if (sc.saturated || ac.saturated) {
      skipped.push({ name: sc.id, figure: 'throughput', why: 'saturated' });
      continue;
    }
    add('component', sc.id, sc.id, 'total', 'throughput', ac.load.total, sc.throughputRps.total);
    if (ac.hasCapacity)
      add('component', sc.id, sc.id, 'total', 'utilization', ac.utilization, busiest(ac.dispatch, sc));
    if (sc.latencyUnreliable) {
      skipped.push({ name: sc.id, figure: 'mean', why: 'something it waits for is saturated' });
      continue;
    }
    // A component's figures mix its classes; a percentile of a mix cannot be rebuilt from the
    // simulation's per-class ones, so latency is compared where one class is all of the load.
    const r = ac.load.reads.value ?? 0;
    const w = ac.load.writes.value ?? 0;
    const only = r > 0 && w === 0 ? 'reads' : w > 0 && r === 0 ? 'writes' : null;
    const sl = only ? sc.latency[only] : null;
    if (only && sl) latencies('component', sc.id, sc.id, only, ac.endToEnd, sl);
  }

  const edgeById = new Map(analysis.edges.map((e) => [e.id, e]));
  for (const se of sim.edges) {
    const ae = edgeById.get(se.id);
    if (!ae) continue;
    if (saturated.has(ae.from) || saturated.has(ae.to)) continue;
    add('edge', se.id, ae.from, 'total', 'throughput', ae.load.total, se.throughputRps);
    const sc = se.calls;
    if (!sc) continue;
    // read when present: the resilience figures are attached by the analysis (issue 16)
    const res = (ae as { resilience?: EdgeResilience | null }).resilience;
    if (res) add('edge', se.id, ae.from, 'total', 'timeoutShare', res.timeoutShare, sc.timeoutShare);
    if (res && res.breaker !== 'open') add('edge', se.id, ae.from, 'total', 'retries', res.retryLoad, sc.retriesRps);
    const pool = (ae as { connections?: ConnectionPoolFigures | null }).connections;
    if (pool && sc.pool) {
      if (pool.kind === 'pool')
        add('edge', se.id, ae.from, 'total', 'waitProbability', pool.waitProbability, sc.pool.waitProbability);
      else add('edge', se.id, ae.from, 'total', 'refusal', pool.refusal, sc.pool.refusal);
    }
  }

  const bulkheads = sim.edges.some((e) => e.calls?.pool?.kind === 'bulkhead');
  for (const sr of sim.requests) {
    if (sr.scheduled) continue;
    const ar = analysis.requests.find((x) => x.client === sr.client && x.traffic === sr.traffic);
    if (!ar || !((ar.rate.value ?? 0) > 0)) continue;
    const name = `${sr.client} ${sr.traffic}`;
    add('request', name, sr.client, sr.traffic, 'throughput', ar.rate, sr.rate);
    add('request', name, sr.client, sr.traffic, 'success', ar.availability, sr.success);
    const errors = ar as { errorRate?: Figure; timeoutShare?: Figure };
    // the error rate is 1 − success unless an end-to-end timeout or a bulkhead adds to it
    if (errors.errorRate && sr.errorRate && (sr.timeoutShare || bulkheads))
      add('request', name, sr.client, sr.traffic, 'errorRate', errors.errorRate, sr.errorRate);
    if (errors.timeoutShare && sr.timeoutShare)
      add('request', name, sr.client, sr.traffic, 'timeoutShare', errors.timeoutShare, sr.timeoutShare);
    if (ar.latency.mean.value === null || sr.latencyUnreliable) {
      skipped.push({ name, figure: 'mean', why: 'a saturated component is on its call tree' });
      continue;
    }
    latencies('request', name, sr.client, sr.traffic, ar.latency, sr.latency);
  }

  const counts: Record<Verdict, number> = { agrees: 0, close: 0, differs: 0 };
  for (const r of rows) counts[r.verdict]++;
  for (const r of resilience) counts[r.verdict]++;
  return { rows, resilience, skipped, counts, sim };
}
