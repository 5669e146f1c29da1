/**
 * How a comparison reads: the terminal table and the Markdown (for the editor) carry the same
 * rows; Markdown escapes what it would read as its own and keeps edge arrows as written.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { compareWithAnalysis } from '../../../src/core/simulation/compare.js';
import { simulate } from '../../../src/core/simulation/index.js';
import { comparisonMarkdown, comparisonText } from '../../../src/core/simulation/report.js';
import { comp, edge, model } from './helpers.js';

const m = model(
  [comp('users', 'client', { rateRps: 100 }), comp('a_b', 'service', { serviceTimeMs: 2 })],
  [edge('users', 'a_b')],
);
const c = compareWithAnalysis(analyze(m), simulate(m, { durationS: 20, seed: 2, replications: 3 }));

describe('a comparison as text and Markdown', () => {
  it('has a row per compared figure in both', () => {
    const text = comparisonText(c);
    const md = comparisonMarkdown(c, 'model.arch');
    expect(c.rows.length).toBeGreaterThan(8);
    for (const r of c.rows) {
      expect(text).toContain(r.name);
    }
    expect(
      md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| subject') && !l.startsWith('| ---')).length,
    ).toBe(c.rows.length);
    expect(text).toMatch(/^Simulated 20 s × 3 replications, seed 2/);
  });
  it('escapes emphasis in names and keeps arrows', () => {
    const md = comparisonMarkdown(c, 'model.arch');
    expect(md).toContain('a\\_b');
    expect(md).toMatch(/users->a\\_b#\d+ \| throughput/);
    expect(md).not.toContain('-\\>');
  });
});

describe('verdicts', () => {
  it("hold the issue's tolerances: 2 % loads, 5 % mean, 10 % percentiles, 0.05 points of success", async () => {
    const { TOLERANCE } = await import('../../../src/core/simulation/compare.js');
    expect(TOLERANCE).toEqual({
      throughput: 0.02,
      utilization: 0.02,
      mean: 0.05,
      p50: 0.1,
      p95: 0.1,
      p99: 0.1,
      success: 0.0005,
    });
  });
  const est = (value: number) => ({ value, low: value, high: value, n: 3 });
  it('a percentile within half a histogram bucket of the simulation is inside its interval', async () => {
    const { verdictOf } = await import('../../../src/core/simulation/compare.js');
    expect(verdictOf('p50', 5, est(4.99)).verdict).toBe('agrees');
    expect(verdictOf('p50', 5, est(4.9)).verdict).toBe('close');
    expect(verdictOf('mean', 5, est(4.99)).verdict).toBe('close');
    expect(verdictOf('mean', 5, est(4)).verdict).toBe('differs');
  });
  it('a difference that rounds to zero has no sign', () => {
    expect(comparisonText(c)).not.toMatch(/−0 %/);
  });
});
