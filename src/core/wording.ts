/**
 * How every number reads to people, on every surface (findings, hovers, hints, lenses, the CLI
 * table, the preview's tooltips, figure derivations): one function per kind of quantity, on top
 * of `units.ts`. Values are in the model's base units (rps, ms, bytes, fractions). Text written
 * back into a model (a quick fix's value) is the language's syntax, not wording: see
 * `rules/helpers/fix-values.ts`.
 */
import { roundFixed, roundPrecision } from './decimal.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from './units.js';

/** Rounds away binary noise (999.9999999 → 1000) before formatting. */
function tidy(x: number): number {
  return Number.isFinite(x) && x !== 0 ? roundPrecision(x, 9) : x;
}

/** A plain count or ratio: `850`, `1.5`, `9.6k`, `2.5M`; `∞` when infinite. */
export function count(x: number): string {
  return formatNumber(tidy(x));
}

/** A rate: `850 rps`, `9.6k rps`; `∞ rps` when infinite. */
export function rate(x: number): string {
  return `${count(x)} rps`;
}

/** A multiplier: `1.71×`. */
export function times(x: number): string {
  return Number.isFinite(x) ? `${count(x)}×` : '∞×';
}

/** A duration: `0.5 ms`, `1.5 s`, `9.4 h`, `12 days`, and in years beyond a year (`3.2 years`). */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  // below a nanosecond a time is nothing a designer can act on (an Erlang C wait of 4.5e-18 ms)
  if (Math.abs(ms) < 1e-6) return '0 ms';
  if (Math.abs(ms) >= YEAR_MS) {
    const y = count(ms / YEAR_MS);
    return `${y} ${y === '1' ? 'year' : 'years'}`;
  }
  return formatDuration(tidy(ms));
}

const YEAR_MS = 365.25 * 86_400_000;

/** Bytes in decimal units: `1.5 TB` (999,999,999,999.99 bytes read 1 TB, not 1000 GB). */
export function bytes(b: number): string {
  return formatBytes(tidy(b));
}

/** A share or utilisation: `48 %`, `100.3 %`, `67.5 %` (one decimal unless told otherwise). */
export function percent(f: number, digits = 1): string {
  if (!Number.isFinite(f)) return f > 0 ? '∞ %' : 'n/a';
  return formatPercent(tidy(f), digits);
}

/**
 * A fraction as a percentage with enough digits to tell the nines apart: 0.999 → 99.9 %,
 * 0.9999 → 99.99 %, 0.58343 → 58.3 %; above 99.9999 % → ≈ 100 %. For figures in tables and hints.
 */
export function fraction(v: number): string {
  if (v > 0.99 && v < 1) {
    const digits = Math.ceil(-Math.log10(1 - v) - 1e-9) - 2;
    if (digits > 4) return '≈ 100 %';
    return percent(v, Math.max(1, digits));
  }
  return percent(v);
}

/** An availability with all its nines (up to twelve): 0.999999 → `99.9999 %`. For derivations. */
export function availability(a: number): string {
  if (!Number.isFinite(a)) return 'n/a';
  if (a >= 1) return '100 %';
  if (a <= 0) return '0 %';
  const d = Math.min(12, Math.max(1, Math.ceil(-Math.log10(1 - a))));
  const t = String(roundFixed(a * 100, d));
  return t === '100' ? '> 99.9999999999 %' : `${t} %`;
}

/** `3 instances`, `1 replica`: a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** `users'`, `app's`: the possessive of a name. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** `a`, `a and b`, `a, b and c`. */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
