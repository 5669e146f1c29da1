/**
 * Building figures: a number with its formula, inputs and a sentence. Non-finite numbers
 * become null (in values and inputs), so results never hold NaN or Infinity.
 */
import type { Derivation, Figure, FigureUnit } from './types.js';

/** A finite number, else null. */
export function fin(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

type Inputs = Record<string, number | string | boolean | null | undefined>;

function clean(inputs: Inputs): Derivation['inputs'] {
  const out: Derivation['inputs'] = {};
  for (const k in inputs) {
    const v = inputs[k];
    if (v === undefined) continue;
    out[k] = typeof v === 'number' ? fin(v) : v;
  }
  return out;
}

/**
 * A figure whose `inputs` and `text` are computed on first read and then kept, so analyze() does
 * not pay for the sentences nobody reads (a 10,000-component model has some 300,000 of them).
 * `value`, `unit` and `formula` are own data properties; `inputs` and `text` are getters, and
 * `toJSON()` gives all five, so JSON.stringify sees the whole figure (see toPlain in index.ts).
 */
export class LazyFigure implements Figure {
  value: number | null;
  unit: FigureUnit;
  formula: string;
  #inputs: Inputs | Derivation['inputs'];
  #cleaned = false;
  #text: string | (() => string);

  constructor(
    value: number | null | undefined,
    unit: FigureUnit,
    formula: string,
    inputs: Inputs,
    text: string | (() => string),
  ) {
    this.value = typeof value === 'number' && Number.isFinite(value) ? value : null;
    this.unit = unit;
    this.formula = formula;
    this.#inputs = inputs;
    this.#text = text;
  }

  get inputs(): Derivation['inputs'] {
    if (!this.#cleaned) {
      this.#inputs = clean(this.#inputs as Inputs);
      this.#cleaned = true;
    }
    return this.#inputs as Derivation['inputs'];
  }

  set inputs(v: Derivation['inputs']) {
    this.#inputs = v;
    this.#cleaned = true;
  }

  get text(): string {
    const t = this.#text;
    return typeof t === 'string' ? t : (this.#text = t());
  }

  set text(v: string) {
    this.#text = v;
  }

  toJSON(): Figure {
    return { value: this.value, unit: this.unit, formula: this.formula, inputs: this.inputs, text: this.text };
  }
}

export function figure(
  value: number | null | undefined,
  unit: FigureUnit,
  formula: string,
  inputs: Inputs,
  text: string | (() => string),
): Figure {
  return new LazyFigure(value, unit, formula, inputs, text);
}

/** A value computed on first use, then kept. */
export function lazy<T>(make: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = make();
      done = true;
    }
    return v;
  };
}

/** A figure that does not exist, with the reason. */
export function none(unit: FigureUnit, text: string, formula = '—'): Figure {
  return { value: null, unit, formula, inputs: {}, text };
}

export function derivation(formula: string, inputs: Inputs, text: string): Derivation {
  return { formula, inputs: clean(inputs), text };
}
