/** A figure's value as people read it, by its unit (through the one wording module). */
import type { Consistency, Figure } from '../analysis/types.js';
import * as words from '../wording.js';

/** `9.6k rps`, `12 ms`, `48 %`, `1.71×`; `—` for a figure that does not exist. */
export function show(f: Figure | undefined | null): string {
  if (!f || f.value === null) return '—';
  const v = f.value;
  switch (f.unit) {
    case 'rps':
      return words.rate(v);
    case 'ms':
      return words.duration(v);
    case 'fraction':
      return words.fraction(v);
    case 'bytes':
      return words.bytes(v);
    case 'bytes/month':
      return `${words.bytes(v)}/month`;
    case 'months':
      return `${words.count(v)} months`;
    case 'multiplier':
      return words.times(v);
    default:
      return words.count(v);
  }
}

/** `strong`, `eventual ≤ 60 s`, `weak`. */
export function showConsistency(c: Consistency): string {
  // the classes that may read old data carry their bound (monotonic: sticky to a lagging replica)
  if (c.class === 'eventual' || c.class === 'monotonic')
    return c.stalenessMs !== null ? `${c.class} ≤ ${words.duration(c.stalenessMs)}` : c.class;
  return c.class;
}
