import { describe, expect, it } from 'vitest';
import {
  convertQuantity,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  type Dimension,
} from '../../../src/core/units.js';
import { load, sys } from '../helpers.js';

const ctx = { monthSeconds: 2_500_000 };
const q = (number: string, unit?: string, opts: { scale?: string; per?: boolean; negative?: boolean } = {}) => ({
  negative: opts.negative ?? false,
  number,
  scale: opts.scale,
  unit: unit === undefined ? undefined : { name: unit, per: opts.per ?? false },
});

// [written, dimension, expected base value]
const CASES: [ReturnType<typeof q>, Dimension, number][] = [
  [q('600', 'rps'), 'rate', 600],
  [q('600', 'qps'), 'rate', 600],
  [q('10', 'rps', { scale: 'k' }), 'rate', 10_000],
  [q('3', 'rps', { scale: 'thousand' }), 'rate', 3_000],
  [q('60', 'minute', { per: true }), 'rate', 1],
  [q('3600', 'hour', { per: true }), 'rate', 1],
  [q('86400', 'day', { per: true }), 'rate', 1],
  [q('2.5', 'month', { per: true, scale: 'million' }), 'rate', 1],
  [q('4', 'month', { per: true, scale: 'billion' }), 'rate', 1600],
  [q('5', 'second', { per: true }), 'rate', 5],
  [q('150', 'ms'), 'time', 150],
  [q('2', 's'), 'time', 2000],
  [q('1.5', 'min'), 'time', 90_000],
  [q('2', 'h'), 'time', 7_200_000],
  [q('1', 'day'), 'time', 86_400_000],
  [q('7', 'days'), 'time', 604_800_000],
  [q('1', 'week'), 'time', 604_800_000],
  [q('1', 'month'), 'time', 2_500_000_000],
  [q('1', 'year'), 'time', 31_557_600_000],
  [q('512', 'B'), 'bytes', 512],
  [q('2', 'KB'), 'bytes', 2000],
  [q('3', 'MB'), 'bytes', 3e6],
  [q('4', 'GB'), 'bytes', 4e9],
  [q('2', 'TB'), 'bytes', 2e12],
  [q('1', 'PB'), 'bytes', 1e15],
  [q('1', 'KiB'), 'bytes', 1024],
  [q('99.9', '%'), 'percent', 0.999],
  [q('0', '%'), 'percent', 0],
  [q('1.5'), 'factor', 1.5],
  [q('1.5', 'x'), 'factor', 1.5],
  [q('20'), 'count', 20],
  [q('10_000'), 'count', 10_000],
];

describe('units', () => {
  it.each(CASES)('%j as %s', (written, dim, expected) => {
    const r = convertQuantity(written, dim, 'p', ctx);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBeCloseTo(expected, 9);
  });

  it('honours a configured month length', () => {
    const r = convertQuantity(q('30', 'month', { per: true, scale: 'million' }), 'rate', 'rate', {
      monthSeconds: 30 * 86400,
    });
    expect(r.ok && r.value).toBeCloseTo(30e6 / 2_592_000, 9);
  });

  const BAD: [ReturnType<typeof q>, Dimension, string][] = [
    [q('600'), 'rate', 'needs a unit'],
    [q('150'), 'time', 'needs a unit'],
    [q('2'), 'bytes', 'needs a unit'],
    [q('80'), 'percent', 'needs a unit'],
    [q('600', 'rpz'), 'rate', "did you mean 'rps'"],
    [q('600', 'ms'), 'rate', "'ms' is a time unit"],
    [q('3', 'rps'), 'count', 'plain count'],
    [q('80', '%', { scale: 'k' }), 'percent', 'takes no scale'],
    [q('1', 'fortnight', { per: true }), 'rate', "'per' takes"],
    [q('1e400', 'rps'), 'rate', 'not a finite number'],
    [q('9999999999', 'rps', { scale: 'billion' }), 'rate', 'too large'],
  ];
  it.each(BAD)('rejects %j as %s', (written, dim, message) => {
    const r = convertQuantity(written, dim, 'p', ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toContain(message);
  });

  it('formats figures for people', () => {
    expect(formatNumber(9600)).toBe('9.6k');
    expect(formatNumber(1234)).toBe('1.23k');
    expect(formatNumber(2_500_000)).toBe('2.5M');
    expect(formatNumber(0.0042)).toBe('0.0042');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(86_400_000)).toBe('1 day');
    expect(formatDuration(7 * 86_400_000)).toBe('7 days');
    expect(formatDuration(0.5)).toBe('0.5 ms');
    expect(formatBytes(1.5e12)).toBe('1.5 TB');
    expect(formatPercent(0.999)).toBe('99.9 %');
  });

  it('normalises units through the language into the model', async () => {
    const r = await load(
      sys(`  settings { month 30 days }
  client c { rate 2.592 million per month writes 25 % payload 2 KB }
  service a { service-time 1.5 s latency 20 ms availability 99.95 % capacity 3 k rps }
  database d { storage 2 TB lag 100 ms retention 1 week }
  c -> a { timeout 300 ms share 50 % }`),
    );
    expect(r.diagnostics).toEqual([]);
    const c = r.model.components.find((x) => x.id === 'c')!;
    expect(c.rateRps).toBeCloseTo(1, 9);
    expect(c.readFraction).toBeCloseTo(0.75, 9);
    expect(c.payloadBytes).toBe(2000);
    const a = r.model.components.find((x) => x.id === 'a')!;
    expect(a).toMatchObject({ serviceTimeMs: 1500, latencyMs: 20, capacityRps: 3000 });
    expect(a.availability).toBeCloseTo(0.9995, 12);
    const d = r.model.components.find((x) => x.id === 'd')!;
    expect(d).toMatchObject({ storagePerNodeBytes: 2e12, lagMs: 100, retentionMs: 604_800_000 });
    expect(r.model.edges[0]).toMatchObject({ from: 'c', to: 'a', timeoutMs: 300, share: 0.5 });
    expect(r.model.systems[0]!.settings.monthSeconds).toBe(2_592_000);
  });
});
