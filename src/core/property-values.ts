/**
 * Interpreting one written property against the property table: is the key allowed on its
 * owner, has the value the right shape, unit and range; the normalised value and the problems,
 * with "did you mean" suggestions.
 */
import { CACHE_ENGINES } from './model.js';
import { PROPERTY_BY_KEY, PROPERTY_SPECS, propertiesFor } from './properties.js';
import type { Owner, PropertySpec, RawValue, ValueShape } from './property-types.js';
import {
  convertQuantity,
  suggest,
  unitDimension,
  type Dimension,
  type RawQuantity,
  type UnitContext,
} from './units.js';

/** Values a property may hold once interpreted. */
export type PropertyValue =
  | number
  | boolean
  | string
  | { min: number; max: number }
  | { n: number; r: number; w: number }
  | { placement: 'local' | 'none' | 'client' }
  | { placement: 'store'; store: string };

/** Where a problem lies in a written property. */
export type PropertyPart =
  'key' | 'value' | 'number' | 'unit' | 'scale' | 'qualifier' | 'min' | 'max' | 'n' | 'r' | 'w';

export interface PropertyProblem {
  part: PropertyPart;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface InterpretedProperty {
  spec?: PropertySpec;
  value?: PropertyValue;
  qualifier?: string;
  problems: PropertyProblem[];
}

function ownerText(owner: Owner): string {
  if (owner === 'edge') return 'an edge';
  if (owner === 'slo') return 'an slo block';
  if (owner === 'settings') return 'a settings block';
  return `a ${owner}`;
}

const SHAPE_TEXT: Readonly<Record<ValueShape['shape'], string>> = {
  quantity: 'a number',
  range: 'a range min..max',
  quorum: 'a quorum `n N r R w W`',
  word: 'a word',
  placement: '`local`, `client`, `none` or `in <component>`',
  flag: 'no value (or yes/no)',
  string: 'a quoted string',
};

/**
 * Interprets one written property for an owner: checks the key is allowed there, the value
 * has the right shape, unit and range, and returns the normalised value with any problems.
 */
export function interpretProperty(
  key: string,
  owner: Owner,
  raw: RawValue | undefined,
  qualifier: string | undefined,
  ctx: UnitContext,
): InterpretedProperty {
  const problems: PropertyProblem[] = [];
  const err = (part: PropertyPart, code: string, message: string) =>
    problems.push({ part, severity: 'error', code, message });
  const spec = PROPERTY_BY_KEY.get(key);
  if (!spec) {
    err('key', 'unknown-property', `unknown property '${key}'`);
    return { problems };
  }
  if (!spec.on.includes(owner)) {
    const allowed = propertiesFor(owner).map((s) => s.key);
    const near = suggest(key, allowed);
    err(
      'key',
      'property-not-allowed',
      `'${key}' is not a property of ${ownerText(owner)}${near ? `; did you mean '${near}'?` : ''}`,
    );
    return { spec, problems };
  }
  let qual: string | undefined;
  if (qualifier !== undefined) {
    if (spec.qualifiers?.includes(qualifier)) qual = qualifier;
    else err('qualifier', 'bad-value', `'${qualifier}' cannot follow ${key}`);
  }
  const shape = spec.value;
  if (raw === undefined) {
    if (shape.shape === 'flag') return { spec, value: true, qualifier: qual, problems };
    err('key', 'missing-value', `${key} needs ${SHAPE_TEXT[shape.shape]}, e.g. \`${spec.example}\``);
    return { spec, problems };
  }

  const checkNumber = (q: RawQuantity, part: PropertyPart, dimension: Dimension): number | undefined => {
    const r = convertQuantity(q, dimension, key, ctx);
    if (!r.ok && q.unit && !q.unit.per && unitDimension(q.unit) === undefined) {
      // An unknown word after a number is often a mistyped next property (`instances 2 capacty 3`).
      let message = r.problem.message;
      if (!message.includes('did you mean')) {
        const near = suggest(
          q.unit.name,
          PROPERTY_SPECS.map((x) => x.key),
        );
        if (near) message = `unknown unit '${q.unit.name}'; if it starts the next property, did you mean '${near}'?`;
        else if (dimension === 'count')
          message = `unknown unit '${q.unit.name}' (${key} is a plain count, e.g. \`${spec.example}\`)`;
      }
      err(part === 'value' ? 'unit' : part, 'bad-unit', message);
      return undefined;
    }
    if (!r.ok) {
      const p: PropertyPart = r.problem.part === 'whole' ? part : part === 'value' ? r.problem.part : part;
      err(p, r.problem.part === 'unit' || r.problem.part === 'scale' ? 'bad-unit' : 'bad-number', r.problem.message);
      return undefined;
    }
    const v = r.value;
    const shown =
      dimension === 'percent'
        ? `${(v * 100).toPrecision(4).replace(/\.?0+$/, '')} %`
        : `${q.negative ? '-' : ''}${q.number}`;
    if (spec.min !== undefined && (v < spec.min || (spec.exclusiveMin && v === spec.min))) {
      if (v < 0) err(part === 'value' ? 'number' : part, 'bad-number', `${key} cannot be negative (got ${shown})`);
      else
        err(
          part === 'value' ? 'number' : part,
          'bad-number',
          `${key} must be ${spec.exclusiveMin ? 'greater than' : 'at least'} ${dimension === 'percent' ? `${Number((spec.min * 100).toPrecision(6))} %` : spec.min} (got ${shown})`,
        );
      return undefined;
    }
    if (spec.max !== undefined && v > spec.max) {
      const limit = dimension === 'percent' ? `${spec.max * 100} %` : String(spec.max);
      err(part === 'value' ? 'number' : part, 'bad-number', `${key} cannot exceed ${limit} (got ${shown})`);
      return undefined;
    }
    if (spec.integer && !Number.isInteger(v)) {
      err(part === 'value' ? 'number' : part, 'bad-number', `${key} must be a whole number (got ${shown})`);
      return undefined;
    }
    return v;
  };

  const wrongShape = () =>
    err('value', 'bad-value', `${key} needs ${SHAPE_TEXT[shape.shape]}, e.g. \`${spec.example}\``);

  switch (shape.shape) {
    case 'quantity': {
      if (raw.type !== 'quantity') {
        wrongShape();
        return { spec, problems };
      }
      const v = checkNumber(raw.quantity, 'value', shape.dimension);
      return { spec, value: v, qualifier: qual, problems };
    }
    case 'range': {
      if (raw.type === 'quantity') {
        const v = checkNumber(raw.quantity, 'value', shape.dimension);
        return { spec, value: v === undefined ? undefined : { min: v, max: v }, problems };
      }
      if (raw.type !== 'range') {
        wrongShape();
        return { spec, problems };
      }
      const min = checkNumber(raw.min, 'min', shape.dimension);
      const max = checkNumber(raw.max, 'max', shape.dimension);
      if (min === undefined || max === undefined) return { spec, problems };
      if (max < min) {
        err('value', 'bad-value', `${key}: the maximum (${max}) is below the minimum (${min})`);
        return { spec, problems };
      }
      return { spec, value: { min, max }, problems };
    }
    case 'quorum': {
      if (raw.type !== 'quorum') {
        wrongShape();
        return { spec, problems };
      }
      const vals: Record<'n' | 'r' | 'w', number | undefined> = { n: undefined, r: undefined, w: undefined };
      for (const part of ['n', 'r', 'w'] as const) {
        const r = convertQuantity(raw[part], 'count', `quorum ${part}`, ctx);
        if (!r.ok) err(part, r.problem.part === 'unit' ? 'bad-unit' : 'bad-number', r.problem.message);
        else if (!Number.isInteger(r.value) || r.value < 1)
          err(part, 'bad-number', `quorum ${part} must be a whole number of at least 1 (got ${r.value})`);
        else vals[part] = r.value;
      }
      if (vals.n === undefined || vals.r === undefined || vals.w === undefined) return { spec, problems };
      if (vals.r > vals.n) err('r', 'bad-number', `quorum r (${vals.r}) cannot exceed n (${vals.n})`);
      if (vals.w > vals.n) err('w', 'bad-number', `quorum w (${vals.w}) cannot exceed n (${vals.n})`);
      if (problems.length) return { spec, problems };
      return { spec, value: { n: vals.n, r: vals.r, w: vals.w }, problems };
    }
    case 'word': {
      if (raw.type !== 'word') {
        wrongShape();
        return { spec, problems };
      }
      const closedForCache = owner === 'cache' && key === 'engine';
      if (closedForCache ? (CACHE_ENGINES as readonly string[]).includes(raw.word) : shape.words.includes(raw.word)) {
        return { spec, value: raw.word, qualifier: qual, problems };
      }
      const near = suggest(raw.word, shape.words);
      if (shape.open && !closedForCache) {
        if (near && near !== raw.word) {
          problems.push({
            part: 'value',
            severity: 'warning',
            code: 'unknown-value',
            message: `unknown ${key} '${raw.word}'; did you mean '${near}'?`,
          });
        }
        return { spec, value: raw.word, problems };
      }
      const list = closedForCache ? CACHE_ENGINES : shape.words;
      err(
        'value',
        'bad-value',
        `unknown ${key} '${raw.word}'${near && list.includes(near) ? `; did you mean '${near}'?` : ''} (expected one of: ${list.join(', ')})`,
      );
      return { spec, problems };
    }
    case 'placement': {
      if (raw.type === 'ref') return { spec, value: { placement: 'store', store: raw.store }, problems };
      if (raw.type === 'word' && (raw.word === 'local' || raw.word === 'none' || raw.word === 'client')) {
        return { spec, value: { placement: raw.word }, problems };
      }
      wrongShape();
      return { spec, problems };
    }
    case 'flag': {
      if (raw.type === 'word' && ['yes', 'true'].includes(raw.word)) return { spec, value: true, problems };
      if (raw.type === 'word' && ['no', 'false'].includes(raw.word)) return { spec, value: false, problems };
      wrongShape();
      return { spec, problems };
    }
    case 'string': {
      if (raw.type !== 'string') {
        wrongShape();
        return { spec, problems };
      }
      return { spec, value: raw.text, problems };
    }
  }
}
