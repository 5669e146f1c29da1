/**
 * The JSON Schema of `archscale.json` (schemas/archscale.schema.json, contributed to VS Code
 * through `jsonValidation`), generated from the settings' zod schema (core/rules/settings.ts), the
 * one source: `npm run schema:update` writes it, test/unit/cli/settings-schema.test.ts fails when
 * it drifts. On top of what zod says, the editor gets each rule by name (with its description and
 * default severity, for completion and hovers) and each threshold's description, the ones the VS
 * Code settings show.
 */
import { z } from 'zod';
import { contributedSettings } from '../core/rules/contributed-settings.js';
import { RULES } from '../core/rules/registry.js';
import { RuleSettingsSchema } from '../core/rules/settings.js';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

export const SETTINGS_SCHEMA_PATH = 'schemas/archscale.schema.json';

export function settingsSchema(): Schema {
  const schema = z.toJSONSchema(RuleSettingsSchema, { target: 'draft-7', io: 'input' }) as Schema;
  const rules = schema.properties!.rules!;
  const severity = rules.additionalProperties as Schema;
  rules.description = 'Severity per rule (`off` turns a rule off). Unknown rule ids are an error.';
  rules.propertyNames = { enum: RULES.map((r) => r.id) };
  rules.properties = Object.fromEntries(
    RULES.map((r) => [
      r.id,
      {
        ...severity,
        markdownDescription: `${r.description} Default severity: \`${r.defaultSeverity}\`.`,
        defaultSnippets: [{ body: { severity: r.defaultSeverity } }],
      },
    ]),
  );
  const contributed = contributedSettings() as Record<string, { description?: string }>;
  const thresholds = schema.properties!.thresholds!;
  thresholds.description = 'Thresholds of the rules that have one.';
  for (const [key, prop] of Object.entries(thresholds.properties ?? {})) {
    const d = contributed[`archscale.thresholds.${key}`]?.description;
    if (d) prop.description = d;
  }
  return {
    $schema: schema.$schema,
    title: 'archscale.json',
    description:
      "archscale's rule settings for the CLI and the repository: severities per rule and thresholds (the same schema as the archscale.* VS Code settings).",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export function settingsSchemaDocument(): string {
  return `${JSON.stringify(settingsSchema(), null, 2)}\n`;
}
