/**
 * The VS Code settings archscale contributes (package.json `contributes.configuration`), derived
 * from the rule registry and the threshold schema so they cannot drift apart.
 */
import { RULES } from './registry.js';
import { ThresholdsSchema } from './settings.js';

const THRESHOLD_DOCS: Record<string, { description: string; minimum?: number; maximum?: number }> = {
  headroomUtilization: {
    description: 'low-headroom: warn when a component is at least this busy (a fraction below 1, e.g. 0.8 for 80 %).',
    minimum: 0,
    maximum: 1,
  },
  readHeavyShare: {
    description: 'missing-cache: a store is read-heavy when reads are at least this share of its load (0..1).',
    minimum: 0,
    maximum: 1,
  },
  readHeavyMinRps: { description: 'missing-cache: ignore stores with fewer reads per second than this.', minimum: 0 },
  slowSyncMs: {
    description:
      'sync-slow-work: flag synchronous calls to components whose mean response is at least this many milliseconds.',
    minimum: 0,
  },
  hotShardSkew: {
    description: 'hot-shard: flag a shard skew at or above this factor when the hottest shard is busy.',
    minimum: 1,
  },
  storageFullShare: {
    description: 'storage-growth: warn when a store is this full at the planning horizon (0..1).',
    minimum: 0,
    maximum: 1,
  },
  scalingHeadroom: {
    description:
      "scaling-headroom: warn when a system breaks below this multiplier of today's load (above 1, e.g. 1.5).",
    minimum: 1,
  },
};

export function contributedSettings(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of RULES) {
    out[`archscale.rules.${r.id}.severity`] = {
      type: 'string',
      enum: ['error', 'warning', 'info', 'hint', 'off'],
      default: r.defaultSeverity,
      markdownDescription: `${r.description} ([docs](https://example.invalid/archscale/docs/rules/${r.id}.md))`,
    };
  }
  const defaults = ThresholdsSchema.parse({}) as Record<string, number>;
  for (const [key, value] of Object.entries(defaults)) {
    const doc = THRESHOLD_DOCS[key] ?? { description: key };
    out[`archscale.thresholds.${key}`] = { type: 'number', default: value, ...doc };
  }
  for (const [key, description] of [
    ['load', 'Show the load (rps) after each component and edge.'],
    ['utilization', 'Show the utilisation after each component.'],
    ['consistency', 'Show the consistency class (and staleness bound) of reads.'],
  ] as const) {
    out[`archscale.inlayHints.${key}`] = { type: 'boolean', default: true, description };
  }
  return out;
}
