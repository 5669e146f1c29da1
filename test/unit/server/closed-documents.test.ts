/**
 * A closed document the server cannot place by its file name: VS Code syncs every `arch`
 * document, so an untitled one (`untitled:Untitled-1`, no `.arch` extension) is opened, built and
 * closed like any other. After it is closed the server knows its language only by its name, and
 * the next build must neither fail nor take the server down. (The real server over stdio, built
 * by `npm run build`; found by the edit storm, storm.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './lsp-client.js';

describe('a closed untitled document', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client.stop());

  it('the server goes on answering after it is closed', async () => {
    const untitled = 'untitled:Untitled-1';
    // With a problem (a missing unit), so that clearing it shows.
    client.open(untitled, 'system s {\n  client c { rate 10 rps }\n  service a { capacity 100 }\n  c -> a\n}\n');
    const lens = await client.request('textDocument/codeLens', { textDocument: { uri: untitled } });
    expect(lens.error).toBeUndefined();
    expect((await client.settledDiagnostics(untitled))?.diagnostics.length).toBeGreaterThan(0);
    client.close(untitled);
    // Forgotten: its problems are cleared.
    for (let i = 0; i < 100 && client.lastDiagnostics(untitled)?.diagnostics.length !== 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(client.lastDiagnostics(untitled)?.diagnostics).toEqual([]);

    const uri = 'file:///virtual/after-untitled.arch';
    client.open(uri, 'system t {\n  service b { capacity 10 rps }\n}\n');
    const diagram = await client.request('archscale/diagram', { uri }, 10_000);
    expect(diagram.error).toBeUndefined();
    expect((diagram.result as { text: string }).text).toContain('b');
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: 'system t {\n  service b { capacity 20 rps }\n}\n' }],
    });
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 11 },
    });
    expect(hover.error).toBeUndefined();
    expect(client.proc.exitCode).toBeNull();
    expect(client.stderr).not.toMatch(/no services for the extension/);
  });

  it('a closed file opened as arch without the .arch extension: the next build goes on', async () => {
    // A file's document stays after it is closed (it is the workspace's copy of the file); its
    // references are described only when first needed, by then without its language id.
    const other = 'file:///virtual/Archfile';
    client.open(other, 'system u {\n  client c { rate 10 rps }\n  service a { capacity 100 rps }\n  c -> a\n}\n');
    expect((await client.request('textDocument/codeLens', { textDocument: { uri: other } })).error).toBeUndefined();
    client.close(other);
    const uri = 'file:///virtual/after-archfile.arch';
    client.open(uri, 'system v {\n  service b { capacity 10 rps }\n}\n');
    const diagram = await client.request('archscale/diagram', { uri }, 10_000);
    expect(diagram.error).toBeUndefined();
    expect(client.proc.exitCode).toBeNull();
    expect(client.stderr).not.toMatch(/no services for the extension/);
  });
});
