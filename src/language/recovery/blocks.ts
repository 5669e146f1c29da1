/**
 * What recovery reads in a member's words: property keys, an edge's flags, and where the block of
 * a member whose `{` is missing starts and whether it is that member's own.
 */
import { CONSISTENCY_REQUIREMENTS, isComponentKind } from '../../core/model.js';
import { PROPERTY_BY_KEY, takesProperty } from '../../core/properties.js';
import type { ScanToken } from './scan.js';
import type { MemberOutline } from './statements.js';

export const isPropertyKey = (word: string) => PROPERTY_BY_KEY.has(word);

/** Words of an edge that are not names (its flags and requirement). */
export const EDGE_WORDS: ReadonlySet<string> = new Set([
  'async',
  'sync',
  'cdc',
  'reads',
  'writes',
  'all',
  'parallel',
  'optional',
  'requires',
  ...CONSISTENCY_REQUIREMENTS,
]);

/**
 * The first token of a block whose `{` is missing: the outline's, or on an edge's one line (the
 * outline takes the third token) the first property after the edge's ends and flags.
 */
export function bodyStart(t: readonly ScanToken[], m: MemberOutline): number {
  const body = m.body!;
  if (!t.slice(m.first, body).some((x) => x.text === '->')) return body;
  for (let k = body; k < (m.close ?? m.last); k++) {
    const x = t[k]!;
    if (x.kind === 'word' && isPropertyKey(x.text) && !EDGE_WORDS.has(x.text)) return k;
  }
  return body;
}

/**
 * Whether the words of a block whose `{` is missing are properties its owner takes (a component
 * of that kind, or an edge; `head`: the member's header): the block is then this member's, not
 * lines of a deleted one below it.
 */
export function ownBlock(t: readonly ScanToken[], m: MemberOutline, body: number, head: readonly ScanToken[]): boolean {
  if (m.scenario) return false;
  const owner = head.some((x) => x.text === '->') ? 'edge' : head[0]?.text;
  if (owner === undefined || (owner !== 'edge' && !isComponentKind(owner))) return false;
  for (let k = body; k <= (m.close ?? m.last); k++) {
    const x = t[k]!;
    if (x.kind === 'word' && isPropertyKey(x.text) && !takesProperty(owner, x.text)) return false;
  }
  return true;
}
