#!/usr/bin/env node
// Writes docs/analysis.schema.json, the JSON Schema of `archscale analyze --json`, from its zod
// schema (src/core/figures/json.ts), the one source. test/unit/figures/json.test.ts fails when
// they drift: run `npm run schema:update`.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'archscale-schema-'));
const out = path.join(tmp, 'schema.mjs');
await build({
  entryPoints: [path.join(root, 'src/core/figures/schema-document.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'warning',
});
const { analysisSchemaDocument } = await import(pathToFileURL(out).href);
fs.rmSync(tmp, { recursive: true, force: true });
fs.writeFileSync(path.join(root, 'docs/analysis.schema.json'), analysisSchemaDocument());
console.log('wrote docs/analysis.schema.json');
