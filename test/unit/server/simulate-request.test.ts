/**
 * `archscale/simulate`: the whole-model simulation run by the language server off the edit path.
 * The real server over stdio (`out/language-server.cjs`, built by `npm run build`), driven by
 * vscode-jsonrpc's client so that `$/cancelRequest` is sent as VS Code sends it: the answer on a
 * sample, cancellation, a hover and an edit served while a long simulation runs, and a broken
 * document. The count of events a cancellation lets run is measured on the services in process
 * (the server's own loop, `runSimulation`), where the moment of the cancellation is known.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchscaleServices } from '../../../src/server/archscale-lsp-module.js';
import { runSimulation, simulationInput } from '../../../src/server/simulate.js';
import {
  SIMULATE_PROGRESS,
  SIMULATE_REQUEST,
  SimulateProgress,
  SimulateResponse,
  type SimulateParams,
} from '../../../src/shared/messages.js';
import { ROOT } from '../helpers.js';

const SAMPLE = readFileSync(join(ROOT, 'samples/capacity-plan.arch'), 'utf8');
/** Long enough that no test sees it end (10,000 rps for an hour, five replications). */
const LONG_S = 3600;

type Answer = Exclude<SimulateResponse, { error: string }>;

function ok(raw: unknown): Answer {
  const r = SimulateResponse.parse(raw);
  if ('error' in r) throw new Error(`expected a simulation, got the error: ${r.error}`);
  return r;
}

/** The bundled server, started and initialized, with the progress it reports. */
class Server {
  readonly progress: SimulateProgress[] = [];
  readonly diagnostics = new Map<string, { message: string; severity?: number }[]>();
  stderr = '';
  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly rpc: MessageConnection,
  ) {}

  static async start(): Promise<Server> {
    const proc = spawn(process.execPath, [join(ROOT, 'out/language-server.cjs'), '--stdio']);
    const rpc = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const server = new Server(proc, rpc);
    proc.stderr.on('data', (c: Buffer) => (server.stderr += c.toString()));
    proc.stdin.on('error', () => undefined); // the server gone: its stop() reports nothing more
    rpc.onNotification(SIMULATE_PROGRESS, (p: unknown) => {
      server.progress.push(SimulateProgress.parse(p));
    });
    rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: [] }) => {
      server.diagnostics.set(p.uri, p.diagnostics);
    });
    rpc.onRequest('workspace/configuration', () => []);
    rpc.onRequest(() => null);
    rpc.listen();
    await rpc.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await rpc.sendNotification('initialized', {});
    return server;
  }

  open(uri: string, text: string): void {
    void this.rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'arch', version: 1, text },
    });
  }

  simulate(params: SimulateParams, token?: CancellationTokenSource): Promise<unknown> {
    return token
      ? this.rpc.sendRequest(SIMULATE_REQUEST, params, token.token)
      : this.rpc.sendRequest(SIMULATE_REQUEST, params);
  }

  /** Resolves once a progress notification with `token` arrives. */
  async firstProgress(token: string, timeoutMs = 20_000): Promise<SimulateProgress> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.progress.find((x) => x.token === token);
      if (p) return p;
      if (Date.now() > deadline) throw new Error(`no progress for ${token} in ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.proc.once('exit', r));
    try {
      await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3_000))]);
      await this.rpc.sendNotification('exit');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
    } catch {
      // killed below
    }
    if (this.proc.exitCode === null) this.proc.kill();
    this.rpc.dispose();
  }
}

describe('archscale/simulate on the real server', () => {
  let server: Server;
  const uri = 'file:///virtual/capacity-plan.arch';
  beforeAll(async () => {
    server = await Server.start();
    server.open(uri, SAMPLE);
  });
  afterAll(() => server?.stop());

  it('answers on capacity-plan.arch with the comparison table naming app and flights-db', async () => {
    const answer = ok(await server.simulate({ uri, durationS: 3, seed: 1, progressToken: 'sample' }));
    expect(answer.stopped).toBe('done');
    expect(answer.events).toBeGreaterThan(10_000);
    expect(answer.fraction).toBe(1);
    expect(answer.markdown).toMatch(/^# Simulation of capacity-plan\.arch/);
    // A Markdown table whose rows name the components.
    expect(answer.markdown).toMatch(/^\| subject \| figure \|/m);
    expect(answer.markdown).toMatch(/^\| app \| /m);
    expect(answer.markdown).toContain('flights-db');
    expect(server.progress.filter((p) => p.token === 'sample').at(-1)?.fraction).toBe(1);
    console.log(`capacity-plan.arch, 3 s: ${answer.events} events in ${answer.wallMs} ms`);
  }, 60_000);

  it('a cancelled request stops at once and answers cancelled', async () => {
    const source = new CancellationTokenSource();
    const pending = server.simulate({ uri, durationS: LONG_S, progressToken: 'cancel' }, source);
    const first = await server.firstProgress('cancel');
    expect(first.fraction).toBeLessThan(0.5);
    const t = performance.now();
    source.cancel();
    const answer = ok(await pending);
    const ms = performance.now() - t;
    expect(answer.stopped).toBe('cancelled');
    expect(answer.fraction).toBeLessThan(0.5);
    expect(answer.markdown).toContain('cancelled');
    // A chunk is about 25 ms of work (at most 200,000 events): generous for a loaded machine,
    // far below the hour of simulated time still to run.
    expect(ms).toBeLessThan(1_500);
    console.log(`cancelled after ${answer.events} events; answered ${ms.toFixed(0)} ms after the cancellation`);
  }, 60_000);

  it('serves a hover and an edit while a long simulation runs', async () => {
    const line = SAMPLE.split('\n').findIndex((l) => l.includes('service app'));
    const hoverApp = async () => {
      const t = performance.now();
      const hover = (await server.rpc.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line, character: SAMPLE.split('\n')[line]!.indexOf('app') + 1 },
      })) as { contents: { value: string } } | null;
      return { hover, ms: performance.now() - t };
    };
    const idle = await hoverApp();
    const source = new CancellationTokenSource();
    let ended: number | undefined;
    const pending = server.simulate({ uri, durationS: LONG_S, progressToken: 'busy' }, source).then((r) => {
      ended = performance.now();
      return r;
    });
    await server.firstProgress('busy');
    const { hover, ms: hoverMs } = await hoverApp();
    expect(ended, 'the simulation ended before the hover was answered').toBeUndefined();
    expect(hover?.contents.value).toMatch(/app/);

    // An edit: its diagnostics are published while the simulation goes on.
    const other = 'file:///virtual/edited.arch';
    server.open(other, 'system s {\n  service a { capacity 100 }\n}\n');
    for (let i = 0; i < 400 && !server.diagnostics.get(other)?.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.diagnostics.get(other)?.length, 'the edit was validated').toBeGreaterThan(0);
    expect(ended, 'the simulation ended before the edit was validated').toBeUndefined();

    source.cancel();
    expect(ok(await pending).stopped).toBe('cancelled');
    console.log(
      `hover answered in ${hoverMs.toFixed(0)} ms during the simulation (${idle.ms.toFixed(0)} ms before it)`,
    );
  }, 60_000);

  it('answers a broken document, and one with no client, with an error, and goes on', async () => {
    const broken = 'file:///virtual/broken.arch';
    server.open(broken, 'system s {\n  client c { rate 10 rps }\n  service a { capacity 100 rps\n  c -> a\n');
    const r = SimulateResponse.parse(await server.simulate({ uri: broken, durationS: 1 }));
    expect('error' in r && r.error).toMatch(/Fix the errors/);

    const noClient = 'file:///virtual/no-client.arch';
    server.open(noClient, 'system t {\n  service b { capacity 10 rps }\n}\n');
    const n = SimulateResponse.parse(await server.simulate({ uri: noClient, durationS: 1 }));
    expect('error' in n && n.error).toMatch(/no client/);

    await expect(server.simulate({ uri: '' })).rejects.toThrow(/archscale\/simulate/);
    expect(server.proc.exitCode).toBeNull();
    expect(ok(await server.simulate({ uri, durationS: 1 })).stopped).toBe('done');
  }, 60_000);
});

describe('the simulation loop in process', () => {
  it('runs at most one chunk after the cancellation', async () => {
    const { shared, Archscale } = createArchscaleServices({ ...EmptyFileSystem });
    const uri = URI.file('/w/capacity-plan.arch');
    const text = TextDocument.create(uri.toString(), 'arch', 1, SAMPLE);
    shared.workspace.TextDocuments!.set(text);
    const doc = shared.workspace.LangiumDocumentFactory.fromTextDocument(text, uri);
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc], { validation: true });
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri);
    const input = simulationInput(shared, Archscale.insight.InsightService, uri.toString());
    if ('error' in input) throw new Error(input.error);

    const maxChunk = 5_000;
    const source = new CancellationTokenSource();
    let chunks = 0;
    let counted = 0;
    let atCancel: number | undefined;
    const answer = ok(
      await runSimulation(input, {
        durationS: LONG_S,
        seed: 1,
        token: source.token,
        maxChunk,
        progress: (_fraction, events) => {
          counted = events;
          // The cancellation arrives as a message would: on a later turn of the event loop.
          if (++chunks === 5) setTimeout(() => ((atCancel = counted), source.cancel()), 0);
        },
      }),
    );
    expect(answer.stopped).toBe('cancelled');
    expect(atCancel).toBeDefined();
    // The events counted by the last chunk before the cancellation, plus at most one chunk.
    expect(answer.events).toBeLessThanOrEqual(atCancel! + maxChunk);
    expect(answer.events).toBeGreaterThan(0);
  }, 60_000);
});
