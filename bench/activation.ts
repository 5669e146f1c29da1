/**
 * The extension's activation, measured in a fresh Node process (`out/bench.cjs
 * --activation-child`): out/extension.cjs is required with a stub `vscode` module (any property,
 * call or `new` answers another stub) and activate() is called with a stub context. Reports the
 * time to require the bundle and to run activate(), which modules it loaded (the language-server
 * bundle and Mermaid must not be), and which processes it asked for (the server is forked, in its
 * own process, by the language client once activate() has returned; here the fork is recorded
 * and refused, so no server runs).
 *
 * The Extension Host does more than this (reading package.json, its own module loader), so the
 * figure is the extension's own share of activation, not VS Code's "activation time".
 */
import childProcess from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

export interface ActivationResult {
  bundle: string;
  bundleKB: number;
  requireMs: number;
  activateMs: number;
  totalMs: number;
  /** Modules outside the bundle that were required (besides node built-ins and vscode). */
  required: string[];
  /** Was the language-server bundle, the preview bundle or Mermaid loaded into this process? */
  serverLoaded: boolean;
  previewLoaded: boolean;
  /** Does the extension bundle contain Mermaid's code? */
  mermaidInBundle: boolean;
  /** Processes started within 300 ms of activation (forks of the language server). */
  forks: string[];
  /** What the returned API looks like. */
  api: string[];
}

function stub(name: string): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const fn = function () {};
  return new Proxy(fn, {
    get(target, p) {
      if (p === 'then') return undefined; // not a thenable
      if (p === Symbol.toPrimitive) return () => name;
      if (p === 'prototype') return target.prototype;
      if (!cache.has(p)) cache.set(p, stub(`${name}.${String(p)}`));
      return cache.get(p);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`) as object,
  });
}

/**
 * The `vscode` module: a plain object whose keys are the API's top-level names (read from
 * @types/vscode, so that a bundler's namespace import copies them), each a stub.
 */
function vscodeStub(): Record<string, unknown> {
  const api: Record<string, unknown> = {};
  let names = [
    'workspace',
    'window',
    'commands',
    'languages',
    'env',
    'extensions',
    'Uri',
    'Range',
    'Position',
    'Selection',
    'Disposable',
    'EventEmitter',
    'ViewColumn',
    'TextEditorRevealType',
  ];
  try {
    const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
    names = [...dts.matchAll(/^\texport (?:namespace|class|enum|const|let) (\w+)/gm)].map((m) => m[1]!);
  } catch {
    // keep the short list
  }
  for (const n of names) api[n] = stub(`vscode.${n}`);
  api.version = '1.100.0';
  return api;
}

/** Runs in the child process: prints the result as JSON on stdout. */
export async function activationChild(outDir: string): Promise<void> {
  const bundle = path.join(outDir, 'extension.cjs');
  const required: string[] = [];
  const forks: string[] = [];
  const vscode = vscodeStub();
  const M = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = M._load;
  M._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return vscode;
    if (!request.startsWith('node:') && !Module.builtinModules.includes(request)) required.push(request);
    return load.call(this, request, parent, isMain);
  };
  const refuse = (what: string) =>
    function (...args: unknown[]) {
      forks.push(
        `${what} ${args
          .filter((a) => typeof a === 'string' || Array.isArray(a))
          .map((a) => String(a))
          .join(' ')}`,
      );
      throw new Error('bench: no process is started');
    };
  childProcess.fork = refuse('fork') as never;
  childProcess.spawn = refuse('spawn') as never;
  process.on('unhandledRejection', () => {});
  process.on('uncaughtException', () => {});

  const subscriptions: unknown[] = [];
  const context = new Proxy(
    {
      subscriptions,
      asAbsolutePath: (p: string) => path.join(outDir, '..', p),
      extensionPath: path.join(outDir, '..'),
      extensionUri: stub('extensionUri'),
    },
    { get: (t, p) => (p in t ? (t as Record<PropertyKey, unknown>)[p] : stub(`context.${String(p)}`)) },
  );

  let t0 = 0,
    t1 = 0,
    t2 = 0;
  let api: unknown;
  try {
    t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, loaded as VS Code loads it
    const ext = require(bundle) as { activate: (c: unknown) => unknown };
    t1 = performance.now();
    api = ext.activate(context);
    t2 = performance.now();
  } catch (e) {
    process.stderr.write(`activation failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 300));
  const text = readFileSync(bundle, 'utf8');
  const result: ActivationResult = {
    bundle,
    bundleKB: statSync(bundle).size / 1024,
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    totalMs: t2 - t0,
    required: [...new Set(required)],
    serverLoaded: required.some((r) => /language-server/.test(r)),
    previewLoaded: required.some((r) => /preview\.js|mermaid/.test(r)),
    mermaidInBundle: /flowchart-v2|mermaid\.initialize|mermaidAPI/.test(text),
    forks,
    api: api && typeof api === 'object' ? Object.keys(api) : [],
  };
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

/** Runs the child process `runs` times and keeps the fastest run's figures (and the rest). */
export function measureActivation(
  benchScript: string,
  runs = 5,
): { best: ActivationResult; totalsMs: number[] } | { error: string } {
  const results: ActivationResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = childProcess.spawnSync(process.execPath, [benchScript, '--activation-child'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (r.status !== 0)
      return { error: `activation child failed (${r.status ?? r.signal}): ${r.stderr.slice(0, 2000)}` };
    try {
      results.push(JSON.parse(r.stdout) as ActivationResult);
    } catch {
      return { error: `activation child printed no result: ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 1500)}` };
    }
  }
  const totalsMs = results.map((r) => r.totalMs).sort((a, b) => a - b);
  const best = results.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
  return { best, totalsMs };
}
