/**
 * Positions in recovered text (found by the edit storm, STORM_SEED=5): recovery writes `system`
 * over a misspelt keyword only where the name need not move, so every semantic token still sits
 * on its own text (a system whose header cannot be mended that way is left out, with its error).
 */
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { lspServices } from '../editor/services.js';

describe('positions in recovered text', () => {
  // [text, whether the system could be mended (its members read) or had to go]
  it.each([
    ['syste shortener {\n  service api\n}\n', false],
    ['syste)m flight-search {\n  service api\n}\n', true],
    ['sytsem shortener {\n  service api\n}\n', true],
    ['systemshop {\n  service api\n}\n', false],
    ['sys   shop {\n  service api\n}\n', false],
    ['sys     shop {\n  service api\n}\n', true],
  ] as const)('every semantic token sits on a word (%j)', async (text, mended) => {
    const s = lspServices();
    const doc = s.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file('/w/a.arch'));
    s.shared.workspace.LangiumDocuments.addDocument(doc);
    await s.shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const r = await s.lsp.SemanticTokenProvider!.semanticHighlight(doc, { textDocument: { uri: doc.uri.toString() } });
    const lines = text.split('\n');
    let line = 0;
    let char = 0;
    const words: string[] = [];
    for (let i = 0; i < r.data.length; i += 5) {
      const [dl, dc, len] = r.data.slice(i, i + 3) as [number, number, number];
      line += dl;
      char = dl === 0 ? char + dc : dc;
      words.push(lines[line]!.slice(char, char + len));
    }
    for (const w of words) expect(w).toMatch(/^[\w-]+$/);
    if (mended) expect(words).toContain('api');
    else expect(words).toEqual([]);
  });
});
