import { describe, expect, it } from 'vitest';
import { duration } from '../../../src/core/wording.js';

describe('duration wording', () => {
  it('reads a time below a nanosecond as 0 ms, not in exponent notation', () => {
    // an Erlang C mean wait of a pool far from busy (capacity plan: 1.34 of 20 connections in use)
    expect(duration(4.5e-18)).toBe('0 ms');
    expect(duration(0)).toBe('0 ms');
    expect(duration(0.5)).toBe('0.5 ms');
    expect(duration(0.001)).toBe('0.001 ms');
    expect(duration(1500)).toBe('1.5 s');
  });
});
