/**
 * `archscale render <file> --format mermaid|svg|png|md [-o out]`: the model's diagram, the same
 * one the VS Code preview draws. mermaid and md are written directly; svg and png are drawn by
 * Mermaid in Debian's Chromium (see mermaid-browser.ts). Without -o, text formats go to stdout and
 * images next to the model (`<file>.svg` / `<file>.png`).
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { analyze } from '../core/analysis/index.js';
import { toMermaid } from '../core/mermaid/index.js';
import { RULES } from '../core/rules/registry.js';
import { runRules } from '../core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../core/rules/settings.js';
import type { LoadResult } from '../language/workspace.js';
import { toMarkdown } from '../shared/messages.js';
import { loadModelFile } from './files.js';
import { launchMermaidBrowser, RenderSetupError } from './mermaid-browser.js';

export const RENDER_FORMATS = ['mermaid', 'svg', 'png', 'md'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

export interface RenderArgs {
  file: string;
  format: RenderFormat;
  out?: string;
  /** Rule settings for the findings marked on nodes (default: the rules' defaults). */
  settings?: RuleSettings;
  /** Mermaid theme for svg / png (default: the light theme). */
  theme?: 'default' | 'dark' | 'neutral' | 'forest';
}

export interface RenderIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

/** Exit codes: 0 drawn, 1 drawn from a model with errors, 2 could not draw (setup: no Chromium...). */
export async function renderCommand(
  args: RenderArgs,
  io: RenderIo,
  load: (paths: string[]) => Promise<LoadResult>,
): Promise<number> {
  const { model, status: code } = await loadModelFile(args.file, io, load, { what: 'the diagram' });
  const file = resolve(io.cwd, args.file);
  const shown = (p: string) => relative(io.cwd, p) || p;

  const analysis = analyze(model);
  const findings = runRules(RULES, model, analysis, args.settings ?? DEFAULT_RULE_SETTINGS);
  const diagram = toMermaid(model, analysis, findings);
  for (const w of diagram.warnings) io.err(`archscale: ${w}\n`);

  if (args.format === 'mermaid' || args.format === 'md') {
    const text = args.format === 'md' ? toMarkdown(diagram.text) : diagram.text;
    if (args.out) {
      writeFileSync(resolve(io.cwd, args.out), text);
      io.err(`wrote ${args.out}\n`);
    } else io.out(text);
    return code;
  }

  const target = args.out
    ? resolve(io.cwd, args.out)
    : join(dirname(file), `${basename(file, extname(file))}.${args.format}`);
  let browser;
  try {
    browser = await launchMermaidBrowser();
  } catch (e) {
    if (e instanceof RenderSetupError) {
      io.err(`archscale: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    const theme = args.theme ?? 'default';
    if (args.format === 'svg') {
      const r = await browser.render(diagram.text, { theme });
      writeFileSync(target, r.svg);
      io.err(`wrote ${shown(target)} (${r.nodes} nodes, drawn in ${Math.round(r.ms)} ms)\n`);
    } else {
      const r = await browser.png(diagram.text, { theme });
      writeFileSync(target, r.png);
      io.err(`wrote ${shown(target)} (drawn in ${Math.round(r.ms)} ms)\n`);
    }
  } finally {
    await browser.close();
  }
  return code;
}
