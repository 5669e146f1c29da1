/** Mirrors syntax-tree values into the core's plain data (RawValue, SourceLocation). */
import { CompositeCstNodeImpl, type CstNode } from 'langium';
import type { Owner, RawValue } from '../core/property-types.js';
import { interpretProperty } from '../core/property-values.js';
import { isComponentKind, type SourceLocation } from '../core/model.js';
import type { RawQuantity, UnitContext } from '../core/units.js';
import {
  isComponent,
  isEdge,
  isQuantity,
  isQuorumValue,
  isRange,
  isSetStep,
  isSettings,
  isSlo,
  isStoreRef,
  isStringValue,
  isWordValue,
  type Property,
  type Quantity,
  type Value,
} from './generated/ast.js';

export function toRawQuantity(q: Quantity): RawQuantity {
  return {
    negative: q.negative,
    number: q.value ?? '0',
    scale: q.scale,
    unit: q.unit
      ? q.unit.over !== undefined
        ? { name: q.unit.name, per: q.unit.per, over: q.unit.over }
        : { name: q.unit.name, per: q.unit.per }
      : undefined,
  };
}

/** Strips the quotes and unescapes a STRING token's text. */
export function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'")) {
    return text.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  return text;
}

export function toRawValue(v: Value | undefined): RawValue | undefined {
  if (!v) return undefined;
  if (isRange(v)) return { type: 'range', min: toRawQuantity(v.min), max: toRawQuantity(v.max) };
  if (isQuantity(v)) return { type: 'quantity', quantity: toRawQuantity(v) };
  if (isQuorumValue(v)) return { type: 'quorum', n: toRawQuantity(v.n), r: toRawQuantity(v.r), w: toRawQuantity(v.w) };
  if (isStoreRef(v)) return { type: 'ref', store: v.store?.$refText ?? '' };
  if (isWordValue(v)) return { type: 'word', word: v.word };
  if (isStringValue(v)) return { type: 'string', text: unquote(v.text) };
  return undefined;
}

/** Who a property belongs to: a component kind, an edge, an slo or a settings block. */
export function ownerOf(p: Property): Owner | undefined {
  const c = p.$container;
  // A component of an unknown kind (reported once, at the kind) has no property table to check.
  if (isComponent(c)) return isComponentKind(c.kind) ? c.kind : undefined;
  if (isEdge(c)) return 'edge';
  if (isSlo(c)) return 'slo';
  if (isSettings(c)) return 'settings';
  // A scenario's step (`users rate 25 k rps`): the kind of the component it names, once resolved.
  if (isSetStep(c)) {
    const kind = c.component?.ref?.kind;
    return kind !== undefined && isComponentKind(kind) ? kind : undefined;
  }
  return undefined;
}

/** Where a CST node is, in the document with URI `uri` (the URI as a string, made once per document). */
export function cstLocation(uri: string, cst: CstNode | undefined): SourceLocation {
  const r = cst && rangeOf(cst);
  if (!r) return { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  // Langium's range as it is, not a copy: a composite node caches its range object (replaced,
  // never changed, when the text moves), a leaf makes a new one per read. Nothing changes a
  // location's range in place; sharing saves three objects per location, a few hundred bytes
  // per component.
  return { uri, range: r };
}

type Interpretation = ReturnType<typeof interpretProperty>;
const interpreted = new WeakMap<Property, { owner: Owner; monthSeconds: number; result: Interpretation }>();

/**
 * A property's meaning (value, unit problems), read once per syntax node, owner and month length:
 * the validator and the model builder both need it, and an incremental re-parse keeps the nodes
 * of untouched members. The result is shared: never change it.
 */
export function interpret(p: Property, owner: Owner, ctx: UnitContext): Interpretation {
  const hit = interpreted.get(p);
  if (hit && hit.owner === owner && hit.monthSeconds === ctx.monthSeconds) return hit.result;
  const result = interpretProperty(p.key, owner, toRawValue(p.value), p.qualifier, ctx);
  interpreted.set(p, { owner, monthSeconds: ctx.monthSeconds, result });
  return result;
}

/**
 * Langium's CST internals that archscale reads or sets: a leaf's position (an incremental
 * re-parse moves it in place: fast-parser/reparse.ts) and a composite's cached range (rangeOf fills it,
 * the re-parse clears it).
 */
export interface LeafFields {
  hidden: boolean;
  _offset: number;
  _startLine: number;
  _startColumn: number;
  _endLine: number;
  _endColumn: number;
}
export interface CompositeFields {
  _rangeCache: CstNode['range'] | undefined;
}

/** The first (or last) non-hidden leaf the way Langium's firstNonHiddenNode (lastNonHiddenNode) descends; undefined where it would fall back to a hidden node. */
function edgeLeaf(node: CompositeCstNodeImpl, first: boolean): LeafFields | undefined {
  let current: CstNode = node;
  while (current instanceof CompositeCstNodeImpl) {
    const content = current.content;
    let next: CstNode | undefined;
    if (first) {
      for (let k = 0; k < content.length && !next; k++) if (!content[k]!.hidden) next = content[k];
    } else {
      for (let k = content.length - 1; k >= 0 && !next; k--) if (!content[k]!.hidden) next = content[k];
    }
    if (!next) return undefined;
    current = next;
  }
  return current as unknown as LeafFields;
}

/**
 * A node's range, as Langium's getter gives it, for a composite node without the objects the
 * getter makes on the way (the ranges of its first and last leaves, cached on every node between):
 * a composite's range is read for every component and property when the model is built. Cached
 * where Langium caches it, so that Langium's getter returns the same object afterwards.
 */
function rangeOf(cst: CstNode): CstNode['range'] {
  if (!(cst instanceof CompositeCstNodeImpl)) return cst.range;
  const fields = cst as unknown as CompositeFields;
  if (fields._rangeCache) return fields._rangeCache;
  const a = edgeLeaf(cst, true);
  const b = edgeLeaf(cst, false);
  if (!a || !b) return cst.range;
  const start = { line: a._startLine, character: a._startColumn };
  const range = { start, end: b._endLine < a._startLine ? start : { line: b._endLine, character: b._endColumn } };
  fields._rangeCache = range;
  return range;
}
