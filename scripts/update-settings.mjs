#!/usr/bin/env node
// Writes package.json's contributed settings from the code: one `archscale.rules.<id>.severity`
// per registered rule (default: the rule's severity), `archscale.thresholds.*` from the zod
// schema's defaults, and the inlay-hint switches. test/unit/settings.test.ts fails when they
// drift: run `npm run settings:update`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './lib/import-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { contributedSettings } = await importTs(path.join(root, 'src/core/rules/contributed-settings.ts'));

const pkgPath = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
const props = pkg.contributes.configuration.properties;
for (const key of Object.keys(props)) if (/^archscale\.(rules|thresholds|inlayHints)\./.test(key)) delete props[key];
Object.assign(props, contributedSettings());
fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${Object.keys(contributedSettings()).length} archscale settings written`);
