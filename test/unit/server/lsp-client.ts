/**
 * A small LSP client for the real language server (`out/language-server.cjs --stdio`):
 * Content-Length framed JSON-RPC, requests with their duration, and the diagnostics the server
 * published last for each document. Used by the edit storm (storm.test.ts).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './storm-edits.js';

export interface Message {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface Answer {
  method: string;
  ms: number;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface Published {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    message: string;
    code?: string | number;
    severity?: number;
  }[];
}

export class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, (m: Message) => void>();
  private published = new Map<string, Published>();
  /** What the server wrote to stderr (stack traces of errors it caught and logged). */
  stderr = '';
  /** `window/logMessage` and `window/showMessage` of type Error. */
  readonly loggedErrors: string[] = [];

  private constructor(readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** Starts the bundled server and initializes it (no workspace folder). */
  static async start(): Promise<LspClient> {
    // STORM_NODE_ARGS: extra arguments for node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile.
    const nodeArgs = process.env.STORM_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const proc = spawn(process.execPath, [...nodeArgs, join(ROOT, 'out/language-server.cjs'), '--stdio']);
    const client = new LspClient(proc);
    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          semanticTokens: {
            requests: { full: true, range: true },
            tokenTypes: [],
            tokenModifiers: [],
            formats: ['relative'],
          },
        },
      },
      workspaceFolders: null,
    });
    if (init.error) throw new Error(`initialize failed: ${init.error.message}`);
    client.capabilities = (init.result as { capabilities: Record<string, unknown> }).capabilities;
    client.notify('initialized', {});
    return client;
  }

  capabilities: Record<string, unknown> = {};

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const header = this.buffer.indexOf('\r\n\r\n');
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, header).toString())?.[1]);
      if (this.buffer.length < header + 4 + length) return;
      const msg = JSON.parse(this.buffer.subarray(header + 4, header + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(header + 4 + length);
      this.dispatch(msg);
    }
  }

  private dispatch(msg: Message): void {
    if (msg.method === undefined && typeof msg.id === 'number') {
      const resolve = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      resolve?.(msg);
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      const p = msg.params as Published;
      this.published.set(p.uri, p);
    } else if (msg.method === 'window/logMessage' || msg.method === 'window/showMessage') {
      const p = msg.params as { type: number; message: string };
      if (p.type === 1) this.loggedErrors.push(p.message);
    } else if (msg.id !== undefined && msg.method) {
      // A request from the server (configuration, registration, ...): answer it empty.
      this.send({ id: msg.id, result: msg.method === 'workspace/configuration' ? [] : null });
    }
  }

  private send(msg: Record<string, unknown>): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Sends a request and resolves with its answer (or an error after `timeoutMs`). */
  request(method: string, params: unknown, timeoutMs = 30_000): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (m) => (clearTimeout(t), resolve(m)));
      this.send({ id, method, params });
    });
  }

  /** A request with its duration; never rejects except on a time-out. */
  async timed(method: string, params: unknown): Promise<Answer> {
    const started = performance.now();
    const m = await this.request(method, params);
    const ms = performance.now() - started;
    return m.error ? { method, ms, error: m.error } : { method, ms, result: m.result };
  }

  /** The diagnostics published last for `uri`. */
  lastDiagnostics(uri: string): Published | undefined {
    return this.published.get(uri);
  }

  /**
   * The diagnostics last published for `uri`, once none has come for `quietMs` (Langium publishes
   * without a version, so call this after a request that waited for validation).
   */
  async settledDiagnostics(uri: string, quietMs = 150): Promise<Published | undefined> {
    for (;;) {
      const before = this.published.get(uri);
      await new Promise((r) => setTimeout(r, quietMs));
      if (this.published.get(uri) === before) return before;
    }
  }

  /**
   * CPU seconds the server process has used so far (user and system, from /proc), or undefined
   * where there is no /proc. Unlike a request's duration it does not grow when the machine is busy.
   */
  cpuSeconds(): number | undefined {
    try {
      const fields = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command's ') '.
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'arch', version, text } });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await this.request('shutdown', null, 5_000);
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.notify('exit', null);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
    } catch {
      // killed below
    }
    if (this.proc.exitCode === null) this.proc.kill();
  }
}
