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
    class: z.string().describe('strong, read-your-writes, eventual or weak'),
    stalenessMs: num.describe('how far behind a read may be, ms (null: no bound)'),
    cap: z.string().describe('CP, AP or CA: what the store gives up under a partition'),
  })
  .nullable();

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

export const AnalysisJsonSchema = z.strictObject({
  components: z.array(ComponentJsonSchema),
  paths: z.array(PathJsonSchema),
  system: z.object({
    maxThroughputRps: num,
    bottleneck: z.string().nullable(),
    availability: num,
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
    components: a.components.map(componentToJson),
    paths: a.paths.map(pathToJson),
    system: {
      maxThroughputRps: finite(a.system.maxThroughput.value),
      bottleneck: a.system.bottleneck,
      availability: finite(a.system.availability.value),
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
export function componentToJson(c: ComponentAnalysis): ComponentJson {
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
