/**
 * A hand-written parser for well-formed `.arch` text, about ten times faster than Langium's
 * Chevrotain parser, that builds exactly the syntax tree (AST and CST) Langium's parser builds.
 *
 * It is an accelerator, never a second definition of the language: whenever the text is not
 * plainly well formed (a character the lexer does not know, a token the grammar does not expect
 * here, or a spot where Chevrotain's choice would need more than one token of look-ahead, such as
 * `replication async` or a `1..5` range) it gives up and returns `undefined`, and Langium's parser
 * parses the text, with its own error recovery and messages. Where it succeeds, its result equals
 * Langium's node for node: the same AST properties in the same order, the same references, the
 * same CST nodes with the same grammar elements, offsets, ranges and comments (hidden nodes placed
 * by Langium's own rule). `test/unit/language/fast-parser.test.ts` compares both parsers on every
 * sample, fixture and generated model and on random token soup.
 *
 * The decisions mirror Chevrotain's look-ahead for this grammar: an optional part is taken when
 * the next token can start it (Chevrotain looks only inside the rule); where that token could also
 * start what follows inside the rule, the parser gives up rather than guess.
 */
import {
  CompositeCstNodeImpl,
  GrammarAST,
  LeafCstNodeImpl,
  RootCstNodeImpl,
  ValueConverter,
  AstUtils,
  type AstNode,
  type AstReflection,
  type CstNode,
  type LangiumCoreServices,
  type Linker,
  type ParseResult,
} from 'langium';
import type { CompositeFields, LeafFields } from './syntax.js';

/** A Chevrotain token type, as Langium's lexer defines them. */
type TokenType = LangiumCoreServices['parser']['Lexer']['definition'][string];

/** Thrown inside the parser to give up; never escapes `parse`. */
class GiveUp {}
const GIVE_UP = new GiveUp();

const ID_KIND = 'ID';
const NUMBER_KIND = 'NUMBER';
const STRING_KIND = 'STRING';
const EOF_KIND = '<EOF>';

type Grammar = GrammarAST.Grammar;
type AbstractElement = GrammarAST.AbstractElement;

/** Grammar elements of one rule, looked up by kind, feature or keyword. */
class RuleElements {
  private readonly elements: AbstractElement[];
  constructor(readonly rule: GrammarAST.ParserRule) {
    this.elements = [
      rule.definition,
      ...AstUtils.streamAllContents(rule.definition).filter(GrammarAST.isAbstractElement),
    ];
  }
  keyword(value: string, nth = 0): GrammarAST.Keyword {
    const found = this.elements.filter((e): e is GrammarAST.Keyword => GrammarAST.isKeyword(e) && e.value === value)[
      nth
    ];
    if (!found) throw new Error(`fast parser: no keyword '${value}' #${nth} in rule ${this.rule.name}`);
    return found;
  }
  keywords(): Map<string, GrammarAST.Keyword> {
    const map = new Map<string, GrammarAST.Keyword>();
    for (const e of this.elements) if (GrammarAST.isKeyword(e) && !map.has(e.value)) map.set(e.value, e);
    return map;
  }
  /** The terminal (rule call, cross-reference or keyword) of the nth assignment to `feature`. */
  assigned(feature: string, nth = 0): AbstractElement {
    const found = this.elements.filter(
      (e): e is GrammarAST.Assignment => GrammarAST.isAssignment(e) && e.feature === feature,
    )[nth];
    if (!found) throw new Error(`fast parser: no assignment '${feature}' #${nth} in rule ${this.rule.name}`);
    return found.terminal;
  }
  /** The nth call of rule `name` (assigned or not). */
  call(name: string, nth = 0): GrammarAST.RuleCall {
    const found = this.elements.filter(
      (e): e is GrammarAST.RuleCall => GrammarAST.isRuleCall(e) && e.rule.$refText === name,
    )[nth];
    if (!found) throw new Error(`fast parser: no call of ${name} #${nth} in rule ${this.rule.name}`);
    return found;
  }
}

interface Tokens {
  kind: string[];
  start: Int32Array;
  len: Int32Array;
  line: Int32Array;
  col: Int32Array;
  endLine: Int32Array;
  endCol: Int32Array;
  type: TokenType[];
  count: number;
}

/**
 * Token columns, typed and grown by doubling (a 50,000-component file has over a million
 * tokens: plain arrays grown one element at a time cost more than the rest of the lexer).
 */
function emptyTokens(capacity: number): Tokens {
  const n = Math.max(64, capacity);
  return {
    kind: new Array<string>(n),
    start: new Int32Array(n),
    len: new Int32Array(n),
    line: new Int32Array(n),
    col: new Int32Array(n),
    endLine: new Int32Array(n),
    endCol: new Int32Array(n),
    type: new Array<TokenType>(n),
    count: 0,
  };
}

/** Room for one more token. */
function reserve(t: Tokens): number {
  const k = t.count++;
  if (k === t.start.length) {
    const n = k * 2;
    const more = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    t.start = more(t.start);
    t.len = more(t.len);
    t.line = more(t.line);
    t.col = more(t.col);
    t.endLine = more(t.endLine);
    t.endCol = more(t.endCol);
    t.kind.length = n;
    t.type.length = n;
  }
  return k;
}

const enum Ch {
  Tab = 9,
  LF = 10,
  VT = 11,
  FF = 12,
  CR = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Percent = 37,
  Apos = 39,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Star = 42,
  D0 = 48,
  D9 = 57,
  Semi = 59,
  Gt = 62,
  A = 65,
  Z = 90,
  Backslash = 92,
  Underscore = 95,
  a = 97,
  z = 122,
  LBrace = 123,
  RBrace = 125,
  E = 69,
  e = 101,
  Plus = 43,
}

function isWordStart(c: number): boolean {
  return (c >= Ch.a && c <= Ch.z) || (c >= Ch.A && c <= Ch.Z) || c === Ch.Underscore;
}
function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= Ch.D0 && c <= Ch.D9);
}
function isDigit(c: number): boolean {
  return c >= Ch.D0 && c <= Ch.D9;
}
/** JavaScript's `\s`, which Langium's hidden WS terminal skips. */
function isSpace(c: number): boolean {
  return (
    c === Ch.Space ||
    (c >= Ch.Tab && c <= Ch.CR) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

interface Lexed {
  tokens: Tokens;
  hidden: Tokens;
  /** Line and line-start offset where lexing stopped. */
  line: number;
  lineStart: number;
}

/** The CST under construction, mirroring Langium's `CstNodeBuilder`. */
class CstBuilder {
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

type Node = Record<string, unknown> & { $type: string };

/**
 * The fast parser for one language instance. `parse` returns Langium's `ParseResult` for a
 * well-formed text, or `undefined` to hand the text to Langium's parser.
 */
export class FastArchParser {
  private readonly keywordTypes = new Map<string, TokenType>();
  private readonly terminalTypes: Record<'ID' | 'NUMBER' | 'STRING' | 'SL_COMMENT' | 'ML_COMMENT', TokenType>;
  private readonly defaults = new Map<string, [string, unknown][]>();
  private readonly g: ReturnType<FastArchParser['elements']>;
  private linkerRef: Linker | undefined;

  constructor(private readonly services: LangiumCoreServices) {
    const defs = services.parser.Lexer.definition;
    const terminal = (name: string): TokenType => {
      const t = defs[name];
      if (!t) throw new Error(`fast parser: no token type ${name}`);
      return t;
    };
    this.terminalTypes = {
      ID: terminal('ID'),
      NUMBER: terminal('NUMBER'),
      STRING: terminal('STRING'),
      SL_COMMENT: terminal('SL_COMMENT'),
      ML_COMMENT: terminal('ML_COMMENT'),
    };
    const terminalNames = new Set(['ID', 'NUMBER', 'STRING', 'SL_COMMENT', 'ML_COMMENT', 'WS']);
    for (const [name, type] of Object.entries(defs)) if (!terminalNames.has(name)) this.keywordTypes.set(name, type);
    this.g = this.elements(services.Grammar, services.shared.AstReflection);
  }

  private get linker(): Linker {
    return (this.linkerRef ??= this.services.references.Linker);
  }

  /** Every grammar element the parser attaches to CST nodes, looked up once. */
  private elements(grammar: Grammar, reflection: AstReflection) {
    const rules = new Map<string, RuleElements>();
    for (const r of grammar.rules) if (GrammarAST.isParserRule(r)) rules.set(r.name, new RuleElements(r));
    const rule = (name: string): RuleElements => {
      const r = rules.get(name);
      if (!r) throw new Error(`fast parser: no rule ${name}`);
      return r;
    };
    for (const name of [
      'Document',
      'Import',
      'System',
      'Description',
      'Slo',
      'Settings',
      'Component',
      'Edge',
      'EdgeModifier',
      'Property',
      'Quantity',
      'Unit',
      'QuorumValue',
      'StoreRef',
      'WordValue',
      'StringValue',
      'Range',
    ]) {
      const props = reflection.getTypeMetaData(name).properties;
      this.defaults.set(
        name,
        Object.values(props)
          .filter((p) => p.defaultValue !== undefined)
          .map((p) => [p.name, p.defaultValue]),
      );
    }
    // A datatype rule made of single tokens: keywords and maybe ID.
    const dataRule = (name: string): Map<string, AbstractElement> => {
      const r = rule(name);
      const leaf = new Map<string, AbstractElement>(r.keywords());
      const calls = [...AstUtils.streamAllContents(r.rule.definition)].filter(GrammarAST.isRuleCall);
      if (GrammarAST.isRuleCall(r.rule.definition)) calls.push(r.rule.definition);
      for (const c of calls) leaf.set(c.rule.$refText, c);
      return leaf;
    };
    const doc = rule('Document'),
      imp = rule('Import'),
      system = rule('System'),
      member = rule('SystemMember');
    const description = rule('Description'),
      slo = rule('Slo'),
      settings = rule('Settings');
    const component = rule('Component'),
      edge = rule('Edge'),
      modifier = rule('EdgeModifier'),
      property = rule('Property');
    const value = rule('Value'),
      qor = rule('QuantityOrRange'),
      quorum = rule('QuorumValue'),
      storeRef = rule('StoreRef');
    const wordValue = rule('WordValue'),
      stringValue = rule('StringValue'),
      quantity = rule('Quantity'),
      unit = rule('Unit');
    const qorAction = AstUtils.streamAllContents(qor.rule.definition).find(GrammarAST.isAction);
    if (!qorAction) throw new Error('fast parser: no action in QuantityOrRange');
    // The keywords of an assignment's alternatives (`flag=('async' | ...)`), by text.
    const keywordsIn = (element: AbstractElement) =>
      new Map<string, AbstractElement>(
        AstUtils.streamAllContents(element)
          .filter(GrammarAST.isKeyword)
          .map((k) => [k.value, k]),
      );
    const flagKeywords = keywordsIn(modifier.assigned('flag'));
    const qualifierKeywords = keywordsIn(property.assigned('qualifier'));
    return {
      doc: { imports: doc.assigned('imports'), systems: doc.assigned('systems') },
      imp: { kw: imp.keyword('import'), path: imp.assigned('path'), semi: imp.keyword(';') },
      system: {
        kw: system.keyword('system'),
        name: system.assigned('name'),
        open: system.keyword('{'),
        members: system.assigned('members'),
        close: system.keyword('}'),
      },
      member: {
        Component: member.call('Component'),
        Edge: member.call('Edge'),
        Slo: member.call('Slo'),
        Settings: member.call('Settings'),
        Description: member.call('Description'),
      },
      description: {
        kw: description.keyword('description'),
        text: description.assigned('text'),
        semi: description.keyword(';'),
      },
      slo: {
        kw: slo.keyword('slo'),
        open: slo.keyword('{'),
        properties: slo.assigned('properties'),
        close: slo.keyword('}'),
      },
      settings: {
        kw: settings.keyword('settings'),
        open: settings.keyword('{'),
        properties: settings.assigned('properties'),
        close: settings.keyword('}'),
      },
      component: {
        kind: component.assigned('kind'),
        name: component.assigned('name'),
        open: component.keyword('{'),
        properties: component.assigned('properties'),
        close: component.keyword('}'),
      },
      edge: {
        source: edge.assigned('source'),
        arrow: edge.keyword('->'),
        target0: edge.assigned('targets', 0),
        comma: edge.keyword(','),
        target1: edge.assigned('targets', 1),
        modifiers: edge.assigned('modifiers'),
        open: edge.keyword('{'),
        properties: edge.assigned('properties'),
        close: edge.keyword('}'),
      },
      modifier: {
        flags: flagKeywords,
        requires: modifier.keyword('requires'),
        requirement: modifier.assigned('requirement'),
      },
      property: {
        key: property.assigned('key'),
        value: property.assigned('value'),
        qualifiers: qualifierKeywords,
        semi: property.keyword(';'),
      },
      value: {
        qor: value.call('QuantityOrRange'),
        quorum: value.call('QuorumValue'),
        storeRef: value.call('StoreRef'),
        word: value.call('WordValue'),
        string: value.call('StringValue'),
      },
      qor: { quantity: qor.call('Quantity'), action: qorAction, dots: qor.keyword('..'), max: qor.assigned('max') },
      quorum: {
        n: quorum.keyword('n'),
        nq: quorum.assigned('n'),
        r: quorum.keyword('r'),
        rq: quorum.assigned('r'),
        w: quorum.keyword('w'),
        wq: quorum.assigned('w'),
      },
      storeRef: { kw: storeRef.keyword('in'), store: storeRef.assigned('store') },
      wordValue: { word: wordValue.assigned('word') },
      stringValue: { text: stringValue.assigned('text') },
      quantity: {
        minus: quantity.keyword('-'),
        value: quantity.assigned('value'),
        scale: quantity.assigned('scale'),
        unit: quantity.assigned('unit'),
      },
      unit: { per: unit.keyword('per'), name0: unit.assigned('name', 0), name1: unit.assigned('name', 1) },
      data: {
        Name: dataRule('Name'),
        Word: dataRule('Word'),
        ComponentKind: dataRule('ComponentKind'),
        PropertyKey: dataRule('PropertyKey'),
        Scale: dataRule('Scale'),
        UnitWord: dataRule('UnitWord'),
      },
    };
  }

  /**
   * Lexes `text` (or its part from `from` to `to`, starting at the given line) as Langium's lexer
   * would, or gives up.
   */
  lex(text: string, from = 0, to = text.length, startLine = 0, startLineStart = 0): Lexed | undefined {
    // About one token in five characters (and one hidden token in fifty) in ordinary files.
    const tokens = emptyTokens((to - from) >> 2);
    const hidden = emptyTokens((to - from) >> 5);
    const n = to;
    let i = from;
    let line = startLine;
    let lineStart = startLineStart;
    const push = (
      t: Tokens,
      kind: string,
      type: TokenType,
      start: number,
      end: number,
      endLine: number,
      endCol: number,
    ) => {
      const k = reserve(t);
      t.kind[k] = kind;
      t.type[k] = type;
      t.start[k] = start;
      t.len[k] = end - start;
      t.line[k] = line;
      t.col[k] = start - lineStart;
      t.endLine[k] = endLine;
      t.endCol[k] = endCol;
    };
    const keyword = (word: string, start: number, end: number): boolean => {
      const type = this.keywordTypes.get(word);
      if (!type) return false;
      push(tokens, word, type, start, end, line, end - lineStart);
      return true;
    };
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        if (c === Ch.LF) {
          line++;
          lineStart = i + 1;
        } else if (c === Ch.CR) {
          if (text.charCodeAt(i + 1) === Ch.LF) i++;
          line++;
          lineStart = i + 1;
        }
        i++;
        continue;
      }
      const start = i;
      if (isWordStart(c)) {
        i++;
        while (i < n && isWordChar(text.charCodeAt(i))) i++;
        while (text.charCodeAt(i) === Ch.Minus && isWordChar(text.charCodeAt(i + 1))) {
          i += 2;
          while (i < n && isWordChar(text.charCodeAt(i))) i++;
        }
        const word = text.slice(start, i);
        if (!keyword(word, start, i)) push(tokens, ID_KIND, this.terminalTypes.ID, start, i, line, i - lineStart);
        continue;
      }
      if (isDigit(c)) {
        i++;
        while (i < n && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === Ch.Underscore)) i++;
        if (text.charCodeAt(i) === Ch.Dot && isDigit(text.charCodeAt(i + 1))) {
          i += 2;
          while (isDigit(text.charCodeAt(i))) i++;
        }
        const e = text.charCodeAt(i);
        if (e === Ch.E || e === Ch.e) {
          let j = i + 1;
          const s = text.charCodeAt(j);
          if (s === Ch.Plus || s === Ch.Minus) j++;
          if (isDigit(text.charCodeAt(j))) {
            i = j + 1;
            while (isDigit(text.charCodeAt(i))) i++;
          }
        }
        push(tokens, NUMBER_KIND, this.terminalTypes.NUMBER, start, i, line, i - lineStart);
        continue;
      }
      if (c === Ch.Quote || c === Ch.Apos) {
        i++;
        for (;;) {
          const d = text.charCodeAt(i);
          if (i >= n || d === Ch.LF || d === Ch.CR || d === 0x2028 || d === 0x2029) return undefined;
          if (d === c) break;
          if (d === Ch.Backslash) {
            const e2 = text.charCodeAt(i + 1);
            if (i + 1 >= n || e2 === Ch.LF || e2 === Ch.CR || e2 === 0x2028 || e2 === 0x2029) return undefined;
            i += 2;
          } else i++;
        }
        i++;
        push(tokens, STRING_KIND, this.terminalTypes.STRING, start, i, line, i - lineStart);
        continue;
      }
      if (c === Ch.Hash || (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Slash)) {
        while (i < n && text.charCodeAt(i) !== Ch.LF && text.charCodeAt(i) !== Ch.CR) i++;
        push(hidden, 'SL_COMMENT', this.terminalTypes.SL_COMMENT, start, i, line, i - lineStart);
        continue;
      }
      if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Star) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0 || close + 2 > n) return undefined;
        const end = close + 2;
        const startLine = line;
        const startCol = start - lineStart;
        for (let j = start; j < end; j++) {
          const d = text.charCodeAt(j);
          if (d === Ch.LF) {
            line++;
            lineStart = j + 1;
          } else if (d === Ch.CR) {
            if (text.charCodeAt(j + 1) === Ch.LF) j++;
            line++;
            lineStart = j + 1;
          }
        }
        const k = reserve(hidden);
        hidden.kind[k] = 'ML_COMMENT';
        hidden.type[k] = this.terminalTypes.ML_COMMENT;
        hidden.start[k] = start;
        hidden.len[k] = end - start;
        hidden.line[k] = startLine;
        hidden.col[k] = startCol;
        hidden.endLine[k] = line;
        hidden.endCol[k] = end - lineStart;
        i = end;
        continue;
      }
      let punct: string | undefined;
      if (c === Ch.Minus) punct = text.charCodeAt(i + 1) === Ch.Gt ? '->' : '-';
      else if (c === Ch.Dot) punct = text.charCodeAt(i + 1) === Ch.Dot ? '..' : undefined;
      else if (c === Ch.LBrace) punct = '{';
      else if (c === Ch.RBrace) punct = '}';
      else if (c === Ch.Comma) punct = ',';
      else if (c === Ch.Semi) punct = ';';
      else if (c === Ch.Percent) punct = '%';
      if (punct === undefined) return undefined;
      i += punct.length;
      if (!keyword(punct, start, i)) return undefined;
    }
    return { tokens, hidden, line, lineStart };
  }

  /**
   * Incremental re-parse after an edit: re-parses only the system members the edit touched and
   * splices them into the old tree (which is updated in place: the other nodes are kept and their
   * positions moved), so that the result equals a full parse of `text`. Returns `undefined`,
   * having changed nothing, when that cannot be guaranteed: the old tree had errors, the edit is
   * outside a system's braces or touches its braces, the edited stretch does not begin and end
   * with white space, or it does not parse as whole members.
   *
   * Why the rest of the tree stays valid: members are parsed one after another; the re-parsed
   * stretch starts right after a member (or `{`) and ends right before one (or `}`), and a member
   * starts with a name or `slo`/`settings`/`description`, which can never continue the member
   * before it, nor can a following member or `}` continue the last re-parsed one.
   */
  reparse(old: ParseResult<AstNode>, text: string): ParseResult<AstNode> | undefined {
    if (old.lexerErrors.length > 0 || old.parserErrors.length > 0) return undefined;
    const doc = old.value as unknown as Node & { systems?: Node[] };
    const root = doc.$cstNode;
    if (doc.$type !== 'Document' || !(root instanceof RootCstNodeImpl)) return undefined;
    const oldText = root.fullText;
    if (oldText === text) return old;
    const oldLen = oldText.length;
    const max = Math.min(oldLen, text.length);
    let pre = 0;
    while (pre < max && oldText.charCodeAt(pre) === text.charCodeAt(pre)) pre++;
    let suf = 0;
    while (suf < max - pre && oldText.charCodeAt(oldLen - 1 - suf) === text.charCodeAt(text.length - 1 - suf)) suf++;
    const a = pre;
    const b = oldLen - suf;
    const delta = text.length - oldLen;
    const g = this.g;

    for (const system of doc.systems ?? []) {
      const sc = system.$cstNode as CompositeCstNodeImpl | undefined;
      if (!(sc instanceof CompositeCstNodeImpl)) return undefined;
      const content = sc.content;
      const closeIdx = content.length - 1;
      const openIdx = content.findIndex((c) => c.grammarSource === g.system.open);
      if (openIdx < 0 || content[closeIdx]?.grammarSource !== g.system.close) return undefined;
      if (b <= content[openIdx]!.offset) return undefined; // before this system's braces
      if (a < content[openIdx]!.end || b > content[closeIdx]!.offset) continue;

      // The members around the edit: the last one ending before it, the first one starting after.
      let left = openIdx;
      let right = closeIdx;
      for (let k = openIdx + 1; k < closeIdx; k++) {
        const c = content[k]!;
        if (c.grammarSource !== g.system.members) continue;
        if (c.end <= a) left = k;
        else if (c.offset >= b) {
          right = k;
          break;
        }
      }
      const leftNode = content[left]!;
      const rightNode = content[right]!;
      const start = leftNode.end;
      const endOld = rightNode.offset;
      const endNew = endOld + delta;
      if (endNew <= start || !isSpace(text.charCodeAt(start)) || !isSpace(text.charCodeAt(endNew - 1)))
        return undefined;

      const leftEnd = leftNode.range.end;
      const lexed = this.lex(text, start, endNew, leftEnd.line, start - leftEnd.character);
      if (!lexed) return undefined;
      const base = new CompositeCstNodeImpl();
      base.content.push(new CompositeCstNodeImpl());
      const stand = { $type: 'System', members: [] as Node[] } as Node;
      try {
        new Run(g, this.defaults, this.linker, text, lexed, base).membersOnly(stand, base);
      } catch (e) {
        if (e === GIVE_UP) return undefined;
        throw e;
      }

      // Success: splice the new members into the old tree.
      const members = system.members as Node[];
      const first =
        left === openIdx
          ? 0
          : (((leftNode as CompositeCstNodeImpl).astNode as unknown as Node).$containerIndex as number) + 1;
      const last =
        right === closeIdx
          ? members.length
          : (((rightNode as CompositeCstNodeImpl).astNode as unknown as Node).$containerIndex as number);
      const added = stand.members as Node[];
      members.splice(first, last - first, ...added);
      for (let k = first; k < members.length; k++) {
        const m = members[k]!;
        m.$container = system;
        m.$containerIndex = k;
      }
      const nodes = base.content.slice(1);
      for (const n of nodes) (n as CompositeCstNodeImpl).container = sc;
      const oldStart = rightNode.range.start;
      content.splice(left + 1, right - left - 1, ...nodes);

      // Move everything after the stretch: the rest of this system, then the rest of the file.
      const lines = lexed.line - oldStart.line;
      const cols = endNew - lexed.lineStart - oldStart.character;
      for (let k = left + 1 + nodes.length; k < content.length; k++)
        shift(content[k]!, delta, oldStart.line, lines, cols);
      let after: CstNode | undefined = sc;
      for (let parent = sc.container; parent && after; after = parent, parent = parent.container) {
        (parent as unknown as CompositeFields)._rangeCache = undefined;
        const siblings = parent.content;
        for (let k = siblings.indexOf(after) + 1; k < siblings.length; k++)
          shift(siblings[k]!, delta, oldStart.line, lines, cols);
      }
      (sc as unknown as CompositeFields)._rangeCache = undefined;
      (root as unknown as { _text: string })._text = text;
      return { value: doc as unknown as AstNode, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] };
    }
    return undefined;
  }

  /** Parses a whole document, or returns `undefined` to hand it to Langium's parser. */
  parse(text: string): ParseResult<AstNode> | undefined {
    const lexed = this.lex(text);
    if (!lexed) return undefined;
    try {
      return new Run(this.g, this.defaults, this.linker, text, lexed).document();
    } catch (e) {
      if (e === GIVE_UP) return undefined;
      throw e;
    }
  }
}

type Elements = ReturnType<FastArchParser['elements']>;

/** Moves every leaf under `node` by `delta` characters and `lines` lines (columns on `line` by `cols`). */
function shift(node: CstNode, delta: number, line: number, lines: number, cols: number): void {
  if (node instanceof CompositeCstNodeImpl) {
    // A cached range stays true when no line moves and the node starts below the edited line
    // (only columns on that line move): keeping it saves recomputing the ranges of the rest of
    // the file after an edit inside one line.
    const fields = node as unknown as CompositeFields;
    const cached = fields._rangeCache;
    if (lines !== 0 || cached === undefined || cached.start.line <= line) fields._rangeCache = undefined;
    for (const child of node.content) shift(child, delta, line, lines, cols);
    return;
  }
  const leaf = node as unknown as LeafFields;
  leaf._offset += delta;
  if (leaf._startLine === line) leaf._startColumn += cols;
  if (leaf._endLine === line) leaf._endColumn += cols;
  leaf._startLine += lines;
  leaf._endLine += lines;
}

/** One parse: a token cursor, the CST builder and the AST under construction. */
class Run {
  private p = 0;
  private h = 0;
  private readonly t: Tokens;
  private readonly hidden: Tokens;
  private readonly cst: CstBuilder;
  private readonly name: Map<string, AbstractElement>;
  private readonly word: Map<string, AbstractElement>;
  private readonly kinds: Map<string, AbstractElement>;
  private readonly keys: Map<string, AbstractElement>;
  private readonly scales: Map<string, AbstractElement>;
  private readonly unitWords: Map<string, AbstractElement>;

  constructor(
    private readonly g: Elements,
    private readonly defaults: Map<string, [string, unknown][]>,
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
    this.kinds = g.data.ComponentKind;
    this.keys = g.data.PropertyKey;
    this.scales = g.data.Scale;
    this.unitWords = g.data.UnitWord;
  }

  private kind(offset = 0): string {
    const i = this.p + offset;
    return i < this.t.count ? this.t.kind[i]! : EOF_KIND;
  }

  /** Consumes the current token as a leaf for `feature`; returns its image. */
  private consume(feature: AbstractElement): string {
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

  private expect(kind: string, feature: AbstractElement): string {
    if (this.kind() !== kind) throw GIVE_UP;
    return this.consume(feature);
  }

  private node(type: string): Node {
    return { $type: type };
  }

  /** Langium's `construct` for an AST node: CST binding, then mandatory defaults. */
  private finish(node: Node): void {
    this.cst.close(node as { $cstNode?: CstNode });
    this.mandatory(node);
  }

  private mandatory(node: Node): void {
    const defaults = this.defaults.get(node.$type);
    if (!defaults) return;
    for (const [name, value] of defaults) {
      if (node[name] === undefined) node[name] = Array.isArray(value) ? [] : value;
    }
  }

  /** Assigns a child AST node as Langium's parser and `linkContentToContainer` do. */
  private setChild(parent: Node, feature: string, child: Node, cstNode: CompositeCstNodeImpl): void {
    cstNode.astNode = child as unknown as AstNode;
    parent[feature] = child;
    child.$container = parent;
    child.$containerProperty = feature;
  }

  private pushChild(parent: Node, feature: string, child: Node, cstNode: CompositeCstNodeImpl): void {
    cstNode.astNode = child as unknown as AstNode;
    let list = parent[feature] as Node[] | undefined;
    if (list === undefined) parent[feature] = list = [];
    child.$container = parent;
    child.$containerProperty = feature;
    child.$containerIndex = list.length;
    list.push(child);
  }

  /** A datatype rule of one token: its value. */
  private data(
    rule: Map<string, AbstractElement>,
    owner: AbstractElement,
  ): { value: string; cst: CompositeCstNodeImpl } {
    const k = this.kind();
    const leaf = rule.get(k);
    if (!leaf) throw GIVE_UP;
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
      if (this.kind() !== STRING_KIND) throw GIVE_UP;
      node.path = ValueConverter.convertString(this.consume(g.imp.path));
      if (this.kind() === ';') this.consume(g.imp.semi);
      this.finish(node);
      this.pushChild(doc, 'imports', node, cst);
    }
    while (this.kind() === 'system') this.system(doc);
    if (this.p !== this.t.count) throw GIVE_UP;
    // The entry rule: the root CST node is the document's.
    const root = this.cst.root;
    (doc as { $cstNode?: CstNode }).$cstNode = root;
    root.content = root.content.slice();
    this.mandatory(doc);
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
    this.pushChild(doc, 'systems', node, cst);
  }

  private member(system: Node): void {
    const g = this.g;
    const k = this.kind();
    let rule: 'Component' | 'Edge' | 'Slo' | 'Settings' | 'Description';
    if (this.kinds.has(k)) {
      const next = this.kind(1);
      if (next === '->') rule = 'Edge';
      else if (this.name.has(next)) rule = 'Component';
      else throw GIVE_UP;
    } else if (k === 'slo') rule = 'Slo';
    else if (k === 'settings') rule = 'Settings';
    else if (k === 'description') rule = 'Description';
    else if (this.name.has(k)) rule = 'Edge';
    else throw GIVE_UP;
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
    }
    // The inner rule's `construct`, then SystemMember's (which rebinds the CST node).
    this.finish(node);
    this.finish(node);
    this.pushChild(system, 'members', node, outer);
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

  private reference(node: Node, feature: string, owner: AbstractElement): unknown {
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
      const flag = this.g.modifier.flags.get(k);
      if (flag) {
        const cst = this.cst.open(g.modifiers);
        const mod = this.node('EdgeModifier');
        mod.flag = this.consume(flag);
        this.finish(mod);
        this.pushChild(node, 'modifiers', mod, cst);
      } else if (k === 'requires') {
        const cst = this.cst.open(g.modifiers);
        const mod = this.node('EdgeModifier');
        this.consume(this.g.modifier.requires);
        mod.requirement = this.data(this.word, this.g.modifier.requirement).value;
        this.finish(mod);
        this.pushChild(node, 'modifiers', mod, cst);
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

  private description(): Node {
    const g = this.g.description;
    const node = this.node('Description');
    this.consume(g.kw);
    if (this.kind() !== STRING_KIND) throw GIVE_UP;
    node.text = ValueConverter.convertString(this.consume(g.text));
    if (this.kind() === ';') this.consume(g.semi);
    return node;
  }

  private property(owner: Node, feature: AbstractElement): void {
    const g = this.g.property;
    const k0 = this.kind();
    if (!this.keys.has(k0)) throw GIVE_UP;
    const cst = this.cst.open(feature);
    const node = this.node('Property');
    node.key = this.data(this.keys, g.key).value;
    const k = this.kind();
    // `async`/`sync` could be a word value or the qualifier: Chevrotain would look further.
    if (k === 'async' || k === 'sync') throw GIVE_UP;
    if (k === '-' || k === NUMBER_KIND || k === 'n' || k === 'in' || k === STRING_KIND || this.word.has(k)) {
      const vcst = this.cst.open(g.value);
      const value = this.value(k);
      this.finish(value);
      this.setChild(node, 'value', value, vcst);
    }
    const q = this.kind();
    const qualifier = g.qualifiers.get(q);
    if (qualifier) node.qualifier = this.consume(qualifier);
    if (this.kind() === ';') this.consume(g.semi);
    this.finish(node);
    this.pushChild(owner, 'properties', node, cst);
  }

  /** One Value alternative (its CST composite inside the Value's is opened here). */
  private value(k: string): Node {
    const g = this.g;
    if (k === '-' || k === NUMBER_KIND) {
      this.cst.open(g.value.qor);
      this.cst.open(g.qor.quantity);
      const q = this.quantityBody();
      this.finish(q); // Quantity
      if (this.kind() === '..') return this.range(q);
      this.finish(q); // QuantityOrRange
      return q;
    }
    let node: Node;
    if (k === 'n') {
      this.cst.open(g.value.quorum);
      node = this.node('QuorumValue');
      this.consume(g.quorum.n);
      this.quantity(node, 'n', g.quorum.nq);
      this.expect('r', g.quorum.r);
      this.quantity(node, 'r', g.quorum.rq);
      this.expect('w', g.quorum.w);
      this.quantity(node, 'w', g.quorum.wq);
    } else if (k === 'in') {
      this.cst.open(g.value.storeRef);
      node = this.node('StoreRef');
      this.consume(g.storeRef.kw);
      node.store = this.reference(node, 'store', g.storeRef.store);
    } else if (k === STRING_KIND) {
      this.cst.open(g.value.string);
      node = this.node('StringValue');
      node.text = ValueConverter.convertString(this.consume(g.stringValue.text));
    } else {
      this.cst.open(g.value.word);
      node = this.node('WordValue');
      node.word = this.data(this.word, g.wordValue.word).value;
    }
    this.finish(node);
    return node;
  }

  /**
   * `{infer Range.min=current} '..' max=Quantity`, as Langium's parser runs the action: the
   * QuantityOrRange node so far becomes `min` and moves under a new node for the action.
   */
  private range(min: Node): Node {
    const g = this.g.qor;
    const qorCst = this.cst.current;
    this.finish(min);
    const parent = this.cst.current;
    parent.content.splice(parent.content.indexOf(qorCst), 1);
    const action = this.cst.open(g.action);
    qorCst.container = action;
    action.content.push(qorCst);
    const range = this.node('Range');
    this.setChild(range, 'min', min, qorCst);
    this.consume(g.dots);
    this.quantity(range, 'max', g.max);
    this.finish(range);
    return range;
  }

  private quantity(owner: Node, feature: string, element: AbstractElement): void {
    if (this.kind() !== '-' && this.kind() !== NUMBER_KIND) throw GIVE_UP;
    const cst = this.cst.open(element);
    const q = this.quantityBody();
    this.finish(q);
    this.setChild(owner, feature, q, cst);
  }

  /** Quantity's tokens into a new node (the caller opened its composite). */
  private quantityBody(): Node {
    const g = this.g.quantity;
    const node = this.node('Quantity');
    if (this.kind() === '-') {
      this.consume(g.minus);
      node.negative = true;
    }
    if (this.kind() !== NUMBER_KIND) throw GIVE_UP;
    node.value = this.consume(g.value);
    if (this.scales.has(this.kind())) node.scale = this.data(this.scales, g.scale).value;
    const k = this.kind();
    if (k === 'per' || this.unitWords.has(k)) {
      const cst = this.cst.open(g.unit);
      const unit = this.node('Unit');
      if (k === 'per') {
        this.consume(this.g.unit.per);
        unit.per = true;
        unit.name = this.data(this.unitWords, this.g.unit.name0).value;
      } else {
        unit.name = this.data(this.unitWords, this.g.unit.name1).value;
      }
      this.finish(unit);
      this.setChild(node, 'unit', unit, cst);
    }
    return node;
  }
}
