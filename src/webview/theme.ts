/**
 * Mermaid's theme from VS Code's: the webview's body carries `vscode-light`, `vscode-dark`,
 * `vscode-high-contrast` or `vscode-high-contrast-light` (and `data-vscode-theme-kind`).
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function themeKind(body: HTMLElement): ThemeKind {
  const kind = body.dataset.vscodeThemeKind ?? '';
  const has = (c: string) => body.classList.contains(c) || kind === c;
  if (has('vscode-high-contrast-light')) return 'high-contrast-light';
  if (has('vscode-high-contrast')) return 'high-contrast';
  if (has('vscode-dark')) return 'dark';
  return 'light';
}

export interface MermaidTheme {
  theme: 'default' | 'dark';
  themeVariables: Record<string, string>;
}

/** The Mermaid theme for a VS Code theme kind, with the editor's font. */
export function mermaidTheme(kind: ThemeKind, fontFamily: string): MermaidTheme {
  const font = fontFamily.trim() || 'sans-serif';
  switch (kind) {
    case 'dark':
      return { theme: 'dark', themeVariables: { fontFamily: font } };
    case 'high-contrast':
      return {
        theme: 'dark',
        themeVariables: {
          fontFamily: font,
          background: '#000000',
          primaryBorderColor: '#ffffff',
          lineColor: '#ffffff',
          clusterBorder: '#ffffff',
          primaryTextColor: '#ffffff',
          edgeLabelBackground: '#000000',
        },
      };
    case 'high-contrast-light':
      return {
        theme: 'default',
        themeVariables: {
          fontFamily: font,
          background: '#ffffff',
          primaryBorderColor: '#000000',
          lineColor: '#000000',
          clusterBorder: '#000000',
          primaryTextColor: '#000000',
          edgeLabelBackground: '#ffffff',
        },
      };
    default:
      return { theme: 'default', themeVariables: { fontFamily: font } };
  }
}

/**
 * Mermaid's configuration on every page that draws archscale's diagrams (the live preview and the
 * Markdown preview): strict security, no error drawings, the theme of the VS Code theme kind with
 * the editor's font, and Mermaid's default limits stated (the generator keeps within them).
 */
export function mermaidConfig(kind: ThemeKind, fontFamily: string) {
  const t = mermaidTheme(kind, fontFamily);
  return {
    startOnLoad: false,
    securityLevel: 'strict' as const,
    suppressErrorRendering: true,
    theme: t.theme,
    themeVariables: t.themeVariables,
    maxEdges: 500,
    maxTextSize: 50_000,
  };
}
