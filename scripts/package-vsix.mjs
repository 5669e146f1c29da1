#!/usr/bin/env node
// Builds the bundles (node esbuild.mjs) and packages the extension with vsce into
// .vscode-test/archscale.vsix. The bundles carry their dependencies, hence --no-dependencies;
// stdin is closed so vsce can never wait on a prompt. Checks the .vsix holds only what
// .vscodeignore lets through.   node scripts/package-vsix.mjs [--no-build] [--out FILE]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultVsix = path.join(root, '.vscode-test', 'archscale.vsix');
const vsceBin = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// What may ship (paths inside the package, relative to the extension root).
const ALLOWED =
  /^(out\/(extension|language-server|cli|markdown)\.cjs|out\/(preview|charts)\.js|package\.json|README\.md|LICENSE(\.txt)?|language-configuration\.json|syntaxes\/.+|media\/.+|docs\/rules\/[a-z-]+\.md|schemas\/[a-z.-]+\.json)$/i;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(
      `${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`,
    );
  return r.stdout;
}

/** Names of the entries in a zip file, from its central directory. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad zip central directory`);
    const nameLen = buf.readUInt16LE(at + 28);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return names;
}

/** `node esbuild.mjs`: the extension, language server, CLI and preview bundles in out/. */
export function buildBundles() {
  const t = Date.now();
  process.stdout.write(run(process.execPath, ['esbuild.mjs']));
  console.log(`[package-vsix] node esbuild.mjs: ${Date.now() - t} ms`);
}

export function packageVsix({ build = true, out = defaultVsix } = {}) {
  if (build) buildBundles();
  const t1 = Date.now();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  // Relative README links stay relative: the images ship in media/, and there is no public repo URL.
  const log = run(process.execPath, [
    vsceBin,
    'package',
    '--no-dependencies',
    '--no-rewrite-relative-links',
    '--out',
    out,
  ]);
  for (const line of log.split('\n').filter((l) => /warn/i.test(l))) console.log(`[package-vsix] vsce: ${line.trim()}`);
  const files = zipEntries(out)
    .filter((f) => f.startsWith('extension/'))
    .map((f) => f.slice('extension/'.length));
  const stray = files.filter((f) => !ALLOWED.test(f));
  if (stray.length) throw new Error(`.vscodeignore lets through files that must not ship:\n  ${stray.join('\n  ')}`);
  // The hovers link each finding to its rule's page, shipped beside the bundles.
  for (const must of [
    'package.json',
    'out/extension.cjs',
    'out/language-server.cjs',
    'out/preview.js',
    // ```arch blocks in the Markdown preview (out/preview.js draws them too)
    'out/markdown.cjs',
    'media/markdown-preview.css',
    'docs/rules/stateful-clones.md',
    // contributed to VS Code for archscale.json (jsonValidation)
    'schemas/archscale.schema.json',
  ]) {
    if (!files.includes(must)) throw new Error(`${must} is missing from the package (build first?)`);
  }
  const kb = (fs.statSync(out).size / 1024).toFixed(0);
  console.log(
    `[package-vsix] ${path.relative(root, out)}: ${files.length} files, ${kb} KB, vsce ${Date.now() - t1} ms`,
  );
  for (const f of files) console.log(`[package-vsix]   ${f}`);
  return out;
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const out = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]) : defaultVsix;
  try {
    packageVsix({ build: !args.includes('--no-build'), out });
  } catch (err) {
    console.error(`[package-vsix] FAILED: ${err.message}`);
    process.exit(1);
  }
}
