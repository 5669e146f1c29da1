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

export async function buildVscodeTests() {
  const t = Date.now();
  const entryPoints = fs
    .readdirSync(srcDir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(srcDir, f));
  fs.rmSync(suiteOutDir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: suiteOutDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  console.log(
    `[build-vscode-tests] ${entryPoints.length} files -> ${path.relative(root, suiteOutDir)} in ${Date.now() - t} ms`,
  );
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  await buildVscodeTests();
}
