/**
 * A burst of edits (a paste, keys held down, fast typing) on a large broken file: the server
 * builds once for the burst, not once per edit. Each edit's build used to parse before the next
 * edit was even read (Langium yields to read messages only after 10 ms of work), so 20 edits
 * of a broken 50 KB file cost 20 parses (11 s for a storm's batch; over 30 s for this file). Measured as the server's CPU time (/proc),
 * which a busy machine does not inflate. The real server over stdio (`npm run build`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './lsp-client.js';
import { ROOT } from './storm-edits.js';

describe('a burst of edits on a broken 50 KB file', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client.stop());

  it.skipIf(process.platform !== 'linux')(
    'is built once, not once per edit',
    async () => {
      const samples = ['capacity-plan', 'url-shortener', 'order-pipeline', 'social-feed', 'bad-design'].map((s) =>
        readFileSync(join(ROOT, 'samples', `${s}.arch`), 'utf8'),
      );
      let text = '';
      // Every sample again and again, each with a broken line (a statement the parser cannot read).
      for (let i = 0; text.length < 50_000; i++)
        text += samples[i % samples.length]!.replace('{', '{\n  ?? broken\n') + '\n';
      const uri = 'file:///virtual/burst.arch';
      let doc = TextDocument.create(uri, 'arch', 1, text);
      client.open(uri, text);
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      const before = client.cpuSeconds()!;
      for (let i = 0; i < 20; i++) {
        const at = doc.positionAt(text.length / 2 + i);
        doc = TextDocument.update(doc, [{ range: { start: at, end: at }, text: 'x' }], doc.version + 1);
        client.notify('textDocument/didChange', {
          textDocument: { uri, version: doc.version },
          contentChanges: [{ range: { start: at, end: at }, text: 'x' }],
        });
      }
      const hover = await client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      expect(hover.error).toBeUndefined();
      const cpu = client.cpuSeconds()! - before;
      // Measured: 5-6 s of CPU for the burst; before, each edit was parsed in turn and the hover
      // after it did not come within 30 s.
      expect(cpu).toBeLessThan(12);
    },
    60_000,
  );
});
