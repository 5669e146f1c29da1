/**
 * The models of a git revision, read with `git ls-tree` and `git cat-file` (nothing is checked
 * out): every `*.arch` file of the revision is served from memory at the path it would have in
 * the working tree, so imports resolve as they did at that revision.
 */
import { execFileSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import type { FileSystemLike } from '../../language/workspace.js';
import { skippedPath } from '../files.js';

export class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stderr?: string; message?: string; code?: string };
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH)');
    const first = (err.stderr ?? err.message ?? String(e)).trim().split('\n')[0];
    throw new GitError(`git ${args[0]}: ${first}`);
  }
}

export interface RevisionFiles {
  /** The working tree's top folder. */
  top: string;
  /** Absolute path (in the working tree) -> text at the revision, for every .arch file. */
  texts: Map<string, string>;
  fs: FileSystemLike;
  /** The .arch files at the revision under the given paths (all of them without paths). */
  selected: string[];
}

/** The `.arch` files of `ref` under `paths` (relative to `cwd`), with every other model file of the revision for imports. */
export function revisionFiles(cwd: string, ref: string, paths: readonly string[]): RevisionFiles {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  let commit: string;
  try {
    commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`unknown revision '${ref}'`);
  }
  const all = git(top, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit])
    .split('\0')
    .filter((p) => p.endsWith('.arch') && !skippedPath(p));
  const texts = new Map<string, string>();
  for (const p of all) texts.set(join(top, p), git(top, ['cat-file', 'blob', `${commit}:${p}`]));
  const under = paths.map((p) => resolve(cwd, p));
  const selected = [...texts.keys()].filter(
    (abs) => under.length === 0 || under.some((u) => abs === u || !relative(u, abs).startsWith('..')),
  );
  return {
    top,
    texts,
    selected: selected.sort(),
    fs: {
      exists: (p) => texts.has(p),
      read: (p) => {
        const t = texts.get(p);
        if (t === undefined) throw new Error(`no such file at ${ref}: ${p}`);
        return t;
      },
    },
  };
}
