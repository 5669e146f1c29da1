/**
 * `archscale sweep`: the capacity plan's break points, sequences and table as text; the whole sweep
 * as JSON (its documented keys, unbounded percentiles as null); --to, --steps and -o; every bad
 * flag a usage error (exit 2); a model with errors still swept, exit 1.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.js';
import { run } from './run.js';
import { ROOT } from '../helpers.js';

/** The capacity plan the figures below are worked out on (the sample before its resilience settings). */
const PLAN = 'test/fixtures/scaling/capacity-plan.arch';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archscale-sweep-'));
  writeFileSync(
    join(dir, 'mm1.arch'),
    'system s {\n  slo { p95 100 ms }\n  client users { rate 50 rps }\n  service app { service-time 10 ms }\n  users -> app\n}\n',
  );
  writeFileSync(
    join(dir, 'broken.arch'),
    'system s {\n  client users { rate 50 rps }\n  servce app { }\n  service api { service-time 10 ms }\n  users -> api\n}\n',
  );
  writeFileSync(
    join(dir, 'growing.arch'),
    'system s {\n  client users { rate 50 rps growth 10 % per month }\n  service app { service-time 10 ms }\n  users -> app\n}\n',
  );
  copyFileSync(join(ROOT, PLAN), join(dir, 'plan.arch'));
  writeFileSync(join(dir, 'idle.arch'), 'system s {\n  service app { service-time 10 ms }\n}\n');
});

const chromium = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (chromium === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = chromium;
});

interface SweepJson {
  sweep: {
    multipliers: number[];
    clients: { client: string; traffic: string; p95: (number | null)[] }[];
    components: {
      component: string;
      utilization: number[];
      saturatesAt: number | null;
      saturatesAtMax: number | null;
    }[];
    breaks: { multiplier: number; kind: string; component?: string; text: string }[];
    bottlenecks: { fixed: { component: string; multiplier: number }[]; autoscaled: unknown[] };
    systems: { system: string; lens: string; sloHoldsTo: Record<string, number | null> }[];
    targetUtilization: number;
  };
  efficiency: unknown[];
  growth: unknown;
}

describe('archscale sweep', () => {
  it('prints the capacity plan: break points, bottleneck sequences, the table with a row at each break', async () => {
    const r = await run(['sweep', PLAN], ROOT);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Load sweep from 0\.05× to 5× today's load \(100 points\)\n/);
    expect(r.out).toContain('flight-search: breaks at 1.71× (app) · p95 SLO holds to ');
    expect(r.out).toMatch(/^ {4}1\.71× {2}app saturates at 1\.71× today's load \(20 instances\)$/m);
    expect(r.out).toMatch(/^ {4}3\.43× {2}app saturates at 3\.43× today's load with autoscaling at its maximum/m);
    expect(r.out).toContain("bottlenecks, today's instances:     app 1.71× → flights-db 4× → lb 10× → redis 30×");
    expect(r.out).toContain('bottlenecks, autoscaling at its max: app 3.43× → flights-db 4×');
    const table = r.out.slice(r.out.indexOf('\nSweep ('));
    expect(table).toMatch(/^load +users p95 +p99 +app +flights-db +lb +redis$/m);
    // today's load: app at 58 % (10k rps over 20 × 857 rps), the database's busiest node at 25 %
    expect(table).toMatch(/^1× +[\d.]+ ms +[\d.]+ ms +58 % +25 % +10 % +3 %$/m);
    // the saturation row: app at 100 %, the request unbounded
    expect(table).toMatch(/^1\.71× +∞ +∞ +100 % +43 % .*← app saturates$/m);
    expect(table).toMatch(/^4× +∞ +∞ +233 % +100 % .*← flights-db saturates$/m);
    // one row per round point: the 4× point is the break's row, not a second one
    expect(table.match(/^4× /gm)).toHaveLength(1);
    // the SLO row: p95 just within 200 ms
    const slo = /^1\.71× +([\d.]+) ms .*p95 SLO limit$/m.exec(table);
    expect(Number(slo?.[1])).toBeLessThanOrEqual(200);
  });

  it('prints scaling efficiency, and growth month by month when a growth rate is set', async () => {
    const plan = await run(['sweep', PLAN], ROOT);
    expect(plan.out).toMatch(
      /^ {2}efficiency: adding instances to app scales linearly to 4× at 47 instances.*flights-db caps it$/m,
    );
    expect(plan.out).not.toContain('growth');
    const r = await run(['sweep', 'growing.arch'], dir);
    expect(r.code).toBe(0);
    // utilisation 50 % growing 10 % a month saturates after ln(1 / 0.5) / ln(1.1) = 7.27 months
    expect(r.out).toMatch(/^ {2}growth over 12 months\n {4}month +7\.27 {2}app saturates/m);
    const j = JSON.parse((await run(['sweep', 'growing.arch', '--json'], dir)).out) as {
      growth: { rates: Record<string, number>; events: { kind: string; component?: string; month: number }[] };
    };
    expect(j.growth.rates.users).toBeCloseTo(0.1, 12);
    const sat = j.growth.events.find((e) => e.kind === 'saturates' && e.component === 'app')!;
    expect(sat.month).toBeCloseTo(Math.log(2) / Math.log(1.1), 6);
  });

  it("evaluates the table's rows at round multipliers even when the sweep's points are not", async () => {
    // to 6.3× in 100 points: the points are multiples of 0.063, the rows 1×, 2×, … 6×
    const r = await run(['sweep', 'samples/order-pipeline.arch'], ROOT);
    const table = r.out.slice(r.out.indexOf('\nSweep ('));
    // payments (1k rps) saturates at 4.94×, not 5×: near it its calls outlast order-api's 800 ms
    // timeout and are retried (retries 1), and the availability SLO goes at the same load: a row each
    expect(table.match(/^[\d.]+×/gm)).toEqual(['1×', '1.76×', '1.8×', '2×', '3×', '4×', '4.94×', '4.94×', '5×', '6×']);
    expect(table).toMatch(/^4\.94× .*← payments saturates$/m);
    // utilisation beyond 1,000 % reads as such (bad-design's report pool saturates at 0.00005×)
    expect((await run(['sweep', 'samples/bad-design.arch'], ROOT)).out).toMatch(/^1× .* > 999 % +817 %/m);
  });

  it("sweeps the capacity-plan sample: its retries bring the read replicas' break point below 4×", async () => {
    const r = await run(['sweep', 'samples/capacity-plan.arch'], ROOT);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('flight-search: breaks at 1.71× (app)');
    // 2,000 reads/s over 4 replicas of 2,000 rps saturate at 4× without retries; near it the reads
    // time out (100 ms) and are retried, within each layer's 10 % budget: at most 1.1 × 1.1 the load
    const db = /^ +([\d.]+)× {2}flights-db saturates at .*; retries on /m.exec(r.out);
    expect(Number(db?.[1])).toBeLessThan(4);
    expect(Number(db?.[1])).toBeGreaterThanOrEqual(4 / 1.21);
  });

  it('prints the whole sweep as JSON, with unbounded percentiles as null', async () => {
    const r = await run(['sweep', PLAN, '--json'], ROOT);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as SweepJson;
    expect(Object.keys(j)).toEqual(['sweep', 'efficiency', 'growth']);
    expect(Object.keys(j.sweep)).toEqual([
      'multipliers',
      'clients',
      'components',
      'breaks',
      'bottlenecks',
      'systems',
      'targetUtilization',
    ]);
    expect(j.sweep.multipliers).toHaveLength(100);
    expect(j.sweep.multipliers[99]).toBe(5);
    const app = j.sweep.components.find((c) => c.component === 'app')!;
    expect(app.saturatesAt).toBeCloseTo((20 * 857) / 10_000, 9);
    expect(app.saturatesAtMax).toBeCloseTo((40 * 857) / 10_000, 9);
    expect(app.utilization[19]).toBeCloseTo(10_000 / (20 * 857), 9); // the point at 1×
    const users = j.sweep.clients.find((c) => c.client === 'users')!;
    expect(users.p95[19]).toBeGreaterThan(10);
    expect(users.p95[99]).toBeNull(); // saturated at 5×
    expect(j.sweep.breaks.map((b) => b.multiplier)).toEqual(
      [...j.sweep.breaks.map((b) => b.multiplier)].sort((a, b) => a - b),
    );
    expect(j.sweep.systems[0]!.lens).toMatch(/^breaks at 1\.71× \(app\) · p95 SLO holds to /);
    expect(j.sweep.systems[0]!.sloHoldsTo.p95).toBeLessThan(1.72);
    expect(r.out).not.toMatch(/NaN|Infinity/);
  });

  it('sweeps to --to in --steps points, and writes to -o', async () => {
    const r = await run(['sweep', PLAN, '--to', '3x', '--steps', '6', '--json'], ROOT);
    expect((JSON.parse(r.out) as SweepJson).sweep.multipliers).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    const out = join(dir, 'plan-sweep.txt');
    const w = await run(['sweep', join(ROOT, PLAN), '--to', '2', '--steps', '4', '-o', out], dir);
    expect(w).toMatchObject({ code: 0, out: '' });
    expect(w.err).toContain('wrote ');
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^Load sweep from 0\.5× to 2× today's load \(4 points\)/);
    expect(text).toMatch(/^2× +∞ +∞ +117 %/m);
  });

  it('sweeps a one-queue model: the M/M/1 queue saturates at 2× (100 rps of 50)', async () => {
    const r = await run(['sweep', 'mm1.arch', '--json'], dir);
    const j = JSON.parse(r.out) as SweepJson;
    expect(j.sweep.components.find((c) => c.component === 'app')!.saturatesAt).toBeCloseTo(2, 9);
    // M/M/1: p95 = ln(20) / (μ − λ); at 1× (50 rps): 1000 × ln 20 / 50 ms
    const at1 = j.sweep.multipliers.findIndex((m) => Math.abs(m - 1) < 1e-9);
    expect(j.sweep.clients[0]!.p95[at1]).toBeCloseTo((1000 * Math.log(20)) / 50, 1);
    // p95 SLO 100 ms: μ − λ = 10 · ln 20 / 1 s ⇒ λ = 100 − 29.96 rps, 1.40×
    expect(j.sweep.systems[0]!.sloHoldsTo.p95).toBeCloseTo((100 - 10 * Math.log(20)) / 50, 2);
  });

  it('sweeps a model with errors on what could be read, and exits 1', async () => {
    const r = await run(['sweep', 'broken.arch'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the sweep leaves out what could not be read');
    expect(r.out).toContain('s: breaks at 2× (api)');
  });

  it('says so when nothing sends load', async () => {
    const r = await run(['sweep', 'idle.arch'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('the model has no client');
  });

  it('draws its charts as SVG beside the model, or as PNG to -o, in Chromium', async () => {
    const svg = await run(['sweep', 'plan.arch', '--format', 'svg'], dir);
    expect(svg.code, svg.err).toBe(0);
    expect(svg).toMatchObject({ out: '', err: 'wrote plan-sweep.svg\n' });
    const text = readFileSync(join(dir, 'plan-sweep.svg'), 'utf8');
    expect(text).toMatch(/<svg[\s>]/);
    expect(text).toContain('Scaling of plan.arch');
    const png = await run(['sweep', 'plan.arch', '--format', 'png', '-o', 'charts.png'], dir);
    expect(png.code, png.err).toBe(0);
    expect(readFileSync(join(dir, 'charts.png')).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('says clearly when the charts cannot be drawn (no Chromium: exit 2)', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const r = await run(['sweep', 'mm1.arch', '--format', 'svg'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs Chromium, and \/nonexistent\/chromium was not found/);
    expect(existsSync(join(dir, 'mm1-sweep.svg'))).toBe(false);
  });

  it.each([
    [['sweep'], 'sweep takes exactly one file'],
    [['sweep', 'a.arch', 'b.arch'], 'sweep takes exactly one file'],
    [['sweep', 'a.arch', '--to', '0'], "--to takes a multiplier of today's load such as 10x"],
    [['sweep', 'a.arch', '--to', 'ten'], "--to takes a multiplier of today's load such as 10x"],
    [['sweep', 'a.arch', '--to', '2000x'], 'up to 1000x'],
    [['sweep', 'a.arch', '--to'], "--to takes a multiplier of today's load such as 10x"],
    [['sweep', 'a.arch', '--steps', '0'], '--steps takes a whole number from 1 to 10000'],
    [['sweep', 'a.arch', '--steps', '2.5'], '--steps takes a whole number from 1 to 10000'],
    [['sweep', 'a.arch', '--format', 'sarif'], '--format takes text, json, svg or png'],
    [['sweep', 'a.arch', '--scenario', 'x'], "unknown option '--scenario' for sweep"],
    [['sweep', 'no-such.arch'], 'no such file or folder: no-such.arch'],
  ])('%j is a usage error', async (args, message) => {
    const r = await run(args, dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('is in the help', async () => {
    const help = await run(['--help'], dir);
    expect(help.out).toContain(
      'archscale sweep <file> [--to 10x] [--steps N] [--format text|json|svg|png] [--json] [-o FILE]',
    );
    expect(help.out).toContain('archscale analyze <file> [--json] [--scenario NAME] [--config FILE]');
  });

  it('reads its flags', () => {
    expect(parseCommandLine(['sweep', 'a.arch', '--to', '10×', '--steps', '40', '-o', 'x.json', '--json'])).toEqual({
      command: 'sweep',
      paths: ['a.arch'],
      format: 'json',
      to: 10,
      steps: 40,
      out: 'x.json',
    });
    expect(parseCommandLine(['sweep', 'a.arch', '--to=2.5 x', '--format', 'png'])).toMatchObject({
      to: 2.5,
      format: 'png',
    });
    expect(parseCommandLine(['sweep', 'a.arch'])).toEqual({ command: 'sweep', paths: ['a.arch'], format: 'text' });
  });
});
