/**
 * The preview webview's page: a Content-Security-Policy that runs only the bundled script
 * (by nonce), loads nothing from the network, allows the inline styles Mermaid's SVG needs and
 * data: images (PNG export draws the SVG on a canvas). The script builds the rest.
 */

export interface PreviewHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  /** webview.asWebviewUri(out/preview.js) */
  scriptUri: string;
}

export function contentSecurityPolicy({ cspSource, nonce }: Pick<PreviewHtmlOptions, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const attr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function previewHtml(o: PreviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce))
    throw new Error('previewHtml: the nonce must be at least 16 base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>archscale preview</title>
</head>
<body>
<div id="archscale-preview"><p class="status" role="status">Loading the preview…</p></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
