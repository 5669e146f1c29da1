#!/usr/bin/env node
// Compiles the extension-host test suite (test/vscode/suite/*.ts) to out/test/suite/*.cjs.
// `vscode` is provided by the extension host; mocha is loaded from node_modules at run time.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'test', 'vscode', 'suite');
export const suiteOutDir = path.join(root, 'out', 'test', 'suite');
export const suiteIndex = path.join(suiteOutDir, 'index.cjs');

/**
 * Compiles an extension-host suite (`index.ts` and `*.test.ts` in `from`) to `to/*.cjs`: the
 * main suite here, the Restricted Mode suite in vscode-restricted.mjs. Returns the index's path.
 */
export async function buildSuite(from, to) {
  const entryPoints = fs
    .readdirSync(from)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(from, f));
  fs.rmSync(to, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: to,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { index: path.join(to, 'index.cjs'), files: entryPoints.length };
}

export async function buildVscodeTests() {
  const t = Date.now();
  const { files } = await buildSuite(srcDir, suiteOutDir);
  console.log(`[build-vscode-tests] ${files} files -> ${path.relative(root, suiteOutDir)} in ${Date.now() - t} ms`);
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  await buildVscodeTests();
}
