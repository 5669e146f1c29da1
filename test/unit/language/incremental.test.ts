/**
 * Editing is incremental (the parser re-parses only the touched members, the model reuses the
 * components of untouched ones), but the results must be those of a fresh load of the new text:
 * the same model, diagnostics and findings, after every edit of a chain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { ArchscaleWorkspace, loadTexts, memoryFs, toFileDiagnostic } from '../../../src/language/workspace.js';
import { ROOT } from '../helpers.js';
import { generateArchText } from '../../../bench/generate-text.js';
import { RULES } from '../../../src/core/rules/registry.js';

const PATH = '/w/edit.arch';

async function fresh(text: string) {
  const r = await loadTexts({ [PATH]: text });
  return {
    model: r.model,
    diagnostics: r.diagnostics
      .map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.code} ${d.message}`)
      .sort(),
  };
}

const RULE_IDS = new Set(RULES.map((r) => r.id));

/**
 * The editor's diagnostics against a fresh load's. While a language error leaves components unsure
 * (`insight.before`), the editor also carries their findings from before the error (a fresh load
 * has no before): then the fresh diagnostics are among the editor's, and the rest are findings.
 */
function expectSame(got: string[], expected: string[], broken: boolean, name: string): void {
  if (!broken) {
    expect(got, name).toEqual(expected);
    return;
  }
  const extra = [...got];
  for (const e of expected) {
    const i = extra.indexOf(e);
    expect(i, `${name}: ${e}`).toBeGreaterThanOrEqual(0);
    extra.splice(i, 1);
  }
  for (const x of extra) expect(RULE_IDS.has(x.split(' ')[1]!), `${name}: ${x}`).toBe(true);
}

describe('incremental edits give the results of a fresh load', () => {
  const base = readFileSync(join(ROOT, 'samples/url-shortener.arch'), 'utf8');
  const lines = base.split('\n');
  const find = (s: string) => lines.findIndex((l) => l.includes(s));
  const at = (i: number, edit: (l: string) => string) => (t: string) => {
    const ls = t.split('\n');
    ls[i] = edit(ls[i]!);
    return ls.join('\n');
  };
  const edits: [string, (t: string) => string][] = [
    ['a capacity changed', at(find('capacity'), (l) => l.replace(/capacity \d+/, 'capacity 123'))],
    ['a line inserted above everything', (t) => t.replace('{\n', '{\n  // a new comment line\n')],
    ['a component added', (t) => t.replace(/\n}\s*$/, '\n  service extra { capacity 5 rps }\n}\n')],
    ['text added before a component on its line', at(find('capacity'), (l) => l.replace(/^(\s*)/, '$1/* c */ '))],
    [
      'a line deleted',
      (t) =>
        t
          .split('\n')
          .filter((_, i) => i !== find('capacity') + 1)
          .join('\n'),
    ],
    ['an edge target made unknown, then fixed', (t) => t.replace(/-> (\S+)/, '-> nowhere')],
    ['a unit error introduced', (t) => t.replace('capacity 800 rps', 'capacity 800 ms')],
    ['a line inserted above: the error moves down', (t) => t.replace('{\n', '{\n  // another line\n')],
    ['the same edit undone', (t) => t],
  ];

  it('after each edit of a chain: model, diagnostics and findings', async () => {
    const files: Record<string, string> = { [PATH]: base };
    const ws = new ArchscaleWorkspace(memoryFs(files));
    const [doc] = ws.addFiles([PATH]);
    await ws.shared.workspace.DocumentBuilder.build([doc!], { validation: true });
    let text = base;
    const members = () =>
      (
        ws.shared.workspace.LangiumDocuments.getDocument(URI.file(PATH))!.parseResult.value as unknown as {
          systems: { members: object[] }[];
        }
      ).systems[0]!.members;
    const first = members()[0];
    let languageErrors = 0;
    for (const [name, edit] of edits) {
      text = edit(text);
      files[PATH] = text;
      await ws.shared.workspace.DocumentBuilder.update([URI.file(PATH)], []);
      const d = ws.shared.workspace.LangiumDocuments.getDocument(URI.file(PATH))!;
      const expected = await fresh(text);
      const insight = ws.services.insight.InsightService.forRoot(d.uri.toString())!;
      expect(JSON.parse(JSON.stringify(insight.model)), name).toEqual(JSON.parse(JSON.stringify(expected.model)));
      const diagnostics = (d.diagnostics ?? [])
        .map((x) => toFileDiagnostic(d.uri, x))
        .map((x) => `${x.line}:${x.column}-${x.endLine}:${x.endColumn} ${x.code} ${x.message}`)
        .sort();
      expectSame(diagnostics, expected.diagnostics, insight.before !== undefined, name);
      if (name.includes('error')) languageErrors = diagnostics.filter((x) => x.includes('unit')).length;
    }
    expect(languageErrors).toBeGreaterThan(0);
    // The edits were incremental: the first member's syntax node is still the one first parsed.
    expect(members()[0]).toBe(first);
  });

  it('after many mixed edits of a generated model (changed numbers, added comments, deleted lines)', async () => {
    const gen = generateArchText(200, 5);
    const files: Record<string, string> = { [PATH]: gen.text };
    const ws = new ArchscaleWorkspace(memoryFs(files));
    const [doc] = ws.addFiles([PATH]);
    await ws.shared.workspace.DocumentBuilder.build([doc!], { validation: true });
    const lines = gen.text.split('\n');
    for (let i = 0; i < 60; i++) {
      const l = gen.firstComponentLine + ((i * 37) % 180);
      if (i % 3 === 0) lines[l] = lines[l]!.replace(/(\d+)/, (d) => String(Number(d) + 1));
      else if (i % 3 === 1) lines.splice(l, 0, `  // note ${i}`);
      else lines.splice(l, 1);
      files[PATH] = lines.join('\n');
      await ws.shared.workspace.DocumentBuilder.update([URI.file(PATH)], []);
      if (i % 20 !== 19) continue;
      const d = ws.shared.workspace.LangiumDocuments.getDocument(URI.file(PATH))!;
      const expected = await fresh(files[PATH]!);
      const insight = ws.services.insight.InsightService.forRoot(d.uri.toString())!;
      expect(JSON.parse(JSON.stringify(insight.model)), `after ${i + 1} edits`).toEqual(
        JSON.parse(JSON.stringify(expected.model)),
      );
      const diagnostics = (d.diagnostics ?? [])
        .map((x) => toFileDiagnostic(d.uri, x))
        .map((x) => `${x.line}:${x.column}-${x.endLine}:${x.endColumn} ${x.code} ${x.message}`)
        .sort();
      expectSame(diagnostics, expected.diagnostics, insight.before !== undefined, `after ${i + 1} edits`);
    }
  }, 60_000);
});
