/**
 * The scaling questions' answers, as plain data: the load sweep and its break points, scaling
 * efficiency, growth month by month, N+1 failover and scenarios. Computed in this folder from the
 * model and its analysis (pure core); read by the rules, the CLI, the editor and the preview.
 */
import type { Analysis } from '../analysis/types.js';
import type { Model, Scenario } from '../model.js';

export type SloTarget = 'p50' | 'p95' | 'p99' | 'availability';

/** A request class of a client, as the analysis's requests name it. */
export interface RequestKey {
  client: string;
  traffic: 'reads' | 'writes';
}

export interface SweepOptions {
  /** The largest multiplier of today's load (default: past the last break point of interest). */
  to?: number;
  /** Number of points from 0 (exclusive) to `to` (default 100). */
  steps?: number;
}

/** One client's request class against the load multiplier (ms; Infinity once saturated). */
export interface ClientCurve extends RequestKey {
  system: string;
  p50: number[];
  p95: number[];
  p99: number[];
}

/** One component's utilisation against the load multiplier (may exceed 1). */
export interface ComponentCurve {
  component: string;
  system: string;
  utilization: number[];
  /** The multiplier at which it saturates with today's instances, null when no load reaches it. */
  saturatesAt: number | null;
  /** The multiplier at which it saturates with autoscaling at its maximum (== saturatesAt without autoscale). */
  saturatesAtMax: number | null;
  /** The multiplier at which autoscaling needs its maximum (at the target utilisation), null without autoscale. */
  autoscaleMaxAt: number | null;
}

/** Where something first breaks as load grows. */
export interface BreakPoint {
  multiplier: number;
  kind: 'saturates' | 'slo' | 'autoscale-max';
  system: string;
  component?: string;
  request?: RequestKey;
  target?: SloTarget;
  /** One sentence, worded through wording.ts: "app saturates at 1.71× today's load". */
  text: string;
}

export interface SystemScaling {
  system: string;
  /** The first component to saturate (today's instances), null when nothing does. */
  firstSaturation: BreakPoint | null;
  /** Per SLO target the system declares: the largest multiplier at which it still holds (null: holds over the whole sweep). */
  sloHoldsTo: Partial<Record<SloTarget, number | null>>;
  /** The SLO targets, for the charts' lines (ms; availability as a fraction). */
  slo: Partial<Record<SloTarget, number>>;
  /** The code lens's line: "breaks at 1.71× (app) · p95 SLO holds to 1.6×". */
  lens: string;
}

export interface Bottleneck {
  component: string;
  multiplier: number;
}

export interface Sweep {
  multipliers: number[];
  clients: ClientCurve[];
  components: ComponentCurve[];
  /** Every break point, by multiplier. */
  breaks: BreakPoint[];
  /** The order in which components saturate: with today's instances, and with autoscaling at its maximum. */
  bottlenecks: { fixed: Bottleneck[]; autoscaled: Bottleneck[] };
  systems: SystemScaling[];
  targetUtilization: number;
}

/** The notes' "performance grows in proportion to the resources added", as a figure. */
export interface Efficiency {
  system: string;
  /** The bottleneck today, null when nothing saturates. */
  bottleneck: string | null;
  /** Max throughput multiplier against the bottleneck's instance count (first point: today's). */
  points: Array<{ instances: number; maxMultiplier: number; limitedBy: string }>;
  /** Where adding instances to the bottleneck stops helping: the multiplier and the component that caps it. */
  cap: { multiplier: number; component: string } | null;
  /** "adding instances to app scales linearly to 3.4×; then flights-db caps it". */
  text: string;
}

export interface GrowthEvent {
  kind: 'saturates' | 'slo' | 'autoscale-max' | 'storage-full';
  /** Months from now (fractional). */
  month: number;
  system: string;
  component?: string;
  request?: RequestKey;
  target?: SloTarget;
  text: string;
}

export interface Growth {
  /** Months covered (the horizon). */
  horizonMonths: number;
  /** Per client with a growth rate: the rate per month (fraction). */
  rates: Record<string, number>;
  /** Events within the horizon, by month. */
  events: GrowthEvent[];
  /** The timeline for the chart: month points, per request class p95 and per component utilisation. */
  timeline: {
    months: number[];
    clients: ClientCurve[];
    components: Array<{ component: string; utilization: number[] }>;
  };
}

/** N+1: one instance, replica, shard node or zone of a redundant component lost. */
export interface Failover {
  component: string;
  lost: 'instance' | 'replica' | 'node' | 'zone';
  /** How many were lost (a zone: ceil(n / zones)). */
  lostCount: number;
  remaining: number;
  /** Utilisation of the survivors (the busiest). */
  utilizationAfter: number;
  /** The survivors stay below 100 %. */
  carries: boolean;
  /** Below the target utilisation. */
  withinTarget: boolean;
  /** Every SLO target of the component's system still holds (null without an SLO). */
  sloHolds: boolean | null;
  /** "losing one of 20 app instances: the other 19 run at 61 %; p95 SLO holds". */
  text: string;
}

export interface ScenarioVerdict {
  ok: boolean;
  /** Components saturated in the scenario. */
  saturated: string[];
  meetsLatencySlo: boolean | null;
  meetsAvailabilitySlo: boolean | null;
  /** The lens's line: "holds: p95 142 ms, availability 99.95 %" or "breaks: app at 134 %". */
  text: string;
}

export interface ScenarioResult {
  scenario: Scenario;
  /** The model with the scenario's changes applied (a copy; the original is untouched). */
  model: Model;
  analysis: Analysis;
  verdict: ScenarioVerdict;
}
