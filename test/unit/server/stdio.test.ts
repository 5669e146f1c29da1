import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** A minimal LSP client over stdio: Content-Length framed JSON-RPC. */
class StdioClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiters: { test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] =
    [];
  readonly messages: Record<string, unknown>[] = [];

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const header = this.buffer.indexOf('\r\n\r\n');
        if (header < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, header).toString())?.[1]);
        if (this.buffer.length < header + 4 + length) return;
        const msg = JSON.parse(this.buffer.subarray(header + 4, header + 4 + length).toString()) as Record<
          string,
          unknown
        >;
        this.buffer = this.buffer.subarray(header + 4 + length);
        this.messages.push(msg);
        this.waiters = this.waiters.filter((w) => (w.test(msg) ? (w.resolve(msg), false) : true));
      }
    });
  }

  send(msg: Record<string, unknown>): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: unknown): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const p = this.wait((m) => m.id === id);
    this.send({ id, method, params });
    return p;
  }

  wait(test: (m: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    const existing = this.messages.find(test);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }
}

describe('language server over stdio', () => {
  let client: StdioClient;
  beforeAll(async () => {
    const proc = spawn(process.execPath, [join(ROOT, 'out/language-server.cjs'), '--stdio']);
    client = new StdioClient(proc);
    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    expect((init.result as { capabilities: unknown }).capabilities).toBeDefined();
    client.send({ method: 'initialized', params: {} });
  });
  afterAll(() => client.proc.kill());

  it('publishes syntax and linking errors for an opened document', async () => {
    const uri = 'file:///virtual/broken.arch';
    client.send({
      method: 'textDocument/didOpen',
      params: {
        textDocument: { uri, languageId: 'arch', version: 1, text: 'system s {\n  service api {{\n  api -> db\n}\n' },
      },
    });
    const msg = await client.wait(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
    );
    const diags = (
      msg.params as {
        diagnostics: { range: { start: { line: number } }; code: string; severity: number; source: string }[];
      }
    ).diagnostics;
    expect(diags.map((d) => [d.range.start.line, d.code, d.severity, d.source])).toEqual(
      expect.arrayContaining([
        [1, 'syntax', 1, 'archscale'],
        [2, 'unresolved-reference', 1, 'archscale'],
      ]),
    );
  });

  it('clears diagnostics when the document is fixed', async () => {
    const uri = 'file:///virtual/fixed.arch';
    client.send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'arch', version: 1, text: 'system s {\n  service api {{\n}\n' } },
    });
    await client.wait(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' &&
        (m.params as { uri: string; diagnostics: unknown[] }).uri === uri &&
        (m.params as { diagnostics: unknown[] }).diagnostics.length > 0,
    );
    client.send({
      method: 'textDocument/didChange',
      params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'system s {\n  service api { }\n}\n' }] },
    });
    const fixed = await client.wait(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' &&
        (m.params as { uri: string; version?: number }).uri === uri &&
        (m.params as { diagnostics: unknown[] }).diagnostics.length === 0,
    );
    expect((fixed.params as { diagnostics: unknown[] }).diagnostics).toEqual([]);
  });
});

describe('language server figures over stdio', () => {
  let client: StdioClient;
  const uri = 'file:///virtual/plan.arch';
  const text = `system plan {
  slo { p95 200 ms availability 99 % }
  client users { rate 1000 rps reads 90 % }
  service app { instances 4 capacity 500 rps }
  database db { capacity 2000 rps replicas 2 async lag 100 ms }
  users -> app
  app -> db
}
`;
  beforeAll(async () => {
    const proc = spawn(process.execPath, [join(ROOT, 'out/language-server.cjs'), '--stdio']);
    client = new StdioClient(proc);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    client.send({ method: 'initialized', params: {} });
    client.send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'arch', version: 1, text } },
    });
    await client.wait(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
    );
  });
  afterAll(() => client.proc.kill());

  it('gives inlay hints with loads, utilisation and consistency', async () => {
    const r = await client.request('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    });
    const hints = (r.result as { position: { line: number }; label: string }[]).map((h) => [h.position.line, h.label]);
    expect(hints).toEqual(
      expect.arrayContaining([
        [3, '≈ 1k rps · 50 %'],
        [4, expect.stringMatching(/^≈ 1k rps · .* · eventual ≤ 100 ms$/)],
        [5, '≈ 1k rps'],
        [6, '≈ 1k rps · eventual ≤ 100 ms'],
      ]),
    );
  });

  it('hovers a component with its figures and derivations', async () => {
    const r = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 11 },
    });
    const md = (r.result as { contents: { value: string } }).contents.value;
    expect(md).toContain('**app** · service');
    expect(md).toContain('U = λ / X\\_max = 1k rps / 2k rps = 50 %');
    expect(md).toContain('Erlang C with c = ');
  });

  it('hovers a reference in an edge as the component it names', async () => {
    const r = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 6, character: 10 },
    });
    expect((r.result as { contents: { value: string } }).contents.value).toContain('**db** · database');
  });

  it('puts the system verdict in code lenses', async () => {
    const r = await client.request('textDocument/codeLens', { textDocument: { uri } });
    const titles = (r.result as { command: { title: string } }[]).map((l) => l.command.title);
    expect(titles[0]).toMatch(/^max 2k rps · bottleneck app$/);
    expect(titles[1]).toMatch(/^SLO: p95 ✓ .* ≤ 200 ms · availability [✓✗] /);
  });
});
