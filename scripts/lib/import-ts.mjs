// Imports a TypeScript module of the project from a script: bundled by esbuild into a temporary
// ES module, imported, and the temporary folder removed. For the generators (settings, schemas)
// that write files from the code's own tables.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The exports of `entry` (a path to a .ts file). */
export async function importTs(entry) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'archscale-import-'));
  try {
    const out = path.join(tmp, 'module.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      logLevel: 'warning',
    });
    return await import(pathToFileURL(out).href);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
