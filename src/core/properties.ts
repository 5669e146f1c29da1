/**
 * The property table: which property may be written on which kind of component (or on an
 * edge, an `slo` or `settings` block), with which value shape, unit and limits, its doc and
 * example. The validator (through property-values.ts), the model builder, completion and hover
 * all read this one table. Pure.
 */
import {
  CACHE_CONTENTS,
  CACHE_ENGINES,
  CACHE_PATTERNS,
  COMPONENT_KINDS,
  CONSISTENCY_REQUIREMENTS,
  DATA_MODELS,
  DELIVERIES,
  INVALIDATIONS,
  LB_ALGORITHMS,
  READ_FROM,
  REPLICATION_MODES,
  type ComponentKind,
} from './model.js';
import { kindsWith, kindsWithout } from './kinds.js';
import { RESILIENCE_SPECS, SCHEDULED_KINDS } from './properties-resilience.js';
import { SCALING_SPECS } from './properties-scaling.js';
import type { Owner, PropertySpec } from './property-types.js';

const SERVERS: readonly ComponentKind[] = kindsWithout('sendsLoad');

const spec = (s: PropertySpec): PropertySpec => s;

export const PROPERTY_SPECS: readonly PropertySpec[] = [
  // load sources
  spec({
    key: 'rate',
    value: { shape: 'quantity', dimension: 'rate' },
    on: ['client', ...SCHEDULED_KINDS],
    min: 0,
    doc: 'Requests this client sends (on a scheduled job: what it sends while it runs).',
    example: 'rate 10 k rps',
  }),
  spec({
    key: 'reads',
    value: { shape: 'quantity', dimension: 'percent' },
    on: ['client'],
    min: 0,
    max: 1,
    doc: 'Share of requests that are reads (the rest are writes).',
    example: 'reads 90 %',
  }),
  spec({
    key: 'writes',
    value: { shape: 'quantity', dimension: 'percent' },
    on: ['client'],
    min: 0,
    max: 1,
    doc: 'Share of requests that are writes (the rest are reads).',
    example: 'writes 10 %',
  }),
  spec({
    key: 'payload',
    value: { shape: 'quantity', dimension: 'bytes' },
    on: ['client'],
    min: 0,
    doc: 'Size of one request payload (used for storage growth of writes).',
    example: 'payload 2 KB',
  }),
  // pools
  spec({
    key: 'instances',
    value: { shape: 'quantity', dimension: 'count' },
    on: kindsWith('pool'),
    integer: true,
    min: 0,
    doc: 'Number of identical instances (clones) in the pool.',
    example: 'instances 20',
  }),
  spec({
    key: 'autoscale',
    value: { shape: 'range', dimension: 'count' },
    on: kindsWith('autoscales'),
    integer: true,
    min: 0,
    doc: 'Autoscaling bounds min..max; the analysis sizes for the minimum and reports the maximum.',
    example: 'autoscale 12..40',
  }),
  spec({
    key: 'capacity',
    value: { shape: 'quantity', dimension: 'rate' },
    on: SERVERS,
    min: 0,
    doc: 'Requests one instance sustains (at 100 % utilisation). For a database: the primary and each replica.',
    example: 'capacity 600 rps',
  }),
  spec({
    key: 'service-time',
    value: { shape: 'quantity', dimension: 'time' },
    on: SERVERS,
    min: 0,
    doc: 'Mean time one request occupies one instance; capacity = 1 / service time when capacity is not given.',
    example: 'service-time 8 ms',
  }),
  spec({
    key: 'service-cv',
    value: { shape: 'quantity', dimension: 'factor' },
    on: SERVERS,
    min: 0,
    max: 10,
    doc: 'Coefficient of variation of the service time (standard deviation / mean): 1 = exponential (the default), 0 = deterministic; queues wait (ca² + cv²)/2 as long as with exponential service.',
    example: 'service-time 2 ms service-cv 0.5',
  }),
  spec({
    key: 'latency',
    value: { shape: 'quantity', dimension: 'time' },
    on: [...SERVERS, 'edge'],
    min: 0,
    doc: 'Fixed delay added without queueing (network round trip, a remote API).',
    example: 'latency 80 ms',
  }),
  spec({
    key: 'availability',
    value: { shape: 'quantity', dimension: 'percent' },
    on: [...SERVERS, 'slo'],
    min: 0,
    max: 1,
    doc: 'Fraction of time one instance (or the managed component) is up; in an slo, the target.',
    example: 'availability 99.9 %',
  }),
  spec({
    key: 'stateless',
    value: { shape: 'flag' },
    on: kindsWith('runsCode'),
    doc: 'The instances keep no user data locally (sessions, files): any clone can serve any request.',
    example: 'stateless',
  }),
  spec({
    key: 'stateful',
    value: { shape: 'flag' },
    on: kindsWith('runsCode'),
    doc: 'The instances keep user data locally: requests must return to the same clone.',
    example: 'stateful',
  }),
  spec({
    key: 'sessions',
    value: { shape: 'placement' },
    on: ['service'],
    doc: 'Where user sessions live: `local` (in the instance), `client` (signed cookie/token), `none`, or `in <store>` (e.g. a Redis cache).',
    example: 'sessions in session-store',
  }),
  spec({
    key: 'files',
    value: { shape: 'placement' },
    on: kindsWith('runsCode'),
    doc: 'Where user files live: `local` disk, `none`, or `in <store>` (an object store).',
    example: 'files in blobs',
  }),
  spec({
    key: 'idempotent',
    value: { shape: 'flag' },
    on: kindsWith('judgedForIdempotence'),
    doc: 'Processing the same request or message twice has the same effect as once.',
    example: 'idempotent',
  }),
  spec({
    key: 'size',
    value: { shape: 'quantity', dimension: 'factor' },
    on: kindsWith('autoscales'),
    min: 0,
    exclusiveMin: true,
    doc: 'Relative instance size (1 = standard): multiplies the capacity of one instance (capacity and service time are written for size 1); pools of different sizes behind round-robin are heterogeneous.',
    example: 'size 2 x',
  }),
  spec({
    key: 'algorithm',
    value: { shape: 'word', words: LB_ALGORITHMS },
    on: ['loadbalancer'],
    doc: 'How the balancer picks a target.',
    example: 'algorithm least-connections',
  }),
  // caches, CDNs
  spec({
    key: 'engine',
    value: {
      shape: 'word',
      words: [
        ...CACHE_ENGINES,
        'postgres',
        'mysql',
        'mariadb',
        'oracle',
        'sqlserver',
        'mongodb',
        'couchdb',
        'cassandra',
        'dynamodb',
        'etcd',
        'zookeeper',
        'hbase',
        'redis',
        'elasticsearch',
        'opensearch',
        'solr',
        'kafka',
        'rabbitmq',
        'activemq',
        'sqs',
        'kinesis',
        'pulsar',
        's3',
        'gcs',
      ],
      open: true,
    },
    on: kindsWith('holdsData'),
    doc: 'The product behind the component (a cache engine must be redis, memcached, file or in-process).',
    example: 'engine redis',
  }),
  spec({
    key: 'hit',
    value: { shape: 'quantity', dimension: 'percent' },
    on: kindsWith('cache'),
    min: 0,
    max: 1,
    doc: 'Hit ratio: the share of reads answered without going further.',
    example: 'hit 80 %',
  }),
  spec({
    key: 'ttl',
    value: { shape: 'quantity', dimension: 'time' },
    on: kindsWith('expiringEntries'),
    min: 0,
    doc: 'Time to live of an entry: the staleness bound of what it serves.',
    example: 'ttl 60 s',
  }),
  spec({
    key: 'pattern',
    value: { shape: 'word', words: CACHE_PATTERNS },
    on: ['cache'],
    doc: 'How the cache is filled and written.',
    example: 'pattern cache-aside',
  }),
  spec({
    key: 'caches',
    value: { shape: 'word', words: CACHE_CONTENTS },
    on: kindsWith('cache'),
    doc: 'What is cached: assembled `objects` (recommended) or hashed `queries` (hard to invalidate).',
    example: 'caches objects',
  }),
  spec({
    key: 'invalidate',
    value: { shape: 'word', words: INVALIDATIONS },
    on: kindsWith('cache'),
    doc: 'Whether writes invalidate the cached entry (`on-write`) or entries live until their TTL (`none`).',
    example: 'invalidate on-write',
  }),
  // databases
  spec({
    key: 'model',
    value: { shape: 'word', words: DATA_MODELS },
    on: kindsWith('store'),
    doc: 'The data model.',
    example: 'model relational',
  }),
  spec({
    key: 'replicas',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['database', 'search', 'cache'],
    integer: true,
    min: 0,
    qualifiers: REPLICATION_MODES,
    doc: 'Read replicas (followers) of the primary, optionally with their replication mode.',
    example: 'replicas 4 async',
  }),
  spec({
    key: 'replication',
    value: { shape: 'word', words: REPLICATION_MODES },
    on: ['database', 'search', 'cache'],
    doc: 'How writes reach the replicas.',
    example: 'replication async',
  }),
  spec({
    key: 'lag',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['database', 'search', 'cache', 'edge'],
    min: 0,
    doc: 'Replication lag bound (or, on an edge, the pipeline delay): the staleness of what is read downstream.',
    example: 'lag 100 ms',
  }),
  spec({
    key: 'read-from',
    value: { shape: 'word', words: READ_FROM },
    on: ['database', 'search', 'edge'],
    doc:
      "Where reads go: the primary, the replicas, any node, or `sticky` (each user's reads to one replica: monotonic " +
      'reads). On an edge only `primary`: this call reads from the leader (reading after a write).',
    example: 'read-from replicas',
  }),
  spec({
    key: 'shards',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['database', 'search', 'cache', 'storage'],
    integer: true,
    min: 1,
    doc: 'Partitions of the data by key, each with its own primary.',
    example: 'shards 8',
  }),
  spec({
    key: 'skew',
    value: { shape: 'quantity', dimension: 'factor' },
    on: kindsWith('holdsData'),
    min: 1,
    doc: "The hottest shard's load as a multiple of the mean.",
    example: 'skew 1.5',
  }),
  spec({
    key: 'quorum',
    value: { shape: 'quorum' },
    on: ['database', 'storage'],
    doc: 'Dynamo-style quorum: N copies, R read, W written. R + W > N gives strong reads.',
    example: 'quorum n 3 r 2 w 2',
  }),
  spec({
    key: 'storage',
    value: { shape: 'quantity', dimension: 'bytes' },
    on: kindsWith('holdsData'),
    min: 0,
    doc: 'Storage available on each node.',
    example: 'storage 2 TB',
  }),
  spec({
    key: 'record',
    value: { shape: 'quantity', dimension: 'bytes' },
    on: kindsWith('holdsData'),
    min: 0,
    doc: 'Bytes stored per write (defaults to the client payload).',
    example: 'record 1 KB',
  }),
  // queues, streams
  spec({
    key: 'partitions',
    value: { shape: 'quantity', dimension: 'count' },
    on: kindsWith('broker'),
    integer: true,
    min: 1,
    doc: 'Partitions: at most one consumer per partition does work.',
    example: 'partitions 3',
  }),
  spec({
    key: 'delivery',
    value: { shape: 'word', words: DELIVERIES },
    on: kindsWith('broker'),
    doc: 'Delivery guarantee to consumers.',
    example: 'delivery at-least-once',
  }),
  spec({
    key: 'retention',
    value: { shape: 'quantity', dimension: 'time' },
    on: [...kindsWith('broker'), ...kindsWith('store')],
    min: 0,
    doc: 'How long data is kept.',
    example: 'retention 7 days',
  }),
  // edges
  spec({
    key: 'share',
    value: { shape: 'quantity', dimension: 'percent' },
    on: ['edge'],
    min: 0,
    max: 1,
    doc: "Fraction of the source's traffic (of the edge's class) that this edge carries.",
    example: 'share 30 %',
  }),
  spec({
    key: 'weight',
    value: { shape: 'quantity', dimension: 'factor' },
    on: ['edge'],
    min: 0,
    exclusiveMin: true,
    doc: 'Load-balancer weight of this target (traffic splits in proportion).',
    example: 'weight 2',
  }),
  spec({
    key: 'fanout',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['edge'],
    integer: true,
    min: 1,
    doc: 'Calls made to the target for each request (fan-out).',
    example: 'fanout 100',
  }),
  ...RESILIENCE_SPECS,
  spec({
    key: 'requires',
    value: { shape: 'word', words: CONSISTENCY_REQUIREMENTS },
    on: ['edge'],
    doc:
      'Consistency the caller needs from reads over this edge: `strong`, `session` (read-your-writes and monotonic), ' +
      '`read-your-writes`, `monotonic` (never older after newer) or `eventual`.',
    example: 'requires read-your-writes',
  }),
  // slo
  spec({
    key: 'p50',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['slo'],
    min: 0,
    exclusiveMin: true,
    doc: 'Median latency target for every request path.',
    example: 'p50 50 ms',
  }),
  spec({
    key: 'p95',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['slo'],
    min: 0,
    exclusiveMin: true,
    doc: '95th percentile latency target for every request path.',
    example: 'p95 200 ms',
  }),
  spec({
    key: 'p99',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['slo'],
    min: 0,
    exclusiveMin: true,
    doc: '99th percentile latency target for every request path.',
    example: 'p99 500 ms',
  }),
  // settings
  spec({
    key: 'month',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['settings'],
    min: 0,
    exclusiveMin: true,
    doc: "Length of a month for `per month` rates (default 2.5 million s, the primer's convention).",
    example: 'month 30 days',
  }),
  spec({
    key: 'horizon',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['settings'],
    min: 0,
    exclusiveMin: true,
    doc: 'Planning horizon for storage growth and for user growth (`growth`): how far ahead to look (default 1 year).',
    example: 'horizon 3 years',
  }),
  ...SCALING_SPECS,
  spec({
    key: 'target-utilization',
    value: { shape: 'quantity', dimension: 'percent' },
    on: ['settings'],
    min: 0,
    max: 1,
    exclusiveMin: true,
    doc: 'Utilisation to size pools for: n = ceil(load x S / target).',
    example: 'target-utilization 70 %',
  }),
  spec({
    key: 'description',
    value: { shape: 'string' },
    on: [...COMPONENT_KINDS, 'edge'],
    doc: 'Free text shown in hovers and the diagram.',
    example: 'description "Orders of record"',
  }),
];

export { SCENARIO_WORDS } from './properties-scaling.js';
export { RESILIENCE_MODIFIERS, REQUIREMENT_DOCS } from './properties-resilience.js';

export const PROPERTY_BY_KEY: ReadonlyMap<string, PropertySpec> = new Map(PROPERTY_SPECS.map((s) => [s.key, s]));

export function propertiesFor(owner: Owner): PropertySpec[] {
  return PROPERTY_SPECS.filter((s) => s.on.includes(owner));
}

/** Whether `key` may be written on `owner` (e.g. whether a kind takes `replicas`). */
export function takesProperty(owner: Owner, key: string): boolean {
  return PROPERTY_BY_KEY.get(key)?.on.includes(owner) ?? false;
}

export type { Owner, PropertySpec, RawValue, ValueShape } from './property-types.js';
