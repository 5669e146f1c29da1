/**
 * Comparing the fast parser's trees with Langium's: the AST (properties, order, references) and
 * the CST (nodes, grammar elements, offsets, ranges, comments) must be identical.
 */
import {
  EmptyFileSystem,
  isAstNode,
  isReference,
  type AstNode,
  type CstNode,
  type CompositeCstNode,
  type GrammarAST,
  type ParseResult,
} from 'langium';
import { expect } from 'vitest';
import { createArchscaleCoreServices } from '../../../src/language/archscale-module.js';
import { FastArchParser } from '../../../src/language/fast-parser/index.js';

const { Archscale } = createArchscaleCoreServices(EmptyFileSystem);
export const fast = new FastArchParser(Archscale);
/** Langium's own parser, bypassing the fast path. */
export const slow = (text: string) => Archscale.parser.LangiumParser.parse(text, { rule: 'Document' });

function element(e: GrammarAST.AbstractElement | undefined, ids: Map<unknown, number>): string {
  if (!e) return '-';
  let id = ids.get(e);
  if (id === undefined) ids.set(e, (id = ids.size));
  return `${e.$type}#${id}`;
}

/** The CST as lines: kind, grammar element identity, offsets, range, hidden, token type, AST binding. */
function describeCst(root: CstNode, ids: Map<unknown, number>, astIds: Map<unknown, number>): string[] {
  const out: string[] = [];
  const walk = (n: CstNode, depth: number) => {
    const r = n.range;
    const composite = 'content' in n;
    const own = composite ? (n as unknown as { _astNode?: AstNode })._astNode : undefined;
    let bound = '';
    if (own) {
      let id = astIds.get(own);
      if (id === undefined) astIds.set(own, (id = astIds.size));
      bound = ` ast#${id}`;
    }
    out.push(
      `${' '.repeat(depth)}${composite ? 'C' : 'L'} ${element(n.grammarSource as GrammarAST.AbstractElement, ids)} ${n.offset}+${n.length} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}${n.hidden ? ' hidden' : ''}${composite ? '' : ` ${(n as unknown as { tokenType: { name: string } }).tokenType.name}`}${bound}`,
    );
    if (composite) {
      for (const c of (n as CompositeCstNode).content) {
        if (c.container !== n) out.push(`${' '.repeat(depth + 1)}! wrong container`);
        walk(c, depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

/** The AST as JSON: every property in order, references as their text and CST node. */
function describeAst(node: AstNode, ids: Map<unknown, number>, astIds: Map<unknown, number>): unknown {
  const seen = (n: AstNode) => {
    let id = astIds.get(n);
    if (id === undefined) astIds.set(n, (id = astIds.size));
    return id;
  };
  const value = (v: unknown): unknown => {
    if (isReference(v))
      return {
        ref: v.$refText,
        node: `${v.$refNode?.offset}+${v.$refNode?.length} ${element(v.$refNode?.grammarSource as GrammarAST.AbstractElement, ids)}`,
      };
    if (isAstNode(v)) return describeAst(v, ids, astIds);
    if (Array.isArray(v)) return v.map(value);
    return v;
  };
  const out: Record<string, unknown> = { '#': seen(node) };
  for (const [k, v] of Object.entries(node)) {
    if (k === '$cstNode')
      out[k] =
        `${v?.offset}+${v?.length} ${element((v as CstNode | undefined)?.grammarSource as GrammarAST.AbstractElement, ids)}`;
    else if (k === '$container') out[k] = v ? seen(v as AstNode) : undefined;
    else out[k] = value(v);
  }
  return out;
}

export function compare(text: string): 'fast' | 'fallback' {
  const f = fast.parse(text);
  if (!f) return 'fallback';
  sameAsLangium(f, text);
  return 'fast';
}

/** `f` (from the fast parser) equals Langium's parse of `text`, which has no error. */
export function sameAsLangium(f: ParseResult<AstNode>, text: string): void {
  const s = slow(text);
  // Where Langium reports an error, the fast parser must have given up.
  expect({ lexer: s.lexerErrors.map((e) => e.message), parser: s.parserErrors.map((e) => e.message) }).toEqual({
    lexer: [],
    parser: [],
  });
  const idsF = new Map<unknown, number>(),
    idsS = new Map<unknown, number>();
  const astF = new Map<unknown, number>(),
    astS = new Map<unknown, number>();
  expect(describeAst(f.value, idsF, astF)).toEqual(describeAst(s.value, idsS, astS));
  expect(describeCst(f.value.$cstNode!, idsF, astF).join('\n')).toEqual(
    describeCst(s.value.$cstNode!, idsS, astS).join('\n'),
  );
  // Grammar elements are the same objects, not just the same shape.
  const sources = (root: CstNode): unknown[] => {
    const list: unknown[] = [];
    const walk = (n: CstNode) => {
      list.push(n.grammarSource);
      if ('content' in n) (n as CompositeCstNode).content.forEach(walk);
    };
    walk(root);
    return list;
  };
  const a = sources(f.value.$cstNode!),
    b = sources(s.value.$cstNode!);
  expect(a.every((x, i) => x === b[i])).toBe(true);
  expect(f.value.$cstNode!.root.fullText).toBe(text);
}
