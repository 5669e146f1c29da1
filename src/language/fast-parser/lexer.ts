/**
 * The fast parser's lexer: splits `.arch` text into token columns exactly as Langium's lexer
 * would (same token types, offsets, lines and columns; comments apart as hidden tokens), or gives
 * up on anything it does not know.
 */
import type { LangiumCoreServices } from 'langium';

/** A Chevrotain token type, as Langium's lexer defines them. */
export type TokenType = LangiumCoreServices['parser']['Lexer']['definition'][string];

/** Token kinds besides keywords (a keyword's kind is its text). */
export const ID_KIND = 'ID';
export const NUMBER_KIND = 'NUMBER';
export const STRING_KIND = 'STRING';
/** The kind read past the last token. */
export const EOF_KIND = '<EOF>';

/** Tokens as columns (see `emptyTokens`): `kind` is a keyword's text or one of the kinds above. */
export interface Tokens {
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
export function isSpace(c: number): boolean {
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

export interface Lexed {
  tokens: Tokens;
  hidden: Tokens;
  /** Line and line-start offset where lexing stopped. */
  line: number;
  lineStart: number;
}

/** The lexer for one language instance, with its token types. */
export class ArchLexer {
  private readonly keywordTypes = new Map<string, TokenType>();
  private readonly terminalTypes: Record<'ID' | 'NUMBER' | 'STRING' | 'SL_COMMENT' | 'ML_COMMENT', TokenType>;

  constructor(defs: LangiumCoreServices['parser']['Lexer']['definition']) {
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
        // Lexing part of the text (a re-parse): a comment that runs on past its end gives up.
        if (i === n && n < text.length && text.charCodeAt(n) !== Ch.LF && text.charCodeAt(n) !== Ch.CR)
          return undefined;
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
}
