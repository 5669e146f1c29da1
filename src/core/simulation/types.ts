/**
 * The simulation's public types: options and result. Other modules (compare, report, the CLI and
 * the language server) code against these exactly; extend only by adding fields.
 */

export interface SimOptions {
  /** Simulated seconds per replication, warm-up included (default 60). */
  durationS?: number;
  /** Seed of the first replication; the others derive from it (default 1). */
  seed?: number;
  /** Independent replications (default 5, at most 100). */
  replications?: number;
  /** Warm-up per replication, s (default 10 % of the duration, at least 1 s, at most half of it). */
  warmupS?: number;
  /** Hard cap on events over all replications (default 2e9). */
  maxEvents?: number;
}

/** A figure over the replications: mean and 95 % Student-t interval; NaN when nothing measured. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** Replications that measured it. */
  n: number;
}

export interface SimLatency {
  mean: Estimate;
  p50: Estimate;
  p95: Estimate;
  p99: Estimate;
}

export interface SimComponent {
  id: string;
  throughputRps: { reads: Estimate; writes: Estimate; total: Estimate };
  /** Busy-server time over servers x time (a store: its busiest node). */
  utilization: Estimate;
  /** The busiest instance's (or store node's) utilisation: above the mean when the split is uneven (partitions, hashing). */
  utilizationMax: Estimate;
  /** Its queue kept growing (utilisation >= 0.98, a queue that grew over the run, or one over the bound). */
  saturated: boolean;
  /** ms, from arrival until it answers or fails (its synchronous calls included; every request that reached it); null when none measured. */
  latency: { reads: SimLatency | null; writes: SimLatency | null };
  /** True when it or a component it waits for is saturated: its latency figures are not meaningful. */
  latencyUnreliable: boolean;
  /** A store: utilisation of the hottest shard's primary (node 0 for a quorum) and of its replicas (their mean). */
  nodes: { primary: Estimate; replica: Estimate | null } | null;
}

export interface SimEdge {
  id: string;
  /** Calls per second over the edge (each fan-out copy and each retry counts). */
  throughputRps: Estimate;
  /** What the caller did around the attempts; present on an edge with a timeout, retries, budget, breaker, fallback, optional or a pool. */
  calls?: SimCalls;
}

/** An edge's attempts, timeouts, retries, breaker and pool (issue 16). */
export interface SimCalls {
  /** Calls per second (first attempts; each fan-out copy counts; calls failed fast included). */
  callsRps: Estimate;
  /** Attempts sent to the callee per call. */
  attemptsPerCall: Estimate;
  retriesRps: Estimate;
  /**
   * Share of the attempts that did not fail on their own (timed out or answered) that the caller
   * gave up on at the edge's timeout: the analysis's s = P(call time > timeout).
   */
  timeoutShare: Estimate;
  /** Share of the attempts (sent or refused) that failed: timed out, refused or failed at the callee. */
  failureShare: Estimate;
  /** Calls per second failed fast by the open breaker (never sent). */
  fastFailRps: Estimate;
  /** Calls per second whose failure did not fail the caller (optional or fallback). */
  degradedRps: Estimate;
  /** Share of the time the breaker was open (half-open included); null without a breaker. */
  breakerOpen: Estimate | null;
  /** The connection pool or bulkhead per caller instance; null without one. */
  pool: {
    kind: 'pool' | 'bulkhead';
    /** P(an attempt waits for a connection) (pool). */
    waitProbability: Estimate;
    /** Mean wait for a connection over all attempts through the pool, ms. */
    meanWaitMs: Estimate;
    /** P(an attempt is refused) (bulkhead). */
    refusal: Estimate;
  } | null;
}

export interface SimRequest {
  client: string;
  traffic: 'reads' | 'writes';
  /** Requests per second the client sent of this class. */
  rate: Estimate;
  /** End-to-end response, ms (failed requests included: their time counts). */
  latency: SimLatency;
  /** Share of requests that succeeded. */
  success: Estimate;
  /** True when a component the request waits for is saturated. */
  latencyUnreliable: boolean;
  /** Share slower than the client's end-to-end timeout (its own, else the SLO's); absent without one. */
  timeoutShare?: Estimate;
  /** Share in error: failed, or slower than the end-to-end timeout. */
  errorRate?: Estimate;
  /** A scheduled job's requests (outside the request SLO). */
  scheduled?: boolean;
}

export interface SimulationResult {
  seed: number;
  durationS: number;
  /** Warm-up per replication, s. */
  warmupS: number;
  /** Replications measured (a replication cut by the event cap counts when it passed its warm-up). */
  replications: number;
  /** Events processed (arrivals after a delay, service completions, deliveries, client arrivals). */
  events: number;
  wallMs?: number;
  stopped: 'done' | 'cancelled' | 'event-cap';
  components: SimComponent[];
  edges: SimEdge[];
  requests: SimRequest[];
  /** What the simulation had to bound (cut async chains, capped fan-out or retries, refused requests). */
  notes: string[];
}

export interface Simulation {
  /** Runs up to maxEvents more events; true when finished. */
  step(maxEvents: number): boolean;
  /** 0..1 */
  progress(): number;
  cancel(): void;
  result(): SimulationResult;
}
