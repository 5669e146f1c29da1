/**
 * ```arch blocks for VS Code's Markdown preview. markdown-it renders synchronously and the
 * language layer loads documents asynchronously, so blocks are rendered from a cache keyed by
 * the block's text: a miss shows a placeholder and starts the analysis (parse, link, validate,
 * analyse, rules, Mermaid); when it is done, `onChange` asks the preview to render again, and
 * the next render finds the block in the cache.
 */
import { analyze } from '../core/analysis/index.js';
import { RULE_IDS, RULES } from '../core/rules/registry.js';
import { runRules } from '../core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS } from '../core/rules/settings.js';
import { loadTexts } from '../language/workspace.js';
import { diagramHtml, errorsHtml, failureHtml, pendingHtml } from './html.js';

/** Where a block is loaded from: its imports resolve against nothing (a block stands alone). */
const BLOCK_PATH = '/archscale-markdown/block.arch';

/** The HTML of one block, once analysed. Never throws: errors become text. */
export async function renderArchBlock(text: string): Promise<string> {
  try {
    const result = await loadTexts({ [BLOCK_PATH]: text });
    const errors = result.diagnostics.filter((d) => d.severity === 'error' && !RULE_IDS.includes(d.code));
    if (errors.length) return errorsHtml(text, errors);
    const analysis = analyze(result.model);
    const findings = runRules(RULES, result.model, analysis, DEFAULT_RULE_SETTINGS);
    return diagramHtml(result.model, analysis, findings);
  } catch (e) {
    return failureHtml(text, e instanceof Error ? e.message : String(e));
  }
}

export interface ArchBlocksOptions {
  /** Called once a batch of blocks has been analysed (the extension refreshes the preview). */
  onChange: () => void;
  /** Blocks kept (oldest dropped first). */
  capacity?: number;
}

/** The cache of rendered blocks behind the markdown-it plugin. */
export class ArchBlocks {
  private readonly done = new Map<string, string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly capacity: number;
  private notify: Promise<void> | undefined;

  constructor(private readonly options: ArchBlocksOptions) {
    this.capacity = options.capacity ?? 500;
  }

  /** The block's HTML now: analysed, or a placeholder while its analysis runs. */
  render(text: string): string {
    const html = this.done.get(text);
    if (html !== undefined) {
      // most recently used last
      this.done.delete(text);
      this.done.set(text, html);
      return html;
    }
    if (!this.running.has(text)) this.running.set(text, this.compute(text));
    return pendingHtml(text);
  }

  /** Resolves when every analysis started so far has finished (for tests). */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
    await this.notify;
  }

  private async compute(text: string): Promise<void> {
    const html = await renderArchBlock(text);
    this.done.set(text, html);
    while (this.done.size > this.capacity) this.done.delete(this.done.keys().next().value!);
    this.running.delete(text);
    // One refresh for the blocks that finish together.
    this.notify ??= Promise.resolve().then(() => {
      this.notify = undefined;
      this.options.onChange();
    });
  }
}
