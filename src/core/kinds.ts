/**
 * What each kind of component is: one row per kind of `COMPONENT_KINDS` with its traits, each
 * named for what it means. The property table, the analysis and the rules read these traits
 * instead of listing kinds by hand. Pure data.
 */
import { COMPONENT_KINDS, type ComponentKind } from './model.js';

export interface KindTraits {
  /** The kind in prose: `load balancer`, `object store`. */
  label: string;
  /** Its plural, for counts of it (`37 services`, `3 search indexes`). */
  plural: string;
  /** The short word a diagram node shows under the name (`workers`, `search`). */
  short: string;
  /** Sends the load (a client): a rate and a read/write mix; it serves nothing. */
  sendsLoad: boolean;
  /** A pool of identical clones: takes `instances`. */
  pool: boolean;
  /** Its pool can autoscale: takes `autoscale` and a relative instance `size`. */
  autoscales: boolean;
  /** Runs the application's code (service, worker): keeps or sheds user state, consumes queues. */
  runsCode: boolean;
  /**
   * A store of record (database, search index, object store): answers reads from the data it
   * holds (nothing passes on), what leaves it is its committed writes (never a call its caller
   * waits for), and its replicas, quorum or engine place it in CAP.
   */
  store: boolean;
  /**
   * When its capacity is that of nodes (the primary and replicas of each shard, or a quorum)
   * rather than of a pool of instances: always, only once replicas, shards or a quorum are
   * written, or never.
   */
  storeNodes: 'always' | 'when-replicated' | 'never';
  /** Answers a share of the reads (its hit ratio) and passes the rest on (cache, CDN). */
  cache: boolean;
  /** Answers from entries that live up to a TTL (cache, CDN, DNS): eventual by TTL, weak without one. */
  expiringEntries: boolean;
  /** A broker (queue, stream): its consumers work apart from the producer; partitions, delivery. */
  broker: boolean;
  /** Sends each request to one of its targets (balancer, DNS, queue): the split sums to 1. */
  splitter: boolean;
  /** A step that passes another store's committed writes on (queue, stream, worker). */
  relaysWrites: boolean;
  /** Holds data on disk or in memory: takes a storage size per node, a record size and a key skew. */
  holdsData: boolean;
  /** A repeated request or message can repeat its effect: takes `idempotent`, judged for it. */
  judgedForIdempotence: boolean;
  /** Forwards requests rather than doing work: making its calls async is no design choice. */
  forwards: boolean;
  /** Its reads are worth a cache in front when they are many (database, search index). */
  readsWorthCaching: boolean;
}

const NONE: Omit<KindTraits, 'label' | 'plural' | 'short'> = {
  sendsLoad: false,
  pool: false,
  autoscales: false,
  runsCode: false,
  store: false,
  storeNodes: 'never',
  cache: false,
  expiringEntries: false,
  broker: false,
  splitter: false,
  relaysWrites: false,
  holdsData: false,
  judgedForIdempotence: false,
  forwards: false,
  readsWorthCaching: false,
};

const row = (label: string, traits: Partial<Omit<KindTraits, 'label'>>): KindTraits => ({
  ...NONE,
  label,
  plural: `${label}s`,
  short: label,
  ...traits,
});

/** The traits of every kind. */
export const KINDS: Readonly<Record<ComponentKind, KindTraits>> = {
  client: row('client', { sendsLoad: true }),
  dns: row('DNS', { plural: 'DNS zones', pool: true, expiringEntries: true, splitter: true, forwards: true }),
  cdn: row('CDN', { pool: true, cache: true, expiringEntries: true, forwards: true }),
  loadbalancer: row('load balancer', { pool: true, splitter: true, forwards: true }),
  service: row('service', { pool: true, autoscales: true, runsCode: true, judgedForIdempotence: true }),
  cache: row('cache', {
    pool: true,
    storeNodes: 'when-replicated',
    cache: true,
    expiringEntries: true,
    holdsData: true,
    forwards: true,
  }),
  database: row('database', {
    store: true,
    storeNodes: 'always',
    holdsData: true,
    judgedForIdempotence: true,
    readsWorthCaching: true,
  }),
  queue: row('queue', { pool: true, broker: true, splitter: true, relaysWrites: true, holdsData: true }),
  stream: row('stream', { pool: true, broker: true, relaysWrites: true, holdsData: true }),
  worker: row('worker pool', {
    short: 'workers',
    pool: true,
    autoscales: true,
    runsCode: true,
    relaysWrites: true,
    judgedForIdempotence: true,
  }),
  search: row('search index', {
    short: 'search',
    plural: 'search indexes',
    pool: true,
    autoscales: true,
    store: true,
    storeNodes: 'when-replicated',
    holdsData: true,
    judgedForIdempotence: true,
    readsWorthCaching: true,
  }),
  storage: row('object store', {
    store: true,
    storeNodes: 'always',
    holdsData: true,
    judgedForIdempotence: true,
  }),
  external: row('external API', { short: 'external', judgedForIdempotence: true }),
};

type Flag = { [K in keyof KindTraits]: KindTraits[K] extends boolean ? K : never }[keyof KindTraits];

/** The kinds with a trait, in `COMPONENT_KINDS` order (for the property table's `on` lists). */
export function kindsWith(trait: Flag): ComponentKind[] {
  return COMPONENT_KINDS.filter((k) => KINDS[k][trait]);
}

/** The kinds without a trait, in `COMPONENT_KINDS` order. */
export function kindsWithout(trait: Flag): ComponentKind[] {
  return COMPONENT_KINDS.filter((k) => !KINDS[k][trait]);
}

/** A store of record (see `KindTraits.store`). */
export const isStore = (k: ComponentKind): boolean => KINDS[k].store;
/** A cache or CDN (see `KindTraits.cache`). */
export const isCache = (k: ComponentKind): boolean => KINDS[k].cache;
/** A queue or stream (see `KindTraits.broker`). */
export const isBroker = (k: ComponentKind): boolean => KINDS[k].broker;
/** Sends each request to one target (see `KindTraits.splitter`). */
export const isSplitter = (k: ComponentKind): boolean => KINDS[k].splitter;
