/**
 * schemas/archscale.schema.json: generated from the settings' zod schema (npm run schema:update),
 * contributed to VS Code for archscale.json, shipped in the .vsix, and accepting exactly what the
 * CLI accepts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_SCHEMA_PATH, settingsSchemaDocument } from '../../../src/cli/settings-schema.js';
import { RULES, RULE_IDS } from '../../../src/core/rules/registry.js';
import { parseRuleSettings } from '../../../src/core/rules/settings.js';
import { ROOT } from '../helpers.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as new (o: object) => {
  compile(s: object): ((d: unknown) => boolean) & { errors: unknown };
};
const schema = JSON.parse(readFileSync(join(ROOT, SETTINGS_SCHEMA_PATH), 'utf8')) as {
  properties: {
    rules: { properties: Record<string, { markdownDescription: string }> };
    thresholds: { properties: Record<string, { description?: string }> };
  };
};

describe('the JSON schema of archscale.json', () => {
  it('is generated from the zod schema (npm run schema:update)', () => {
    expect(readFileSync(join(ROOT, SETTINGS_SCHEMA_PATH), 'utf8')).toBe(settingsSchemaDocument());
  });

  it('is contributed for archscale.json and shipped', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation: { fileMatch: string; url: string }[] };
    };
    expect(pkg.contributes.jsonValidation).toContainEqual({
      fileMatch: 'archscale.json',
      url: `./${SETTINGS_SCHEMA_PATH}`,
    });
    expect(readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n')).toContain('!schemas/**');
  });

  it('names and describes every rule and threshold (for completion and hovers)', () => {
    expect(Object.keys(schema.properties.rules.properties)).toEqual(RULES.map((r) => r.id));
    expect(schema.properties.rules.properties['missing-cache']!.markdownDescription).toContain(
      RULES.find((r) => r.id === 'missing-cache')!.description,
    );
    for (const [key, p] of Object.entries(schema.properties.thresholds.properties))
      expect(p.description, key).toMatch(/\w/);
  });

  it('accepts and rejects what the CLI does', () => {
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const cases: unknown[] = [
      {},
      { rules: { 'missing-cache': { severity: 'error' } } },
      { rules: { overloaded: { severity: 'off' } }, thresholds: { headroomUtilization: 0.75, slowSyncMs: 200 } },
      { rules: { overloaded: { severity: 'fatal' } } },
      { rules: { 'no-such-rule': { severity: 'error' } } },
      { rules: { overloaded: {} } },
      { rules: { overloaded: { severity: 'error', extra: 1 } } },
      { thresholds: { headroomUtilization: 1 } },
      { thresholds: { headroomUtilization: 0 } },
      { thresholds: { hotShardSkew: 0.5 } },
      { thresholds: { slowSyncMs: 0 } },
      { thresholds: { colour: 1 } },
      { colour: 'blue' },
      { thresholds: { storageFullShare: '80%' } },
    ];
    const verdicts = cases.map((c) => [validate(c), parseRuleSettings(c, RULE_IDS).ok]);
    expect(verdicts.map(([schemaSays, cliSays]) => schemaSays === cliSays)).toEqual(cases.map(() => true));
    expect(verdicts.filter(([ok]) => ok)).toHaveLength(3);
  });
});
