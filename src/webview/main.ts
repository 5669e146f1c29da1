/**
 * The live preview, running inside the VS Code webview (bundled with Mermaid into out/preview.js;
 * nothing is fetched). It draws the diagrams the extension sends, newest only, off-screen, then
 * swaps them in, so the last good diagram stays on screen while the next renders or when the model
 * does not parse. Click a node: reveal its declaration; hover: its figures; zoom and pan; export.
 *
 * Security: Mermaid runs with securityLevel 'strict'; the text it gets has every model text
 * entity-escaped (src/core/mermaid); tooltips are built with textContent; the page's CSP runs
 * only this script. Messages both ways are validated with zod (src/shared/messages.ts).
 */
import './zod-jitless.js';
import mermaid from 'mermaid';
import {
  FromWebview,
  PreviewState,
  toMarkdown,
  ToWebview,
  type DiagramResponse,
  type Direction,
  type ExportFormat,
  type NodeDetails,
  type ViewState,
} from '../shared/messages.js';
import { pngBase64, standaloneSvg, svgSize } from './export.js';
import { ScalingView } from './scaling.js';
import { ScenarioPicker } from './scenarios.js';
import { CSS } from './style.js';
import { mermaidConfig, themeKind, type ThemeKind } from './theme.js';
import { PanZoom } from './view.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type DiagramMessage = Extract<ToWebview, { type: 'diagram' }>;

const vscode = acquireVsCodeApi();
const post = (m: FromWebview) => vscode.postMessage(FromWebview.parse(m));
const saved = PreviewState.safeParse(vscode.getState());
let state: PreviewState = saved.success ? saved.data : {};

// ---- the page ------------------------------------------------------------------------------
const style = document.createElement('style');
style.textContent = CSS;
document.head.append(style);

const root = document.getElementById('archscale-preview') ?? document.body.appendChild(document.createElement('div'));
root.id = 'archscale-preview';
root.replaceChildren();

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

const title = el('span', { className: 'title' });
const zoomLabel = el('span', { className: 'zoom', title: 'Zoom' });
const button = (label: string, tip: string, action: () => void, name: string) => {
  const b = el('button', { type: 'button', title: tip, textContent: label });
  b.dataset.action = name;
  b.setAttribute('aria-label', tip);
  b.addEventListener('click', action);
  return b;
};
const directionButton = button('', 'Lay out left to right or top to bottom (d)', () => toggleDirection(), 'direction');
const scalingButton = button(
  'Scaling',
  'Show the Scaling view: charts of the load sweep (s)',
  () => toggleScaling(),
  'scaling',
);
const picker = new ScenarioPicker((scenario) => {
  state = { ...state, scenario };
  vscode.setState(state);
  sendOptions();
});
const toolbar = el(
  'div',
  { className: 'toolbar' },
  title,
  button('−', 'Zoom out (-)', () => panzoom.zoom(1 / 1.25), 'zoom-out'),
  zoomLabel,
  button('+', 'Zoom in (+)', () => panzoom.zoom(1.25), 'zoom-in'),
  button('Fit', 'Fit to the window (0)', () => fit(), 'fit'),
  button('1:1', 'Actual size (1)', () => panzoom.set({ scale: 1, x: 16, y: 16 }), 'actual-size'),
  directionButton,
  el('span', { className: 'sep' }),
  picker.select,
  scalingButton,
  el('span', { className: 'sep' }),
  button('SVG', 'Export as SVG', () => void exportAs('svg'), 'export-svg'),
  button('PNG', 'Export as PNG', () => void exportAs('png'), 'export-png'),
  button('Markdown', 'Export as Markdown (a mermaid block)', () => void exportAs('md'), 'export-md'),
);
toolbar.setAttribute('role', 'toolbar');
const errorBanner = el('div', { className: 'banner error', hidden: true });
errorBanner.setAttribute('role', 'alert');
const warningBanner = el('div', { className: 'banner warning', hidden: true });
const canvas = el('div', { className: 'canvas' });
const status = el('p', { className: 'status', textContent: 'Waiting for the diagram…' });
status.setAttribute('role', 'status');
const viewport = el('div', { className: 'viewport' }, canvas, status);
const tooltip = el('div', { className: 'tooltip', hidden: true });
const scaling = new ScalingView(
  (format, content) => post({ type: 'export', format, content, subject: 'charts' }),
  (message) => banner(errorBanner, message),
  (charts, ms) => post({ type: 'chartsDrawn', charts, ms }),
);
const main = el('div', { className: 'main' }, viewport, scaling.element);
root.append(toolbar, errorBanner, warningBanner, picker.banner, main, tooltip);
// beside the diagram when the pane is wide, under it when it is tall
new ResizeObserver(() => main.classList.toggle('stacked', main.clientWidth < 760)).observe(main);

// ---- the Scaling view and the scenario ------------------------------------------------------
/** What the extension needs to know to send the right diagram and sweep. */
const options = () => ({
  ...(state.scaling ? { scaling: true } : {}),
  ...(state.scenario !== undefined ? { scenario: state.scenario } : {}),
});
function sendOptions(): void {
  post({ type: 'options', ...options() });
}
function showScaling(): void {
  scaling.element.hidden = !state.scaling;
  scalingButton.setAttribute('aria-pressed', String(Boolean(state.scaling)));
  scalingButton.classList.toggle('on', Boolean(state.scaling));
}
function toggleScaling(): void {
  state = { ...state, scaling: !state.scaling };
  vscode.setState(state);
  showScaling();
  sendOptions();
  // the diagram's pane changed size: fit it again once laid out
  requestAnimationFrame(() => fit());
}
showScaling();
let scalingSeq = -1;

function banner(b: HTMLElement, text: string | undefined): void {
  b.textContent = text ?? '';
  b.hidden = !text;
}

// ---- zoom and pan --------------------------------------------------------------------------
let saveTimer: ReturnType<typeof setTimeout> | undefined;
const panzoom = new PanZoom(
  viewport,
  canvas,
  (v) => {
    zoomLabel.textContent = `${Math.round(v.scale * 100)} %`;
    state = { ...state, view: { ...v } };
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => vscode.setState(state), 200);
  },
  (target) => clickNode(target),
);

function currentSvg(): SVGSVGElement | null {
  return canvas.querySelector('svg');
}

function fit(): void {
  const svg = currentSvg();
  if (svg) panzoom.fit(...(Object.values(svgSize(svg)) as [number, number]));
}

window.addEventListener('keydown', (e) => {
  if (
    e.target instanceof HTMLInputElement ||
    e.target instanceof HTMLSelectElement ||
    e.ctrlKey ||
    e.metaKey ||
    e.altKey
  )
    return;
  if (e.key === '+' || e.key === '=') panzoom.zoom(1.25);
  else if (e.key === '-') panzoom.zoom(1 / 1.25);
  else if (e.key === '0') fit();
  else if (e.key === '1') panzoom.set({ scale: 1, x: 16, y: 16 });
  else if (e.key === 'd') toggleDirection();
  else if (e.key === 's') toggleScaling();
});

// ---- layout direction ----------------------------------------------------------------------
// The generator writes `flowchart LR` (and `direction LR` in each subgraph); a preview beside the
// editor is usually taller than wide, where top to bottom reads better. Chosen once from the
// pane's shape, then by the button; kept in the state. Only those generated lines are rewritten.
let direction: Direction | undefined = state.direction;
function currentDirection(): Direction {
  direction ??= viewport.clientWidth >= viewport.clientHeight * 1.2 ? 'LR' : 'TB';
  return direction;
}
function oriented(text: string): string {
  const dir = currentDirection();
  return text
    .replace(/^flowchart (LR|TB)$/m, `flowchart ${dir}`)
    .replace(/^(\s+)direction (LR|TB)$/gm, `$1direction ${dir}`);
}
function showDirection(): void {
  directionButton.textContent = currentDirection() === 'LR' ? '→ LR' : '↓ TB';
}
function toggleDirection(): void {
  direction = currentDirection() === 'LR' ? 'TB' : 'LR';
  state = { ...state, direction };
  vscode.setState(state);
  showDirection();
  refit = true;
  if (shown) schedule(pending ?? shown);
}
/** Fit the next drawing to the window (after a change of direction). */
let refit = false;

// ---- drawing -------------------------------------------------------------------------------
/** What is on screen: the message it came from. */
let shown: DiagramMessage | undefined;
/** The newest message not drawn yet. */
let pending: DiagramMessage | undefined;
let busy = false;
let renders = 0;
let theme: ThemeKind = themeKind(document.body);

function configure(): void {
  const font = getComputedStyle(document.body).getPropertyValue('--vscode-font-family');
  mermaid.initialize(mermaidConfig(theme, font));
}
configure();

function schedule(m: DiagramMessage): void {
  pending = m;
  if (!busy) void pump();
}

async function pump(): Promise<void> {
  busy = true;
  try {
    while (pending) {
      const m = pending;
      pending = undefined;
      await draw(m);
    }
  } finally {
    busy = false;
  }
}

const nodeIdOf = (g: Element) => /-flowchart-([ng]\d+)-\d+$/.exec(g.id)?.[1];

async function draw(m: DiagramMessage): Promise<void> {
  const d = m.diagram;
  title.textContent = m.title;
  title.title = d.uri;
  if (d.error || !d.text) {
    // Keep the last good diagram; say why it is not updated.
    banner(
      errorBanner,
      d.error ? `${d.error}${shown ? '\nShowing the last diagram that could be drawn.' : ''}` : undefined,
    );
    if (!shown) status.textContent = d.error ?? 'No diagram.';
    return;
  }
  const id = `archscale-diagram-${++renders}`;
  const t = performance.now();
  let svgText: string;
  let mermaidMs: number;
  try {
    const text = oriented(d.text);
    const tm = performance.now();
    ({ svg: svgText } = await mermaid.render(id, text));
    mermaidMs = performance.now() - tm;
  } catch (err) {
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
    const message = err instanceof Error ? err.message : String(err);
    banner(
      errorBanner,
      `Mermaid could not draw this diagram: ${message}${shown ? '\nShowing the last diagram that could be drawn.' : ''}`,
    );
    post({ type: 'renderError', seq: m.seq, message });
    return;
  }
  // Parsed off-screen; swap in one step so the pane is never blank.
  const holder = document.createElement('div');
  holder.innerHTML = svgText;
  const svg = holder.querySelector('svg');
  if (!svg) return;
  const { width, height } = svgSize(svg);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.style.maxWidth = 'none';
  const firstForUri = shown?.diagram.uri !== d.uri;
  canvas.replaceChildren(svg);
  status.remove();
  for (const g of svg.querySelectorAll('g.node')) {
    const nid = nodeIdOf(g);
    if (!nid) continue;
    (g as SVGGElement).dataset.archscaleNode = nid;
    const componentId = d.nodeIds[nid];
    if (componentId) g.setAttribute('aria-label', componentId);
  }
  shown = m;
  banner(errorBanner, undefined);
  pickerFrom(d);
  banner(warningBanner, d.warnings.length ? d.warnings.join('\n') : undefined);
  if (firstForUri) {
    const restore = state.uri === d.uri ? state.view : undefined;
    if (restore) panzoom.set(restore);
    else fit();
  } else if (refit) fit();
  refit = false;
  showDirection();
  state = { ...state, uri: d.uri };
  vscode.setState(state);
  post({
    type: 'rendered',
    seq: m.seq,
    ms: Math.round(performance.now() - t),
    mermaidMs: Math.round(mermaidMs),
    nodes: svg.querySelectorAll('g.node').length,
  });
}

/** The picker follows the model's scenarios; a picked one the model no longer has falls back to today. */
function pickerFrom(d: DiagramResponse): void {
  picker.update(d.scenarios, state.scenario, d.scenario);
  if (state.scenario === undefined || d.scenario?.name === state.scenario) return;
  if (!picker.has(state.scenario)) {
    state = { ...state, scenario: undefined };
    vscode.setState(state);
  }
  sendOptions();
}

new MutationObserver(() => {
  const next = themeKind(document.body);
  if (next === theme) return;
  theme = next;
  configure();
  scaling.draw();
  if (shown) schedule(pending ?? shown);
}).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });

// ---- nodes: click and hover ----------------------------------------------------------------
function componentOf(
  target: EventTarget | null,
): { componentId: string; details: NodeDetails | undefined; group: string[] | undefined } | undefined {
  if (!(target instanceof Element) || !shown) return undefined;
  const g = target.closest('g.node');
  const nid = g instanceof SVGGElement ? g.dataset.archscaleNode : undefined;
  if (!nid) return undefined;
  const d: DiagramResponse = shown.diagram;
  const group = d.collapsed?.groups[nid];
  const componentId = d.nodeIds[nid] ?? group?.[0];
  if (!componentId) return undefined;
  return { componentId, details: d.nodeIds[nid] ? d.details[componentId] : undefined, group };
}

function clickNode(target: EventTarget | null): void {
  const c = componentOf(target);
  if (c) post({ type: 'reveal', componentId: c.componentId });
}

viewport.addEventListener('pointerover', (e) => {
  const c = componentOf(e.target);
  if (!c) return;
  showTooltip(c.details, c.group, e);
});
viewport.addEventListener('pointermove', (e) => {
  if (!tooltip.hidden) placeTooltip(e);
});
viewport.addEventListener('pointerout', (e) => {
  const to = e.relatedTarget instanceof Element ? e.relatedTarget.closest('g.node') : null;
  const from = e.target instanceof Element ? e.target.closest('g.node') : null;
  if (from !== to) tooltip.hidden = true;
});
viewport.addEventListener('pointerdown', () => (tooltip.hidden = true));

function showTooltip(details: NodeDetails | undefined, group: string[] | undefined, e: PointerEvent): void {
  const parts: Node[] = [];
  if (details) {
    parts.push(
      el('div', { className: 'head', textContent: details.bottleneck ? `${details.name} ★ bottleneck` : details.name }),
    );
    parts.push(
      el('div', {
        className: 'sub',
        textContent: `${details.kind} in ${details.system}${details.description ? ` — ${details.description}` : ''}`,
      }),
    );
    const table = el('table');
    for (const [k, v] of details.rows)
      table.append(el('tr', {}, el('td', { textContent: k }), el('td', { textContent: v })));
    parts.push(table);
    if (details.findings.length) {
      const ul = el('ul');
      for (const f of details.findings)
        ul.append(el('li', { className: f.severity, textContent: `${f.rule}: ${f.message}` }));
      parts.push(ul);
    }
  } else if (group) {
    parts.push(el('div', { className: 'head', textContent: `${group.length} components, collapsed` }));
    parts.push(
      el('div', { className: 'sub', textContent: `${group.slice(0, 12).join(', ')}${group.length > 12 ? ', …' : ''}` }),
    );
    parts.push(el('div', { textContent: 'Click to reveal the first one.' }));
  } else return;
  tooltip.replaceChildren(...parts);
  tooltip.hidden = false;
  placeTooltip(e);
}

function placeTooltip(e: PointerEvent): void {
  const pad = 14;
  const w = tooltip.offsetWidth;
  const h = tooltip.offsetHeight;
  const x = e.clientX + pad + w > window.innerWidth ? Math.max(0, e.clientX - pad - w) : e.clientX + pad;
  const y = e.clientY + pad + h > window.innerHeight ? Math.max(0, e.clientY - pad - h) : e.clientY + pad;
  tooltip.style.left = `${x}px`;
  tooltip.style.top = `${y}px`;
}

// ---- export --------------------------------------------------------------------------------
async function exportAs(format: ExportFormat): Promise<void> {
  const svg = currentSvg();
  if (!svg || !shown) {
    banner(errorBanner, 'Nothing to export yet.');
    return;
  }
  try {
    if (format === 'md') {
      post({ type: 'export', format, content: toMarkdown(oriented(shown.diagram.text)) });
      return;
    }
    const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
    const text = standaloneSvg(svg, background);
    if (format === 'svg') post({ type: 'export', format, content: text });
    else {
      const { width, height } = svgSize(svg);
      post({ type: 'export', format, content: await pngBase64(text, width, height, background) });
    }
  } catch (err) {
    banner(errorBanner, `Export failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

// ---- messages ------------------------------------------------------------------------------
window.addEventListener('message', (event: MessageEvent) => {
  const m = ToWebview.safeParse(event.data);
  if (!m.success) return; // not ours (or malformed): ignore
  if (m.data.type === 'status') {
    if (!shown) status.textContent = m.data.message;
    return;
  }
  if (m.data.type === 'showScaling') {
    if (!state.scaling) toggleScaling();
    return;
  }
  if (m.data.type === 'scaling') {
    if (m.data.seq < scalingSeq) return; // stale
    scalingSeq = m.data.seq;
    scaling.show(m.data.title, m.data.scaling);
    return;
  }
  if (shown && m.data.seq <= shown.seq && m.data.diagram.uri === shown.diagram.uri) return; // stale
  schedule(m.data);
});

/** For tests: the view state in use. */
(window as unknown as { __archscalePreview?: { view: () => ViewState } }).__archscalePreview = {
  view: () => panzoom.state,
};

post({ type: 'ready', ...options() });
