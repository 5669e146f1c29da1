/** Expands CLI path arguments (files and folders) into .arch files; loads the one model a command reads. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Model } from '../core/model.js';
import { RULE_IDS } from '../core/rules/registry.js';
import type { LoadResult } from '../language/workspace.js';

const SKIP = new Set(['node_modules', '.git', '.vscode-test', 'out']);

/** Whether a relative path lies in a folder that folder arguments skip (hidden, node_modules, out…). */
export function skippedPath(rel: string): boolean {
  return rel
    .split(/[\\/]/)
    .slice(0, -1)
    .some((d) => SKIP.has(d) || d.startsWith('.'));
}

export interface Expanded {
  files: string[];
  missing: string[];
}

export function expandPaths(args: readonly string[], cwd = process.cwd()): Expanded {
  const files = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.arch')) files.add(join(dir, entry.name));
    }
  };
  for (const a of args) {
    const p = resolve(cwd, a);
    if (!existsSync(p)) {
      missing.push(a);
      continue;
    }
    if (statSync(p).isDirectory()) walk(p);
    else files.add(p);
  }
  return { files: [...files], missing };
}

/** What a command on one model says when the model is not whole (`what` leaves out what could not be read). */
export interface ModelFileWords {
  /** What the command makes of the model: 'the sweep', 'the simulation', 'the diagram'. */
  what: string;
  /** When given, said when no client sends load (after 'the model has no client: '). */
  noClient?: string;
}

/**
 * The opening of a command on one model file (sweep, simulate): the file loaded with its import
 * closure, its language errors (not the rules' findings) printed on stderr as `file:line:column
 * error code message` with a line that says the command goes on without what could not be read,
 * and the model without a client said. `status` is the command's exit code so far: 1 when the
 * model has language errors, else 0.
 */
export async function loadModelFile(
  file: string,
  io: { err: (s: string) => void; cwd: string },
  load: (paths: string[]) => Promise<LoadResult>,
  words: ModelFileWords,
): Promise<{ model: Model; status: 0 | 1 }> {
  const result = await load([file]);
  const shown = (p: string) => relative(io.cwd, p) || p;
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !RULE_IDS.includes(d.code));
  for (const d of errors) io.err(`${shown(d.file)}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`);
  if (errors.length)
    io.err(
      `archscale: the model has ${errors.length} error${errors.length === 1 ? '' : 's'}; ${words.what} leaves out what could not be read\n`,
    );
  const model = result.model;
  if (words.noClient !== undefined && !model.components.some((c) => c.kind === 'client'))
    io.err(`archscale: the model has no client: ${words.noClient}\n`);
  return { model, status: errors.length ? 1 : 0 };
}
