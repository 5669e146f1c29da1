/**
 * The public JSON of an analysis (`archscale analyze --json`): its zod schema, which is the
 * contract (docs/analysis.schema.json is generated from it: `npm run schema:update`), and the
 * conversion from an analysis. A component's figures come from the figure catalogue. Figures that
 * do not exist are null, never NaN or Infinity.
 */
import { z } from 'zod';
import type { Analysis, ComponentAnalysis, Consistency, PathAnalysis } from '../analysis/types.js';
import { COMPONENT_FIGURES, figuresOn } from './catalogue.js';

const num = z.number().nullable();
/** A figure's value at a JSON path, described by its catalogue entry. */
const fig = (path: string) => {
  const f = COMPONENT_FIGURES.find((e) => e.json === path);
  if (!f) throw new Error(`no catalogue figure at ${path}`);
  return num.describe(`${f.doc} Null when it does not exist.`);
};
/** A path's latency. */
const pathLatency = z.strictObject({ meanMs: num, p50Ms: num, p95Ms: num, p99Ms: num });
const consistency = z
  .strictObject({
    class: z.string().describe('strong, session, read-your-writes, monotonic, eventual or weak'),
    stalenessMs: num.describe('how far behind a read may be, ms (null: no bound)'),
    cap: z.string().describe('CP, AP or CA: what the store gives up under a partition'),
  })
  .nullable();

/** One synchronous call's connection pool or bulkhead, per caller instance (the caller's `pools`). */
const poolJson = z.strictObject({
  to: z.string(),
  kind: z.string().describe('pool (queues: Erlang C) or bulkhead (refuses: Erlang B)'),
  size: z.number().describe('connections (or bulkhead slots) per caller instance'),
  inUse: num.describe("connections in use per caller instance, λᵢ × R (Little's law); null: unbounded"),
  waitProbability: num.describe('P(a call waits for a connection), Erlang C (pool); null for a bulkhead'),
  meanWaitMs: num.describe('mean wait for a connection, ms (pool); null for a bulkhead or when exhausted'),
  refusal: num.describe('P(a call is refused), Erlang B (bulkhead); null for a pool'),
  exhausted: z.boolean().describe('in use ≥ size: every call waits (pool) or most are refused (bulkhead)'),
});

export const ComponentJsonSchema = z.strictObject({
  name: z.string(),
  kind: z.string(),
  system: z.string(),
  load: z.strictObject({ reads: fig('load.reads'), writes: fig('load.writes'), total: fig('load.total') }),
  capacityRps: fig('capacityRps'),
  utilization: fig('utilization'),
  saturationMultiplier: fig('saturationMultiplier'),
  latency: z.strictObject({
    meanMs: fig('latency.meanMs'),
    p50Ms: fig('latency.p50Ms'),
    p95Ms: fig('latency.p95Ms'),
    p99Ms: fig('latency.p99Ms'),
  }),
  concurrency: fig('concurrency'),
  instances: fig('instances'),
  saturated: z.boolean().describe('Whether the load reaches its capacity (utilisation of 100 % or more).'),
  backlogRps: fig('backlogRps'),
  headroom: fig('headroom'),
  instancesNeeded: fig('instancesNeeded'),
  waitProbability: fig('waitProbability'),
  availability: fig('availability'),
  endToEnd: z.strictObject({ meanMs: fig('endToEnd.meanMs'), p95Ms: fig('endToEnd.p95Ms') }),
  store: z
    .strictObject({
      shards: z.number(),
      replicas: z.number(),
      primaryRps: fig('store.primaryRps'),
      replicaRps: fig('store.replicaRps'),
    })
    .nullable()
    .describe('A store (database, search, storage) only.'),
  consistency,
  storage: z
    .strictObject({
      growthPerMonthBytes: fig('storage.growthPerMonthBytes'),
      atHorizonBytes: fig('storage.atHorizonBytes'),
      capacityBytes: fig('storage.capacityBytes'),
      monthsUntilFull: fig('storage.monthsUntilFull'),
    })
    .nullable()
    .describe('Stores, and queues or streams with storage or retention, only.'),
  schedule: z
    .strictObject({
      rateRps: fig('schedule.rateRps'),
      dutyCycle: fig('schedule.dutyCycle'),
      averageRps: fig('schedule.averageRps'),
    })
    .nullable()
    .describe('A scheduled job (`schedule every … run … rate …`) only.'),
  connections: z
    .strictObject({
      opened: fig('connections.opened'),
      openedAtMax: fig('connections.openedAtMax'),
      limit: fig('connections.limit'),
      scheduledRps: fig('connections.scheduledRps'),
    })
    .nullable()
    .describe("Stores and caches only: their callers' connections and the scheduled jobs' load."),
  pools: z.array(poolJson).describe('Its synchronous calls with a connection pool or bulkhead (connections.ts).'),
  notes: z.array(z.string()),
});

export const PathJsonSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  traffic: z.string().describe("reads or writes (which class of the client's requests takes this path)"),
  hops: z.array(z.string()),
  latency: pathLatency,
  availability: num,
  consistency,
});

/** One client's requests of one class, end to end (figures-errors.ts for the error figures). */
export const RequestJsonSchema = z.strictObject({
  client: z.string(),
  traffic: z.string().describe('reads or writes'),
  rateRps: num,
  latency: pathLatency,
  availability: num.describe('the share of requests that find every component they need up'),
  timeoutShare: num.describe(
    "P(request time > the end-to-end timeout: the client's timeout, else its system SLO's); null without one",
  ),
  errorRate: num.describe('the share of requests that fail: (1 − availability) + timeoutShare + bulkhead refusals'),
});

/** One call with a timeout, retries or a circuit breaker, at the analysis's fixed point (timeouts.ts). */
export const ResilienceJsonSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  timeoutShare: num.describe(
    'P(an attempt takes longer than the timeout): the share of attempts cut (0 without a timeout)',
  ),
  callP99Ms: num.describe("p99 of one attempt's call time (edge latency + the callee's response), ms; null: unbounded"),
  attemptFailure: num.describe("P(an attempt fails) = 1 − A·(1 − timeoutShare), A the callee's availability"),
  attemptsPerCall: num.describe('expected attempts per call: (1 − q^(r+1)) / (1 − q), at most 1 + budget'),
  goodputRps: num.describe('calls per second that succeed (0 while the breaker is open)'),
  retryLoadRps: num.describe('attempts per second the retries add to the callee'),
  worstAmplification: num.describe('the load on the callee per call when every attempt fails: r + 1, or 1 + budget'),
  retryStorm: z.boolean().describe('the retries keep the callee saturated (no fixed point below saturation)'),
  breaker: z.enum(['open', 'closed']).nullable().describe("the circuit breaker's state; null without one"),
});

export const AnalysisJsonSchema = z.strictObject({
  components: z.array(ComponentJsonSchema),
  resilience: z
    .array(ResilienceJsonSchema)
    .describe('The calls with a timeout, retries or a circuit breaker, in model order.'),
  paths: z.array(PathJsonSchema),
  requests: z.array(RequestJsonSchema),
  system: z.object({
    maxThroughputRps: num,
    bottleneck: z.string().nullable(),
    availability: num,
    errorRate: num.describe("rate-weighted error rate over the clients' request classes"),
    storage: z.object({
      growthPerMonthBytes: num,
      atHorizonBytes: num,
      horizonMs: z.number(),
      firstFull: z.object({ component: z.string(), months: z.number() }).nullable(),
    }),
  }),
  cycles: z.array(z.array(z.string())),
});

export type ComponentJson = z.infer<typeof ComponentJsonSchema>;
export type PathJson = z.infer<typeof PathJsonSchema>;
export type AnalysisJson = z.infer<typeof AnalysisJsonSchema>;

/** A number, or null when it is not finite. */
const finite = (x: number | null | undefined): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? x : null;

export function analysisToJson(a: Analysis): AnalysisJson {
  const s = a.system.storage;
  return {
    components: ((pools) => a.components.map((c) => componentToJson(c, pools.get(c.id))))(poolsByCaller(a)),
    resilience: resilienceToJson(a),
    paths: a.paths.map(pathToJson),
    requests: a.requests.map((r) => ({
      client: r.client,
      traffic: r.traffic,
      rateRps: finite(r.rate.value),
      latency: {
        meanMs: finite(r.latency.mean.value),
        p50Ms: finite(r.latency.p50.value),
        p95Ms: finite(r.latency.p95.value),
        p99Ms: finite(r.latency.p99.value),
      },
      availability: finite(r.availability.value),
      timeoutShare: finite(r.timeoutShare.value),
      errorRate: finite(r.errorRate.value),
    })),
    system: {
      maxThroughputRps: finite(a.system.maxThroughput.value),
      bottleneck: a.system.bottleneck,
      availability: finite(a.system.availability.value),
      errorRate: finite(a.system.errorRate.value),
      storage: {
        growthPerMonthBytes: finite(s.growthPerMonth.value),
        atHorizonBytes: finite(s.atHorizon.value),
        horizonMs: s.horizonMs,
        firstFull: s.firstFull && finite(s.firstFull.months) !== null ? { ...s.firstFull } : null,
      },
    },
    cycles: a.cycles.map((c) => [...c.components]),
  };
}

/** A component's JSON: its identity, then every catalogue figure that JSON holds, at its path. */
export function componentToJson(c: ComponentAnalysis, pools: ComponentJson['pools'] = []): ComponentJson {
  const out: Record<string, unknown> = {
    name: c.name,
    kind: c.kind,
    system: c.system,
    load: {},
    latency: {},
    endToEnd: {},
    saturated: c.saturated,
    store: c.store ? { shards: c.store.shards, replicas: c.store.replicas } : null,
    consistency: consistencyToJson(c.consistency),
    storage: c.storage ? {} : null,
    schedule: c.schedule ? {} : null,
    connections: c.connections ? {} : null,
    pools,
    notes: [...c.notes],
  };
  for (const f of figuresOn('json')) {
    const path = f.json!.split('.');
    let at = out;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    if (at !== null) at[path[path.length - 1]!] = finite(f.get(c)?.value);
  }
  return out as ComponentJson;
}

/** The calls with a timeout, retries or a breaker. */
function resilienceToJson(a: Analysis): AnalysisJson['resilience'] {
  const out: AnalysisJson['resilience'] = [];
  for (const e of a.edges) {
    const r = e.resilience;
    if (!r) continue;
    out.push({
      from: e.from,
      to: e.to,
      timeoutShare: finite(r.timeoutShare.value),
      callP99Ms: finite(r.callP99.value),
      attemptFailure: finite(r.attemptFailure.value),
      attemptsPerCall: finite(e.retryFactor.value),
      goodputRps: finite(r.goodput.value),
      retryLoadRps: finite(r.retryLoad.value),
      worstAmplification: finite(r.worstAmplification.value),
      retryStorm: r.retryStorm,
      breaker: r.breaker,
    });
  }
  return out;
}

/** Each caller's calls with a pool or bulkhead, by caller id (one pass over the edges). */
function poolsByCaller(a: Analysis): Map<string, ComponentJson['pools']> {
  const out = new Map<string, ComponentJson['pools']>();
  for (const e of a.edges) {
    const p = e.connections;
    if (!p) continue;
    let list = out.get(e.from);
    if (!list) out.set(e.from, (list = []));
    list.push({
      to: e.to,
      kind: p.kind,
      size: p.size.value ?? 0,
      inUse: finite(p.inUse.value),
      waitProbability: finite(p.waitProbability.value),
      meanWaitMs: finite(p.meanWaitMs.value),
      refusal: finite(p.refusal.value),
      exhausted: p.exhausted,
    });
  }
  return out;
}

function pathToJson(p: PathAnalysis): PathJson {
  return {
    from: p.from,
    to: p.to,
    traffic: p.traffic,
    hops: [...p.hops],
    latency: {
      meanMs: finite(p.latency.mean.value),
      p50Ms: finite(p.latency.p50.value),
      p95Ms: finite(p.latency.p95.value),
      p99Ms: finite(p.latency.p99.value),
    },
    availability: finite(p.availability.value),
    consistency: consistencyToJson(p.consistency),
  };
}

function consistencyToJson(c: Consistency | null): ComponentJson['consistency'] {
  return c ? { class: c.class, stalenessMs: finite(c.stalenessMs), cap: c.cap } : null;
}
