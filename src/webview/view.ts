/**
 * Zoom and pan of the diagram: a CSS transform on the canvas element. Wheel zooms around the
 * pointer, dragging pans, buttons zoom around the centre or fit. A press that does not move is a
 * click (handed to `onClick`), so nodes stay clickable while the background drags.
 */
import type { ViewState } from '../shared/messages.js';

const MIN = 0.05;
const MAX = 8;
const DRAG_THRESHOLD = 4;

export class PanZoom {
  state: ViewState = { scale: 1, x: 0, y: 0 };
  private drag: { id: number; x: number; y: number; sx: number; sy: number; moved: boolean } | undefined;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly canvas: HTMLElement,
    private readonly onChange: (s: ViewState) => void,
    private readonly onClick: (target: EventTarget | null, e: PointerEvent) => void,
  ) {
    viewport.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    viewport.addEventListener('pointerdown', (e) => this.down(e));
    viewport.addEventListener('pointermove', (e) => this.move(e));
    viewport.addEventListener('pointerup', (e) => this.up(e));
    viewport.addEventListener('pointercancel', () => this.cancel());
  }

  set(s: ViewState): void {
    this.state = { scale: clamp(s.scale), x: s.x, y: s.y };
    this.apply();
  }

  /** Zooms by `factor` keeping the point (px, py) of the viewport still (default: the centre). */
  zoom(factor: number, px?: number, py?: number): void {
    const r = this.viewport.getBoundingClientRect();
    const cx = px ?? r.width / 2;
    const cy = py ?? r.height / 2;
    const scale = clamp(this.state.scale * factor);
    const k = scale / this.state.scale;
    this.set({ scale, x: cx - (cx - this.state.x) * k, y: cy - (cy - this.state.y) * k });
  }

  /** Scales the content (width x height at scale 1) to fit the viewport, at most 100 %, centred. */
  fit(width: number, height: number): void {
    const r = this.viewport.getBoundingClientRect();
    if (width <= 0 || height <= 0 || r.width <= 0 || r.height <= 0) return;
    const pad = 16;
    const scale = clamp(Math.min(1, (r.width - 2 * pad) / width, (r.height - 2 * pad) / height));
    this.set({ scale, x: (r.width - width * scale) / 2, y: Math.max(pad, (r.height - height * scale) / 2) });
  }

  private apply(): void {
    const { scale, x, y } = this.state;
    this.canvas.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    this.onChange(this.state);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.viewport.getBoundingClientRect();
    // Trackpad pinch arrives as ctrl+wheel with small deltas; a mouse wheel as ±100.
    const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
    this.zoom(Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, sx: this.state.x, sy: this.state.y, moved: false };
  }

  private move(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!d.moved) {
      d.moved = true;
      this.viewport.setPointerCapture(e.pointerId);
      this.viewport.classList.add('dragging');
    }
    this.set({ scale: this.state.scale, x: d.sx + dx, y: d.sy + dy });
  }

  private up(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    this.cancel();
    if (!d.moved) this.onClick(e.target, e);
  }

  private cancel(): void {
    if (this.drag && this.viewport.hasPointerCapture(this.drag.id)) this.viewport.releasePointerCapture(this.drag.id);
    this.drag = undefined;
    this.viewport.classList.remove('dragging');
  }
}

function clamp(s: number): number {
  return Number.isFinite(s) ? Math.min(MAX, Math.max(MIN, s)) : 1;
}
