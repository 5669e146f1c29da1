/**
 * The shape of the analysis result. Components' and edges' results are objects whose figure
 * groups are built on first read (analysis/component-result.ts, edge-result.ts); read through
 * these interfaces they behave as data: no NaN or Infinity (a figure that does not exist has
 * `value: null`), and `toPlain` / JSON.stringify materialise every figure. Every figure carries
 * how it was derived, so a hover can show the formula with the numbers in it. The public JSON is
 * another, flat shape: figures/json.ts.
 */
import type { ComponentKind, ConsistencyRequirement } from '../model.js';

/** How a figure was derived: the formula, the numbers that went in, and one readable sentence. */
export interface Derivation {
  /** The formula in symbols, e.g. `C(c, A) = B / (1 - ρ(1 - B))`. */
  formula: string;
  /** The numbers (and a few words) that went into it, by symbol. */
  inputs: Record<string, number | string | boolean | null>;
  /** One sentence with the numbers in it, for a hover. */
  text: string;
}

export type FigureUnit =
  'rps' | 'ms' | 'fraction' | 'count' | 'requests' | 'erlangs' | 'bytes' | 'bytes/month' | 'months' | 'multiplier';

/** One computed number with its derivation. `value` is null when the figure does not exist. */
export interface Figure extends Derivation {
  value: number | null;
  unit: FigureUnit;
}

export interface LoadFigures {
  reads: Figure;
  writes: Figure;
  total: Figure;
}

export interface LatencyFigures {
  /** Mean response time, ms (null when unbounded: saturated). */
  mean: Figure;
  p50: Figure;
  p95: Figure;
  p99: Figure;
}

/** The M/M/c figures of one queue (a pool, or one database node). */
export interface QueueFigures {
  /** Servers c (instances x servers per instance when shared, else one instance's). */
  servers: Figure;
  /** Arrival rate λ at this queue, rps. */
  arrivalRps: Figure;
  /** Mean service time S, ms. */
  serviceTimeMs: Figure;
  /** Offered load A = λS, Erlangs. */
  offered: Figure;
  /** Utilisation ρ = A / c. */
  utilization: Figure;
  /** Erlang C: probability an arrival waits. */
  waitProbability: Figure;
  /** Mean wait in queue Wq, ms. */
  meanWaitMs: Figure;
  /** Mean queue length Lq = λ Wq. */
  meanQueueLength: Figure;
}

/**
 * How arrivals reach a pool's instances (each with k servers):
 * - `shared`: one FIFO queue in front of all n·k servers, M/M/(n·k): one instance, a
 *   least-connections balancer (join-the-shortest-queue, within about 5 % of a shared queue),
 *   consumers competing for an unpartitioned queue;
 * - `split`: each instance its own queue, arrivals split at random (each instance Poisson at
 *   λ/n), M/M/k: a random, ip-hash or sticky balancer, direct callers, callers of mixed kinds;
 * - `round-robin`: each instance its own queue and every n-th arrival (one round-robin or
 *   weighted balancer), Eₙ/M/k at λ/n (exact, GI/M/c);
 * - `partitioned`: consumers of a partitioned queue or stream, partition p to consumer p mod n:
 *   the busiest consumer owns ceil(P/n) of the P partitions and takes that share, M/M/k.
 */
export type Dispatch = 'shared' | 'split' | 'round-robin' | 'partitioned';

export type ConsistencyClass = 'strong' | 'session' | 'read-your-writes' | 'monotonic' | 'eventual' | 'weak';
export type CapLabel = 'CP' | 'AP';

export interface Consistency extends Derivation {
  class: ConsistencyClass;
  /** Staleness bound for eventual reads, ms; 0 for strong; null when no bound is known. */
  stalenessMs: number | null;
  cap: CapLabel;
}

export interface PathConsistency extends Consistency {
  /** The strongest `requires` written on the path's edges, if any. */
  requirement: ConsistencyRequirement | null;
  /** Whether `class` meets `requirement` (null when there is no requirement). */
  satisfied: boolean | null;
  /** The hops that serve data on this path (caches, CDNs, stores). */
  servingHops: string[];
}

export interface DatabaseNodeFigures {
  /** Requests per second on this node (the hottest shard's). */
  load: Figure;
  utilization: Figure;
  queue: QueueFigures | null;
}

/** Store internals: primary and replica nodes per shard, the hottest shard carrying skew x mean. */
export interface StoreFigures {
  shards: number;
  replicas: number;
  skew: number;
  readFrom: 'primary' | 'replicas' | 'any' | 'quorum';
  primary: DatabaseNodeFigures;
  /** Null when there are no replicas (or with a quorum, where every node is alike). */
  replica: DatabaseNodeFigures | null;
  /** Replicas per shard needed to keep replica utilisation at the target (null: not applicable). */
  replicasNeeded: Figure;
  /** Shards needed to keep the primary's utilisation at the target. */
  shardsNeeded: Figure;
}

export interface StorageFigures {
  /** Writes per second stored. */
  writeRps: Figure;
  /** Bytes per stored write (the store's record size, else the clients' payload). */
  bytesPerWrite: Figure;
  growthPerMonth: Figure;
  /** Data written over the horizon. */
  atHorizon: Figure;
  /** Storage per node x shards (replicas hold copies); null when not given. */
  capacity: Figure;
  /** Months until the (hottest) node is full, from empty; null when it never fills or unknown. */
  monthsUntilFull: Figure;
  /** Fraction of capacity used at the horizon. */
  usedAtHorizon: Figure;
}

export interface ComponentAnalysis {
  id: string;
  name: string;
  kind: ComponentKind;
  system: string;
  /** Offered load (arrivals) by class; for a client, the requests it sends. */
  load: LoadFigures;
  /** Whether a capacity is known (capacity or service time given). Without it: load only. */
  hasCapacity: boolean;
  /** Instances counted (autoscale minimum when only autoscale is given). */
  instances: Figure;
  /** Sustainable throughput at the current read/write mix, rps. */
  capacity: Figure;
  /** Capacity at the autoscale maximum (null without autoscale). */
  capacityAtMax: Figure;
  utilization: Figure;
  /**
   * The factor by which every client's rate can grow before this component saturates: capacity
   * over load (for a store, at its busiest node); loads grow in proportion to the clients' rates.
   */
  saturationMultiplier: Figure;
  saturated: boolean;
  /** load - capacity when saturated (requests per second added to the backlog), else 0. */
  backlogGrowth: Figure;
  /** Spare capacity as a fraction: 1 - utilisation (negative when saturated). */
  headroom: Figure;
  /** Instances needed for the target utilisation: n = ceil(load x S / Umax). */
  instancesNeeded: Figure;
  dispatch: Dispatch;
  /** The queue of the component (for a store, its busiest node's). */
  queue: QueueFigures | null;
  /** The component's own response time (queueing + service + fixed latency), mix of classes. */
  latency: LatencyFigures;
  /** Response time including the synchronous calls it makes (mix of classes). */
  endToEnd: LatencyFigures;
  /** Requests in flight here (Little's law N = X R). */
  concurrency: Figure;
  /** Availability of the component as a whole (redundant instances in parallel). */
  availability: Figure;
  store: StoreFigures | null;
  /** Consistency of reads served here (stores, caches, CDNs, DNS); null otherwise. */
  consistency: Consistency | null;
  storage: StorageFigures | null;
  /** A scheduled job's window and load (`schedule every 1 day run 20 min`); null otherwise. */
  schedule: ScheduleFigures | null;
  /**
   * A store's connections: its callers' instances × pool sizes against `max-connections`, and the
   * scheduled jobs whose load reaches it; null for a component that is not a store, cache or search.
   */
  connections: StoreConnectionFigures | null;
  /** Free-text remarks (assumptions made, missing inputs). */
  notes: string[];
}

export interface EdgeAnalysis {
  id: string;
  from: string;
  to: string;
  /** Whether the caller waits for it (not async, not CDC, not out of a queue or store). */
  sync: boolean;
  load: LoadFigures;
  /** Expected attempts per call: (1 - q^(r+1)) / (1 - q), q = 1 - A·(1 - timeout share); at most 1 + budget. */
  retryFactor: Figure;
  /** P(at least one of the fan-out calls is slower than the callee's p99) = 1 - 0.99^n. */
  fanoutTail: Figure;
  /** Timeouts, retries, budget and breaker at the analysis's fixed point; null with none of them. */
  resilience: EdgeResilience | null;
  /** The caller's connection pool or bulkhead on this call (per caller instance); null without one. */
  connections: ConnectionPoolFigures | null;
}

export type TrafficKind = 'reads' | 'writes';

/** End-to-end figures of one client's requests of one class (the whole synchronous call tree). */
export interface RequestAnalysis {
  client: string;
  traffic: TrafficKind;
  rate: Figure;
  latency: LatencyFigures;
  availability: Figure;
  /** Requests of this client and class in flight (Little's law). */
  concurrency: Figure;
  /**
   * P(request time > the end-to-end timeout): the client's `timeout`, else its system SLO's
   * (figures-errors.ts); value null without one.
   */
  timeoutShare: Figure;
  /** Share of requests that fail: (1 − availability) + timeoutShare + bulkhead refusals (figures-errors.ts). */
  errorRate: Figure;
}

/** One explicit chain of synchronous hops from a client to where a request ends. */
export interface PathAnalysis {
  from: string;
  to: string;
  traffic: TrafficKind;
  /** Component ids from the client to the end, in order. */
  hops: string[];
  /** Edge ids along the path. */
  edges: string[];
  /** Share of the client's requests of this class that take this whole path. */
  probability: Figure;
  /** Response time of a request that takes this path (its hops and their other calls). */
  latency: LatencyFigures;
  availability: Figure;
  /** Consistency of reads on this path; null for writes or when no data is read. */
  consistency: PathConsistency | null;
}

export interface StorageSummary {
  growthPerMonth: Figure;
  atHorizon: Figure;
  horizonMs: number;
  /** The store that fills first and when, or null. */
  firstFull: { component: string; months: number } | null;
}

export interface SystemSummary {
  /** The system's name, or null for the whole model. */
  name: string | null;
  clientRate: Figure;
  /** Bottleneck law: the client rate at which the bottleneck reaches 100 %. */
  maxThroughput: Figure;
  bottleneck: string | null;
  availability: Figure;
  /** Requests in flight over all its clients (Little's law). */
  concurrency: Figure;
  /** The worst p95 over its clients' request classes, and which. */
  worstP95: Figure;
  /** SLO p95 verdict, null without an SLO p95. */
  meetsLatencySlo: boolean | null;
  meetsAvailabilitySlo: boolean | null;
  /** Rate-weighted error rate over its clients' request classes (scheduled jobs aside). */
  errorRate: Figure;
  /** Error-rate SLO verdict (`slo { error-rate 0.5 % }`), null without one. */
  meetsErrorRateSlo: boolean | null;
  saturated: string[];
  storage: StorageSummary;
}

export interface CycleReport {
  /** Component ids in the strongly connected component, in declaration order. */
  components: string[];
  /** Edge ids inside it. */
  edges: string[];
  /** Whether load through the loop converges (loop gain below 1). */
  converged: boolean;
  text: string;
}

export interface Analysis {
  /** In model declaration order. */
  components: ComponentAnalysis[];
  /** Component id -> index into `components`. */
  componentIndex: Record<string, number>;
  edges: EdgeAnalysis[];
  requests: RequestAnalysis[];
  paths: PathAnalysis[];
  /** True when more paths exist than `maxPaths` allowed. */
  pathsTruncated: boolean;
  /** The whole model (all clients scaled together). */
  system: SystemSummary;
  /** One per declared system. */
  systems: SystemSummary[];
  cycles: CycleReport[];
  /** Settings used. */
  settings: { targetUtilization: number; horizonMs: number; monthSeconds: number; maxPaths: number };
}

export interface AnalyzeOptions {
  /** Overrides every system's target utilisation (default: the system's setting, else 0.7). */
  targetUtilization?: number;
  /** Overrides the storage horizon, ms (default: the system's setting, else 1 year). */
  horizonMs?: number;
  /** At most this many explicit paths (default 200). */
  maxPaths?: number;
  /**
   * The analysis of an earlier version of the model (with the same options): the service model
   * and own service of each component whose declaration, sources and load are unchanged are
   * taken from it instead of computed again (after an edit, that is nearly all of them).
   */
  previous?: Analysis;
}

// ── Resilience (issue 16). Each helper attaches its group to the results it belongs to. ──

/**
 * An edge's timeout, retry and breaker figures at the analysis's fixed point (retries raise the
 * callee's load, which raises its response time, which raises the share of attempts that time out).
 * Attached as `EdgeAnalysis.resilience`; null on an edge with no timeout, retries or breaker.
 */
export interface EdgeResilience {
  /** P(an attempt's call time exceeds the timeout), from the callee's response-time distribution. */
  timeoutShare: Figure;
  /**
   * p99 of one attempt's call time (edge latency + the callee's response, its classes mixed by the
   * edge's traffic as the timeout share is): a timeout below it cuts more than 1 % of attempts.
   * (Added by the timeouts helper: an extension of the contract.)
   */
  callP99: Figure;
  /** P(an attempt fails): 1 − A·(1 − timeoutShare), A the callee's availability. */
  attemptFailure: Figure;
  /** Calls per second that succeed (after retries). */
  goodput: Figure;
  /** Attempts per second the retries add to the callee. */
  retryLoad: Figure;
  /** How far the load on the callee can amplify when every attempt fails: r + 1, or 1 + budget with a budget. */
  worstAmplification: Figure;
  /** No fixed point below saturation: the retries' load keeps the callee saturated (a retry storm). */
  retryStorm: boolean;
  /** The circuit breaker's state at the fixed point; null without a breaker. */
  breaker: 'open' | 'closed' | null;
}

/**
 * A connection pool (queues when every connection is in use: Erlang C) or a bulkhead (refuses
 * when every slot is in use: Erlang B) per caller instance on one edge. `EdgeAnalysis.connections`.
 */
export interface ConnectionPoolFigures {
  kind: 'pool' | 'bulkhead';
  /** Connections (or bulkhead slots) per caller instance. */
  size: Figure;
  /** In use per caller instance by Little's law: λ per instance × the call's mean time. */
  inUse: Figure;
  /** P(a call waits for a connection), Erlang C (pool); null for a bulkhead. */
  waitProbability: Figure;
  /** Mean wait for a connection, ms (pool). */
  meanWaitMs: Figure;
  /** P(a call is refused), Erlang B (bulkhead); null for a pool. */
  refusal: Figure;
  /** In use ≥ size: a pool's wait is unbounded (every connection busy), a bulkhead refuses most calls. */
  exhausted: boolean;
}

/**
 * A store's connections (`max-connections 500`): Σ over its callers with a pool of caller
 * instances × pool size, today and at the autoscale maximum. `ComponentAnalysis.connections`.
 */
export interface StoreConnectionFigures {
  /** Connections its callers' pools may open today: Σ instances × pool size. */
  opened: Figure;
  /** The same with every autoscaled caller at its maximum. */
  openedAtMax: Figure;
  /** What it accepts (`max-connections`); value null when not given. */
  limit: Figure;
  /** Requests per second scheduled jobs add while they run (value null when none reaches it). */
  scheduledLoad: Figure;
}

/** A scheduled job's window and load (`schedule every 1 day run 20 min`). `ComponentAnalysis.schedule`. */
export interface ScheduleFigures {
  /** Share of the time it runs: run / every. */
  dutyCycle: Figure;
  /** Requests per second it sends while it runs. */
  rateWhileRunning: Figure;
  /** Averaged over its period. */
  averageRate: Figure;
}
