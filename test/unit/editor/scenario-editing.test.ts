/**
 * Writing scenarios in the editor: completion inside a scenario (step words, component names,
 * what of a component fails, a component's properties after its name), rename of a component
 * named in a scenario, go-to-definition from a step, and formatting of a scenario block.
 */
import { expectCompletion, expectGoToDefinition, parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { completionSpot } from '../../../src/language/completion-context.js';
import { formatText } from '../../../src/language/format.js';
import { lspServices } from './services.js';

const services = lspServices();
const complete = expectCompletion(services);

function labels(text: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    complete({
      text,
      index: 0,
      assert: (list) => resolve(list.items.map((i) => i.label)),
      disposeAfterCheck: true,
    }).catch(reject);
  });
}

const HEAD = 'system s {\n  client users { rate 1 rps }\n  service app { instances 4 }\n  database db { replicas 2 }\n';

describe('completion in a scenario', () => {
  const at = (t: string) => completionSpot(t.replace('|', ''), t.indexOf('|'));
  it.each([
    [`${HEAD}  scenario x {\n    |`, { where: 'step' }],
    [`${HEAD}  scenario x {\n    fail |`, { where: 'fail' }],
    [`${HEAD}  scenario x {\n    fail db |`, { where: 'fail-part', owner: 'database' }],
    [`${HEAD}  scenario x {\n    load 3 |`, { where: 'load-unit' }],
    [`${HEAD}  scenario x {\n    users |`, { where: 'key', owner: 'client' }],
    [`${HEAD}  scenario x {\n    users rate 25 |`, { where: 'unit', owner: 'client', key: 'rate' }],
    [`${HEAD}  scenario x {\n    users rate 25 rps |`, { where: 'none' }],
    [`${HEAD}  scenario x { load 2 x; |`, { where: 'step' }],
  ])('%j', (text, expected) => {
    expect(at(text)).toEqual(expected);
  });

  it('offers the step words and the components in scope at a step', async () => {
    const items = await labels(`${HEAD}  scenario x {\n    <|>\n  }\n}`);
    expect(items).toEqual(['load', 'fail', 'description', 'users', 'app', 'db']);
  });
  it('offers zone and the components after fail', async () => {
    expect(await labels(`${HEAD}  scenario x {\n    fail <|>\n  }\n}`)).toEqual(['zone', 'users', 'app', 'db']);
  });
  it("offers only what a component's kind can lose", async () => {
    expect(await labels(`${HEAD}  scenario x {\n    fail db <|>\n  }\n}`)).toEqual(['zone', 'replica', 'shard']);
    expect(await labels(`${HEAD}  scenario x {\n    fail app <|>\n  }\n}`)).toEqual(['zone', 'instances']);
  });
  it("offers a component's own properties after its name, and units after a number", async () => {
    const items = await labels(`${HEAD}  scenario x {\n    users <|>\n  }\n}`);
    expect(items).toEqual(expect.arrayContaining(['rate', 'reads', 'growth']));
    expect(items).not.toContain('instances');
    expect(await labels(`${HEAD}  scenario x {\n    load 3 <|>\n  }\n}`)).toEqual(['x']);
    expect(await labels(`${HEAD}  scenario x {\n    users rate 25 <|>\n  }\n}`)).toEqual(
      expect.arrayContaining(['rps', 'per minute', 'k']),
    );
  });
  it('offers zones and growth with their docs', async () => {
    expect(await labels('system s {\n  settings { <|> }\n}')).toEqual(expect.arrayContaining(['zones', 'growth']));
    expect(await labels('system s {\n  client c { rate 1 rps growth 8 <|> }\n}')).toEqual(
      expect.arrayContaining(['% per month', '% per year']),
    );
  });
});

describe('navigation and rename in a scenario', () => {
  it('goes to the definition of a component from a step', async () => {
    await expectGoToDefinition(services)({
      text: 'system s {\n  service <|app|> { instances 2 }\n  scenario x {\n    fail <|>app 1\n  }\n}',
      index: 0,
      rangeIndex: 0,
      disposeAfterCheck: true,
    });
  });

  it('renames a component everywhere a scenario names it', async () => {
    const s = lspServices();
    const doc = await parseHelper(s)(
      'system s {\n  client users { rate 1 rps }\n  service app { instances 2 }\n  users -> app\n  scenario x {\n    fail app 1\n    app instances 3\n    fail app zone\n  }\n}',
    );
    await s.shared.workspace.DocumentBuilder.build([doc]);
    const edit = await s.lsp.RenameProvider!.rename(doc, {
      textDocument: { uri: doc.uri.toString() },
      position: { line: 2, character: 11 },
      newName: 'web',
    });
    const edits = edit?.changes?.[doc.uri.toString()] ?? [];
    expect(edits.map((e) => `${e.range.start.line}:${e.range.start.character}`).sort()).toEqual(
      ['2:10', '3:11', '5:9', '6:4', '7:9'].sort(),
    );
  });
});

describe('hover docs of the words of a scenario and of zones and growth', () => {
  it('explains scenario, load, fail, a failed part, and a property in a step or in settings', async () => {
    const s = lspServices();
    const text =
      'system s {\n  settings { zones 3 growth 2 % per month }\n  service app { instances 2 }\n  scenario x {\n    load 2 x\n    fail app zone\n    app instances 3\n  }\n}\n';
    const doc = await parseHelper(s)(text);
    await s.shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const hover = async (line: number, character: number) => {
      const h = await s.lsp.HoverProvider!.getHoverContent(doc, {
        textDocument: { uri: doc.uri.toString() },
        position: { line, character },
      });
      return (h?.contents as { value?: string } | undefined)?.value ?? '';
    };
    expect(await hover(3, 4)).toContain('**scenario**');
    expect(await hover(4, 5)).toContain("**load**\n\nEvery client's rate multiplied");
    expect(await hover(5, 5)).toContain('**fail**');
    expect(await hover(5, 14)).toContain('**fail … zone**');
    expect(await hover(6, 9)).toContain('**instances**\n\nNumber of identical instances');
    expect(await hover(1, 14)).toContain('**zones**\n\nAvailability zones');
    expect(await hover(1, 22)).toContain('**growth**\n\nCompounding growth');
    // a property on a component still hovers as the component
    expect(await hover(2, 18)).not.toContain('**instances**');
  });
});

describe('semantic tokens in a scenario', () => {
  it('colours the scenario, its step words and the components it names', async () => {
    const s = lspServices();
    const doc = await parseHelper(s)(
      'system s {\n  service app { instances 2 }\n  database db { replicas 2 }\n  scenario peak {\n    load 2 x\n    fail db replica 1\n    app instances 3\n  }\n}\n',
    );
    await s.shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const tokens = await s.lsp.SemanticTokenProvider!.semanticHighlight(doc, {
      textDocument: { uri: doc.uri.toString() },
    });
    const legend = Object.fromEntries(Object.entries(s.lsp.SemanticTokenProvider!.tokenTypes).map(([n, i]) => [i, n]));
    const lines = doc.textDocument.getText().split('\n');
    const words: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i]!;
      char = tokens.data[i] === 0 ? char + tokens.data[i + 1]! : tokens.data[i + 1]!;
      if (line >= 3)
        words.push(`${lines[line]!.slice(char, char + tokens.data[i + 2]!)}:${legend[tokens.data[i + 3]!]}`);
    }
    expect(words).toEqual(
      expect.arrayContaining([
        'scenario:keyword',
        'peak:event',
        'load:keyword',
        'fail:keyword',
        'db:struct',
        'replica:keyword',
        'app:class',
        'instances:property',
      ]),
    );
  });
});

describe('formatting a scenario block', () => {
  it('indents steps and spaces their words; idempotent', () => {
    const text =
      'system s {\nscenario   peak {\n description "x"\nload 3   x\n      users rate 25 k   rps;\nfail app   2\n  fail zone\n}\n  client users { rate 1 rps growth 8 %   per month }\n}\n';
    const out = formatText(text);
    expect(out).toBe(
      'system s {\n  scenario peak {\n    description "x"\n    load 3 x\n    users rate 25 k rps;\n    fail app 2\n    fail zone\n  }\n  client users { rate 1 rps growth 8 % per month }\n}\n',
    );
    expect(formatText(out)).toBe(out);
  });
});
