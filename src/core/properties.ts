/**
 * The property table: which property may be written on which kind of component (or on an
 * edge, an `slo` or `settings` block), with which value shape and constraints, and how its
 * written value becomes a model value. The validator, the model builder, completion and
 * hover all read this one table. Pure.
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
import {
  convertQuantity,
  suggest,
  unitDimension,
  type Dimension,
  type RawQuantity,
  type UnitContext,
} from './units.js';

export type Owner = ComponentKind | 'edge' | 'slo' | 'settings';

/** A written property value, mirrored from the syntax tree as plain data. */
export type RawValue =
  | { type: 'quantity'; quantity: RawQuantity }
  | { type: 'range'; min: RawQuantity; max: RawQuantity }
  | { type: 'quorum'; n: RawQuantity; r: RawQuantity; w: RawQuantity }
  | { type: 'ref'; store: string }
  | { type: 'word'; word: string }
  | { type: 'string'; text: string };

export type ValueShape =
  | { shape: 'quantity'; dimension: Dimension }
  | { shape: 'range'; dimension: Dimension }
  | { shape: 'quorum' }
  | { shape: 'word'; words: readonly string[]; open?: boolean }
  /** `local`, `none`, `client` or `in <component>`. */
  | { shape: 'placement' }
  /** No value, or yes / no / true / false. */
  | { shape: 'flag' }
  | { shape: 'string' };

export interface PropertySpec {
  key: string;
  value: ValueShape;
  on: readonly Owner[];
  doc: string;
  example: string;
  integer?: boolean;
  min?: number;
  /** Value must be strictly greater than `min`. */
  exclusiveMin?: boolean;
  max?: number;
  /** Words allowed after the value (`replicas 3 async`). */
  qualifiers?: readonly string[];
}

/** Kinds that serve requests (all but the load sources): capacity, service time, latency, availability. */
const SERVERS: readonly ComponentKind[] = kindsWithout('sendsLoad');

const spec = (s: PropertySpec): PropertySpec => s;

export const PROPERTY_SPECS: readonly PropertySpec[] = [
  // load sources
  spec({
    key: 'rate',
    value: { shape: 'quantity', dimension: 'rate' },
    on: ['client'],
    min: 0,
    doc: 'Requests this client sends.',
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
    doc: 'Relative instance size (1 = standard); pools of different sizes behind round-robin are heterogeneous.',
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
    on: ['database', 'search'],
    doc: 'Where reads go: the primary, the replicas, or any node.',
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
  spec({
    key: 'timeout',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['edge'],
    min: 0,
    exclusiveMin: true,
    doc: 'The caller gives up after this long.',
    example: 'timeout 300 ms',
  }),
  spec({
    key: 'retries',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['edge'],
    integer: true,
    min: 0,
    doc: 'Retries after a failure or timeout (each adds load).',
    example: 'retries 2',
  }),
  spec({
    key: 'requires',
    value: { shape: 'word', words: CONSISTENCY_REQUIREMENTS },
    on: ['edge'],
    doc: 'Consistency the caller needs from reads over this edge.',
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
    doc: 'Planning horizon for storage growth (default 1 year).',
    example: 'horizon 3 years',
  }),
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

export const PROPERTY_BY_KEY: ReadonlyMap<string, PropertySpec> = new Map(PROPERTY_SPECS.map((s) => [s.key, s]));

export function propertiesFor(owner: Owner): PropertySpec[] {
  return PROPERTY_SPECS.filter((s) => s.on.includes(owner));
}

/** Whether `key` may be written on `owner` (e.g. whether a kind takes `replicas`). */
export function takesProperty(owner: Owner, key: string): boolean {
  return PROPERTY_BY_KEY.get(key)?.on.includes(owner) ?? false;
}

/** Values a property may hold once interpreted. */
export type PropertyValue =
  | number
  | boolean
  | string
  | { min: number; max: number }
  | { n: number; r: number; w: number }
  | { placement: 'local' | 'none' | 'client' }
  | { placement: 'store'; store: string };

/** Where a problem lies in a written property. */
export type PropertyPart =
  'key' | 'value' | 'number' | 'unit' | 'scale' | 'qualifier' | 'min' | 'max' | 'n' | 'r' | 'w';

export interface PropertyProblem {
  part: PropertyPart;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface InterpretedProperty {
  spec?: PropertySpec;
  value?: PropertyValue;
  qualifier?: string;
  problems: PropertyProblem[];
}

function ownerText(owner: Owner): string {
  if (owner === 'edge') return 'an edge';
  if (owner === 'slo') return 'an slo block';
  if (owner === 'settings') return 'a settings block';
  return `a ${owner}`;
}

const SHAPE_TEXT: Readonly<Record<ValueShape['shape'], string>> = {
  quantity: 'a number',
  range: 'a range min..max',
  quorum: 'a quorum `n N r R w W`',
  word: 'a word',
  placement: '`local`, `client`, `none` or `in <component>`',
  flag: 'no value (or yes/no)',
  string: 'a quoted string',
};

/**
 * Interprets one written property for an owner: checks the key is allowed there, the value
 * has the right shape, unit and range, and returns the normalised value with any problems.
 */
export function interpretProperty(
  key: string,
  owner: Owner,
  raw: RawValue | undefined,
  qualifier: string | undefined,
  ctx: UnitContext,
): InterpretedProperty {
  const problems: PropertyProblem[] = [];
  const err = (part: PropertyPart, code: string, message: string) =>
    problems.push({ part, severity: 'error', code, message });
  const spec = PROPERTY_BY_KEY.get(key);
  if (!spec) {
    err('key', 'unknown-property', `unknown property '${key}'`);
    return { problems };
  }
  if (!spec.on.includes(owner)) {
    const allowed = propertiesFor(owner).map((s) => s.key);
    const near = suggest(key, allowed);
    err(
      'key',
      'property-not-allowed',
      `'${key}' is not a property of ${ownerText(owner)}${near ? `; did you mean '${near}'?` : ''}`,
    );
    return { spec, problems };
  }
  let qual: string | undefined;
  if (qualifier !== undefined) {
    if (spec.qualifiers?.includes(qualifier)) qual = qualifier;
    else err('qualifier', 'bad-value', `'${qualifier}' cannot follow ${key}`);
  }
  const shape = spec.value;
  if (raw === undefined) {
    if (shape.shape === 'flag') return { spec, value: true, qualifier: qual, problems };
    err('key', 'missing-value', `${key} needs ${SHAPE_TEXT[shape.shape]}, e.g. \`${spec.example}\``);
    return { spec, problems };
  }

  const checkNumber = (q: RawQuantity, part: PropertyPart, dimension: Dimension): number | undefined => {
    const r = convertQuantity(q, dimension, key, ctx);
    if (!r.ok && q.unit && !q.unit.per && unitDimension(q.unit) === undefined) {
      // An unknown word after a number is often a mistyped next property (`instances 2 capacty 3`).
      let message = r.problem.message;
      if (!message.includes('did you mean')) {
        const near = suggest(
          q.unit.name,
          PROPERTY_SPECS.map((x) => x.key),
        );
        if (near) message = `unknown unit '${q.unit.name}'; if it starts the next property, did you mean '${near}'?`;
        else if (dimension === 'count')
          message = `unknown unit '${q.unit.name}' (${key} is a plain count, e.g. \`${spec.example}\`)`;
      }
      err(part === 'value' ? 'unit' : part, 'bad-unit', message);
      return undefined;
    }
    if (!r.ok) {
      const p: PropertyPart = r.problem.part === 'whole' ? part : part === 'value' ? r.problem.part : part;
      err(p, r.problem.part === 'unit' || r.problem.part === 'scale' ? 'bad-unit' : 'bad-number', r.problem.message);
      return undefined;
    }
    const v = r.value;
    const shown =
      dimension === 'percent'
        ? `${(v * 100).toPrecision(4).replace(/\.?0+$/, '')} %`
        : `${q.negative ? '-' : ''}${q.number}`;
    if (spec.min !== undefined && (v < spec.min || (spec.exclusiveMin && v === spec.min))) {
      if (v < 0) err(part === 'value' ? 'number' : part, 'bad-number', `${key} cannot be negative (got ${shown})`);
      else
        err(
          part === 'value' ? 'number' : part,
          'bad-number',
          `${key} must be ${spec.exclusiveMin ? 'greater than' : 'at least'} ${spec.min} (got ${shown})`,
        );
      return undefined;
    }
    if (spec.max !== undefined && v > spec.max) {
      const limit = dimension === 'percent' ? `${spec.max * 100} %` : String(spec.max);
      err(part === 'value' ? 'number' : part, 'bad-number', `${key} cannot exceed ${limit} (got ${shown})`);
      return undefined;
    }
    if (spec.integer && !Number.isInteger(v)) {
      err(part === 'value' ? 'number' : part, 'bad-number', `${key} must be a whole number (got ${shown})`);
      return undefined;
    }
    return v;
  };

  const wrongShape = () =>
    err('value', 'bad-value', `${key} needs ${SHAPE_TEXT[shape.shape]}, e.g. \`${spec.example}\``);

  switch (shape.shape) {
    case 'quantity': {
      if (raw.type !== 'quantity') {
        wrongShape();
        return { spec, problems };
      }
      const v = checkNumber(raw.quantity, 'value', shape.dimension);
      return { spec, value: v, qualifier: qual, problems };
    }
    case 'range': {
      if (raw.type === 'quantity') {
        const v = checkNumber(raw.quantity, 'value', shape.dimension);
        return { spec, value: v === undefined ? undefined : { min: v, max: v }, problems };
      }
      if (raw.type !== 'range') {
        wrongShape();
        return { spec, problems };
      }
      const min = checkNumber(raw.min, 'min', shape.dimension);
      const max = checkNumber(raw.max, 'max', shape.dimension);
      if (min === undefined || max === undefined) return { spec, problems };
      if (max < min) {
        err('value', 'bad-value', `${key}: the maximum (${max}) is below the minimum (${min})`);
        return { spec, problems };
      }
      return { spec, value: { min, max }, problems };
    }
    case 'quorum': {
      if (raw.type !== 'quorum') {
        wrongShape();
        return { spec, problems };
      }
      const vals: Record<'n' | 'r' | 'w', number | undefined> = { n: undefined, r: undefined, w: undefined };
      for (const part of ['n', 'r', 'w'] as const) {
        const r = convertQuantity(raw[part], 'count', `quorum ${part}`, ctx);
        if (!r.ok) err(part, r.problem.part === 'unit' ? 'bad-unit' : 'bad-number', r.problem.message);
        else if (!Number.isInteger(r.value) || r.value < 1)
          err(part, 'bad-number', `quorum ${part} must be a whole number of at least 1 (got ${r.value})`);
        else vals[part] = r.value;
      }
      if (vals.n === undefined || vals.r === undefined || vals.w === undefined) return { spec, problems };
      if (vals.r > vals.n) err('r', 'bad-number', `quorum r (${vals.r}) cannot exceed n (${vals.n})`);
      if (vals.w > vals.n) err('w', 'bad-number', `quorum w (${vals.w}) cannot exceed n (${vals.n})`);
      if (problems.length) return { spec, problems };
      return { spec, value: { n: vals.n, r: vals.r, w: vals.w }, problems };
    }
    case 'word': {
      if (raw.type !== 'word') {
        wrongShape();
        return { spec, problems };
      }
      const closedForCache = owner === 'cache' && key === 'engine';
      if (closedForCache ? (CACHE_ENGINES as readonly string[]).includes(raw.word) : shape.words.includes(raw.word)) {
        return { spec, value: raw.word, qualifier: qual, problems };
      }
      const near = suggest(raw.word, shape.words);
      if (shape.open && !closedForCache) {
        if (near && near !== raw.word) {
          problems.push({
            part: 'value',
            severity: 'warning',
            code: 'unknown-value',
            message: `unknown ${key} '${raw.word}'; did you mean '${near}'?`,
          });
        }
        return { spec, value: raw.word, problems };
      }
      const list = closedForCache ? CACHE_ENGINES : shape.words;
      err(
        'value',
        'bad-value',
        `unknown ${key} '${raw.word}'${near && list.includes(near) ? `; did you mean '${near}'?` : ''} (expected one of: ${list.join(', ')})`,
      );
      return { spec, problems };
    }
    case 'placement': {
      if (raw.type === 'ref') return { spec, value: { placement: 'store', store: raw.store }, problems };
      if (raw.type === 'word' && (raw.word === 'local' || raw.word === 'none' || raw.word === 'client')) {
        return { spec, value: { placement: raw.word }, problems };
      }
      wrongShape();
      return { spec, problems };
    }
    case 'flag': {
      if (raw.type === 'word' && ['yes', 'true'].includes(raw.word)) return { spec, value: true, problems };
      if (raw.type === 'word' && ['no', 'false'].includes(raw.word)) return { spec, value: false, problems };
      wrongShape();
      return { spec, problems };
    }
    case 'string': {
      if (raw.type !== 'string') {
        wrongShape();
        return { spec, problems };
      }
      return { spec, value: raw.text, problems };
    }
  }
}
