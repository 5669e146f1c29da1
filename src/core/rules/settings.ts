/**
 * Rule settings: severities per rule and thresholds. The same schema validates VS Code settings
 * (`archscale.rules.<id>.severity`, `archscale.thresholds.*`) and the CLI's `archscale.json`.
 */
import { z } from 'zod';

export const SeveritySettingSchema = z.enum(['error', 'warning', 'info', 'hint', 'off']);

export const ThresholdsSchema = z
  .object({
    /** low-headroom: warn at or above this utilisation (below 100 %). */
    headroomUtilization: z.number().gt(0).lt(1).default(0.8),
    /** missing-cache: a store is read-heavy when reads are at least this share of its load. */
    readHeavyShare: z.number().min(0).max(1).default(0.8),
    /** missing-cache: ignore stores with fewer reads per second than this. */
    readHeavyMinRps: z.number().min(0).default(100),
    /** sync-slow-work: a synchronous call whose callee takes at least this long (ms, mean). */
    slowSyncMs: z.number().gt(0).default(500),
    /** hot-shard: flag a skew at or above this factor (when the hottest shard is busy). */
    hotShardSkew: z.number().min(1).default(2),
    /** storage-growth: warn when a store is this full at the horizon. */
    storageFullShare: z.number().gt(0).max(1).default(0.8),
    /** scaling-headroom: warn when the design breaks below this multiplier of today's load. */
    scalingHeadroom: z.number().gt(1).default(1.5),
  })
  .strict();

export const RuleSettingsSchema = z
  .object({
    rules: z.record(z.string(), z.object({ severity: SeveritySettingSchema }).strict()).default({}),
    thresholds: ThresholdsSchema.default(ThresholdsSchema.parse({})),
  })
  .strict();

export type RuleSettings = z.infer<typeof RuleSettingsSchema>;
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const DEFAULT_RULE_SETTINGS: RuleSettings = RuleSettingsSchema.parse({});

export type SettingsResult = { ok: true; settings: RuleSettings } | { ok: false; errors: string[] };

/**
 * Validates settings from outside (VS Code configuration, archscale.json). Unknown rule ids are
 * reported when `knownRules` is given. Messages name the setting path.
 */
export function parseRuleSettings(input: unknown, knownRules?: readonly string[]): SettingsResult {
  const r = RuleSettingsSchema.safeParse(input ?? {});
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) => {
        const path = i.path.length ? i.path.join('.') : '(root)';
        if (i.code === 'unrecognized_keys') return `${path}: unknown setting ${i.keys.map((k) => `'${k}'`).join(', ')}`;
        if (i.code === 'invalid_value') return `${path}: expected one of ${i.values.map((v) => String(v)).join(', ')}`;
        return `${path}: ${i.message}`;
      }),
    };
  }
  if (knownRules) {
    const unknown = Object.keys(r.data.rules).filter((id) => !knownRules.includes(id));
    if (unknown.length) return { ok: false, errors: unknown.map((id) => `rules.${id}: unknown rule '${id}'`) };
  }
  return { ok: true, settings: r.data };
}
