/**
 * The markdown-it plugin VS Code's Markdown preview loads (`contributes["markdown.markdownItPlugins"]`;
 * the Markdown extension activates this extension itself to get it): ```arch fenced blocks become
 * the model's diagram and figures. The work is done by out/markdown.cjs (src/markdown: the
 * language and the core), required only when a preview first renders an arch block, so activation
 * stays light and this shell knows nothing of the language.
 */
import * as vscode from 'vscode';
import { archFences, type BlockRenderer, type MarkdownIt } from './markdown-it.js';

export type { MarkdownIt } from './markdown-it.js';

/** What out/markdown.cjs exports (src/markdown/index.ts), as far as the shell uses it. */
interface ArchBlocksModule {
  ArchBlocks: new (options: { onChange: () => void }) => BlockRenderer;
}

export function extendMarkdownIt(md: MarkdownIt, context: vscode.ExtensionContext): MarkdownIt {
  let blocks: BlockRenderer | undefined;
  return archFences(md, () => {
    if (!blocks) {
      // A run-time path: esbuild leaves this require alone, so src/markdown stays its own bundle.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(context.asAbsolutePath('out/markdown.cjs')) as ArchBlocksModule;
      // Blocks analysed: the preview renders again and finds them in the cache.
      blocks = new mod.ArchBlocks({ onChange: () => void vscode.commands.executeCommand('markdown.preview.refresh') });
    }
    return blocks;
  });
}
