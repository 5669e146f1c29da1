/**
 * The public JSON of an analysis (`archscale analyze --json`): its zod schema, which is the
 * contract (docs/analysis.schema.json is generated from it: `npm run schema:update`), and the
 * conversion from an analysis. A component's figures come from the figure catalogue. Figures that
 * do not exist are null, never NaN or Infinity.
 */
import { z } from 'zod';
import type { Analysis, ComponentAnalysis, Consistency, PathAnalysis } from '../analysis/types.js';
import { figuresOn } from './catalogue.js';

const num = z.number().nullable();
const latency = z.object({ meanMs: num, p50Ms: num, p95Ms: num, p99Ms: num });
const consistency = z
  .object({
    class: z.string().describe('strong, read-your-writes, eventual or weak'),
    stalenessMs: num.describe('how far behind a read may be, ms (null: no bound)'),
    cap: z.string().describe('CP, AP or CA: what the store gives up under a partition'),
  })
  .nullable();

export const ComponentJsonSchema = z.object({
  name: z.string(),
  kind: z.string(),
  system: z.string(),
  load: z.object({ reads: num, writes: num, total: num }),
  capacityRps: num,
  utilization: num,
  saturationMultiplier: num,
  latency,
  concurrency: num,
  instances: num,
  saturated: z.boolean(),
  backlogRps: num,
  headroom: num,
  instancesNeeded: num,
  waitProbability: num,
  availability: num,
  endToEnd: z.object({ meanMs: num, p95Ms: num }),
  store: z.object({ shards: z.number(), replicas: z.number(), primaryRps: num, replicaRps: num }).nullable(),
  consistency,
  storage: z
    .object({ growthPerMonthBytes: num, atHorizonBytes: num, capacityBytes: num, monthsUntilFull: num })
    .nullable(),
  notes: z.array(z.string()),
});

export const PathJsonSchema = z.object({
  from: z.string(),
  to: z.string(),
  traffic: z.string().describe("reads or writes (which class of the client's requests takes this path)"),
  hops: z.array(z.string()),
  latency,
  availability: num,
  consistency,
});

export const AnalysisJsonSchema = z.object({
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
