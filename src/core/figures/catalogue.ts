/**
 * The figure catalogue: every figure of a component that any surface shows, once, with its
 * label, unit, which components have it and which surfaces show it (hover, inlay hint, CLI
 * table, JSON, preview tooltip). The surfaces read this table; none chooses figures by hand.
 * Also: which groups of a component's results depend on other components (the rule memo
 * records reads of those, so incremental findings cannot go stale silently).
 */
import type { ComponentAnalysis, Figure, FigureUnit } from '../analysis/types.js';

export type Surface = 'hover' | 'hint' | 'table' | 'json' | 'tooltip';

export interface ComponentFigure {
  /** Stable key, e.g. `utilization`. */
  key: string;
  /** How hovers and tooltips name it: `p95 response`. */
  label: string;
  /** The CLI table's column header, where the table shows it. */
  column?: string;
  /** Where the figure sits in a component's JSON (dotted path), where JSON has it. */
  json?: string;
  unit: FigureUnit;
  /** One line for the docs and the JSON schema. */
  doc: string;
  get: (c: ComponentAnalysis) => Figure | null | undefined;
  /** Whether hovers, hints and tooltips show it for this component (the table and JSON always hold it). */
  shown?: (c: ComponentAnalysis) => boolean;
  surfaces: readonly Surface[];
  /** On the inlay hint: the hint option that turns it off, and how it reads there. */
  hint?: { option: 'load' | 'utilization'; format: (shown: string, c: ComponentAnalysis) => string };
}

const server = (c: ComponentAnalysis) => c.kind !== 'client';
const capacity = (c: ComponentAnalysis) => c.hasCapacity;
const mixed = (c: ComponentAnalysis) => (c.load.reads.value ?? 0) > 0 && (c.load.writes.value ?? 0) > 0;

/** Every component figure, in the order surfaces list them. */
export const COMPONENT_FIGURES: readonly ComponentFigure[] = [
  {
    key: 'reads',
    label: 'reads',
    column: 'reads',
    json: 'load.reads',
    unit: 'rps',
    doc: 'Reads per second arriving.',
    get: (c) => c.load.reads,
    shown: mixed,
    surfaces: ['hover', 'table', 'json', 'tooltip'],
  },
  {
    key: 'writes',
    label: 'writes',
    column: 'writes',
    json: 'load.writes',
    unit: 'rps',
    doc: 'Writes per second arriving.',
    get: (c) => c.load.writes,
    shown: mixed,
    surfaces: ['hover', 'table', 'json', 'tooltip'],
  },
  {
    key: 'load',
    label: 'load',
    column: 'load',
    json: 'load.total',
    unit: 'rps',
    doc: 'Requests per second arriving (for a client: sent), reads and writes.',
    get: (c) => c.load.total,
    surfaces: ['hover', 'hint', 'table', 'json', 'tooltip'],
    hint: { option: 'load', format: (shown) => `≈ ${shown}` },
  },
  {
    key: 'capacity',
    label: 'capacity',
    column: 'capacity',
    json: 'capacityRps',
    unit: 'rps',
    doc: 'The most it sustains, rps (a store: at the current read/write mix, its hottest node first).',
    get: (c) => c.capacity,
    shown: capacity,
    surfaces: ['hover', 'table', 'json', 'tooltip'],
  },
  {
    key: 'utilization',
    label: 'utilisation',
    column: 'util',
    json: 'utilization',
    unit: 'fraction',
    doc: 'Load over capacity (a store: at its busiest node); 1 or more is saturated.',
    get: (c) => c.utilization,
    shown: capacity,
    surfaces: ['hover', 'hint', 'table', 'json', 'tooltip'],
    hint: { option: 'utilization', format: (shown, c) => (c.saturated ? `${shown} saturated` : shown) },
  },
  {
    key: 'saturationMultiplier',
    label: 'saturates at',
    column: 'saturates at',
    json: 'saturationMultiplier',
    unit: 'multiplier',
    doc: "The factor by which every client's rate can grow before it saturates (1 / utilisation).",
    get: (c) => c.saturationMultiplier,
    shown: capacity,
    surfaces: ['hover', 'table', 'json', 'tooltip'],
  },
  {
    key: 'backlogGrowth',
    label: 'backlog growth',
    json: 'backlogRps',
    unit: 'rps',
    doc: 'How fast the backlog grows while saturated (load − capacity), requests per second.',
    get: (c) => c.backlogGrowth,
    shown: (c) => c.saturated,
    surfaces: ['hover', 'json', 'tooltip'],
  },
  {
    key: 'waitProbability',
    label: 'waiting (Erlang C)',
    json: 'waitProbability',
    unit: 'fraction',
    doc: 'The share of requests that wait in a queue (Erlang C).',
    get: (c) => c.queue?.waitProbability,
    shown: capacity,
    surfaces: ['hover', 'json'],
  },
  {
    key: 'instances',
    label: 'instances',
    json: 'instances',
    unit: 'count',
    doc: 'Instances (a store: nodes, shards × (1 + replicas)).',
    get: (c) => c.instances,
    shown: (c) => capacity(c) && server(c),
    surfaces: ['json', 'tooltip'],
  },
  {
    key: 'instancesNeeded',
    label: 'instances needed',
    json: 'instancesNeeded',
    unit: 'count',
    doc: 'Instances needed for the target utilisation.',
    get: (c) => c.instancesNeeded,
    shown: capacity,
    surfaces: ['hover', 'json', 'tooltip'],
  },
  {
    key: 'headroom',
    label: 'headroom',
    json: 'headroom',
    unit: 'fraction',
    doc: 'Spare capacity, 1 − utilisation.',
    get: (c) => c.headroom,
    surfaces: ['json'],
  },
  {
    key: 'meanResponse',
    label: 'mean response',
    column: 'mean',
    json: 'latency.meanMs',
    unit: 'ms',
    doc: 'Mean response time of the component itself (queueing, service, fixed latency), ms.',
    get: (c) => c.latency.mean,
    shown: server,
    surfaces: ['hover', 'table', 'json'],
  },
  {
    key: 'p50Response',
    label: 'p50 response',
    json: 'latency.p50Ms',
    unit: 'ms',
    doc: 'Median response time of the component itself, ms.',
    get: (c) => c.latency.p50,
    surfaces: ['json'],
  },
  {
    key: 'p95Response',
    label: 'p95 response',
    column: 'p95',
    json: 'latency.p95Ms',
    unit: 'ms',
    doc: '95th percentile response time of the component itself, ms.',
    get: (c) => c.latency.p95,
    shown: server,
    surfaces: ['hover', 'table', 'json', 'tooltip'],
  },
  {
    key: 'p99Response',
    label: 'p99 response',
    json: 'latency.p99Ms',
    unit: 'ms',
    doc: '99th percentile response time of the component itself, ms.',
    get: (c) => c.latency.p99,
    surfaces: ['json'],
  },
  {
    key: 'concurrency',
    label: 'in flight',
    column: 'in flight',
    json: 'concurrency',
    unit: 'requests',
    doc: "Requests in progress on average (Little's law).",
    get: (c) => c.concurrency,
    surfaces: ['hover', 'table', 'json'],
  },
  {
    key: 'availability',
    label: 'availability',
    json: 'availability',
    unit: 'fraction',
    doc: 'The share of time it answers (its instances or nodes in parallel).',
    get: (c) => c.availability,
    surfaces: ['hover', 'json', 'tooltip'],
  },
  {
    key: 'endToEndMean',
    label: 'mean end to end',
    json: 'endToEnd.meanMs',
    unit: 'ms',
    doc: 'Mean response time including its synchronous calls, ms.',
    get: (c) => c.endToEnd.mean,
    surfaces: ['json'],
  },
  {
    key: 'endToEndP95',
    label: 'p95 end to end',
    json: 'endToEnd.p95Ms',
    unit: 'ms',
    doc: '95th percentile response time including its synchronous calls, ms.',
    get: (c) => c.endToEnd.p95,
    surfaces: ['json'],
  },
  {
    key: 'primaryUtilization',
    label: 'hottest primary',
    unit: 'fraction',
    doc: "A store's hottest primary node's utilisation.",
    get: (c) => c.store?.primary.utilization,
    surfaces: ['hover'],
  },
  {
    key: 'replicaUtilization',
    label: 'each replica',
    unit: 'fraction',
    doc: "A store's busiest replica's utilisation.",
    get: (c) => c.store?.replica?.utilization,
    surfaces: ['hover'],
  },
  {
    key: 'primaryLoad',
    label: 'primary load',
    json: 'store.primaryRps',
    unit: 'rps',
    doc: "Load on a store's hottest primary node, rps.",
    get: (c) => c.store?.primary.load,
    surfaces: ['json'],
  },
  {
    key: 'replicaLoad',
    label: 'replica load',
    json: 'store.replicaRps',
    unit: 'rps',
    doc: "Load on each of a store's replicas of the hottest shard, rps.",
    get: (c) => c.store?.replica?.load,
    surfaces: ['json'],
  },
  {
    key: 'storageGrowth',
    label: 'storage growth',
    json: 'storage.growthPerMonthBytes',
    unit: 'bytes/month',
    doc: 'Bytes written per month.',
    get: (c) => c.storage?.growthPerMonth,
    surfaces: ['hover', 'json'],
  },
  {
    key: 'storageAtHorizon',
    label: 'stored at the horizon',
    json: 'storage.atHorizonBytes',
    unit: 'bytes',
    doc: 'Bytes held at the planning horizon.',
    get: (c) => c.storage?.atHorizon,
    surfaces: ['json'],
  },
  {
    key: 'storageCapacity',
    label: 'storage',
    json: 'storage.capacityBytes',
    unit: 'bytes',
    doc: 'Storage over all shards (replicas hold copies).',
    get: (c) => c.storage?.capacity,
    surfaces: ['json'],
  },
  {
    key: 'monthsUntilFull',
    label: 'full in',
    json: 'storage.monthsUntilFull',
    unit: 'months',
    doc: 'Months until the storage is full at the current write rate.',
    get: (c) => c.storage?.monthsUntilFull,
    surfaces: ['hover', 'json', 'tooltip'],
  },
  {
    key: 'scheduleRate',
    label: 'sends while running',
    json: 'schedule.rateRps',
    unit: 'rps',
    doc: 'A scheduled job: requests per second it sends while it runs (the loads are those during its window).',
    get: (c) => c.schedule?.rateWhileRunning,
    surfaces: ['hover', 'json', 'tooltip'],
  },
  {
    key: 'scheduleDutyCycle',
    label: 'runs',
    json: 'schedule.dutyCycle',
    unit: 'fraction',
    doc: 'A scheduled job: the share of the time it runs, run / every.',
    get: (c) => c.schedule?.dutyCycle,
    surfaces: ['hover', 'json'],
  },
  {
    key: 'scheduleAverageRate',
    label: 'average rate',
    json: 'schedule.averageRps',
    unit: 'rps',
    doc: 'A scheduled job: its rate averaged over its period, rate × run / every.',
    get: (c) => c.schedule?.averageRate,
    surfaces: ['hover', 'json'],
  },
  {
    key: 'connectionsOpened',
    label: 'connections opened',
    json: 'connections.opened',
    unit: 'count',
    doc: "A store: connections its callers' pools may open, Σ caller instances × pool size.",
    get: (c) => c.connections?.opened,
    surfaces: ['hover', 'json', 'tooltip'],
  },
  {
    key: 'connectionsOpenedAtMax',
    label: 'connections at autoscale max',
    json: 'connections.openedAtMax',
    unit: 'count',
    doc: 'A store: the same with every autoscaled caller at its autoscale maximum.',
    get: (c) => c.connections?.openedAtMax,
    shown: (c) => c.connections?.openedAtMax.value !== c.connections?.opened.value,
    surfaces: ['hover', 'json'],
  },
  {
    key: 'maxConnections',
    label: 'max connections',
    json: 'connections.limit',
    unit: 'count',
    doc: 'A store: the connections it accepts (max-connections).',
    get: (c) => c.connections?.limit,
    surfaces: ['hover', 'json'],
  },
  {
    key: 'scheduledLoad',
    label: 'scheduled jobs add',
    json: 'connections.scheduledRps',
    unit: 'rps',
    doc: 'A store: requests per second scheduled jobs add while they run (included in its load: the worst case).',
    get: (c) => c.connections?.scheduledLoad,
    surfaces: ['hover', 'json', 'tooltip'],
  },
];

/** The figures a surface shows, in order. */
export function figuresOn(surface: Surface): readonly ComponentFigure[] {
  return BY_SURFACE.get(surface)!;
}

const BY_SURFACE = new Map<Surface, readonly ComponentFigure[]>(
  (['hover', 'hint', 'table', 'json', 'tooltip'] as const).map((s) => [
    s,
    COMPONENT_FIGURES.filter((f) => f.surfaces.includes(s)),
  ]),
);

/** Whether a surface that hides absent figures shows this one for this component. */
export function isShown(f: ComponentFigure, c: ComponentAnalysis): boolean {
  const v = f.get(c);
  return !!v && v.value !== null && (f.shown?.(c) ?? true);
}

/**
 * What each group of a component's results depends on beyond the component, its load and its
 * service model: its call tree (`tree`: the latency of everything it calls synchronously) or
 * what feeds it (`consistency`); `null` for none. Every key of ComponentAnalysis is listed (the
 * type says so), so a new group cannot be added without saying; the rule memo records a read of
 * a dependent group and keeps a finding only while that dependency is unchanged.
 */
export type Dependency = 'tree' | 'consistency' | null;

export const COMPONENT_GROUP_DEPENDS: {
  readonly [K in keyof ComponentAnalysis]-?: (c: ComponentAnalysis) => Dependency;
} = {
  id: () => null,
  name: () => null,
  kind: () => null,
  system: () => null,
  load: () => null,
  hasCapacity: () => null,
  instances: () => null,
  capacity: () => null,
  capacityAtMax: () => null,
  utilization: () => null,
  saturationMultiplier: () => 'tree', // null where retries behind timeouts upstream make the load not linear
  saturated: () => null,
  backlogGrowth: () => null,
  headroom: () => null,
  instancesNeeded: () => null,
  dispatch: () => null,
  queue: () => null,
  // a client's latency and concurrency are its requests' end to end
  latency: (c) => (c.kind === 'client' ? 'tree' : null),
  endToEnd: () => 'tree',
  concurrency: (c) => (c.kind === 'client' ? 'tree' : null),
  availability: () => null,
  store: () => null,
  consistency: () => 'consistency',
  storage: () => null,
  schedule: () => null,
  // its callers' instances and pools, and the scheduled jobs that feed it: what feeds it
  connections: () => 'consistency',
  notes: () => null,
};

/** The same for an edge's results: the fan-out tail reads the callee's call tree. */
export const EDGE_GROUP_DEPENDS = {
  id: false,
  from: false,
  to: false,
  sync: false,
  load: false,
  retryFactor: false,
  fanoutTail: true,
  // the call time's p99 reads the callee's call tree (the timeout share, breaker and storm are numbers)
  resilience: true,
  // in use = λ × the callee's end-to-end mean
  connections: true,
} as const;
