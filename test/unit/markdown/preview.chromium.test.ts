/**
 * The Markdown preview's script (out/preview.js's entry src/markdown-preview/entry.ts, bundled
 * with Mermaid as esbuild.mjs does)
 * in real Chromium, in a page like VS Code's Markdown preview: its CSP (scripts by nonce only,
 * inline styles allowed), the theme classes on the body, the rendered Markdown in
 * `.markdown-body`, and `vscode.markdown.updateContent` when the content is replaced. Nothing may
 * be fetched: every request other than the page and its script is refused and recorded.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagramHtml } from '../../../src/markdown/html.js';
import { previewHtml } from '../../../src/shared/preview-html.js';
import { renderArchBlock } from '../../../src/markdown/index.js';
import { bundleForBrowser, launchChromium, servePage } from '../chromium-page.js';
import { XSS, xssCase } from '../mermaid/helpers.js';

const ORIGIN = 'https://markdown-preview.test';
let bundle = '';
let browser: Browser;

const SHOP = `system shop {
  client web { rate 900 rps }
  service api { instances 2 capacity 500 rps }
  database db { capacity 5 k rps }
  web -> api
  api -> db
}
`;
const QUEUE = `system jobs {
  client producer { rate 50 rps }
  queue q { capacity 1 k rps }
  worker w { instances 1 capacity 100 rps }
  producer -> q
  q -> w
}
`;

beforeAll(async () => {
  bundle = await bundleForBrowser('src/markdown-preview/entry.ts');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const NONCE = 'TestNonce0123456789abcdef';

function pageHtml(body: string, theme: string): string {
  return `<!DOCTYPE html><html><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' ${ORIGIN} https: data:; script-src 'nonce-${NONCE}'; style-src 'self' ${ORIGIN} 'unsafe-inline' https: data:; font-src 'self' ${ORIGIN} https: data:;"></head>
<body class="${theme}" data-vscode-theme-kind="${theme}"><div class="markdown-body">${body}</div>
<script nonce="${NONCE}" src="${ORIGIN}/preview.js"></script></body></html>`;
}

interface Harness {
  page: Page;
  requests: string[];
  errors: string[];
  close: () => Promise<void>;
}

async function open(body: string, theme = 'vscode-light', html = pageHtml(body, theme)): Promise<Harness> {
  // The theme is on the body in the HTML; the live preview's page calls VS Code's webview API.
  const served = await servePage(browser, {
    origin: ORIGIN,
    html,
    script: bundle,
    viewport: { width: 1000, height: 800 },
  });
  const { page, requests, errors } = served;
  return {
    page,
    requests,
    errors,
    async close() {
      const csp = await served.csp();
      const pwned = await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
      await served.context.close();
      expect(csp).toEqual([]);
      expect(pwned).toBeUndefined();
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    },
  };
}

/** Each diagram box: drawn?, the number of Mermaid nodes in its SVG, whether its text is hidden. */
function boxes(page: Page) {
  return page.$$eval('.archscale-diagram', (els) =>
    els.map((el) => ({
      drawn: el.classList.contains('archscale-drawn'),
      nodes: el.querySelectorAll('.archscale-svg svg g.node').length,
      textHidden: getComputedStyle(el.querySelector('pre.archscale-mermaid')!).display === 'none',
    })),
  );
}

async function waitDrawn(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (count) => document.querySelectorAll('.archscale-diagram.archscale-drawn .archscale-svg svg').length === count,
    n,
    { timeout: 30_000 },
  );
}

describe('markdown preview script (Chromium)', () => {
  it('draws every block of the page, and draws again when the preview replaces its content', async () => {
    const css = `<style>.archscale-diagram.archscale-drawn > pre.archscale-mermaid { display: none; }</style>`;
    const h = await open(
      `${css}<h1>Design</h1>${await renderArchBlock(SHOP)}<p>between</p>${await renderArchBlock(QUEUE)}`,
    );
    await waitDrawn(h.page, 2);
    expect(await boxes(h.page)).toEqual([
      { drawn: true, nodes: 3, textHidden: true },
      { drawn: true, nodes: 3, textHidden: true },
    ]);
    // The preview replaces its content (an edit) and fires its event: the new blocks are drawn.
    const next = `${css}${await renderArchBlock(QUEUE)}${await renderArchBlock(SHOP.replace('database db', 'cache db'))}<p>x</p>${await renderArchBlock(SHOP)}`;
    await h.page.evaluate((html) => {
      document.querySelector('.markdown-body')!.innerHTML = html;
      window.dispatchEvent(new CustomEvent('vscode.markdown.updateContent'));
    }, next);
    await waitDrawn(h.page, 3);
    expect((await boxes(h.page)).map((b) => b.nodes)).toEqual([3, 3, 3]);
    const labels = await h.page.$$eval('.archscale-diagram', (els) =>
      els.map((el) => Array.from(el.querySelectorAll('g.node')).map((n) => n.textContent ?? '')),
    );
    expect(labels.map((l) => l.map((t) => /^(producer|web|api|db|q|w)/.exec(t)?.[1]))).toEqual([
      ['producer', 'q', 'w'],
      ['web', 'api', 'db'],
      ['web', 'api', 'db'],
    ]);
    // The second block's db is now a cache.
    expect(labels[1]![2]).toMatch(/^dbcache/);
    await h.close();
  }, 60_000);

  it('follows the theme: dark Mermaid on a dark body, redrawn when the theme changes', async () => {
    const h = await open(await renderArchBlock(SHOP), 'vscode-dark');
    await waitDrawn(h.page, 1);
    const fill = () =>
      h.page.$eval('.archscale-svg svg', (svg) => {
        const style = svg.querySelector('style')?.textContent ?? '';
        return /\.label\s*\{[^}]*color:\s*([^;]+);/.exec(style)?.[1] ?? style.slice(0, 80);
      });
    const dark = await fill();
    await h.page.evaluate(() => {
      document.body.className = 'vscode-light';
      document.body.dataset.vscodeThemeKind = 'vscode-light';
    });
    await h.page.waitForFunction(
      (before) => {
        const style = document.querySelector('.archscale-svg svg style')?.textContent ?? '';
        return (/\.label\s*\{[^}]*color:\s*([^;]+);/.exec(style)?.[1] ?? style.slice(0, 80)) !== before;
      },
      dark,
      { timeout: 30_000 },
    );
    expect(await fill()).not.toBe(dark);
    await h.close();
  }, 60_000);

  it('hostile names are drawn as text: no script, handler, link or fetch', async () => {
    const c = xssCase();
    const h = await open(diagramHtml(c.model, c.analysis, c.findings));
    await waitDrawn(h.page, 1);
    expect(await h.page.locator('.archscale-svg svg g.node').count()).toBe(XSS.length);
    expect(await h.page.locator('img, iframe, script:not([nonce]), a, math, foreignObject script').count()).toBe(0);
    // Names show as the text the user typed.
    const texts = await h.page.$$eval('.archscale-svg g.node', (ns) => ns.map((n) => n.textContent ?? '').join('\n'));
    expect(texts).toContain('<script>window.__pwned=1</script>');
    await h.close();
  }, 60_000);

  it("the same bundle on the live preview's page runs the live preview, not the block drawing", async () => {
    const html = previewHtml({ cspSource: ORIGIN, nonce: NONCE, scriptUri: `${ORIGIN}/preview.js` });
    const h = await open('', 'vscode-light', html);
    await h.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0, null, {
      timeout: 30_000,
    });
    expect(await h.page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted[0])).toEqual({
      type: 'ready',
    });
    await h.close();
  }, 60_000);
});
