/**
 * Scheduled jobs (issue 16): `worker nightly-render { schedule every 1 day run 20 min rate 200 rps }`
 * is a load source of its own that sends `rate` while it runs, for `run` every `every`. The
 * analysis's loads are those during its window (the worst case: the job runs while the clients
 * send their rates); its requests are outside the request SLO (not in the worst p95 or the SLO
 * verdicts), and neither it nor what it reaches is unreachable.
 */
import type { Component } from '../model.js';
import { figure, lazy } from './figure.js';
import { sentReadShare } from './graph.js';
import { propagate, CH_READS, CH_WRITES } from './load.js';
import type { Context } from './result-context.js';
import type { Figure, ScheduleFigures } from './types.js';
import * as words from '../wording.js';
import { isScheduled, scheduledRate } from './scheduled-rate.js';

export { isScheduled, scheduledRate };

/** Share of the time a scheduled job runs: run / every, at most 1. */
export function dutyCycle(c: Component): number {
  const s = c.schedule!;
  return Math.min(1, s.runMs / s.everyMs);
}

/** "200 rps for 20 min every 1 day". */
export function windowText(c: Component): string {
  const s = c.schedule!;
  return `${words.rate(scheduledRate(c))} for ${words.duration(s.runMs)} every ${words.duration(s.everyMs)}`;
}

/** A scheduled job's figures; null for anything else. */
export function scheduleFigures(c: Component): ScheduleFigures | null {
  if (!isScheduled(c)) return null;
  const { runMs, everyMs } = c.schedule!;
  const d = dutyCycle(c);
  const rate = scheduledRate(c);
  return {
    dutyCycle: figure(
      d,
      'fraction',
      'duty cycle = run / every',
      { runMs, everyMs },
      () => `runs ${words.duration(runMs)} every ${words.duration(everyMs)}: ${words.percent(d, 2)} of the time`,
    ),
    rateWhileRunning: figure(rate, 'rps', 'rate while running', { rate }, () =>
      rate > 0
        ? `sends ${words.rate(rate)} while it runs; the analysis's loads are those during its window (the worst case)`
        : 'no rate given: it sends nothing of its own',
    ),
    averageRate: figure(
      rate * d,
      'rps',
      'average = rate × run / every',
      { rate, duty: d },
      () => `${words.rate(rate)} × ${words.percent(d, 2)} = ${words.rate(rate * d)} averaged over its period`,
    ),
  };
}

/** Per scheduled job with a rate: the arrivals its load alone causes at every node ([node * 4 + channel]). */
interface JobLoad {
  job: number;
  arr: Float64Array;
}

const JOB_LOADS = new WeakMap<Context, () => JobLoad[]>();

function jobLoads(x: Context): JobLoad[] {
  let f = JOB_LOADS.get(x);
  if (!f) {
    f = lazy(() => {
      const g = x.g;
      const out: JobLoad[] = [];
      for (let i = 0; i < g.n; i++) {
        const c = g.comps[i]!;
        const rate = scheduledRate(c);
        if (!(rate > 0)) continue;
        const src = new Float64Array(g.n * 4);
        const rf = sentReadShare(g, i);
        src[i * 4 + CH_READS] = rate * rf;
        src[i * 4 + CH_WRITES] = rf === 1 ? 0 : Math.max(0, rate - rate * rf);
        out.push({ job: i, arr: propagate(g, { src }).arr });
      }
      return out;
    });
    JOB_LOADS.set(x, f);
  }
  return f();
}

/** The load scheduled jobs add at node i while they run, with their windows; value null when none reaches it. */
export function scheduledLoadFigure(x: Context, i: number): Figure {
  const parts: { job: Component; rps: number }[] = [];
  for (const { job, arr } of jobLoads(x)) {
    const rps = arr[i * 4 + CH_READS]! + arr[i * 4 + CH_WRITES]!;
    if (rps > 0 && job !== i) parts.push({ job: x.g.comps[job]!, rps });
  }
  if (parts.length === 0)
    return { value: null, unit: 'rps', formula: '—', inputs: {}, text: 'no scheduled job reaches it' };
  const total = parts.reduce((s, p) => s + p.rps, 0);
  return figure(
    total,
    'rps',
    'Σ scheduled jobs: the load each adds here while it runs',
    { jobs: parts.length },
    () =>
      parts
        .map((p) => {
          const s = p.job.schedule!;
          return `${p.job.name} adds ${words.rate(p.rps)} for ${words.duration(s.runMs)} every ${words.duration(s.everyMs)}`;
        })
        .join('; ') + ' (included in the load: the worst case, during the window)',
  );
}
