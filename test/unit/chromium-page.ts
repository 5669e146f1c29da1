/**
 * What the Chromium tests of the previews share (test/unit/webview/*.chromium.test.ts,
 * test/unit/markdown/preview.chromium.test.ts): a browser entry bundled as esbuild.mjs does
 * (Mermaid in, not minified), headless Chromium launched as the CLI launches it, and a page served
 * from a fake origin (its HTML and its script only: every other request is refused and recorded)
 * with a stand-in for VS Code's webview API that records what the script posts, the page's errors
 * and dialogs recorded, and the CSP violations recorded.
 */
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/cli/mermaid-browser.js';
import type { FromWebview, ToWebview } from '../../src/shared/messages.js';
import { previewHtml } from '../../src/shared/preview-html.js';
import { ROOT } from './helpers.js';

/** The browser script of `entry` (relative to the repository), bundled for the page. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [`${ROOT}/${entry}`],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Headless Chromium with the CLI's executable and arguments. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  /** Where the page is served from: `${origin}/index.html` is `html`, `${origin}/preview.js` is `script`. */
  origin: string;
  html: string;
  script: string;
  viewport: { width: number; height: number };
  /** The theme class VS Code puts on the body before the script runs; absent: the HTML's own. */
  theme?: string;
  /** What the webview API's getState answers first. */
  state?: unknown;
  /** CSS variables VS Code puts on the page (name -> value), with the theme. */
  cssVariables?: Record<string, string>;
}

export interface ServedPage {
  context: BrowserContext;
  page: Page;
  /** The URLs the page asked for other than its HTML and script (all refused). */
  requests: string[];
  /** The page's uncaught errors and dialogs. */
  errors: string[];
  /** What the script posted through the webview API (each copied as JSON). */
  posted: <T = unknown>() => Promise<T[]>;
  /** Posts a message to the page, as the extension does. */
  send: (m: unknown) => Promise<void>;
  /** The CSP violations so far (none once the page is closed). */
  csp: () => Promise<string[]>;
}

/** Opens the page in a new context of `browser`. */
export async function servePage(browser: Browser, options: PageOptions): Promise<ServedPage> {
  const { origin } = options;
  const context = await browser.newContext({ viewport: options.viewport });
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${origin}/index.html`) return route.fulfill({ contentType: 'text/html', body: options.html });
    if (url === `${origin}/preview.js`) return route.fulfill({ contentType: 'text/javascript', body: options.script });
    requests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(
    ({ theme, state, cssVariables }) => {
      const w = window as unknown as Record<string, unknown>;
      w.__posted = [];
      w.__state = state;
      w.__csp = [];
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
        getState: () => w.__state,
        setState: (s: unknown) => (w.__state = s),
      });
      document.addEventListener('securitypolicyviolation', (e) =>
        (w.__csp as string[]).push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
      );
      if (theme === undefined) return;
      new MutationObserver((_, o) => {
        if (document.body) {
          document.body.classList.add(theme);
          document.body.dataset.vscodeThemeKind = theme;
          for (const [name, value] of Object.entries(cssVariables))
            document.documentElement.style.setProperty(name, value);
          o.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    },
    { theme: options.theme, state: options.state, cssVariables: options.cssVariables ?? {} },
  );
  await page.goto(`${origin}/index.html`);
  return {
    context,
    page,
    requests,
    errors,
    posted: <T>() => page.evaluate(() => (window as unknown as { __posted: T[] }).__posted),
    send: (m) => page.evaluate((msg) => window.postMessage(msg, '*'), m),
    csp: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp).catch(() => []),
  };
}

/** The live preview's page, as a test drives it. */
export interface PreviewHarness {
  page: Page;
  posted: () => Promise<FromWebview[]>;
  send: (m: ToWebview) => Promise<void>;
  requests: string[];
  errors: string[];
  /** Closes the page; its CSP was never violated (Mermaid's inline styles are allowed, nothing else is needed). */
  close: () => Promise<void>;
}

/** The live preview's page as the extension serves it (same HTML and CSP, nonce and all), its script `script`. */
export async function openPreview(
  browser: Browser,
  options: Omit<PageOptions, 'html' | 'theme'> & { theme: string },
): Promise<PreviewHarness> {
  const nonce = 'TestNonce0123456789abcdef';
  const html = previewHtml({ cspSource: options.origin, nonce, scriptUri: `${options.origin}/preview.js` });
  const served = await servePage(browser, { ...options, html });
  return {
    page: served.page,
    posted: () => served.posted<FromWebview>(),
    send: served.send,
    requests: served.requests,
    errors: served.errors,
    async close() {
      const csp = await served.csp();
      await served.context.close();
      expect(csp).toEqual([]);
    },
  };
}
