/**
 * ```arch blocks in VS Code's Markdown preview (src/markdown, with the extension's fence rule
 * src/extension/markdown-it.ts in a real markdown-it): a valid block gives the model's diagram and
 * its figures, a broken one its errors, hostile text stays text, two blocks on one page.
 */
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { toMermaid } from '../../../src/core/mermaid/index.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { runRules } from '../../../src/core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS } from '../../../src/core/rules/settings.js';
import { archFences, fenceLanguage, type MarkdownIt } from '../../../src/extension/markdown-it.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ArchBlocks, renderArchBlock } from '../../../src/markdown/index.js';
import { diagramHtml, escapeHtml } from '../../../src/markdown/html.js';
import { XSS, xssArchText, xssCase } from '../mermaid/helpers.js';
import { nodeMermaid, removeDom } from '../mermaid/mermaid-node.js';

const VALID = `system shop {
  client web { rate 900 rps }
  service api { instances 2 capacity 500 rps }
  database db { capacity 5 k rps }
  web -> api
  api -> db
}
`;

const BROKEN = `system orders {
  client mobile { rate 50 rps }
  service checkout {{ instances 2 capacity 500 rps }
  mobile -> nowhere
}
`;

afterAll(() => removeDom());

/** The HTML's elements, as a browser reads them. */
function dom(html: string): Document {
  return new JSDOM(`<!doctype html><body>${html}</body>`).window.document;
}

/** Only these elements and attributes: nothing in a model can add markup, a handler or a link. */
function expectOnlyOurMarkup(doc: Document): void {
  const tags = new Set(['DIV', 'P', 'PRE', 'CODE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'UL', 'LI']);
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    expect(tags.has(el.tagName), `unexpected <${el.tagName.toLowerCase()}>`).toBe(true);
    for (const a of Array.from(el.attributes)) expect(['class', 'data-line']).toContain(a.name);
  }
}

async function expectedMermaid(text: string): Promise<string> {
  const r = await loadTexts({ '/archscale-markdown/block.arch': text });
  const analysis = analyze(r.model);
  return toMermaid(r.model, analysis, runRules(RULES, r.model, analysis, DEFAULT_RULE_SETTINGS), { direction: 'TB' })
    .text;
}

describe('markdown: a block', () => {
  it('a valid block gives the diagram the live preview draws and the key figures', async () => {
    const doc = dom(await renderArchBlock(VALID));
    expectOnlyOurMarkup(doc);
    const mermaidText = doc.querySelector('.archscale-diagram > pre.archscale-mermaid')?.textContent;
    expect(mermaidText).toBe(await expectedMermaid(VALID));
    const mermaid = await nodeMermaid();
    await expect(mermaid.parse(mermaidText!)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    const rows = (sel: string) =>
      Array.from(doc.querySelectorAll(`${sel} tbody tr`)).map((tr) =>
        Array.from(tr.querySelectorAll('td')).map((td) => td.textContent),
      );
    // 900 rps on 2 × 500 rps: api is the bottleneck at 90 %; the system saturates at 1k rps.
    expect(rows('.archscale-systems')).toEqual([['shop', '1k rps', 'api', '—']]);
    const comps = rows('.archscale-components');
    expect(comps.map((r) => r.slice(0, 4))).toEqual([
      ['web', 'client', '900 rps', '—'],
      ['api', 'service', '900 rps', '90 %'],
      ['db', 'database', '900 rps', '18 %'],
    ]);
    expect(doc.querySelector('.archscale-errors')).toBeNull();
  });

  it('a broken block gives its errors as text and its source, and no diagram', async () => {
    const doc = dom(await renderArchBlock(BROKEN));
    expectOnlyOurMarkup(doc);
    expect(doc.querySelector('.archscale-diagram')).toBeNull();
    expect(doc.querySelector('.archscale-status')?.textContent).toMatch(
      /^archscale: the model has \d+ errors?; no diagram$/,
    );
    const errors = Array.from(doc.querySelectorAll('.archscale-error-list li')).map((li) => li.textContent);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e!.startsWith('line 3:'))).toBe(true);
    expect(doc.querySelector('pre.archscale-source code')?.textContent).toBe(BROKEN);
  });

  it('hostile text in a broken block stays text (errors and source)', async () => {
    const text = `system x {\n  ${XSS.join('\n  ')}\n}\n`;
    const html = await renderArchBlock(text);
    const doc = dom(html);
    expectOnlyOurMarkup(doc);
    expect(doc.querySelector('pre.archscale-source code')?.textContent).toBe(text);
    expect(html).not.toMatch(/<(script|img|svg|iframe|a|style|math)\b/i);
  });

  it('hostile names and descriptions reach Mermaid only entity-coded, and the table only as text', async () => {
    const c = xssCase();
    const doc = dom(diagramHtml(c.model, c.analysis, c.findings));
    expectOnlyOurMarkup(doc);
    expect(doc.querySelector('pre.archscale-mermaid')?.textContent).toBe(
      toMermaid(c.model, c.analysis, c.findings, { direction: 'TB' }).text,
    );
    const names = Array.from(doc.querySelectorAll('.archscale-components tbody tr td:first-child')).map(
      (td) => td.textContent,
    );
    expect(names).toEqual([...XSS]);
    const systems = Array.from(doc.querySelectorAll('.archscale-systems tbody tr td:first-child')).map(
      (td) => td.textContent,
    );
    expect(systems).toEqual(expect.arrayContaining([XSS[0], XSS[8]]));
    // A model parsed from text, with every hostile string as a description: a diagram, escaped.
    const parsed = dom(await renderArchBlock(xssArchText()));
    expectOnlyOurMarkup(parsed);
    const m = parsed.querySelector('pre.archscale-mermaid')?.textContent ?? '';
    expect(m).not.toMatch(/%%|javascript:|<script|<img|<svg|<iframe|onerror=|^\s*click\b/im);
  });

  it('escapes HTML as text', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('markdown: the markdown-it plugin', () => {
  const MarkdownItCtor = createRequire(import.meta.url)('markdown-it') as new (o?: object) => MarkdownIt & {
    render(src: string): string;
  };

  function page(blocks: ArchBlocks): MarkdownIt & { render(src: string): string } {
    const md = new MarkdownItCtor({ html: true });
    archFences(md, () => blocks);
    return md;
  }

  const DOC = [
    '# Design',
    '',
    '```arch',
    VALID.trimEnd(),
    '```',
    '',
    'Some text.',
    '',
    '```arch title',
    BROKEN.trimEnd(),
    '```',
    '',
    '```js',
    'const x = "<b>";',
    '```',
    '',
  ].join('\n');

  it('two blocks on one page: placeholders first, then one refresh, then each its own result', async () => {
    let refreshes = 0;
    const blocks = new ArchBlocks({ onChange: () => refreshes++ });
    const md = page(blocks);
    const first = dom(md.render(DOC));
    expect(
      Array.from(first.querySelectorAll('.archscale-pending .archscale-status')).map((p) => p.textContent),
    ).toEqual(['archscale: analysing…', 'archscale: analysing…']);
    await blocks.settled();
    expect(refreshes).toBe(1);
    const second = dom(md.render(DOC));
    const fences = Array.from(second.querySelectorAll('.archscale-fence'));
    expect(fences.map((f) => f.getAttribute('data-line'))).toEqual(['2', '14']);
    expect(fences[0]!.querySelector('.archscale-ok .archscale-diagram pre.archscale-mermaid')).not.toBeNull();
    expect(fences[1]!.querySelector('.archscale-errors .archscale-error-list')).not.toBeNull();
    expect(fences[1]!.querySelector('.archscale-diagram')).toBeNull();
    // Other fences are markdown-it's own.
    expect(second.querySelector('pre code.language-js')?.textContent).toBe('const x = "<b>";\n');
    // A third render is all from the cache: no new analysis, no refresh.
    md.render(DOC);
    await blocks.settled();
    expect(refreshes).toBe(1);
  });

  it('a block that throws shows the failure as text; the page renders', () => {
    const md = page({
      render: () => {
        throw new Error('<img src=x onerror=alert(1)>');
      },
    } as unknown as ArchBlocks);
    const doc = dom(md.render('```arch\n<b>x</b>\n```\n\nafter'));
    expectOnlyOurMarkup(doc);
    expect(doc.querySelector('.archscale-status')?.textContent).toBe('archscale: <img src=x onerror=alert(1)>');
    expect(doc.querySelector('pre.archscale-source code')?.textContent).toBe('<b>x</b>\n');
    expect(doc.body.textContent).toContain('after');
  });

  it('reads the fence language from the first word of its info string', () => {
    expect(fenceLanguage('arch')).toBe('arch');
    expect(fenceLanguage('  Arch  title="x"')).toBe('arch');
    expect(fenceLanguage('archscale')).toBe('archscale');
    expect(fenceLanguage('')).toBe('');
  });
});
