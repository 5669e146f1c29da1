import { describe, expect, it } from 'vitest';
import { fraction } from '../../../src/core/wording.js';

describe('figures for people', () => {
  it.each([
    [0.58343, '58.3 %'],
    [0.99, '99 %'],
    [0.999, '99.9 %'],
    [0.9999, '99.99 %'],
    [0.99989999, '99.99 %'],
    [0.99999, '99.999 %'],
    [0.9999999, '≈ 100 %'],
    [1, '100 %'],
    [0, '0 %'],
  ])('%s -> %s', (v, text) => {
    expect(fraction(v)).toBe(text);
  });
});
