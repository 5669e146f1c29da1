/** `loadTotal` reads the same number as `value(f.load.total)`, from analysis results or plain data. */
import { describe, expect, it } from 'vitest';
import { analyze, generateModel, toPlain } from '../../../src/core/analysis/index.js';
import { loadTotal, value } from '../../../src/core/rules/helpers/figures.js';

describe('loadTotal', () => {
  const analysis = analyze(generateModel(60, 3));
  const plain = toPlain(analysis);

  it('equals the total load figure for every component and edge, live or plain', () => {
    expect(analysis.components.length).toBeGreaterThan(0);
    expect(analysis.edges.length).toBeGreaterThan(0);
    analysis.components.forEach((c, i) => {
      expect(loadTotal(c)).toBe(value(c.load.total));
      expect(loadTotal(plain.components[i])).toBe(value(c.load.total));
    });
    analysis.edges.forEach((e, i) => {
      expect(loadTotal(e)).toBe(value(e.load.total));
      expect(loadTotal(plain.edges[i])).toBe(value(e.load.total));
    });
    expect(analysis.components.some((c) => (loadTotal(c) ?? 0) > 0)).toBe(true);
  });

  it('is null for nothing', () => {
    expect(loadTotal(undefined)).toBeNull();
  });
});
