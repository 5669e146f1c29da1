// Generates the Langium AST, grammar and module into src/language/generated.
// Runs langium-cli under the groupBy polyfill (Node 20), first in development mode so that
// grammar ambiguities and errors are reported, then in production mode for the shipped parser.
import { spawnSync } from 'node:child_process';
const cli = new URL('../node_modules/langium-cli/bin/langium.js', import.meta.url).pathname;
const polyfill = new URL('./polyfill-groupby.cjs', import.meta.url).pathname;
for (const mode of ['development', 'production']) {
  const r = spawnSync(process.execPath, ['--require', polyfill, cli, 'generate', '--mode', mode], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
