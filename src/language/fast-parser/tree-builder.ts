/**
 * The fast parser's tree builder: builds the syntax tree as Langium's parser does, CST composites
 * and leaves as its `CstNodeBuilder` places them (comments included), AST nodes bound to them,
 * linked to their containers and given their mandatory defaults as its `construct` and `assign` do.
 */
import {
  CompositeCstNodeImpl,
  LeafCstNodeImpl,
  RootCstNodeImpl,
  type AstNode,
  type CstNode,
  type GrammarAST,
} from 'langium';
import type { Defaults } from './grammar.js';
import type { Tokens } from './lexer.js';

type AbstractElement = GrammarAST.AbstractElement;

/** An AST node under construction. */
export type Node = Record<string, unknown> & { $type: string };

/** The CST under construction, mirroring Langium's `CstNodeBuilder`. */
export class CstBuilder {
  readonly root: RootCstNodeImpl;
  private stack: CompositeCstNodeImpl[];
  constructor(text: string, base?: CompositeCstNodeImpl) {
    this.root = new RootCstNodeImpl(text);
    this.stack = [base ?? this.root];
  }
  get current(): CompositeCstNodeImpl {
    return this.stack[this.stack.length - 1] ?? this.root;
  }
  open(feature: AbstractElement): CompositeCstNodeImpl {
    const node = new CompositeCstNodeImpl();
    node.grammarSource = feature;
    const parent = this.current;
    node.container = parent;
    parent.content.push(node);
    this.stack.push(node);
    return node;
  }
  leaf(t: Tokens, i: number, feature: AbstractElement | undefined): LeafCstNodeImpl {
    const node = new LeafCstNodeImpl(
      t.start[i]!,
      t.len[i]!,
      t.line[i]!,
      t.col[i]!,
      t.endLine[i]!,
      t.endCol[i]!,
      t.type[i]!,
      feature === undefined,
    );
    if (feature) node.grammarSource = feature;
    return node;
  }
  append(node: CstNode): void {
    const parent = this.current;
    (node as LeafCstNodeImpl).container = parent;
    parent.content.push(node);
  }
  /** Langium's `addHiddenNodes`: comments go before the innermost node that has content. */
  addHidden(nodes: CstNode[]): void {
    let current: CompositeCstNodeImpl = this.current;
    if (current.content.length > 0) {
      for (const n of nodes) (n as LeafCstNodeImpl).container = current;
      current.content.push(...nodes);
      return;
    }
    while (current.container) {
      const parent = current.container as CompositeCstNodeImpl;
      // The current node is always its parent's last child while parsing.
      const index = parent.content.length - 1;
      if (index > 0) {
        for (const n of nodes) (n as LeafCstNodeImpl).container = parent;
        parent.content.splice(index, 0, ...nodes);
        return;
      }
      current = parent;
    }
    for (const n of nodes) (n as LeafCstNodeImpl).container = this.root;
    this.root.content.splice(0, 0, ...nodes);
  }
  /** Langium's `construct`: binds the AST node to the current composite and closes it. */
  close(item: { $cstNode?: CstNode }): void {
    item.$cstNode = this.current;
    const node = this.stack.pop()!;
    node.content = node.content.slice();
  }
}

/** Sets the properties Langium's `construct` defaults (`[]`, `false`) that the parse left unset. */
export function mandatory(node: Node, defaults: Defaults): void {
  const values = defaults.get(node.$type);
  if (!values) return;
  for (const [name, value] of values) {
    if (node[name] === undefined) node[name] = Array.isArray(value) ? [] : value;
  }
}

/** Assigns a child AST node as Langium's parser and `linkContentToContainer` do. */
export function setChild(parent: Node, feature: string, child: Node, cstNode: CompositeCstNodeImpl): void {
  cstNode.astNode = child as unknown as AstNode;
  parent[feature] = child;
  child.$container = parent;
  child.$containerProperty = feature;
}

/** Appends a child AST node to a list feature, likewise. */
export function pushChild(parent: Node, feature: string, child: Node, cstNode: CompositeCstNodeImpl): void {
  cstNode.astNode = child as unknown as AstNode;
  let list = parent[feature] as Node[] | undefined;
  if (list === undefined) parent[feature] = list = [];
  child.$container = parent;
  child.$containerProperty = feature;
  child.$containerIndex = list.length;
  list.push(child);
}
