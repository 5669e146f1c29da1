#!/usr/bin/env node
// Writes the two JSON Schemas generated from the code's zod schemas, the one source of each:
// - docs/analysis.schema.json, the JSON of `archscale analyze --json` (src/core/figures/json.ts);
//   test/unit/figures/catalogue.test.ts fails when they drift;
// - schemas/archscale.schema.json, archscale.json as VS Code validates it (jsonValidation), from
//   the settings' schema (src/cli/settings-schema.ts over src/core/rules/settings.ts);
//   test/unit/cli/settings-schema.test.ts fails when they drift.
// Run `npm run schema:update`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './lib/import-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { analysisSchemaDocument } = await importTs(path.join(root, 'src/core/figures/schema-document.ts'));
fs.writeFileSync(path.join(root, 'docs/analysis.schema.json'), analysisSchemaDocument());
console.log('wrote docs/analysis.schema.json');

const { settingsSchemaDocument, SETTINGS_SCHEMA_PATH } = await importTs(path.join(root, 'src/cli/settings-schema.ts'));
fs.mkdirSync(path.join(root, path.dirname(SETTINGS_SCHEMA_PATH)), { recursive: true });
fs.writeFileSync(path.join(root, SETTINGS_SCHEMA_PATH), settingsSchemaDocument());
console.log(`wrote ${SETTINGS_SCHEMA_PATH}`);
