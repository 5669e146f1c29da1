import { describe, expect, it } from 'vitest';
import { showConsistency } from '../../../src/core/figures/show.js';
import type { Consistency } from '../../../src/core/analysis/types.js';

const of = (cls: Consistency['class'], stalenessMs: number | null): Consistency => ({
  class: cls,
  stalenessMs,
  cap: 'AP',
  formula: '',
  inputs: {},
  text: '',
});

describe('showConsistency', () => {
  it('gives the staleness bound of the classes that may read old data', () => {
    expect(showConsistency(of('eventual', 200))).toBe('eventual ≤ 200 ms');
    // sticky reads to an async replica: never back in time, but up to the lag behind
    expect(showConsistency(of('monotonic', 200))).toBe('monotonic ≤ 200 ms');
    expect(showConsistency(of('monotonic', null))).toBe('monotonic');
    expect(showConsistency(of('strong', 0))).toBe('strong');
    expect(showConsistency(of('session', 0))).toBe('session');
  });
});
