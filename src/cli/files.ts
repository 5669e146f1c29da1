/** Expands CLI path arguments (files and folders) into .arch files. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
