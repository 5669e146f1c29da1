/**
 * The charts' colours and font. In the preview they come from the VS Code theme's CSS variables
 * (`--vscode-charts-*`, the editor's background and font), resolved to concrete colours so an
 * exported SVG looks the same outside VS Code; the CLI uses the fixed light or dark set.
 */

export interface ChartTheme {
  /** Text, axes. */
  foreground: string;
  /** Grid lines and the "today" rule. */
  grid: string;
  background: string;
  /** The SLO and 100 % lines, saturation. */
  danger: string;
  /** The target utilisation line. */
  warning: string;
  /** One colour per series, in order (repeated with dashes when there are more series). */
  series: string[];
  font: string;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif';

/** VS Code's default light theme's chart colours. */
export const LIGHT: ChartTheme = {
  foreground: '#3b3b3b',
  grid: 'rgba(0,0,0,0.12)',
  background: '#ffffff',
  danger: '#e51400',
  warning: '#bf8803',
  series: ['#1a85ff', '#d18616', '#388a34', '#652d90', '#0e7c86', '#c2185b', '#795548', '#5c6bc0'],
  font: FONT,
};

/** VS Code's default dark theme's chart colours. */
export const DARK: ChartTheme = {
  foreground: '#cccccc',
  grid: 'rgba(255,255,255,0.14)',
  background: '#1f1f1f',
  danger: '#f14c4c',
  warning: '#cca700',
  series: ['#3794ff', '#d18616', '#89d185', '#b180d7', '#4ec9b0', '#f48fb1', '#ce9178', '#9fa8da'],
  font: FONT,
};

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/**
 * The theme of a page from its CSS variables (`read('--vscode-charts-blue')` → `#1a85ff`, or ''
 * when unset): VS Code's chart colours first, the defaults of the kind where a variable is missing.
 */
export function themeFromCss(kind: ThemeKind, read: (name: string) => string): ChartTheme {
  const base = kind === 'dark' || kind === 'high-contrast' ? DARK : LIGHT;
  const v = (name: string, fallback: string) => read(name).trim() || fallback;
  const named = [
    v('--vscode-charts-blue', base.series[0]!),
    v('--vscode-charts-orange', base.series[1]!),
    v('--vscode-charts-green', base.series[2]!),
    v('--vscode-charts-purple', base.series[3]!),
  ];
  return {
    foreground: v('--vscode-charts-foreground', v('--vscode-foreground', base.foreground)),
    grid: v('--vscode-charts-lines', base.grid),
    background: v('--vscode-editor-background', base.background),
    danger: v('--vscode-charts-red', base.danger),
    warning: v('--vscode-charts-yellow', base.warning),
    series: [...named, ...base.series.slice(named.length)],
    font: v('--vscode-font-family', base.font),
  };
}
