/**
 * Entry of out/preview.js, the one browser bundle with Mermaid: the live preview's page
 * (src/shared/preview-html.ts, which has `#archscale-preview`) runs the live preview's script;
 * VS Code's Markdown preview (`contributes["markdown.previewScripts"]`) runs the ```arch block
 * drawing. One copy of Mermaid in the .vsix; esbuild evaluates only the branch imported.
 */
if (document.getElementById('archscale-preview')) void import('../webview/main.js');
else void import('./main.js');
