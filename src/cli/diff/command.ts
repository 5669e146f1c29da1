/**
 * `archscale diff BASE HEAD` (two files or folders) and `archscale diff --git REF [paths]` (the
 * working tree's models against a git revision). Exit 0 when no gate asked for failed, 1 when one
 * did, 2 on bad usage (the caller's UsageError).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { RuleSettings } from '../../core/rules/settings.js';
import type { FileSystemLike } from '../../language/workspace.js';
import { UsageError, type DiffOptions } from '../args.js';
import { expandPaths } from '../files.js';
import { compareSnapshots, type ModelDiff } from './compare.js';
import { GitError, revisionFiles } from './git.js';
import { diffMarkdown, diffText } from './report.js';
import { snapshot, type ModelSnapshot } from './snapshot.js';

export interface DiffIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

const diskFs: FileSystemLike = { exists: existsSync, read: (p) => readFileSync(p, 'utf8') };

/** One side from a file or folder on disk. */
async function fromDisk(arg: string, cwd: string, settings: RuleSettings): Promise<ModelSnapshot> {
  const { files, missing } = expandPaths([arg], cwd);
  if (missing.length) throw new UsageError(`no such file or folder: ${arg}`);
  if (!files.length) throw new UsageError(`no .arch files found in ${arg}`);
  const abs = resolve(cwd, arg);
  const root = statSync(abs).isDirectory() ? abs : dirname(abs);
  return snapshot({ label: arg, files, fs: diskFs, root, settings });
}

export async function computeDiff(opts: DiffOptions, settings: RuleSettings, io: DiffIo): Promise<ModelDiff> {
  let base: ModelSnapshot;
  let head: ModelSnapshot;
  if (opts.git !== undefined) {
    let rev;
    try {
      rev = revisionFiles(io.cwd, opts.git, opts.paths);
    } catch (e) {
      if (e instanceof GitError) throw new UsageError(e.message);
      throw e;
    }
    const paths = opts.paths.length ? opts.paths : [rev.top];
    const { files, missing } = expandPaths(paths, io.cwd);
    // A path that no longer exists in the working tree is a model deleted since REF: fine, if REF has it.
    if (missing.length && !rev.selected.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
    if (!files.length && !rev.selected.length) throw new UsageError(`no .arch files found in ${paths.join(', ')}`);
    const label = opts.paths.length ? opts.paths.join(' ') : basename(rev.top);
    base = await snapshot({ label: `${opts.git}:${label}`, files: rev.selected, fs: rev.fs, root: io.cwd, settings });
    head = await snapshot({ label: `working tree:${label}`, files, fs: diskFs, root: io.cwd, settings });
  } else {
    base = await fromDisk(opts.paths[0]!, io.cwd, settings);
    head = await fromDisk(opts.paths[1]!, io.cwd, settings);
  }
  return compareSnapshots(base, head, {
    ...(opts.failOnThroughputDrop !== undefined ? { throughputDrop: opts.failOnThroughputDrop } : {}),
    failOnNewError: opts.failOnNewError,
    failOnSloMissed: opts.failOnSloMissed,
    utilizationDelta: opts.utilizationDelta,
  });
}

export async function diffCommand(opts: DiffOptions, settings: RuleSettings, io: DiffIo): Promise<number> {
  const d = await computeDiff(opts, settings, io);
  if (opts.format === 'json') io.out(JSON.stringify(d, null, 2) + '\n');
  else if (opts.format === 'markdown') io.out(diffMarkdown(d));
  else io.out(diffText(d));
  for (const g of d.failed) io.err(`archscale diff: ${g.message}\n`);
  return d.failed.length ? 1 : 0;
}
