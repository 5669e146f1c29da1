import { expectFindReferences, expectFoldings, expectGoToDefinition, parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { lspServices } from './services.js';

const services = lspServices();

describe('navigation', () => {
  it('goes to the definition of a component from an edge', async () => {
    await expectGoToDefinition(services)({
      text: 'system s {\n  service <|api|>\n  database db\n  <|>api -> db\n}',
      index: 0,
      rangeIndex: 0,
      disposeAfterCheck: true,
    });
  });

  it('finds references of a component', async () => {
    await expectFindReferences(services)({
      text: 'system s {\n  service <|api|> { }\n  database db\n  <|api|> -> db\n  db -> <|api|>\n}',
      includeDeclaration: true,
      disposeAfterCheck: true,
    });
  });

  it('outlines systems and their components', async () => {
    const doc = await parseHelper(services)(
      'system shop {\n  service api\n  database db\n}\nsystem other {\n  cache c\n}',
    );
    const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(doc, {
      textDocument: { uri: doc.uri.toString() },
    });
    expect(symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)])).toEqual([
      ['shop', ['api', 'db']],
      ['other', ['c']],
    ]);
  });

  it('folds systems and multi-line blocks', async () => {
    await expectFoldings(services)({
      text: '<|system s {\n  service api {\n    instances 2\n  |>}\n|>}\n',
      assert: (foldings, expected) => {
        expect(foldings.map((f) => [f.startLine, f.endLine]).sort()).toEqual(
          expect.arrayContaining([
            [0, 3],
            [1, 2],
          ]),
        );
        expect(expected.length).toBeGreaterThan(0);
      },
      disposeAfterCheck: true,
    });
  });
});

describe('rename across files', () => {
  async function setup() {
    const s = lspServices();
    const parse = parseHelper(s);
    const lib = await parse('system data {\n  database users-db\n  database orders-db\n}', {
      documentUri: 'file:///w/lib.arch',
    });
    const main = await parse(
      'import "./lib.arch"\nsystem app {\n  service api\n  api -> users-db\n  users-db -> orders-db\n}',
      { documentUri: 'file:///w/main.arch' },
    );
    await s.shared.workspace.DocumentBuilder.build([lib, main], { validation: true });
    return { s, lib, main };
  }

  it('renames the declaration and every reference in other files', async () => {
    const { s, lib } = await setup();
    const edit = await s.lsp.RenameProvider!.rename(lib, {
      textDocument: { uri: lib.uri.toString() },
      position: { line: 1, character: 12 },
      newName: 'accounts-db',
    });
    const changes = edit!.changes!;
    expect(Object.keys(changes).sort()).toEqual(['file:///w/lib.arch', 'file:///w/main.arch']);
    expect(changes['file:///w/lib.arch']!.map((e) => [e.range.start.line, e.newText])).toEqual([[1, 'accounts-db']]);
    expect(changes['file:///w/main.arch']!.map((e) => [e.range.start.line, e.newText]).sort()).toEqual([
      [3, 'accounts-db'],
      [4, 'accounts-db'],
    ]);
  });

  it('rejects a name that clashes or is not a name', async () => {
    const { s, lib } = await setup();
    const at = { textDocument: { uri: lib.uri.toString() }, position: { line: 1, character: 12 } };
    await expect(s.lsp.RenameProvider!.rename(lib, { ...at, newName: 'orders-db' })).rejects.toThrow(
      /'orders-db' is already declared \(lib.arch:3\)/,
    );
    await expect(s.lsp.RenameProvider!.rename(lib, { ...at, newName: 'api' })).rejects.toThrow(
      /'api' is already declared \(main.arch:3\)/,
    );
    await expect(s.lsp.RenameProvider!.rename(lib, { ...at, newName: '9lives' })).rejects.toThrow(
      /not a valid component name/,
    );
  });

  it('renames to a keyword: every word may be a name', async () => {
    const { s, lib } = await setup();
    const at = { textDocument: { uri: lib.uri.toString() }, position: { line: 1, character: 12 } };
    const edit = await s.lsp.RenameProvider!.rename(lib, { ...at, newName: 'cdc' });
    const texts = Object.values(edit?.changes ?? {}).flatMap((edits) => edits.map((e) => e.newText));
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts)).toEqual(new Set(['cdc']));
  });
});

describe('semantic highlighting', () => {
  it('marks systems, components by kind, properties, numbers, units and arrows', async () => {
    const doc = await parseHelper(services)(
      'system s {\n  service api { capacity 500 rps }\n  database db\n  api -> db reads\n}',
    );
    const tokens = await services.lsp.SemanticTokenProvider!.semanticHighlight(doc, {
      textDocument: { uri: doc.uri.toString() },
    });
    const types = services.lsp.SemanticTokenProvider!.tokenTypes;
    const legend = Object.fromEntries(Object.entries(types).map(([name, index]) => [index, name]));
    const data = tokens.data;
    const decoded: [number, number, number, string][] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i]!;
      char = data[i]! === 0 ? char + data[i + 1]! : data[i + 1]!;
      decoded.push([line, char, data[i + 2]!, legend[data[i + 3]!]!]);
    }
    const text = doc.textDocument.getText().split('\n');
    const words = decoded.map(([l, c, len, type]) => `${text[l]!.slice(c, c + len)}:${type}`);
    expect(words).toEqual(
      expect.arrayContaining([
        `s:${SemanticTokenTypes.namespace}`,
        `api:${SemanticTokenTypes.class}`,
        `db:${SemanticTokenTypes.struct}`,
        `capacity:${SemanticTokenTypes.property}`,
        `500:${SemanticTokenTypes.number}`,
        `rps:${SemanticTokenTypes.type}`,
        `->:${SemanticTokenTypes.operator}`,
        `reads:${SemanticTokenTypes.modifier}`,
      ]),
    );
  });
});
