/**
 * `archscale simulate <file> [--duration 60s] [--seed N] [--replications N] [--json]`: runs the
 * discrete-event simulation of the whole model and prints the analysis's figures beside the
 * simulated ones (core/simulation/compare.ts, report.ts). On a terminal a run over a second draws
 * a progress bar on stderr. Exit codes: 0 compared, 1 the model has errors, 2 bad usage.
 */
import { analyze } from '../core/analysis/index.js';
import { compareWithAnalysis } from '../core/simulation/compare.js';
import { createSimulation } from '../core/simulation/index.js';
import { comparisonText } from '../core/simulation/report.js';
import type { LoadResult } from '../language/workspace.js';
import { loadModelFile } from './files.js';

export interface SimulateArgs {
  file: string;
  format: 'text' | 'json';
  durationS: number;
  seed: number;
  replications?: number;
}

export interface SimulateIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** Whether stderr is a terminal (then a progress bar is drawn for runs over a second). */
  progressBar?: boolean;
  now?: () => number;
}

const CHUNK = 100_000;
const BAR = 30;

export async function simulateCommand(
  args: SimulateArgs,
  io: SimulateIo,
  load: (paths: string[]) => Promise<LoadResult>,
): Promise<number> {
  const { model, status } = await loadModelFile(args.file, io, load, {
    what: 'the simulation',
    noClient: 'nothing sends load, so nothing is simulated',
  });
  const now = io.now ?? (() => performance.now());
  const start = now();
  const sim = createSimulation(model, {
    durationS: args.durationS,
    seed: args.seed,
    ...(args.replications !== undefined ? { replications: args.replications } : {}),
  });
  let drawn = false;
  for (;;) {
    const done = sim.step(CHUNK);
    if (done) break;
    if (io.progressBar && now() - start > 1000) {
      const f = Math.min(1, Math.max(0, sim.progress()));
      const full = Math.round(f * BAR);
      io.err(`\r[${'#'.repeat(full)}${' '.repeat(BAR - full)}] ${Math.round(f * 100)} %`);
      drawn = true;
    }
    // let signals and output through between chunks
    await new Promise((r) => setImmediate(r));
  }
  if (drawn) io.err(`\r${' '.repeat(BAR + 8)}\r`);
  const res = sim.result();
  res.wallMs = now() - start;
  const comparison = compareWithAnalysis(analyze(model), res);
  if (args.format === 'json')
    io.out(
      JSON.stringify(
        {
          comparison: {
            rows: comparison.rows,
            resilience: comparison.resilience,
            skipped: comparison.skipped,
            counts: comparison.counts,
          },
          simulation: res,
        },
        null,
        2,
      ) + '\n',
    );
  else io.out(comparisonText(comparison));
  return status;
}
