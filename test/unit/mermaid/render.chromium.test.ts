/**
 * Every generated diagram drawn by Mermaid 12 in real Chromium (Debian's /usr/bin/chromium via
 * playwright-core, one browser for the file): every sample, a collapsed big model, and models whose
 * names, systems and descriptions carry an XSS corpus. Each must draw (an <svg> with one node per
 * generated node), show the hostile names as typed, and run nothing: no dialog, no window.__pwned,
 * no request attempted (every request is refused and recorded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchMermaidBrowser, type MermaidBrowser } from '../../../src/cli/mermaid-browser.js';
import { analyze, generateModel } from '../../../src/core/analysis/index.js';
import { toMermaid, type MermaidDiagram } from '../../../src/core/mermaid/index.js';
import { caseFromText, sampleCases, XSS, xssArchText, xssCase, type Case } from './helpers.js';

let browser: MermaidBrowser;
const timings: string[] = [];

beforeAll(async () => {
  browser = await launchMermaidBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  console.log(`[mermaid in chromium]\n  ${timings.join('\n  ')}`);
});

const nodesIn = (d: MermaidDiagram) => d.text.split('\n').filter((l) => /^\s+[ng]\d+\[/.test(l)).length;
// Mermaid drops line breaks inside a label and shows a literal `\n` as one (its own escape, applied
// after entity decoding): compare without whitespace and without `\n`.
const squash = (s: string) => s.replace(/\\n/g, '').replace(/\s+/g, '');

async function draws(name: string, d: MermaidDiagram, theme: 'default' | 'dark' = 'default') {
  const r = await browser.render(d.text, { theme });
  timings.push(
    `${name}${theme === 'dark' ? ' (dark)' : ''}: ${nodesIn(d)} nodes, ${r.edges} edges, ${Math.round(r.ms)} ms, SVG ${Math.round(r.svg.length / 1024)} KB`,
  );
  expect(r.svg).toMatch(/^<\?xml[^>]*>\n<svg /);
  expect(r.nodes, `${name}: nodes drawn`).toBe(nodesIn(d));
  return r;
}

function nothingRan() {
  expect(browser.requests).toEqual([]);
  expect(browser.dialogs).toEqual([]);
  expect(browser.pageErrors).toEqual([]);
}

describe('Mermaid diagrams in Chromium', () => {
  let samples: Case[];
  beforeAll(async () => {
    samples = await sampleCases();
  }, 60_000);

  it('draws every sample, in the light and the dark theme', async () => {
    for (const s of samples) {
      const d = toMermaid(s.model, s.analysis, s.findings);
      const r = await draws(s.name, d);
      expect(r.edges).toBe(s.model.edges.length);
      for (const c of s.model.components) expect(r.labels.some((l) => l.startsWith(c.name))).toBe(true);
      await draws(s.name, d, 'dark');
    }
    nothingRan();
    expect(await browser.pwned()).toBe(false);
  });

  it('draws a collapsed 1,000-component model', async () => {
    const model = generateModel(1_000, 7);
    const d = toMermaid(model, analyze(model), []);
    expect(d.collapsed).toBeDefined();
    await draws('generated 1,000 components, collapsed', d);
    nothingRan();
  });

  it('shows hostile names as typed and runs nothing (names, systems, descriptions)', async () => {
    const c = xssCase();
    const d = toMermaid(c.model, c.analysis, c.findings);
    const r = await draws('XSS corpus in names', d);
    for (const text of XSS) {
      expect(
        r.labels.some((l) => squash(l).startsWith(squash(text))),
        `label for ${JSON.stringify(text)}: ${JSON.stringify(r.labels)}`,
      ).toBe(true);
    }
    // Nothing but Mermaid's own markup: no element or handler from a name made it into the drawing.
    for (const tag of ['script', 'img', 'iframe', 'a', 'math', 'mi', 'u', 'i']) expect(r.tags).not.toContain(tag);
    expect(r.tags.filter((t) => t === 'svg')).toEqual(['svg']);
    expect(r.unsafeAttributes).toEqual([]);
    nothingRan();
    expect(await browser.pwned()).toBe(false);
  });

  it('descriptions with the corpus, parsed from .arch text, run nothing either', async () => {
    const c = await caseFromText('hostile', xssArchText());
    const d = toMermaid(c.model, c.analysis, c.findings);
    await draws('XSS corpus in descriptions', d);
    nothingRan();
    expect(await browser.pwned()).toBe(false);
  });

  it('the corpus raw (not escaped) would be caught: the harness sees a request or a drawing failure', async () => {
    // Control: the checks above can fail. An unescaped <img> label makes Chromium try to fetch it.
    const text = 'flowchart LR\n  a["<img src=http://evil.invalid/beacon.png>"] --> b\n';
    await browser.render(text).catch(() => undefined);
    await expect.poll(() => browser.requests.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(browser.requests[0]).toContain('evil.invalid');
    browser.requests.length = 0;
  });
});
