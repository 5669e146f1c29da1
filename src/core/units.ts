/**
 * Units as part of the syntax: parsing a written quantity (`10 k rps`, `99.9 %`, `300 per minute`,
 * `2 TB`) into a base-unit number, with clear messages for missing, unknown and wrong units.
 * Base units: rps, ms, bytes, fractions. Pure functions.
 */

import { roundFixed, roundPrecision } from './decimal.js';

export type Dimension = 'count' | 'factor' | 'percent' | 'rate' | 'time' | 'bytes' | 'growth';

/** A quantity as written, mirrored from the syntax tree as plain data. */
export interface RawQuantity {
  negative: boolean;
  /** The digits as written (may contain `_` separators). */
  number: string;
  scale?: string;
  /** `over`: the time word of a growth rate (`8 % per month`: name `%`, over `month`). */
  unit?: { name: string; per: boolean; over?: string };
}

export interface UnitContext {
  /** Seconds in a month (the primer's 2.5 million by default). */
  monthSeconds: number;
}

/** Where in the written quantity a problem lies. */
export type QuantityPart = 'number' | 'unit' | 'scale' | 'whole';

export interface QuantityProblem {
  part: QuantityPart;
  message: string;
}

export type QuantityResult = { ok: true; value: number } | { ok: false; problem: QuantityProblem };

export const SCALES: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A year is 365.25 days (as in the primer's availability table). */
const YEAR = 365.25 * DAY;

/** Time units in ms; `month` is context dependent and handled separately. */
const TIME_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: SECOND,
  sec: SECOND,
  second: SECOND,
  seconds: SECOND,
  min: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hour: HOUR,
  hours: HOUR,
  day: DAY,
  days: DAY,
  week: WEEK,
  weeks: WEEK,
  year: YEAR,
  years: YEAR,
};
const MONTH_WORDS = new Set(['month', 'months']);

/**
 * Months in the period of a growth rate (`8 % per year`): a year is 12 months, a week 7 / 30.44
 * and a day 1 / 30.44 of one (30.44 days: a year's mean month); a rate per period converts to the
 * compounding monthly rate (1 + g)^(1 / months) - 1.
 */
const GROWTH_PERIOD_MONTHS: Readonly<Record<string, number>> = {
  day: 1 / 30.44,
  days: 1 / 30.44,
  week: 7 / 30.44,
  weeks: 7 / 30.44,
  month: 1,
  months: 1,
  year: 12,
  years: 12,
};

/** Decimal (SI) byte units and binary ones. */
const BYTE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
};

/** Units written directly as a rate. */
const RATE_UNITS: Readonly<Record<string, number>> = { rps: 1, qps: 1 };

/** The largest magnitude accepted for any quantity, after scaling (1e18). */
export const MAX_MAGNITUDE = 1e18;

const DIMENSION_HELP: Readonly<Record<Dimension, string>> = {
  count: 'a plain count with no unit (e.g. `4`)',
  factor: 'a plain factor (e.g. `1.5` or `1.5 x`)',
  percent: 'a percentage (e.g. `99.9 %`)',
  rate: 'a rate: `rps` or `per second|minute|hour|day|month` (e.g. `600 rps`, `3 million per day`)',
  time: 'a duration: `ms`, `s`, `min`, `h`, `day`, `week`, `month` or `year` (e.g. `150 ms`)',
  bytes: 'a size: `B`, `KB`, `MB`, `GB`, `TB` or `PB` (e.g. `2 KB`)',
  growth: 'a growth rate: `%` per day, week, month or year (e.g. `8 % per month`)',
};

export function dimensionHelp(d: Dimension): string {
  return DIMENSION_HELP[d];
}

/** All unit words a user may write, for completion and suggestions. */
export const UNIT_WORDS: Readonly<Record<Dimension, readonly string[]>> = {
  count: [],
  factor: ['x'],
  percent: ['%'],
  rate: ['rps', 'qps', 'per second', 'per minute', 'per hour', 'per day', 'per month'],
  time: ['ms', 's', 'min', 'h', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'],
  bytes: ['B', 'KB', 'MB', 'GB', 'TB', 'PB'],
  growth: ['% per month', '% per year', '% per week', '% per day'],
};

const ALL_UNIT_NAMES = [
  '%',
  'x',
  ...Object.keys(RATE_UNITS),
  ...Object.keys(TIME_UNITS),
  ...MONTH_WORDS,
  ...Object.keys(BYTE_UNITS),
];

/** Which dimension a unit word (not preceded by `per`) belongs to, if any. */
export function unitDimension(unit: { name: string; per: boolean; over?: string }): Dimension | undefined {
  if (unit.over !== undefined)
    return unit.name === '%' && Object.prototype.hasOwnProperty.call(GROWTH_PERIOD_MONTHS, unit.over)
      ? 'growth'
      : undefined;
  if (unit.per) return isTimeWord(unit.name) ? 'rate' : undefined;
  const n = unit.name;
  if (n === '%') return 'percent';
  if (n === 'x') return 'factor';
  if (n in RATE_UNITS) return 'rate';
  if (isTimeWord(n)) return 'time';
  if (n in BYTE_UNITS) return 'bytes';
  return undefined;
}

function isTimeWord(n: string): boolean {
  return Object.prototype.hasOwnProperty.call(TIME_UNITS, n) || MONTH_WORDS.has(n);
}

function timeMs(name: string, ctx: UnitContext): number {
  if (MONTH_WORDS.has(name)) return ctx.monthSeconds * SECOND;
  return TIME_UNITS[name]!;
}

/** Parses the digits of a written number (with `_` separators). */
export function parseNumber(text: string): number {
  return Number(text.replace(/_/g, ''));
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  // Optimal string alignment: insertions, deletions, substitutions and swaps of two neighbouring
  // letters (`rdeis` is one edit from `redis`), case ignored.
  const m = a.length;
  const n = b.length;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let before: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    before = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** Words longer than this get no suggestion (an edit distance costs the product of the lengths). */
const MAX_SUGGESTED_LENGTH = 64;

/** The closest candidate within a small edit distance, if any (the first of a tie). */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  return nearest(word, candidates)[0];
}

/** Every candidate at the least edit distance within a small limit (a tie: `wb` is as near `lb` as `web`). */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  if (word.length > MAX_SUGGESTED_LENGTH) return [];
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string[] = [];
  let bestD = Infinity;
  for (const c of candidates) {
    // Never the word itself: a name that is among the candidates needs no suggestion; nor one
    // whose length alone puts it out of reach.
    if (c === word || Math.abs(c.length - word.length) > limit) continue;
    const d = editDistance(word, c);
    if (d < bestD) {
      best = [c];
      bestD = d;
    } else if (d === bestD) best.push(c);
  }
  return bestD <= limit ? best : [];
}

function unitText(unit: { name: string; per: boolean; over?: string }): string {
  if (unit.over !== undefined) return `${unit.name} per ${unit.over}`;
  return unit.per ? `per ${unit.name}` : unit.name;
}

/**
 * Converts a written quantity to the base unit of `dimension`. `what` names the property in
 * messages (e.g. "capacity").
 */
export function convertQuantity(q: RawQuantity, dimension: Dimension, what: string, ctx: UnitContext): QuantityResult {
  const fail = (part: QuantityPart, message: string): QuantityResult => ({ ok: false, problem: { part, message } });
  let value = parseNumber(q.number);
  if (!Number.isFinite(value)) return fail('number', `${what}: the number ${q.number} is not a finite number`);
  if (q.scale !== undefined) {
    const s = SCALES[q.scale];
    if (s === undefined)
      return fail('scale', `${what}: unknown scale '${q.scale}' (use k, thousand, million or billion)`);
    if (dimension === 'percent') return fail('scale', `${what}: a percentage takes no scale word ('${q.scale}')`);
    value *= s;
  }
  if (q.negative) value = -value;
  if (Math.abs(value) > MAX_MAGNITUDE) {
    return fail('number', `${what}: ${q.number}${q.scale ? ' ' + q.scale : ''} is too large (at most 1e18)`);
  }

  const unit = q.unit;
  if (!unit) {
    if (dimension === 'count' || dimension === 'factor') return { ok: true, value };
    return fail('number', `${what} needs a unit: ${DIMENSION_HELP[dimension]}`);
  }
  const unitDim = unitDimension(unit);
  if (unitDim === undefined) {
    const hint = unit.per
      ? ` ('per' takes second, minute, hour, day, month or year)`
      : unit.over !== undefined
        ? ` (a growth rate is written \`8 % per month\`: % per day, week, month or year)`
        : suggestionText(unit.name, dimension);
    return fail('unit', `unknown unit '${unitText(unit)}'${hint}`);
  }
  if (dimension === 'count') {
    return fail('unit', `${what} is a plain count: remove the unit '${unitText(unit)}'`);
  }
  if (unitDim !== dimension) {
    return fail('unit', `'${unitText(unit)}' is a ${unitDim} unit, but ${what} needs ${DIMENSION_HELP[dimension]}`);
  }
  switch (dimension) {
    case 'factor':
      return { ok: true, value };
    case 'percent':
      return { ok: true, value: value / 100 };
    case 'rate': {
      if (!unit.per) return { ok: true, value: value * RATE_UNITS[unit.name]! };
      return { ok: true, value: (value * SECOND) / timeMs(unit.name, ctx) };
    }
    case 'time':
      return { ok: true, value: value * timeMs(unit.name, ctx) };
    case 'bytes':
      return { ok: true, value: value * BYTE_UNITS[unit.name]! };
    case 'growth':
      return { ok: true, value: (1 + value / 100) ** (1 / GROWTH_PERIOD_MONTHS[unit.over!]!) - 1 };
  }
}

function suggestionText(name: string, dimension: Dimension): string {
  const pool =
    dimension === 'count'
      ? ALL_UNIT_NAMES
      : [...UNIT_WORDS[dimension].filter((u) => !u.includes(' ')), ...ALL_UNIT_NAMES];
  const s = suggest(name, pool);
  return s ? `; did you mean '${s}'?` : `: ${what(dimension)}`;
}

function what(dimension: Dimension): string {
  return `expected ${DIMENSION_HELP[dimension]}`;
}

/** Formats a rate for people: 9600 -> "9.6k rps". */
export function formatRate(rps: number): string {
  return `${formatNumber(rps)} rps`;
}

/** Compact number: 1234 -> "1.23k", 2_500_000 -> "2.5M", 0.0042 -> "0.0042". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'n/a';
  const a = Math.abs(n);
  if (a >= 1e12) return String(roundFixed(n / 1e12, 2)) + 'T';
  if (a >= 1e9) return String(roundFixed(n / 1e9, 2)) + 'B';
  if (a >= 1e6) return String(roundFixed(n / 1e6, 2)) + 'M';
  if (a >= 1e4) return String(roundFixed(n / 1e3, 1)) + 'k';
  if (a >= 1e3) return String(roundFixed(n / 1e3, 2)) + 'k';
  if (a >= 100) return String(roundFixed(n, 0));
  if (a >= 1) return String(roundFixed(n, 2));
  if (a === 0) return '0';
  return String(roundPrecision(n, 2));
}

/** Formats a duration in ms for people: 0.5 -> "0.5 ms", 1500 -> "1.5 s", 90000 -> "1.5 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  const a = Math.abs(ms);
  if (a < 1000) return `${formatNumber(ms)} ms`;
  if (a < MINUTE) return `${formatNumber(ms / SECOND)} s`;
  if (a < HOUR) return `${formatNumber(ms / MINUTE)} min`;
  if (a < DAY) return `${formatNumber(ms / HOUR)} h`;
  const days = formatNumber(ms / DAY);
  return `${days} ${days === '1' ? 'day' : 'days'}`;
}

/** Decimal byte units, largest first. */
export const DECIMAL_BYTE_UNITS: readonly (readonly [string, number])[] = [
  ['PB', 1e15],
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['KB', 1e3],
];

/** Formats bytes with decimal units: 1.5e12 -> "1.5 TB". */
export function formatBytes(b: number): string {
  if (!Number.isFinite(b)) return '∞';
  for (const [u, f] of DECIMAL_BYTE_UNITS) if (Math.abs(b) >= f) return `${formatNumber(b / f)} ${u}`;
  return `${formatNumber(b)} B`;
}

/** Formats a fraction as a percentage: 0.999 -> "99.9 %". */
export function formatPercent(f: number, digits = 1): string {
  if (!Number.isFinite(f)) return 'n/a';
  return `${String(roundFixed(f * 100, digits))} %`;
}
