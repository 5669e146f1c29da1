/**
 * The plain-data architecture model: what the analysis and the rules consume.
 *
 * No Langium, no VS Code, no I/O. Every quantity is already normalised to base units:
 * rates in requests per second, times in milliseconds, sizes in bytes, ratios and
 * availabilities as fractions in [0, 1]. Source locations are plain data (0-based).
 */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface SourceLocation {
  /** Document URI (file://...) as given by the loader. */
  uri: string;
  range: Range;
}

export const COMPONENT_KINDS = [
  'client',
  'dns',
  'cdn',
  'loadbalancer',
  'service',
  'cache',
  'database',
  'queue',
  'stream',
  'worker',
  'search',
  'storage',
  'external',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

const KIND_SET: ReadonlySet<string> = new Set(COMPONENT_KINDS);
/** Whether a written kind is one of the language's (`servce` is not). */
export function isComponentKind(kind: string): kind is ComponentKind {
  return KIND_SET.has(kind);
}

export const LB_ALGORITHMS = ['round-robin', 'least-connections', 'ip-hash', 'sticky', 'weighted', 'random'] as const;
export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

export const CACHE_ENGINES = ['redis', 'memcached', 'file', 'in-process'] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

export const CACHE_PATTERNS = ['cache-aside', 'read-through', 'write-through', 'write-behind'] as const;
export type CachePattern = (typeof CACHE_PATTERNS)[number];

/** What a cache stores: assembled objects (recommended) or hashed query results. */
export const CACHE_CONTENTS = ['objects', 'queries'] as const;
export type CacheContents = (typeof CACHE_CONTENTS)[number];

export const INVALIDATIONS = ['on-write', 'none'] as const;
export type Invalidation = (typeof INVALIDATIONS)[number];

export const DATA_MODELS = ['relational', 'document', 'kv', 'wide-column', 'graph', 'search', 'object'] as const;
export type DataModel = (typeof DATA_MODELS)[number];

export const REPLICATION_MODES = ['sync', 'semi-sync', 'async'] as const;
export type ReplicationMode = (typeof REPLICATION_MODES)[number];

/**
 * Where reads go: the primary, any replica, any node, or `sticky`: each user's reads to one replica
 * (the same one every time), which gives monotonic reads.
 */
export const READ_FROM = ['primary', 'replicas', 'any', 'sticky'] as const;
export type ReadFrom = (typeof READ_FROM)[number];

export const DELIVERIES = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/**
 * What a read needs, strongest first: `session` is read-your-writes and monotonic reads together;
 * `monotonic`: a user never sees older data after newer (no going back in time).
 */
export const CONSISTENCY_REQUIREMENTS = ['strong', 'session', 'read-your-writes', 'monotonic', 'eventual'] as const;
export type ConsistencyRequirement = (typeof CONSISTENCY_REQUIREMENTS)[number];

/** Where a service keeps user sessions (or other user state). */
export type StatePlacement =
  | { kind: 'none' } // stateless
  | { kind: 'local' } // kept in the instance's memory or disk
  | { kind: 'client' } // signed cookie / token on the client
  | { kind: 'store'; store: string }; // an external store, by component id

export interface Quorum {
  n: number;
  r: number;
  w: number;
}

export interface Component {
  /** Unique id within the model: the component's name. */
  id: string;
  name: string;
  kind: ComponentKind;
  /** Name of the system that declares it. */
  system: string;
  description?: string;
  /** The whole declaration. */
  location: SourceLocation;
  /** The name in the declaration (for diagnostics and go-to-definition). */
  nameLocation: SourceLocation;
  /** Where each property was written, by property key (for diagnostics at the right place). */
  propertyLocations: Partial<Record<string, SourceLocation>>;

  availability?: number;
  /** Fixed instance count (also the minimum when only autoscale is given). */
  instances?: number;
  autoscale?: { min: number; max: number };
  /** Capacity of one instance, rps. */
  capacityRps?: number;
  /** Mean service time of one request on one instance (or server thread), ms. */
  serviceTimeMs?: number;
  /** Fixed extra latency (network, remote processing), ms, added without queueing. */
  latencyMs?: number;
  /**
   * Coefficient of variation of the service time (standard deviation / mean): 1 = exponential
   * (the default), 0 = deterministic.
   */
  serviceCv?: number;
  /**
   * Relative instance size (1 = standard): multiplies the instance's capacity (a capacity or
   * service time is written for size 1).
   */
  size?: number;

  // client (load source)
  rateRps?: number;
  /** Share of requests that are reads, in [0, 1]. */
  readFraction?: number;
  payloadBytes?: number;

  // service / worker
  sessions?: StatePlacement;
  files?: StatePlacement;
  /** Explicitly declared state: `stateless` => false, `stateful` => true. */
  stateful?: boolean;
  idempotent?: boolean;

  // loadbalancer
  algorithm?: LbAlgorithm;

  // cache / cdn / dns
  engine?: string;
  hitRatio?: number;
  ttlMs?: number;
  pattern?: CachePattern;
  caches?: CacheContents;
  invalidate?: Invalidation;

  // database / search / storage
  dataModel?: DataModel;
  /** Read replicas (followers) of the primary. */
  replicas?: number;
  /** How writes reach the replicas (async when not given). */
  replication?: ReplicationMode;
  /** Replication lag bound (or a search index's refresh interval), ms. */
  lagMs?: number;
  readFrom?: ReadFrom;
  /** Partitions of the data by key, each with its own primary. */
  shards?: number;
  /** The hottest shard's (or partition's) load as a multiple of the mean (>= 1). */
  skew?: number;
  quorum?: Quorum;
  storagePerNodeBytes?: number;
  recordBytes?: number;

  // zones (pools and stores)
  /**
   * Availability zones the instances (a store's nodes: primary, replicas, each shard's nodes)
   * are spread over evenly; 1 when not given and no system default. Losing a zone loses
   * ceil(nodes / zones) of them.
   */
  zones?: number;
  /**
   * Share of the requests whose data is offline, in [0, 1] (a scenario's `fail orders-db shard 1`:
   * the failed shards' keys): those requests fail, so it multiplies the component's availability.
   * Set only by scenarios (src/core/scaling/scenario.ts), never written in a model.
   */
  offlineShare?: number;

  // growth (clients)
  /** Compounding growth of the client's rate per month, as a fraction (`growth 8 % per month` = 0.08). */
  growthPerMonth?: number;

  // resilience (issue 16)
  /** Client: end-to-end timeout of its requests, ms (`timeout 400 ms`); else the system SLO's. */
  timeoutMs?: number;
  /**
   * Pool (service, worker): connections per instance to each callee it waits for (`connections 50`),
   * a pool that queues when all are in use; an edge's own `connections` overrides it.
   */
  connections?: number;
  /** Store (database, cache, search): connections it accepts in all (`max-connections 500`). */
  maxConnections?: number;
  /** Where it runs (`region eu-west`); else its system's `settings { region … }`. */
  region?: string;
  /**
   * Scheduled job (`worker nightly-render { schedule every 1 day run 20 min rate 200 rps }`): a load
   * source of its own that sends `rateRps` while it runs, for `runMs` every `everyMs`; outside the
   * request SLO, never unreachable.
   */
  schedule?: { everyMs: number; runMs: number };

  // queue / stream
  partitions?: number;
  delivery?: Delivery;
  retentionMs?: number;
}

export type TrafficClass = 'all' | 'reads' | 'writes';

export interface Edge {
  /** Unique id: `from->to#n` where n counts duplicates from 0. */
  id: string;
  from: string;
  to: string;
  system: string;
  location: SourceLocation;
  propertyLocations: Partial<Record<string, SourceLocation>>;
  /** The caller does not wait for the callee. */
  async: boolean;
  /** Change data capture: the target is fed from the source's committed writes. */
  cdc: boolean;
  /** Which traffic of the source this edge carries. */
  traffic: TrafficClass;
  /** Fraction of that traffic the edge carries (1 when not given). */
  share?: number;
  /** Load-balancer weight of this target. */
  weight?: number;
  /** Calls made to the target per request (fan-out), >= 1. */
  fanout?: number;
  /** Per-attempt timeout of the call, ms: an attempt slower than this fails (and may be retried). */
  timeoutMs?: number;
  /** Retries after a failed or timed-out attempt (`retries 2`). */
  retries?: number;
  /**
   * Retry budget (`budget 10 %`): retries at most this fraction of the calls, so the extra load is
   * capped at it (attempts per call <= 1 + budget).
   */
  retryBudget?: number;
  /** Retries wait a randomised back-off (`jitter`), so they do not arrive in synchronised waves. */
  jitter?: boolean;
  /**
   * Circuit breaker (`circuit-breaker 50 %`): opens when the share of failed or timed-out attempts
   * reaches `threshold`; while open, calls fail fast (or take the fallback) and the callee gets none.
   */
  breaker?: { threshold: number };
  /** On failure (or while the breaker is open) the caller takes a fallback answer (`fallback`). */
  fallback?: boolean;
  /** Partial results (`app -> ads optional`): the caller answers without it when it fails or times out. */
  optional?: boolean;
  /**
   * Parallel calls (`app -> pricing, inventory parallel`): the caller waits for the slowest of the
   * calls in the same group, not their sum. The group is the id of the first edge of the statement
   * that wrote `parallel`; absent for sequential calls.
   */
  parallelGroup?: string;
  /** Connection pool per caller instance for this call (`connections 50`): queues when all are busy. */
  connections?: number;
  /** Bulkhead per caller instance (`bulkhead 20`): at most this many calls at once, the rest refused. */
  bulkhead?: number;
  /** `read-from primary` on an edge: this call's reads go to the leader (reading after a write). */
  readFrom?: 'primary';
  /** Delay of a CDC / async pipeline, ms. */
  lagMs?: number;
  /** Network latency of the hop, ms. */
  latencyMs?: number;
  requires?: ConsistencyRequirement;
  description?: string;
}

export interface Slo {
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  availability?: number;
  /** End-to-end timeout of a request, ms (`slo { timeout 500 ms }`): slower requests fail. */
  timeoutMs?: number;
  /** Error-rate target (`slo { error-rate 0.5 % }`): failures by availability, timeouts and refusals. */
  errorRate?: number;
  location: SourceLocation;
}

export interface SystemSettings {
  /** Length of a month in seconds (default 2.5 million: the system-design-primer's convention). */
  monthSeconds: number;
  /** Horizon for storage growth, ms. */
  horizonMs?: number;
  /** Target utilisation for sizing (n = ceil(load * S / Umax)). */
  targetUtilization?: number;
  /** Default zones for the system's pools and stores (`zones 3` in `settings`). */
  zones?: number;
  /** Default growth per month of the system's clients, fraction (`growth 8 % per month`). */
  growthPerMonth?: number;
  /** The system's region (`region eu-west` in settings): its components' unless they say otherwise. */
  region?: string;
  /** Latency added to a call between two regions, ms (`region-latency 80 ms`). */
  regionLatencyMs?: number;
}

/**
 * One change a scenario makes to a copy of the model (`scenario NAME { ... }` in a system).
 * Applied in order by `src/core/scaling/scenario.ts`.
 */
export type ScenarioStep =
  /** `load 3 x`: every client's rate multiplied. */
  | { kind: 'load'; factor: number; location: SourceLocation }
  /**
   * `users rate 25 k rps`, `app instances 10`: properties of one component replaced, read by the
   * same code as the component's own properties (only the fields written are present).
   */
  | { kind: 'set'; component: string; changes: Partial<Component>; location: SourceLocation }
  /**
   * `fail zone` (component absent: one zone of every zoned component, the same zone index
   * everywhere) or `fail app zone` (one zone of one component); `count` zones (default 1).
   */
  | { kind: 'fail-zone'; component?: string; count: number; location: SourceLocation }
  /**
   * `fail redis` (part 'component': the whole component down), `fail app 2` (part 'instances'),
   * `fail flights-db replica 1` (part 'replicas'), `fail orders-db shard 1` (part 'shards').
   * `count` is how many (1 when not written; ignored for 'component').
   */
  | {
      kind: 'fail';
      component: string;
      part: 'component' | 'instances' | 'replicas' | 'shards';
      count: number;
      location: SourceLocation;
    };

export interface Scenario {
  name: string;
  /** The system that declares it. */
  system: string;
  description?: string;
  location: SourceLocation;
  nameLocation: SourceLocation;
  steps: ScenarioStep[];
}

export interface SystemDecl {
  name: string;
  description?: string;
  location: SourceLocation;
  nameLocation: SourceLocation;
  slo?: Slo;
  settings: SystemSettings;
  /** Ids of the components it declares, in order. */
  components: string[];
  /** `scenario NAME { ... }` blocks, in order (absent or empty when none). */
  scenarios?: Scenario[];
}

export interface Model {
  systems: SystemDecl[];
  /** All components, in declaration order, ids unique. */
  components: Component[];
  /** All edges, one per (source, target) pair written; unresolved references are dropped. */
  edges: Edge[];
  /**
   * Components a language error leaves unsure, by id or written name: declared by a broken
   * statement or with an unknown kind, with a property left out for an error, named in a broken
   * statement or an unresolved reference (and the component that name most likely meant).
   * Absent when the text has no such error. What follows from it: `analysis/unsettled.ts`.
   */
  unsettled?: string[];
}

/** 2.5 million seconds: the system-design-primer's month. */
export const DEFAULT_MONTH_SECONDS = 2_500_000;

export function emptyModel(): Model {
  return { systems: [], components: [], edges: [] };
}
