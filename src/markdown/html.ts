/**
 * The HTML of one ```arch block in VS Code's Markdown preview: the model's Mermaid diagram (drawn
 * in the preview by out/preview.js, src/markdown-preview) and a compact table of its key figures, or its
 * language errors. Pure: no I/O, no VS Code.
 *
 * Security: every text taken from the model, a message or the block is HTML-escaped here; the
 * Mermaid text is the generator's (`src/core/mermaid`, every model text entity-coded by
 * `escape.ts`), HTML-escaped again inside its `<pre>` so the preview's script reads it back as
 * exactly that text (`textContent`).
 */
import type { Analysis } from '../core/analysis/types.js';
import type { Model } from '../core/model.js';
import { toMermaid } from '../core/mermaid/index.js';
import type { Finding } from '../core/rules/types.js';
import * as words from '../core/wording.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML that shows exactly that text (element content and quoted attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** A language error of the block, 1-based. */
export interface BlockError {
  line: number;
  column: number;
  message: string;
}

const DASH = '—';

function source(text: string): string {
  return `<pre class="archscale-source"><code>${escapeHtml(text)}</code></pre>`;
}

/** Shown while the block is analysed (markdown-it renders synchronously; the analysis is not). */
export function pendingHtml(text: string): string {
  return `<div class="archscale-block archscale-pending"><p class="archscale-status">archscale: analysing…</p>${source(text)}</div>`;
}

/** A block that does not parse or link: its errors and its text, no diagram. */
export function errorsHtml(text: string, errors: readonly BlockError[]): string {
  const n = errors.length;
  const items = errors
    .slice(0, 20)
    .map((e) => `<li>line ${e.line}:${e.column}: ${escapeHtml(e.message)}</li>`)
    .join('');
  const more = n > 20 ? `<li>… and ${n - 20} more</li>` : '';
  return (
    `<div class="archscale-block archscale-errors">` +
    `<p class="archscale-status">archscale: the model has ${words.plural(n, 'error')}; no diagram</p>` +
    `<ul class="archscale-error-list">${items}${more}</ul>${source(text)}</div>`
  );
}

/** Something went wrong outside the model (a bug): said as text, never a broken page. */
export function failureHtml(text: string, message: string): string {
  return (
    `<div class="archscale-block archscale-errors">` +
    `<p class="archscale-status">archscale: could not analyse this block: ${escapeHtml(message)}</p>${source(text)}</div>`
  );
}

function row(cells: string[], head = false): string {
  const tag = head ? 'th' : 'td';
  return `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
}

function figureText(value: number | null, word: (x: number) => string): string {
  return value === null || !Number.isFinite(value) ? DASH : word(value);
}

/** The figures table: each system's maximum throughput and bottleneck, each component's load and utilisation. */
export function figuresHtml(analysis: Analysis, findings: readonly Finding[]): string {
  const nameOf = (id: string | null) =>
    id === null ? DASH : (analysis.components[analysis.componentIndex[id] ?? -1]?.name ?? id);
  const systems = analysis.systems.length ? analysis.systems : [analysis.system];
  const sys = systems
    .map((s) =>
      row([
        s.name ?? 'model',
        figureText(s.maxThroughput.value, words.rate),
        nameOf(s.bottleneck),
        s.saturated.length ? s.saturated.map(nameOf).join(', ') : DASH,
      ]),
    )
    .join('');
  const count = new Map<string, number>();
  for (const f of findings) for (const id of f.components.slice(0, 1)) count.set(id, (count.get(id) ?? 0) + 1);
  const comps = analysis.components
    .map((c) =>
      row([
        c.name,
        c.kind,
        figureText(c.load.total.value, words.rate),
        c.kind === 'client' || !c.hasCapacity ? DASH : figureText(c.utilization.value, (u) => words.percent(u)),
        count.get(c.id) ? `⚠ ${count.get(c.id)}` : '',
      ]),
    )
    .join('');
  return (
    `<table class="archscale-figures archscale-systems"><thead>${row(['system', 'max throughput', 'bottleneck', 'saturated'], true)}</thead><tbody>${sys}</tbody></table>` +
    `<table class="archscale-figures archscale-components"><thead>${row(['component', 'kind', 'load', 'utilisation', 'findings'], true)}</thead><tbody>${comps}</tbody></table>`
  );
}

/** A block that analyses: its diagram (the live preview's Mermaid, drawn by the preview's script) and its figures. */
export function diagramHtml(model: Model, analysis: Analysis, findings: readonly Finding[]): string {
  // Top to bottom: a document is a narrow column (the live preview starts left to right).
  const diagram = toMermaid(model, analysis, findings, { direction: 'TB' });
  const warnings = diagram.warnings.map((w) => `<p class="archscale-status">archscale: ${escapeHtml(w)}</p>`).join('');
  return (
    `<div class="archscale-block archscale-ok">` +
    `<div class="archscale-diagram"><pre class="archscale-mermaid">${escapeHtml(diagram.text)}</pre></div>` +
    `${warnings}${figuresHtml(analysis, findings)}</div>`
  );
}
