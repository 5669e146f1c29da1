/**
 * The fast parser's recursive descent: reads the lexer's tokens rule by rule into the tree builder,
 * deciding as Chevrotain's look-ahead would, and gives up where the text is not plainly well formed.
 *
 * The decisions mirror Chevrotain's look-ahead for this grammar: an optional part is taken when
 * the next token can start it (Chevrotain looks only inside the rule); where that token could also
 * start what follows inside the rule, the parser gives up rather than guess.
 */
import {
  CompositeCstNodeImpl,
  ValueConverter,
  type AstNode,
  type CstNode,
  type GrammarAST,
  type Linker,
  type ParseResult,
} from 'langium';
import type { Defaults, Elements, ValueElements } from './grammar.js';
import { EOF_KIND, ID_KIND, STRING_KIND, type Lexed, type Tokens } from './lexer.js';
import { scenario } from './scenario.js';
import { propertyBody } from './values.js';
import { CstBuilder, mandatory, pushChild, type Node } from './tree-builder.js';

type AbstractElement = GrammarAST.AbstractElement;

/**
 * Why the parser gave up, thrown inside it and returned by `parseDocument`: at which token (its
 * offset in the text; the text's length at its end), and whether the text may well be valid
 * (a spot where Chevrotain would look further ahead) rather than broken there.
 */
export class GiveUp {
  constructor(
    readonly offset: number,
    readonly ambiguous: boolean,
  ) {}
}

/** What a parse reads from the language instance. */
export interface ParseContext {
  readonly elements: Elements;
  readonly defaults: Defaults;
  readonly linker: Linker;
}

/** Parses a whole lexed document, or says where and why it gave up (see `GiveUp`). */
export function parseDocument(context: ParseContext, text: string, lexed: Lexed): ParseResult<AstNode> | GiveUp {
  try {
    return new Run(context.elements, context.defaults, context.linker, text, lexed).document();
  } catch (e) {
    if (e instanceof GiveUp) return e;
    throw e;
  }
}

/**
 * Parses every lexed token as a system member into `system`, under `base` (see `Run.membersOnly`);
 * `false` if they are not whole members.
 */
export function parseMembers(
  context: ParseContext,
  text: string,
  lexed: Lexed,
  system: Node,
  base: CompositeCstNodeImpl,
): boolean {
  try {
    new Run(context.elements, context.defaults, context.linker, text, lexed, base).membersOnly(system, base);
    return true;
  } catch (e) {
    if (e instanceof GiveUp) return false;
    throw e;
  }
}

/** Whether the lexed tokens are whole system members: `undefined` if so, else where and why not. */
export function checkMembers(context: ParseContext, text: string, lexed: Lexed): GiveUp | undefined {
  const base = new CompositeCstNodeImpl();
  base.content.push(new CompositeCstNodeImpl());
  try {
    new Run(context.elements, context.defaults, context.linker, text, lexed, base).membersOnly(
      { $type: 'System', members: [] },
      base,
    );
    return undefined;
  } catch (e) {
    if (e instanceof GiveUp) return e;
    throw e;
  }
}

/**
 * The elements of a property's value and the unit words it takes: in braces, or in a scenario
 * step (`step`: where an optional word could also start the next step, Chevrotain looks further).
 */
export interface ValueSet {
  readonly e: ValueElements;
  readonly unitWords: Map<string, AbstractElement>;
  readonly step: boolean;
}

/** One parse: a token cursor, the CST builder and the AST under construction. */
export class Run {
  private p = 0;
  private h = 0;
  private readonly t: Tokens;
  private readonly hidden: Tokens;
  readonly cst: CstBuilder;
  readonly name: Map<string, AbstractElement>;
  readonly word: Map<string, AbstractElement>;
  private readonly kinds: Map<string, AbstractElement>;
  readonly keys: Map<string, AbstractElement>;
  readonly scales: Map<string, AbstractElement>;
  readonly plain: ValueSet;
  readonly stepValues: ValueSet;

  constructor(
    readonly g: Elements,
    private readonly defaults: Defaults,
    private readonly linker: Linker,
    private readonly text: string,
    lexed: Lexed,
    base?: CompositeCstNodeImpl,
  ) {
    this.t = lexed.tokens;
    this.hidden = lexed.hidden;
    this.cst = new CstBuilder(text, base);
    this.name = g.data.Name;
    this.word = g.data.Word;
    this.kinds = g.data.Kind;
    this.keys = g.data.PropertyKey;
    this.scales = g.data.Scale;
    this.plain = { e: g.values, unitWords: g.data.UnitWord, step: false };
    this.stepValues = { e: g.stepValues, unitWords: g.data.StepUnitWord, step: true };
  }

  kind(offset = 0): string {
    const i = this.p + offset;
    return i < this.t.count ? this.t.kind[i]! : EOF_KIND;
  }

  /** Gives up at the current token: the text is not well formed here (or ambiguous for Chevrotain). */
  fail(ambiguous = false): GiveUp {
    const i = this.p;
    return new GiveUp(i < this.t.count ? this.t.start[i]! : this.text.length, ambiguous);
  }

  /** Consumes the current token as a leaf for `feature`; returns its image. */
  consume(feature: AbstractElement): string {
    const t = this.t;
    const i = this.p;
    if (this.h < this.hidden.count && this.hidden.start[this.h]! < t.start[i]!) {
      const nodes: CstNode[] = [];
      while (this.h < this.hidden.count && this.hidden.start[this.h]! < t.start[i]!)
        nodes.push(this.cst.leaf(this.hidden, this.h++, undefined));
      this.cst.addHidden(nodes);
    }
    this.cst.append(this.cst.leaf(t, i, feature));
    this.p++;
    return this.text.substr(t.start[i]!, t.len[i]!);
  }

  expect(kind: string, feature: AbstractElement): string {
    if (this.kind() !== kind) throw this.fail();
    return this.consume(feature);
  }

  node(type: string): Node {
    return { $type: type };
  }

  /** Langium's `construct` for an AST node: CST binding, then mandatory defaults. */
  finish(node: Node): void {
    this.cst.close(node as { $cstNode?: CstNode });
    mandatory(node, this.defaults);
  }

  /** A datatype rule of one token: its value. */
  data(rule: Map<string, AbstractElement>, owner: AbstractElement): { value: string; cst: CompositeCstNodeImpl } {
    const k = this.kind();
    const leaf = rule.get(k);
    if (!leaf) throw this.fail();
    const cst = this.cst.open(owner);
    let value = this.consume(leaf);
    if (k === ID_KIND) value = ValueConverter.convertID(value);
    this.cst.close({});
    return { value, cst };
  }

  document(): ParseResult<AstNode> {
    const g = this.g;
    const doc = this.node('Document');
    while (this.kind() === 'import') {
      const cst = this.cst.open(g.doc.imports);
      const node = this.node('Import');
      this.consume(g.imp.kw);
      if (this.kind() !== STRING_KIND) throw this.fail();
      node.path = ValueConverter.convertString(this.consume(g.imp.path));
      if (this.kind() === ';') this.consume(g.imp.semi);
      this.finish(node);
      pushChild(doc, 'imports', node, cst);
    }
    while (this.kind() === 'system') this.system(doc);
    if (this.p !== this.t.count) throw this.fail();
    // The entry rule: the root CST node is the document's.
    const root = this.cst.root;
    (doc as { $cstNode?: CstNode }).$cstNode = root;
    root.content = root.content.slice();
    mandatory(doc, this.defaults);
    root.astNode = doc as unknown as AstNode;
    if (this.h < this.hidden.count) {
      const nodes: CstNode[] = [];
      while (this.h < this.hidden.count) nodes.push(this.cst.leaf(this.hidden, this.h++, undefined));
      this.cst.addHidden(nodes);
    }
    return { value: doc as unknown as AstNode, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] };
  }

  /**
   * Parses every token as a system member into `system`, under `base` (a stand-in for the system's
   * CST node whose first child is a placeholder, so comments land as they would in the system).
   */
  membersOnly(system: Node, base: CompositeCstNodeImpl): void {
    while (this.p < this.t.count) this.member(system);
    for (; this.h < this.hidden.count; this.h++) {
      const leaf = this.cst.leaf(this.hidden, this.h, undefined);
      leaf.container = base;
      base.content.push(leaf);
    }
  }

  private system(doc: Node): void {
    const g = this.g.system;
    const cst = this.cst.open(this.g.doc.systems);
    const node = this.node('System');
    this.consume(g.kw);
    node.name = this.data(this.name, g.name).value;
    this.expect('{', g.open);
    for (;;) {
      const k = this.kind();
      if (k === '}') break;
      this.member(node);
    }
    this.consume(g.close);
    this.finish(node);
    pushChild(doc, 'systems', node, cst);
  }

  private member(system: Node): void {
    const g = this.g;
    const k = this.kind();
    let rule: 'Component' | 'Edge' | 'Slo' | 'Settings' | 'Description' | 'Scenario';
    // Every keyword is also a name: `slo {` is the SLO block, `slo -> x` an edge from `slo`.
    const next = this.kind(1);
    if (next === '->' && this.name.has(k)) rule = 'Edge';
    else if (k === 'slo') rule = 'Slo';
    else if (k === 'settings') rule = 'Settings';
    else if (k === 'description') rule = 'Description';
    else if (k === 'scenario') rule = 'Scenario';
    else if (this.kinds.has(k) && this.name.has(next)) rule = 'Component';
    else throw this.fail();
    const outer = this.cst.open(g.system.members);
    this.cst.open(g.member[rule]);
    let node: Node;
    switch (rule) {
      case 'Component':
        node = this.component();
        break;
      case 'Edge':
        node = this.edge();
        break;
      case 'Slo':
        node = this.block('Slo', g.slo);
        break;
      case 'Settings':
        node = this.block('Settings', g.settings);
        break;
      case 'Description':
        node = this.description();
        break;
      case 'Scenario':
        node = scenario(this);
        break;
    }
    // The inner rule's `construct`, then SystemMember's (which rebinds the CST node).
    this.finish(node);
    this.finish(node);
    pushChild(system, 'members', node, outer);
  }

  private component(): Node {
    const g = this.g.component;
    const node = this.node('Component');
    node.kind = this.data(this.kinds, g.kind).value;
    node.name = this.data(this.name, g.name).value;
    if (this.kind() === '{') {
      this.consume(g.open);
      while (this.kind() !== '}') this.property(node, g.properties);
      this.consume(g.close);
    }
    return node;
  }

  reference(node: Node, feature: string, owner: AbstractElement): unknown {
    const { value, cst } = this.data(this.name, owner);
    return this.linker.buildReference(node as unknown as AstNode, feature, cst, value);
  }

  private edge(): Node {
    const g = this.g.edge;
    const node = this.node('Edge');
    node.source = this.reference(node, 'source', g.source);
    this.expect('->', g.arrow);
    const targets: unknown[] = [];
    node.targets = targets;
    targets.push(this.reference(node, 'targets', g.target0));
    while (this.kind() === ',') {
      this.consume(g.comma);
      targets.push(this.reference(node, 'targets', g.target1));
    }
    for (;;) {
      const k = this.kind();
      // A flag or `requires` right before `->` is the next edge's source (`cdc -> x`).
      if (this.kind(1) === '->') break;
      const flag = this.g.modifier.flags.get(k);
      if (flag) {
        const cst = this.cst.open(g.modifiers);
        const mod = this.node('EdgeModifier');
        mod.flag = this.consume(flag);
        this.finish(mod);
        pushChild(node, 'modifiers', mod, cst);
      } else if (k === 'requires') {
        const cst = this.cst.open(g.modifiers);
        const mod = this.node('EdgeModifier');
        this.consume(this.g.modifier.requires);
        mod.requirement = this.data(this.word, this.g.modifier.requirement).value;
        this.finish(mod);
        pushChild(node, 'modifiers', mod, cst);
      } else break;
    }
    if (this.kind() === '{') {
      this.consume(g.open);
      while (this.kind() !== '}') this.property(node, g.properties);
      this.consume(g.close);
    }
    return node;
  }

  private block(type: 'Slo' | 'Settings', g: Elements['slo']): Node {
    const node = this.node(type);
    this.consume(g.kw);
    this.expect('{', g.open);
    while (this.kind() !== '}') this.property(node, g.properties);
    this.consume(g.close);
    return node;
  }

  description(): Node {
    const g = this.g.description;
    const node = this.node('Description');
    this.consume(g.kw);
    if (this.kind() !== STRING_KIND) throw this.fail();
    node.text = ValueConverter.convertString(this.consume(g.text));
    if (this.kind() === ';') this.consume(g.semi);
    return node;
  }

  private property(owner: Node, feature: AbstractElement): void {
    const cst = this.cst.open(feature);
    const node = propertyBody(this, this.plain);
    pushChild(owner, 'properties', node, cst);
  }
}
