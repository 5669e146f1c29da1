/**
 * The markdown-it fence rule for ```arch blocks, without VS Code: every ```arch fence is rendered
 * by `blocks()` (loaded on the first one); every other fence by the rule that was there before.
 */

/** The parts of markdown-it the plugin touches. */
export interface FenceToken {
  info: string;
  content: string;
  map: [number, number] | null;
}
type Rule = (tokens: FenceToken[], idx: number, options: unknown, env: unknown, self: unknown) => string;
export interface MarkdownIt {
  renderer: { rules: Record<string, Rule | undefined> };
}

/** What renders a block's HTML (src/markdown's `ArchBlocks`). */
export interface BlockRenderer {
  render(text: string): string;
}

/** The fence's language: the first word of its info string (```arch title → arch). */
export function fenceLanguage(info: string): string {
  return (info.trim().split(/\s+/, 1)[0] ?? '').toLowerCase();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function archFences(md: MarkdownIt, blocks: () => BlockRenderer): MarkdownIt {
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (fenceLanguage(token.info) !== 'arch') return fence ? fence(tokens, idx, options, env, self) : '';
    let html: string;
    try {
      html = blocks().render(token.content);
    } catch (e) {
      // Never break the page: the failure as text, and the block's own text.
      const message = e instanceof Error ? e.message : String(e);
      html =
        `<div class="archscale-block archscale-errors"><p class="archscale-status">archscale: ${escapeHtml(message)}</p>` +
        `<pre class="archscale-source"><code>${escapeHtml(token.content)}</code></pre></div>`;
    }
    // The preview scrolls with the editor by the source lines of its top-level blocks.
    const line = token.map ? ` data-line="${token.map[0]}"` : '';
    return `<div class="code-line archscale-fence"${line}>${html}</div>\n`;
  };
  return md;
}
