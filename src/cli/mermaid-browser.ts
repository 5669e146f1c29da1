/**
 * Mermaid rendering in a real browser, for `archscale render --format svg|png` and the tests:
 * Debian's Chromium driven by playwright-core (headless, a fresh profile, never a browser
 * download), Mermaid's own dist bundle from node_modules put into a blank local page. The page
 * can reach nothing: every request it attempts is aborted and recorded, every dialog dismissed and
 * recorded, so callers (tests) can assert that a diagram did neither.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class RenderSetupError extends Error {}

export type RenderTheme = 'default' | 'dark' | 'neutral' | 'forest';

export interface RenderedSvg {
  /** Standalone SVG (XML), background painted. */
  svg: string;
  /** Mermaid node groups (g.node) in the drawing. */
  nodes: number;
  /** Edge paths drawn. */
  edges: number;
  /** Label text of each node, in document order (as the browser shows it). */
  labels: string[];
  /** Time in mermaid.render, ms. */
  ms: number;
  /** Distinct element names in the drawing (lower case). */
  tags: string[];
  /** Attributes that could run script: `on*` handlers, javascript: values (should be none). */
  unsafeAttributes: string[];
}

export interface MermaidBrowser {
  render(text: string, options?: { theme?: RenderTheme }): Promise<RenderedSvg>;
  /** The diagram as PNG (2x), after render(). */
  png(text: string, options?: { theme?: RenderTheme; scale?: number }): Promise<{ png: Buffer; ms: number }>;
  /** URLs the page tried to load (all refused). */
  readonly requests: string[];
  /** Messages of dialogs the page tried to open (all dismissed). */
  readonly dialogs: string[];
  /** Uncaught errors in the page. */
  readonly pageErrors: string[];
  /** Whether anything set window.__pwned (the XSS corpus's marker). */
  pwned(): Promise<boolean>;
  close(): Promise<void>;
}

/** Where Chromium is: $CHROMIUM_PATH or /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Mermaid's browser bundle (UMD, defines window.mermaid) from node_modules. */
export function mermaidBundlePath(): string {
  const req = createRequire(import.meta.url);
  try {
    return req.resolve('mermaid/dist/mermaid.min.js');
  } catch {
    throw new RenderSetupError(
      "Mermaid's browser bundle (mermaid/dist/mermaid.min.js) was not found: run npm install in the archscale folder",
    );
  }
}

export async function launchMermaidBrowser(): Promise<MermaidBrowser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new RenderSetupError(
      `rendering SVG or PNG needs Chromium, and ${executablePath} was not found: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new RenderSetupError('rendering SVG or PNG needs the playwright-core package (npm install playwright-core)');
  }
  const script = readFileSync(mermaidBundlePath(), 'utf8');
  // launch() runs Chromium with a fresh temporary profile, removed on close.
  const browser = await playwright.chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const requests: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1200 }, deviceScaleFactor: 2 });
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="out"></div></body></html>',
    );
    await page.addScriptTag({ content: script });
    let count = 0;

    const render = async (text: string, options: { theme?: RenderTheme } = {}): Promise<RenderedSvg> => {
      const id = `archscale-render-${++count}`;
      return page.evaluate(
        async ({ text, id, theme }) => {
          const w = window as unknown as {
            mermaid: { initialize(c: object): void; render(id: string, t: string): Promise<{ svg: string }> };
          };
          w.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true, theme });
          const out = document.getElementById('out')!;
          const t = performance.now();
          const { svg } = await w.mermaid.render(id, text);
          const ms = performance.now() - t;
          out.innerHTML = svg;
          const el = out.querySelector('svg')!;
          const vb = el.viewBox.baseVal;
          el.setAttribute('width', String(Math.ceil(vb.width)));
          el.setAttribute('height', String(Math.ceil(vb.height)));
          el.style.removeProperty('max-width');
          const background = theme === 'dark' ? '#1e1e1e' : '#ffffff';
          document.body.style.background = background;
          const copy = el.cloneNode(true) as SVGSVGElement;
          const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
          rect.setAttribute('x', String(vb.x));
          rect.setAttribute('y', String(vb.y));
          rect.setAttribute('width', '100%');
          rect.setAttribute('height', '100%');
          rect.setAttribute('fill', background);
          copy.insertBefore(rect, copy.firstChild);
          const all = [el, ...el.querySelectorAll('*')];
          const tags = [...new Set(all.map((x) => x.localName.toLowerCase()))].sort();
          const unsafeAttributes = all.flatMap((x) =>
            [...x.attributes]
              .filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value))
              .map((a) => `${x.localName} ${a.name}=${a.value}`),
          );
          const labels = [...el.querySelectorAll('g.node')].map(
            (g) => (g.querySelector('.nodeLabel, .label') ?? g).textContent ?? '',
          );
          return {
            svg: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`,
            nodes: el.querySelectorAll('g.node').length,
            edges: el.querySelectorAll('path.flowchart-link').length,
            labels,
            ms,
            tags,
            unsafeAttributes,
          };
        },
        { text, id, theme: options.theme ?? 'default' },
      );
    };

    return {
      render,
      async png(text, options = {}) {
        const r = await render(text, options);
        const png = await page.locator('#out svg').screenshot({ type: 'png', omitBackground: false });
        return { png, ms: r.ms };
      },
      requests,
      dialogs,
      pageErrors,
      pwned: () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned !== undefined),
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
