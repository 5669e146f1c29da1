#!/usr/bin/env node
// Installs code-server (a real VS Code workbench + Node extension host) from npm into the
// git-ignored .vscode-test/code-server/, following /work/shared/real-vscode.md:
// `npm install --ignore-scripts`, rebuild argon2, then replay its postinstall by hand
// (Debian's /usr/bin/rg stands in for the ripgrep that would be downloaded from GitHub).
// Idempotent: a marker file makes the second run instant.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = path.join(root, '.vscode-test', 'code-server');
export const codeServerBin = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = path.join(installDir, '.archscale-setup-done');

export function isSetUp() {
  return fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION;
}

function run(cmd, args, cwd, extraEnv = {}) {
  const t = Date.now();
  console.log(`[setup-code-server] ${path.relative(root, cwd) || '.'}$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...extraEnv },
  });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal})`);
  }
  console.log(`[setup-code-server]   done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function link(target, linkPath) {
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.rmSync(linkPath, { force: true, recursive: true });
  fs.symlinkSync(target, linkPath);
  console.log(`[setup-code-server] link ${path.relative(root, linkPath)} -> ${target}`);
}

export function setupCodeServer() {
  if (isSetUp()) {
    console.log(
      `[setup-code-server] code-server ${CODE_SERVER_VERSION} already set up in ${path.relative(root, installDir)}`,
    );
    return;
  }
  withLock(install);
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Serialises concurrent setups (e.g. two test scripts started together on a fresh machine). */
function withLock(fn) {
  const lock = `${installDir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
    let alive = false;
    try {
      alive = owner > 0 && process.kill(owner, 0);
    } catch {
      /* not running */
    }
    if (owner > 0 && !alive) fs.rmSync(lock, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`${lock} is held by pid ${owner} for more than 10 minutes`);
    else sleepSync(500);
  }
  fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
  try {
    if (isSetUp()) console.log(`[setup-code-server] set up by another process meanwhile`);
    else fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function install() {
  const t0 = Date.now();
  // Native modules (node-pty, kerberos, spdlog...) are compiled by node-gyp.
  const onPath = (cmd) => (process.env.PATH ?? '').split(':').some((d) => d && fs.existsSync(path.join(d, cmd)));
  const needs = [
    ['/usr/bin/rg', 'ripgrep'],
    ['/usr/bin/krb5-config', 'libkrb5-dev'],
    ['pkg-config', 'pkg-config'],
    ['g++', 'build-essential'],
    ['make', 'build-essential'],
    ['python3', 'python3'],
  ];
  const missing = needs.filter(([cmd]) => (cmd.startsWith('/') ? !fs.existsSync(cmd) : !onPath(cmd)));
  if (missing.length) {
    throw new Error(
      `missing ${missing.map(([c]) => c).join(', ')}: apt-get install -y ${[...new Set(missing.map(([, p]) => p))].join(' ')}`,
    );
  }
  const npm = 'npm';
  // Quiet, non-interactive npm; node-pty's build runs `npx node-gyp`, which must not prompt.
  const env = {
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // No internet for node-gyp header downloads: use the installed node headers when present.
  if (!process.env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

  fs.rmSync(installDir, { recursive: true, force: true });
  fs.mkdirSync(installDir, { recursive: true });
  fs.writeFileSync(
    path.join(installDir, 'package.json'),
    JSON.stringify({ name: 'archscale-code-server', private: true }, null, 2) + '\n',
  );

  run(npm, ['install', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], installDir, env);
  run(npm, ['rebuild', 'argon2'], installDir, env);

  const vscodeDir = path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode');
  run(npm, ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, env);
  link('/usr/bin/rg', path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  run(npm, ['rebuild'], vscodeDir, env);
  link('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  run(npm, ['install', '--omit=dev'], path.join(vscodeDir, 'extensions'), env);

  fs.writeFileSync(marker, CODE_SERVER_VERSION + '\n');
  console.log(
    `[setup-code-server] code-server ${CODE_SERVER_VERSION} set up in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = Date.now();
  try {
    setupCodeServer();
  } catch (err) {
    console.error(`[setup-code-server] FAILED: ${err.message}`);
    process.exit(1);
  }
  console.log(`[setup-code-server] finished in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
