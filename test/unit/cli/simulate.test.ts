/**
 * `archscale simulate`: every sample runs and prints the comparison; the options are checked; the
 * JSON carries the rows and the simulation; a progress bar is drawn only on a terminal and only
 * for a run over a second; a model with errors still runs and exits 1.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { parseCommandLine } from '../../../src/cli/args.js';
import { run } from './run.js';
import { ROOT } from '../helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archscale-sim-'));
  writeFileSync(
    join(dir, 'mm1.arch'),
    'system s {\n  client users { rate 50 rps }\n  service app { service-time 10 ms }\n  users -> app\n}\n',
  );
  writeFileSync(
    join(dir, 'timeout.arch'),
    'system s {\n  client users { rate 100 rps }\n  service app { capacity 1000 rps }\n  service api { service-time 10 ms instances 4 }\n' +
      '  users -> app\n  app -> api { timeout 20 ms }\n}\n',
  );
  writeFileSync(
    join(dir, 'broken.arch'),
    'system s {\n  client users { rate 50 rps }\n  servce app { }\n  users -> app\n}\n',
  );
});

const samples = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.arch'));

describe('archscale simulate', () => {
  it.each(samples)('runs on samples/%s', async (file) => {
    const r = await run(['simulate', `samples/${file}`, '--duration', '2s', '--replications', '2'], ROOT);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.out).toMatch(/^Simulated 2 s × 2 replications, seed 1, [\d,.]+[kM]? events/);
    expect(r.out).toMatch(/figures? compared/);
    expect(r.code).toBe(0);
  });

  it('compares an M/M/1 queue: the analysis agrees with the simulation', async () => {
    const r = await run(['simulate', 'mm1.arch', '--duration', '200s', '--seed', '3', '--json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      comparison: {
        rows: { name: string; figure: string; analytic: number; simulated: { value: number }; verdict: string }[];
      };
      simulation: { seed: number; durationS: number };
    };
    expect(j.simulation).toMatchObject({ seed: 3, durationS: 200 });
    const mean = j.comparison.rows.find((x) => x.name === 'users reads' && x.figure === 'mean')!;
    expect(mean.analytic).toBeCloseTo(20, 5); // 1 / (100 − 50) s
    expect(Math.abs(mean.simulated.value - 20) / 20).toBeLessThan(0.05);
    expect(j.comparison.rows.filter((x) => x.verdict === 'differs')).toEqual([]);
  });

  it("gives the resilience rows in its JSON: a call's timeout share, analysed and simulated", async () => {
    const r = await run(['simulate', 'timeout.arch', '--duration', '60s', '--seed', '5', '--json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      comparison: { resilience: { figure: string; analytic: number; simulated: { value: number } }[] };
    };
    const row = j.comparison.resilience.find((x) => x.figure === 'timeoutShare')!;
    // api: four M/M/1 queues at 25 rps each, S = 10 ms: P(T > 20 ms) = e^(−(100 − 25)·0.02) = e^(−1.5)
    expect(row.analytic).toBeCloseTo(Math.exp(-1.5), 3);
    expect(Math.abs(row.simulated.value - Math.exp(-1.5))).toBeLessThan(0.02);
  });

  it('is reproducible for a seed', async () => {
    const a = await run(['simulate', 'mm1.arch', '--duration', '5s', '--seed', '7', '--json'], dir);
    const b = await run(['simulate', 'mm1.arch', '--duration', '5s', '--seed', '7', '--json'], dir);
    const strip = (s: string) => JSON.stringify({ ...JSON.parse(s).simulation, wallMs: 0 });
    expect(strip(a.out)).toBe(strip(b.out));
  });

  it('draws a progress bar on a terminal for a run over a second, and clears it', async () => {
    let err = '';
    let t = 0;
    // a clock that moves 300 ms per reading: the run "takes" over a second
    const code = await main(['simulate', 'mm1.arch', '--duration', '1h'], {
      out: () => {},
      err: (s) => (err += s),
      cwd: dir,
      progressBar: true,
      now: () => (t += 300),
    } as Parameters<typeof main>[1]);
    expect(code).toBe(0);
    expect(err).toMatch(/\r\[#* *\] \d+ %/);
    let quiet = '';
    await main(['simulate', 'mm1.arch', '--duration', '60s'], { out: () => {}, err: (s) => (quiet += s), cwd: dir });
    expect(quiet).toBe('');
  });

  it('runs a model with errors on what could be read, and exits 1', async () => {
    const r = await run(['simulate', 'broken.arch', '--duration', '1s'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown-kind/);
    expect(r.out).toMatch(/^Simulated/);
  });

  it('checks its options', () => {
    expect(parseCommandLine(['simulate', 'a.arch'])).toMatchObject({ durationS: 60, seed: 1 });
    expect(parseCommandLine(['simulate', 'a.arch', '--duration', '2m', '--seed', '5'])).toMatchObject({
      durationS: 120,
      seed: 5,
    });
    expect(parseCommandLine(['simulate', 'a.arch', '--duration', '500ms'])).toMatchObject({ durationS: 0.5 });
    expect(() => parseCommandLine(['simulate', 'a.arch', '--duration', 'soon'])).toThrow(/--duration takes a time/);
    expect(() => parseCommandLine(['simulate', 'a.arch', '--duration', '2d'])).toThrow(/--duration takes a time/);
    expect(() => parseCommandLine(['simulate', 'a.arch', '--seed', '-1'])).toThrow(/--seed takes a whole number/);
    expect(() => parseCommandLine(['simulate', 'a.arch', '--replications', '1'])).toThrow(/--replications/);
    expect(() => parseCommandLine(['simulate'])).toThrow(/exactly one file/);
    expect(() => parseCommandLine(['simulate', 'a.arch', '--format', 'sarif'])).toThrow(/text or --json/);
  });
});
