/**
 * The files the typing test types over: every sample (with the files it imports) and every rule
 * fixture, read once. Paths are relative to the repository, with a leading `/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Target {
  /** The file the typos are made in (`/samples/order-pipeline.arch`). */
  file: string;
  /** Every file checked with it (path -> clean text): itself, the files it imports and those that import it. */
  files: Record<string, string>;
  /** The files whose analysis covers it: itself, or the files that import it. */
  roots: string[];
}

const IMPORT = /^\s*import\s+"([^"]+)"/gm;

function archFiles(root: string, dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory() && recursive) out.push(...archFiles(root, p, recursive));
    else if (e.isFile() && e.name.endsWith('.arch')) out.push(p);
  }
  return out;
}

/** Samples (`samples/**`) and rule fixtures (`test/fixtures/rules/<id>/*.arch`) of the repository at `root`. */
export function typingTargets(root: string): Target[] {
  const paths = [
    ...archFiles(root, 'samples', true),
    ...readdirSync(join(root, 'test/fixtures/rules'))
      .sort()
      .flatMap((id) => archFiles(root, join('test/fixtures/rules', id), false)),
  ];
  const texts: Record<string, string> = {};
  for (const p of paths)
    texts['/' + relative(root, join(root, p)).split('\\').join('/')] = readFileSync(join(root, p), 'utf8');
  const imports = new Map<string, string[]>();
  for (const [p, t] of Object.entries(texts)) {
    const dir = p.slice(0, p.lastIndexOf('/'));
    imports.set(
      p,
      [...t.matchAll(IMPORT)].map((m) => normalise(`${dir}/${m[1]}`)).filter((q) => q in texts),
    );
  }
  const closure = (p: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(p)) return seen;
    seen.add(p);
    for (const q of imports.get(p) ?? []) closure(q, seen);
    return seen;
  };
  return Object.keys(texts).map((file) => {
    const importers = Object.keys(texts).filter((p) => p !== file && closure(p).has(file));
    const roots = importers.length > 0 ? importers : [file];
    const files: Record<string, string> = {};
    for (const r of roots) for (const q of closure(r)) files[q] = texts[q]!;
    return { file, files, roots };
  });
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/');
}
