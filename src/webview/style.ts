/** The preview's CSS (injected by the script; the CSP allows inline styles). VS Code theme variables throughout. */
export const CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body {
  background: var(--vscode-editor-background);
  color: var(--vscode-foreground);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size, 13px);
}
#archscale-preview { display: flex; flex-direction: column; height: 100vh; }
.toolbar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 4px; padding: 4px 8px; flex: none;
  border-bottom: 1px solid var(--vscode-panel-border, transparent);
  background: var(--vscode-editor-background);
}
.toolbar .title { flex: 1; min-width: 80px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; opacity: 0.8; }
.toolbar button {
  font: inherit; color: var(--vscode-button-secondaryForeground, var(--vscode-foreground));
  background: var(--vscode-button-secondaryBackground, transparent);
  border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px;
  padding: 2px 8px; cursor: pointer; min-width: 26px;
}
.toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-toolbar-hoverBackground)); }
.toolbar button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.toolbar .sep { width: 1px; align-self: stretch; margin: 2px 4px; background: var(--vscode-panel-border, rgba(128,128,128,.35)); }
.toolbar .zoom { min-width: 44px; text-align: center; opacity: 0.8; font-variant-numeric: tabular-nums; }
.banner { flex: none; padding: 4px 10px; border-left: 3px solid; white-space: pre-wrap; }
.banner[hidden] { display: none; }
.banner.error {
  background: var(--vscode-inputValidation-errorBackground, rgba(255,0,0,.1));
  border-color: var(--vscode-inputValidation-errorBorder, #be1100);
}
.banner.warning {
  background: var(--vscode-inputValidation-warningBackground, rgba(255,200,0,.1));
  border-color: var(--vscode-inputValidation-warningBorder, #b89500);
}
.main { flex: 1; display: flex; min-height: 0; }
.main.stacked { flex-direction: column; }
.viewport { position: relative; flex: 1; overflow: hidden; cursor: grab; touch-action: none; min-width: 0; min-height: 0; }
.viewport.dragging { cursor: grabbing; }
.canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; will-change: transform; }
.canvas svg { display: block; }
.canvas g.node { cursor: pointer; }
.canvas g.node:hover > * { filter: brightness(1.08) drop-shadow(0 0 2px var(--vscode-focusBorder, #0078d4)); }
.status { margin: 16px; opacity: 0.8; }
.tooltip {
  position: fixed; z-index: 10; pointer-events: none; max-width: 420px;
  padding: 6px 8px; border-radius: 3px;
  background: var(--vscode-editorHoverWidget-background, #252526);
  color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground));
  border: 1px solid var(--vscode-editorHoverWidget-border, #454545);
  box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0,0,0,.36));
}
.tooltip[hidden] { display: none; }
.tooltip .head { font-weight: 600; margin-bottom: 2px; }
.tooltip .sub { opacity: 0.75; margin-bottom: 4px; }
.tooltip table { border-collapse: collapse; }
.tooltip td { padding: 0 8px 0 0; vertical-align: top; }
.tooltip td:first-child { opacity: 0.75; white-space: nowrap; }
.tooltip ul { margin: 4px 0 0; padding-left: 16px; }
.tooltip li.error { color: var(--vscode-errorForeground, #f48771); }
.tooltip li.warning { color: var(--vscode-editorWarning-foreground, #cca700); }
/* the scenario picker and the Scaling view */
.toolbar select {
  font: inherit; color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
  background: var(--vscode-dropdown-background, transparent);
  border: 1px solid var(--vscode-dropdown-border, var(--vscode-panel-border, transparent)); border-radius: 2px;
  padding: 1px 4px; max-width: 220px;
}
.toolbar select[hidden] { display: none; }
.toolbar button.on { background: var(--vscode-button-background, #0e639c); color: var(--vscode-button-foreground, #ffffff); }
.banner.scenario { background: var(--vscode-textBlockQuote-background, rgba(127,127,127,.1)); border-color: var(--vscode-charts-blue, #1a85ff); }
.banner.scenario.warning { border-color: var(--vscode-inputValidation-warningBorder, #b89500); }
.scaling {
  flex: none; width: min(52%, 760px); min-width: 300px; overflow-y: auto; overflow-x: hidden;
  border-left: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35));
  background: var(--vscode-editor-background); cursor: auto;
}
.scaling[hidden] { display: none; }
.main.stacked .scaling { width: auto; min-width: 0; height: 50%; border-left: none; border-top: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); }
.scaling-head {
  position: sticky; top: 0; z-index: 1; display: flex; align-items: center; gap: 4px; padding: 4px 10px;
  background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border, transparent);
}
.scaling-title { flex: 1; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.scaling-head button {
  font: inherit; color: var(--vscode-button-secondaryForeground, var(--vscode-foreground));
  background: var(--vscode-button-secondaryBackground, transparent);
  border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 2px 8px; cursor: pointer;
}
.scaling-head button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-toolbar-hoverBackground)); }
.scaling-error {
  margin: 6px 10px 0; padding: 4px 10px; border-left: 3px solid; white-space: pre-wrap;
  background: var(--vscode-inputValidation-errorBackground, rgba(255,0,0,.1));
  border-color: var(--vscode-inputValidation-errorBorder, #be1100);
}
.scaling-error[hidden] { display: none; }
.scaling-body { padding: 6px 14px 16px; }
.scaling-lens { margin: 6px 0; opacity: 0.85; }
.scaling .chart { margin: 10px 0 6px; }
.scaling .chart svg { display: block; max-width: 100%; height: auto; overflow: visible; }
.scaling-note { opacity: 0.75; }
.scaling-subhead { font-size: 1em; margin: 14px 0 4px; }
.scaling-breaks { margin: 0; padding-left: 18px; }
.scaling-breaks li { margin: 2px 0; }
`;
