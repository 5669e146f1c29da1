/**
 * Entry of out/markdown.cjs: what the extension loads (with `require`, on the first ```arch block
 * a Markdown preview renders) to draw ```arch blocks. No VS Code API here: the extension passes
 * in what to do when blocks are ready.
 */
export { ArchBlocks, renderArchBlock, type ArchBlocksOptions } from './blocks.js';
