// Helpers to run code-server (the real VS Code workbench from npm) and Debian's Chromium.
// Facts behind the choices: /work/shared/real-vscode.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { codeServerBin, isSetUp, setupCodeServer } from '../setup-code-server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor(fn, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/**
 * A short temp folder (sockets live under it, and unix socket paths are limited to 107 bytes)
 * with the XDG_* / TMPDIR layout code-server needs so it writes nothing into $HOME or /tmp.
 */
export function makeSandbox(prefix = 'acs-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const sub = (name, mode) => {
    const p = path.join(dir, name);
    fs.mkdirSync(p, { recursive: true, mode });
    return p;
  };
  const env = {
    XDG_CONFIG_HOME: sub('config'),
    XDG_DATA_HOME: sub('data'),
    XDG_CACHE_HOME: sub('cache'),
    XDG_RUNTIME_DIR: sub('run', 0o700),
    TMPDIR: sub('tmp'),
    // No extension gallery: nothing to reach offline, and no marketplace requests in tests.
    EXTENSIONS_GALLERY: '{}',
  };
  return {
    dir,
    env,
    userDataDir: sub('user-data'),
    extensionsDir: sub('extensions'),
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes the profile's settings.json (merged over our quiet defaults). */
export function writeUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    // The samples live inside this repository: no prompt to open the parent git repository.
    'git.openRepositoryInParentFolders': 'never',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    ...extra,
  };
  fs.writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function ensureCodeServer() {
  if (!isSetUp()) setupCodeServer();
}

/** Runs the code-server CLI to completion (e.g. --install-extension) with the sandbox's env. */
export function codeServerCli(args, sandbox) {
  ensureCodeServer();
  const r = spawnSync(process.execPath, [codeServerBin, '--config', '/dev/null', ...args], {
    env: { ...process.env, ...sandbox.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

/** Installs a .vsix into the given profile (user-data-dir / extensions-dir). */
export function installVsix(
  vsix,
  sandbox,
  { userDataDir = sandbox.userDataDir, extensionsDir = sandbox.extensionsDir } = {},
) {
  const out = codeServerCli(
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--force', '--install-extension', vsix],
    sandbox,
  );
  if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} did not report success:\n${out}`);
  return out.trim();
}

/**
 * Starts code-server on a free 127.0.0.1 port in its own process group (setsid), serving `folder`.
 * Resolves to { url, port, pid, logFile, stop() } once /healthz answers from our process.
 */
export async function startCodeServer({
  sandbox,
  folder,
  port: fixedPort,
  userDataDir = sandbox.userDataDir,
  extensionsDir = sandbox.extensionsDir,
  settings = {},
  env = {},
  timeoutMs = 60_000,
  attempts = 3,
  // Workspace trust on, with no prompt: the folder opens untrusted, in Restricted Mode.
  workspaceTrust = false,
} = {}) {
  ensureCodeServer();
  writeUserSettings(
    userDataDir,
    workspaceTrust
      ? {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
          ...settings,
        }
      : settings,
  );
  const logFile = path.join(sandbox.dir, 'code-server.log');
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      return await startOnce({
        sandbox,
        folder,
        userDataDir,
        extensionsDir,
        env,
        timeoutMs,
        port,
        logFile,
        workspaceTrust,
      });
    } catch (err) {
      if (attempt >= attempts || !err.portInUse || fixedPort) throw err;
    }
  }
}

async function startOnce({
  sandbox,
  folder,
  userDataDir,
  extensionsDir,
  env,
  timeoutMs,
  port,
  logFile,
  workspaceTrust,
}) {
  const log = fs.openSync(logFile, 'a');
  const args = [
    codeServerBin,
    '--config',
    '/dev/null',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(folder ? [folder] : []),
  ];
  // detached: true makes the child call setsid(): it leads its own process group, which we kill as a whole.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...sandbox.env, ...env },
  });
  fs.closeSync(log);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const pid = child.pid;
  const server = {
    port,
    pid,
    logFile,
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      await killGroup(pid);
      running.delete(pid);
    },
  };
  stopOnExit(server);
  const readLog = () => fs.readFileSync(logFile, 'utf8');
  // Ours, not some other server on a reused port: our process is alive, says it listens on this
  // port (it would have failed with EADDRINUSE otherwise), and /healthz answers.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      const text = readLog();
      await server.stop();
      throw Object.assign(
        new Error(`code-server exited (${exited.code ?? exited.signal}) before listening:\n${tail(text)}`),
        {
          portInUse: /EADDRINUSE/.test(text),
        },
      );
    }
    if (readLog().includes(`HTTP server listening on http://127.0.0.1:${port}/`)) {
      const body = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => (r.ok ? r.json() : null),
        () => null,
      );
      if (body && typeof body.status === 'string' && !exited) return server;
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer on port ${port} within ${timeoutMs} ms:\n${tail(readLog())}`);
    }
    await sleep(100);
  }
}

export function tail(text, lines = 30) {
  return text.split('\n').slice(-lines).join('\n');
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the whole process group (server + extension host + helpers), SIGKILL what is left after 3 s. */
export async function killGroup(pgid) {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* gone */
  }
  const deadline = Date.now() + 3000;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

const running = new Set();
let hooked = false;
/** Makes sure a started server's process group dies with this process, even on Ctrl-C. */
function stopOnExit(server) {
  running.add(server.pid);
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pgid of running) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => process.exit(130));
  }
}

/**
 * Launches Debian's Chromium through playwright-core with a fresh user-data-dir (and XDG/TMPDIR
 * in a sandbox, so nothing lands in $HOME). Resolves to { context, page, close() }.
 */
export async function launchChromium({ headless = true, viewport = { width: 1400, height: 900 }, sandbox } = {}) {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  const own = sandbox ? null : makeSandbox('acsb-');
  const box = sandbox ?? own;
  const profile = fs.mkdtempSync(path.join(box.dir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    args: CHROMIUM_ARGS,
    viewport,
    env: { ...process.env, ...box.env },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
      own?.remove();
    },
  };
}
