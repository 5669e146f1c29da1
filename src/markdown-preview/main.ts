/**
 * The script VS Code's Markdown preview runs for archscale (`contributes["markdown.previewScripts"]`:
 * out/preview.js, which entry.ts points here outside the live preview's page; Mermaid is bundled,
 * nothing is fetched). It draws each ```arch
 * block's Mermaid text (written by src/markdown, HTML-escaped in a `<pre class="archscale-mermaid">`)
 * as an SVG beside it, with the live preview's Mermaid set-up: securityLevel 'strict', the theme of
 * the body's VS Code theme classes. It draws again when the preview replaces its content
 * (`vscode.markdown.updateContent`) or the theme changes. A diagram Mermaid cannot draw keeps its
 * text and says why.
 */
import mermaid from 'mermaid';
import { mermaidConfig, themeKind, type ThemeKind } from '../webview/theme.js';

/** SVGs already drawn, by theme and Mermaid text: an update redraws from here at once. */
const drawn = new Map<string, string>();
let configured: ThemeKind | undefined;
let seq = 0;
let busy = false;
let again = false;

function configure(kind: ThemeKind): void {
  if (configured === kind) return;
  configured = kind;
  const font = getComputedStyle(document.body).getPropertyValue('--vscode-font-family');
  mermaid.initialize(mermaidConfig(kind, font));
}

async function drawOne(box: HTMLElement, kind: ThemeKind): Promise<void> {
  const text = box.querySelector('pre.archscale-mermaid')?.textContent ?? '';
  const key = `${kind}\n${text}`;
  if (box.dataset.archscaleDrawn === key) return;
  let svg = drawn.get(key);
  let error: string | undefined;
  if (svg === undefined) {
    try {
      svg = (await mermaid.render(`archscale-md-${++seq}`, text)).svg;
      drawn.set(key, svg);
      if (drawn.size > 100) drawn.delete(drawn.keys().next().value!);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  let out = box.querySelector<HTMLElement>(':scope > .archscale-svg');
  if (!out) {
    out = document.createElement('div');
    out.className = 'archscale-svg';
    box.append(out);
  }
  if (svg !== undefined) {
    // Mermaid's own output (strict, every model text entity-coded by the generator).
    out.innerHTML = svg;
    box.classList.add('archscale-drawn');
    box.classList.remove('archscale-failed');
  } else {
    out.textContent = `archscale: Mermaid could not draw this diagram: ${error}`;
    box.classList.add('archscale-failed');
  }
  box.dataset.archscaleDrawn = key;
}

async function drawAll(): Promise<void> {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  try {
    do {
      again = false;
      const kind = themeKind(document.body);
      configure(kind);
      for (const box of Array.from(document.querySelectorAll<HTMLElement>('.archscale-diagram'))) {
        await drawOne(box, kind);
      }
    } while (again);
  } finally {
    busy = false;
  }
}

window.addEventListener('vscode.markdown.updateContent', () => void drawAll());
// The theme: VS Code changes the body's classes.
new MutationObserver(() => void drawAll()).observe(document.body, {
  attributes: true,
  attributeFilter: ['class', 'data-vscode-theme-kind'],
});
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void drawAll());
else void drawAll();
