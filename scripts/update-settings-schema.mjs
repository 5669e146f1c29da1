#!/usr/bin/env node
// Writes schemas/archscale.schema.json, the JSON Schema of archscale.json that the extension
// contributes to VS Code (jsonValidation), from the settings' zod schema (src/cli/settings-schema.ts
// over src/core/rules/settings.ts). test/unit/cli/settings-schema.test.ts fails when they drift:
// run `npm run schema:update`.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'archscale-settings-schema-'));
const out = path.join(tmp, 'schema.mjs');
await build({
  entryPoints: [path.join(root, 'src/cli/settings-schema.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'warning',
});
const { settingsSchemaDocument, SETTINGS_SCHEMA_PATH } = await import(pathToFileURL(out).href);
fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(path.join(root, path.dirname(SETTINGS_SCHEMA_PATH)), { recursive: true });
fs.writeFileSync(path.join(root, SETTINGS_SCHEMA_PATH), settingsSchemaDocument());
console.log(`wrote ${SETTINGS_SCHEMA_PATH}`);
