/**
 * `archscale sweep <file> [--to 10x] [--steps N] [--json] [--format text|json|svg|png] [-o FILE]`:
 * how the model behaves as its load grows (core/scaling `sweep`). Text: per system its break
 * points, bottleneck sequences and scaling efficiency, growth events when a growth rate is set,
 * then a table of a readable subset of the sweep's points plus a row evaluated at each break
 * point. JSON: `{ sweep, efficiency, growth }` as the core computes them (milliseconds; a
 * percentile that is unbounded, once saturated, is null). Charts (svg, png): sweep-charts.ts, in
 * Chromium. Exit codes as the other commands: 0 swept, 1 the model has errors, 2 bad usage or the
 * charts cannot be drawn here (no Chromium).
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { analyze } from '../core/analysis/index.js';
import type { Analysis } from '../core/analysis/types.js';
import type { Model } from '../core/model.js';
import { efficiency, growth, sweep } from '../core/scaling/index.js';
import type { BreakPoint, ClientCurve, Efficiency, Growth, Sweep } from '../core/scaling/index.js';
import { count, duration, percent, times } from '../core/wording.js';
import type { LoadResult } from '../language/workspace.js';
import { loadModelFile } from './files.js';
import { RenderSetupError } from './mermaid-browser.js';
import { renderSweepCharts } from './sweep-charts.js';

export interface SweepArgs {
  file: string;
  format: 'text' | 'json' | 'svg' | 'png';
  to?: number;
  steps?: number;
  out?: string;
}

export interface SweepIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

/** What the sweep command prints as JSON (documented in the README: `archscale sweep`). */
export interface SweepJson {
  sweep: Sweep;
  efficiency: Efficiency[];
  growth: Growth | null;
}

/** The scaling answers of one model, as the text and the JSON show them. */
export interface Swept {
  model: Model;
  analysis: Analysis;
  sweep: Sweep;
  efficiency: Efficiency[];
  growth: Growth | null;
}

export async function sweepCommand(
  args: SweepArgs,
  io: SweepIo,
  load: (paths: string[]) => Promise<LoadResult>,
): Promise<number> {
  const { model, status } = await loadModelFile(args.file, io, load, {
    what: 'the sweep',
    noClient: 'nothing sends load, so nothing grows in the sweep',
  });
  const analysis = analyze(model);
  const options = { ...(args.to !== undefined ? { to: args.to } : {}), ...(args.steps ? { steps: args.steps } : {}) };
  const swept: Swept = {
    model,
    analysis,
    sweep: sweep(model, analysis, options),
    efficiency: efficiency(model, analysis),
    growth: growth(model, analysis),
  };
  if (args.format === 'svg' || args.format === 'png') {
    const charts = await drawCharts(swept, args, io);
    return charts === 'setup' ? 2 : status;
  }
  const text =
    args.format === 'json'
      ? JSON.stringify(
          { sweep: swept.sweep, efficiency: swept.efficiency, growth: swept.growth } satisfies SweepJson,
          null,
          2,
        ) + '\n'
      : sweepText(swept);
  if (args.out) {
    writeFileSync(resolve(io.cwd, args.out), text);
    io.err(`wrote ${args.out}\n`);
  } else io.out(text);
  return status;
}

/**
 * The charts (sweep-charts.ts, Chromium) written to -o, else beside the model as
 * `<name>-sweep.svg|png`; 'setup' when they cannot be drawn here (no Chromium, no bundle).
 */
async function drawCharts(s: Swept, args: SweepArgs, io: SweepIo): Promise<'written' | 'setup'> {
  const file = resolve(io.cwd, args.file);
  const target = args.out
    ? resolve(io.cwd, args.out)
    : join(dirname(file), `${basename(file, extname(file))}-sweep.${args.format}`);
  const format = args.format === 'png' ? 'png' : 'svg';
  let drawn: Buffer | string;
  try {
    drawn = await renderSweepCharts(s.sweep, s.growth, format, { title: `Scaling of ${basename(file)}` });
  } catch (e) {
    if (e instanceof RenderSetupError) {
      io.err(`archscale: ${e.message}\n`);
      return 'setup';
    }
    throw e;
  }
  writeFileSync(target, drawn);
  io.err(`wrote ${relative(io.cwd, target) || target}\n`);
  return 'written';
}

// ---------------------------------------------------------------------------------------------
// Text

const DASH = '—';
/** At most this many request classes and components get columns in the table. */
const MAX_CLASSES = 3;
const MAX_COMPONENTS = 4;
/** About this many rows of evenly spaced points (break points come on top). */
const ROWS = 10;
const NICE = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

/** Left-aligned first column, the others right-aligned; the last column (notes) left-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const last = header.length - 1;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === last ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

function ms(x: number | undefined): string {
  return x === undefined ? DASH : Number.isFinite(x) ? duration(x) : '∞';
}

/**
 * The round step of the table's evenly spaced rows (0.5×, 1×, 2×, …): about ROWS of them up to
 * the sweep's end, never closer together than the sweep's own points.
 */
function roundStep(multipliers: readonly number[]): number {
  const to = multipliers[multipliers.length - 1] ?? 0;
  const spacing = multipliers.length > 1 ? to / multipliers.length : to;
  return NICE.find((x) => x >= to / ROWS && x >= spacing * 0.999) ?? to;
}

/** "app saturates", "p95 SLO", "autoscale max of app": a break's note in the table. */
function breakNote(b: BreakPoint, sw: Sweep): string {
  if (b.kind === 'saturates') {
    const c = sw.components.find((x) => x.component === b.component);
    const autoscaled = c && c.saturatesAt !== b.multiplier && c.saturatesAtMax === b.multiplier;
    return `${b.component} saturates${autoscaled ? ' at autoscale max' : ''}`;
  }
  if (b.kind === 'autoscale-max') return `${b.component} needs its autoscale max`;
  return `${b.system} ${b.target} SLO limit`;
}

function classLabel(c: ClientCurve, curves: readonly ClientCurve[]): string {
  return curves.filter((x) => x.client === c.client).length > 1 ? `${c.client} ${c.traffic}` : c.client;
}

/**
 * The table: rows at round multipliers up to the sweep's end and at each break point, each
 * evaluated by the sweep at exactly that multiplier; the first request classes to break, and the
 * busiest components.
 */
function sweepTable(s: Swept): string[] {
  const sw = s.sweep;
  const n = sw.multipliers.length;
  if (n === 0) return [];
  // the request classes that break first (worst p95 at the end, then at today's load)
  const last = n - 1;
  const today = sw.multipliers.findIndex((m) => m >= 1 - 1e-9);
  const at = today < 0 ? last : today;
  const classes = [...sw.clients]
    .sort((x, y) => (y.p95[at] ?? 0) - (x.p95[at] ?? 0) || (y.p95[last] ?? 0) - (x.p95[last] ?? 0))
    .slice(0, MAX_CLASSES);
  const comps = [...sw.components]
    .filter((c) => (c.utilization[last] ?? 0) > 0)
    .sort((x, y) => y.utilization[last]! - x.utilization[last]!)
    .slice(0, MAX_COMPONENTS);
  type Row = { m: number; p95: number[]; p99: number[]; u: number[]; note: string };
  /** Rows at `steps` points up to `to`, evaluated by the same sweep. */
  const evaluate = (to: number, steps: number, note: string): Row[] => {
    const one = sweep(s.model, s.analysis, { to, steps });
    const curve = (c: ClientCurve) =>
      one.clients.find((x) => x.client === c.client && x.traffic === c.traffic && x.system === c.system);
    const util = comps.map((c) => one.components.find((x) => x.component === c.component)?.utilization);
    return one.multipliers.map((m, i) => ({
      m,
      p95: classes.map((c) => curve(c)?.p95[i] ?? NaN),
      p99: classes.map((c) => curve(c)?.p99[i] ?? NaN),
      u: util.map((u) => u?.[i] ?? NaN),
      note,
    }));
  };
  const end = sw.multipliers[last]!;
  const step = roundStep(sw.multipliers);
  const count = Math.floor(end / step + 1e-9);
  const rows: Row[] = count >= 1 ? evaluate(count * step, count, '') : [];
  // a row at each break point inside the sweep, evaluated at exactly that multiplier
  const byMultiplier = new Map<number, BreakPoint[]>();
  for (const b of sw.breaks)
    if (b.multiplier > 0 && b.multiplier <= end)
      byMultiplier.set(b.multiplier, [...(byMultiplier.get(b.multiplier) ?? []), b]);
  for (const [m, breaks] of byMultiplier)
    rows.push(...evaluate(m, 1, `← ${breaks.map((b) => breakNote(b, sw)).join(', ')}`));
  // a round point that reads as a break point's multiplier is that break's row
  const atBreak = new Set(rows.filter((r) => r.note).map((r) => times(r.m)));
  const kept = rows.filter((r) => r.note || !atBreak.has(times(r.m)));
  kept.sort((x, y) => x.m - y.m || (x.note ? 1 : -1));
  const header = ['load'];
  for (const c of classes) header.push(`${classLabel(c, sw.clients)} p95`, 'p99');
  for (const c of comps) header.push(c.component);
  header.push('');
  const cells = kept.map((r) => {
    const row = [times(r.m)];
    classes.forEach((_, k) =>
      row.push(ms(Number.isNaN(r.p95[k]!) ? undefined : r.p95[k]), ms(Number.isNaN(r.p99[k]!) ? undefined : r.p99[k])),
    );
    for (const u of r.u) row.push(Number.isNaN(u) ? DASH : u > 9.99 ? '> 999 %' : percent(u, 0));
    row.push(r.note);
    return row;
  });
  const more: string[] = [];
  if (sw.clients.length > classes.length) more.push(`${sw.clients.length - classes.length} more request classes`);
  if (sw.components.length > comps.length) more.push(`${sw.components.length - comps.length} more components`);
  return [
    `Sweep (p95 / p99 per request class, utilisation of the busiest components with today's instances)${more.length ? `; ${more.join(' and ')} in --json` : ''}`,
    ...table(header, cells),
  ];
}

/** "app 1.71× → flights-db 4×" */
function sequence(list: readonly { component: string; multiplier: number }[]): string {
  return list.length ? list.map((b) => `${b.component} ${times(b.multiplier)}`).join(' → ') : 'nothing saturates';
}

/** The whole text: per system its break points and sequences, then the table. */
export function sweepText(s: Swept): string {
  const sw = s.sweep;
  const out: string[] = [];
  const to = sw.multipliers[sw.multipliers.length - 1] ?? 0;
  out.push(
    `Load sweep from ${times(sw.multipliers[0] ?? 0)} to ${times(to)} today's load (${sw.multipliers.length} point${sw.multipliers.length === 1 ? '' : 's'})`,
  );
  const systemOf = new Map(sw.components.map((c) => [c.component, c.system]));
  for (const sys of sw.systems) {
    out.push('', `${sys.system}: ${sys.lens}`);
    const breaks = sw.breaks.filter((b) => b.system === sys.system);
    if (breaks.length) {
      out.push('  break points');
      const w = Math.max(...breaks.map((b) => times(b.multiplier).length));
      for (const b of breaks) out.push(`    ${times(b.multiplier).padStart(w)}  ${b.text}`);
    }
    const fixed = sw.bottlenecks.fixed.filter((b) => systemOf.get(b.component) === sys.system);
    const auto = sw.bottlenecks.autoscaled.filter((b) => systemOf.get(b.component) === sys.system);
    out.push(`  bottlenecks, today's instances:     ${sequence(fixed)}`);
    if (auto.some((a, k) => a.component !== fixed[k]?.component || a.multiplier !== fixed[k]?.multiplier))
      out.push(`  bottlenecks, autoscaling at its max: ${sequence(auto)}`);
    for (const e of s.efficiency.filter((x) => x.system === sys.system)) {
      out.push(`  efficiency: ${e.text}`);
    }
    const events = s.growth?.events.filter((e) => e.system === sys.system) ?? [];
    if (events.length) {
      out.push(`  growth over ${s.growth!.horizonMonths} months`);
      for (const e of events) out.push(`    month ${count(e.month).padStart(5)}  ${e.text}`);
    }
  }
  if (s.growth && !s.growth.events.length)
    out.push('', `Growth: nothing breaks within ${s.growth.horizonMonths} months`);
  const t = sweepTable(s);
  if (t.length) out.push('', ...t);
  return out.join('\n') + '\n';
}
