/**
 * Exports of the drawn diagram, made inside the webview: a standalone SVG (well-formed XML, the
 * theme's background painted in), a PNG (that SVG drawn on a canvas at 2x) and Markdown.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The size of a Mermaid SVG at scale 1, from its viewBox. */
export function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { width: vb.width, height: vb.height };
  const r = svg.getBBox();
  return { width: r.width, height: r.height };
}

/** A standalone SVG document of the diagram with a background rectangle. */
export function standaloneSvg(svg: SVGSVGElement, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svgSize(svg);
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height)));
  copy.style.removeProperty('max-width');
  copy.style.backgroundColor = background;
  const vb = svg.viewBox?.baseVal;
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('x', String(vb?.x ?? 0));
  rect.setAttribute('y', String(vb?.y ?? 0));
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', background);
  copy.insertBefore(rect, copy.firstChild);
  // XMLSerializer writes XML (e.g. <br/> in labels), which image viewers and browsers all read.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** The diagram as PNG (base64, without the data: prefix), 2x, capped at 8192 px a side. */
export async function pngBase64(svgText: string, width: number, height: number, background: string): Promise<string> {
  const scale = Math.max(
    0.1,
    Math.min(2, 8192 / Math.max(width, height), Math.sqrt(40_000_000 / Math.max(1, width * height))),
  );
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the SVG could not be loaded as an image'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const url = canvas.toDataURL('image/png');
  const comma = url.indexOf(',');
  return url.slice(comma + 1);
}
