/** The shapes of the property table: who owns a property, how it is written, what a row says. */
import type { ComponentKind } from './model.js';
import type { Dimension, RawQuantity } from './units.js';

export type Owner = ComponentKind | 'edge' | 'slo' | 'settings';

/** A written property value, mirrored from the syntax tree as plain data. */
export type RawValue =
  | { type: 'quantity'; quantity: RawQuantity }
  | { type: 'range'; min: RawQuantity; max: RawQuantity }
  | { type: 'quorum'; n: RawQuantity; r: RawQuantity; w: RawQuantity }
  | { type: 'ref'; store: string }
  | { type: 'word'; word: string }
  | { type: 'string'; text: string };

export type ValueShape =
  | { shape: 'quantity'; dimension: Dimension }
  | { shape: 'range'; dimension: Dimension }
  | { shape: 'quorum' }
  | { shape: 'word'; words: readonly string[]; open?: boolean }
  /** `local`, `none`, `client` or `in <component>`. */
  | { shape: 'placement' }
  /** No value, or yes / no / true / false. */
  | { shape: 'flag' }
  | { shape: 'string' };

export interface PropertySpec {
  key: string;
  value: ValueShape;
  on: readonly Owner[];
  doc: string;
  example: string;
  integer?: boolean;
  min?: number;
  /** Value must be strictly greater than `min`. */
  exclusiveMin?: boolean;
  max?: number;
  /** Words allowed after the value (`replicas 3 async`). */
  qualifiers?: readonly string[];
}

/** Kinds that serve requests (all but the load sources): capacity, service time, latency, availability. */
