/**
 * The scaling answers in the editor, through the language server's own services (in process, a
 * change delivered as `textDocument/didChange` delivers it): the code lens on each system with its
 * break points (live: it follows an edit), the lens on each scenario with its verdict, and the
 * component hover's growth months and N+1 verdict.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentState, EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import type { CodeLens } from 'vscode-languageserver';
import { createArchscaleServices } from '../../../src/server/archscale-lsp-module.js';
import { ROOT } from '../helpers.js';

const PLAN = readFileSync(join(ROOT, 'samples/capacity-plan.arch'), 'utf8');

/** A document open in the server's services; `edit` replaces its text and waits for its validation. */
export async function openInServer(text: string, name = 'plan.arch') {
  const { shared, Archscale } = createArchscaleServices({ ...EmptyFileSystem });
  const uri = URI.file(`/w/${name}`);
  const key = uri.toString();
  const builder = shared.workspace.DocumentBuilder;
  await shared.workspace.WorkspaceManager.initialized({});
  let textDoc = TextDocument.create(key, 'arch', 1, text);
  shared.workspace.TextDocuments!.set(textDoc);
  shared.workspace.LangiumDocuments.addDocument(shared.workspace.LangiumDocumentFactory.fromTextDocument(textDoc, uri));
  await shared.workspace.WorkspaceLock.write((token) =>
    builder.build([shared.workspace.LangiumDocuments.getDocument(uri)!], { validation: true }, token),
  );
  const document = (): LangiumDocument => shared.workspace.LangiumDocuments.getDocument(uri)!;
  return {
    key,
    document,
    lenses: async (): Promise<CodeLens[]> =>
      (await Archscale.lsp.CodeLensProvider!.provideCodeLens(document(), { textDocument: { uri: key } })) ?? [],
    hover: async (line: number, character: number): Promise<string> => {
      const h = await Archscale.lsp.HoverProvider!.getHoverContent(document(), {
        textDocument: { uri: key },
        position: { line, character },
      });
      return (h?.contents as { value: string } | undefined)?.value ?? '';
    },
    edit: async (newText: string): Promise<void> => {
      const version = textDoc.version + 1;
      textDoc = TextDocument.update(textDoc, [{ text: newText }], version);
      const validated = new Promise<void>((resolve) => {
        const sub = builder.onDocumentPhase(DocumentState.Validated, (doc) => {
          if (doc.uri.toString() === key && doc.textDocument.version === version) {
            sub.dispose();
            resolve();
          }
        });
      });
      shared.workspace.TextDocuments!.set(textDoc);
      shared.lsp.DocumentUpdateHandler!.didChangeContent!({ document: textDoc });
      await validated;
    },
  };
}

const titles = (lenses: CodeLens[]) => lenses.map((l) => l.command?.title ?? '');
const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l));

describe('scaling in the editor', () => {
  it('puts the break points on the system in a code lens that reveals the first component to saturate', async () => {
    const s = await openInServer(PLAN);
    const lenses = await s.lenses();
    const lens = lenses.find((l) => l.command?.title.startsWith('breaks at'));
    // the availability SLO (99.9 %) goes where the read replicas saturate, below their 4× (their reads
    // time out and are retried, within the budgets' 1.1 × 1.1; without retries, availability would
    // not change with load)
    const title = lens?.command?.title ?? '';
    expect(title).toMatch(/^breaks at 1\.71× \(app\) · p95 SLO holds to 1\.7\d?× · availability SLO holds to 3\.\d+×$/);
    const availability = Number(/availability SLO holds to ([\d.]+)×/.exec(title)?.[1]);
    expect(availability).toBeGreaterThanOrEqual(4 / 1.21);
    expect(availability).toBeLessThan(4);
    expect(lens?.command?.command).toBe('archscale.reveal');
    const appLine = lineOf(PLAN, /^\s*service app \{/);
    expect((lens?.command?.arguments?.[1] as { start: { line: number } }).start.line).toBe(appLine);
    // on the system's line, beside its verdict lenses
    expect(lens?.range.start.line).toBe(lineOf(PLAN, /^system flight-search/));
    expect(titles(lenses)).toContain('Open preview');
  });

  it('keeps the lens live: an edit to the bottleneck moves its break point', async () => {
    const s = await openInServer(PLAN);
    expect(titles(await s.lenses()).join('\n')).toContain('breaks at 1.71× (app)');
    // 20 instances of 1,000 rps carry 2× 10k rps
    await s.edit(PLAN.replace('capacity 857 rps', 'capacity 1000 rps'));
    expect(titles(await s.lenses()).join('\n')).toContain('breaks at 2× (app)');
    // 40 instances: flights-db (4×) is then first
    await s.edit(PLAN.replace('instances 20', 'instances 40'));
    expect(titles(await s.lenses()).join('\n')).toContain('breaks at 3.43× (app)');
  });

  it("puts each scenario's verdict in a code lens at its name, live as the scenario is edited", async () => {
    const text = `system flight-search {
  slo { p95 200 ms availability 99.9 % }
  client users { rate 10 k rps reads 100 % }
  service app { instances 20 capacity 857 rps service-time 1.167 ms }
  database flights-db { capacity 4000 rps service-time 2 ms replicas 4 async read-from replicas }
  users -> app
  app -> flights-db reads
  scenario black-friday { load 3 x }
  scenario one-down { fail app 1 }
}
`;
    const s = await openInServer(text, 'scenarios.arch');
    const at = (lenses: CodeLens[], line: number) =>
      lenses.filter((l) => l.range.start.line === line).map((l) => `${l.range.start.character} ${l.command?.title}`);
    let lenses = await s.lenses();
    expect(at(lenses, 7)).toEqual(['11 ✗ breaks: flights-db at 188 %, app at 175 %']);
    expect(at(lenses, 8)).toEqual([expect.stringMatching(/^11 ✓ holds: p95 [\d.]+ ms, availability 100 %$/)]);
    // the system's lens is there too
    expect(titles(lenses)).toContain('breaks at 1.6× (flights-db) · p95 SLO holds to 1.59×');
    // the hover on a scenario: its changes, verdict, its system under it and what it saturates
    const md = await s.hover(7, 14);
    expect(md).toContain("**scenario black-friday** · system flight-search\n\nevery client's rate 3×\n\n✗ breaks:");
    expect(md).toContain('| flights-db | 187.5 % | 62.5 % |\n| app | 175 % | 58.3 % |');
    expect(md).toMatch(/SLO: p95 ✗ /);
    // a component named in a step hovers as that component
    expect(await s.hover(8, 28)).toContain('**app** · service');
    await s.edit(text.replace('load 3 x', 'load 1.5 x'));
    lenses = await s.lenses();
    expect(at(lenses, 7)).toEqual([expect.stringMatching(/^11 ✓ holds: p95 [\d.]+ ms, availability 100 %$/)]);
  });

  it("shows a component's saturation multiplier and N+1 verdict in its hover", async () => {
    const s = await openInServer(PLAN);
    const app = lineOf(PLAN, /^\s*service app \{/);
    const md = await s.hover(app, 11);
    expect(md).toContain('| saturates at | 1.71× |');
    expect(md).not.toContain('**Growth'); // no growth rate
    expect(md).toMatch(/\*\*N\+1 ✓:\*\* losing one of 20 app instances: the other 19 run at 61(\.\d)? %/);
    const db = lineOf(PLAN, /^\s*database flights-db \{/);
    expect(await s.hover(db, 12)).toMatch(
      /\*\*N\+1 ✓:\*\* losing one of flights-db's 5 nodes: the busiest of the other 4 runs at 33 %/,
    );
    // a client is not redundant: no N+1 line
    expect(await s.hover(lineOf(PLAN, /^\s*client users/), 10)).not.toContain('N+1');
  });

  it('shows the month a component saturates when its clients grow', async () => {
    const text = PLAN.replace('rate 10 k rps', 'rate 10 k rps growth 8 % per month');
    const s = await openInServer(text);
    const md = await s.hover(lineOf(text, /^\s*service app \{/), 11);
    // 58.3 % today: ln(1 / 0.583) / ln(1.08) = 7.0 months; autoscaling (40 at 70 %) runs out after 11.4
    const months = Math.log((20 * 857) / 10_000) / Math.log(1.08);
    expect(months).toBeCloseTo(7, 2);
    expect(md).toContain('**Growth (8 % per month):** app saturates after 7 months (58.3 % today); ');
    expect(md).toContain('app needs more than its autoscale maximum of 40 instances after 11.37 months');
    // the system's growth lens: what breaks first, and when, going to the first component to break
    const lens = (await s.lenses()).find((l) => l.command?.title.startsWith('at 8 % per month'));
    expect(lens?.command?.title).toBe(
      "at 8 % per month: flight-search's p95 SLO (200 ms) is first missed after 6.99 months (users reads)",
    );
    expect((lens?.command?.arguments?.[1] as { start: { line: number } }).start.line).toBe(
      lineOf(text, /^\s*service app \{/),
    );
    // without a growth rate there is none
    const plain = await openInServer(PLAN);
    expect(titles(await plain.lenses()).join('\n')).not.toContain('per month');
  });
});
