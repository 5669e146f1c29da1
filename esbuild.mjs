// Bundles the extension client, the language server, the CLI and the bench into out/*.cjs,
// the preview webview's script (with Mermaid) into out/preview.js (which also draws ```arch
// blocks in VS Code's Markdown preview), and the ```arch blocks' HTML into out/markdown.cjs.
// `node esbuild.mjs` (add --watch to rebuild on change). Langium is ESM-only, so everything is
// bundled to CommonJS for VS Code's extension host and plain `node`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Langium's ESM code reads import.meta.url in a few places; give it a CommonJS equivalent.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

const entries = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'out/extension.cjs', external: ['vscode'] },
  { entryPoints: ['src/server/main.ts'], outfile: 'out/language-server.cjs' },
  // src/cli/bin.ts starts with a shebang, which esbuild keeps on the first line.
  // playwright-core (render --format svg|png) is loaded from node_modules at run time, never bundled.
  { entryPoints: ['src/cli/bin.ts'], outfile: 'out/cli.cjs', external: ['playwright-core'] },
  { entryPoints: ['bench/bench.ts'], outfile: 'out/bench.cjs', external: ['playwright-core'] },
  // ```arch blocks in VS Code's Markdown preview (language + core), required by the extension at
  // run time only when a preview renders one.
  { entryPoints: ['src/markdown/index.ts'], outfile: 'out/markdown.cjs' },
  // The preview's script, run inside the VS Code webview: Mermaid bundled in (nothing is fetched),
  // one classic script for the page's CSP nonce. Always minified: Mermaid is large. The same file
  // draws ```arch blocks in VS Code's Markdown preview (markdown.previewScripts): the entry picks
  // by the page, so Mermaid ships once.
  {
    entryPoints: ['src/markdown-preview/entry.ts'],
    outfile: 'out/preview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: {},
    legalComments: 'none',
  },
  // The scaling charts (Observable Plot) for a plain browser page: `archscale sweep --format
  // svg|png` loads it into Chromium (src/cli/sweep-charts.ts). The preview has them in preview.js.
  {
    entryPoints: ['src/charts/browser.ts'],
    outfile: 'out/charts.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    banner: {},
    define: {},
    legalComments: 'none',
  },
];

// The Langium parser is generated from the grammar (not committed): regenerate when missing or stale.
const grammar = 'language/archscale.langium';
const generated = 'src/language/generated/ast.ts';
if (!existsSync(generated) || statSync(generated).mtimeMs < statSync(grammar).mtimeMs) {
  const r = spawnSync(process.execPath, ['scripts/langium-generate.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const started = Date.now();
if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  console.log(`esbuild: ${entries.length} bundles in ${Date.now() - started} ms`);
}
