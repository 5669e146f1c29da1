/**
 * A tolerant scan of `.arch` text for error recovery: words, numbers, strings and punctuation with
 * their offsets, lines and columns, for any text at all. Unlike the lexers it never fails: a
 * character the language does not know is a `junk` token, an unterminated string or comment ends
 * at its line's (or the text's) end. Comments are skipped. `\r\n`, `\r` and `\n` each end a line,
 * as in VS Code.
 */

export type ScanKind = 'word' | 'number' | 'string' | 'punct' | 'junk';

export interface ScanToken {
  kind: ScanKind;
  text: string;
  /** Offsets in the text: first character, one past the last. */
  start: number;
  end: number;
  /** Line (0-based) and column of the first character. */
  line: number;
  column: number;
  /** The first token on its line. */
  lineStart: boolean;
}

const WORD = /[_a-zA-Z]\w*(?:-[_a-zA-Z0-9]\w*)*/y;
const NUMBER = /[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const PUNCT = ['->', '..', '{', '}', ',', ';', '-', '%'];

export function scan(text: string): ScanToken[] {
  const out: ScanToken[] = [];
  let line = 0;
  let lineOffset = 0;
  let lineStart = true;
  let i = 0;
  const n = text.length;
  const newline = (at: number): number => {
    // Returns the offset after the line break at `at` (one or two characters).
    const next = text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
    line++;
    lineOffset = next;
    lineStart = true;
    return next;
  };
  const push = (kind: ScanKind, end: number) => {
    out.push({ kind, text: text.slice(i, end), start: i, end, line, column: i - lineOffset, lineStart });
    lineStart = false;
    i = end;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i = newline(i);
      continue;
    }
    if (c === 32 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      // `# …` or `// …` to the end of the line
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      // `/* … */`, its line breaks counted; an unterminated `/*` is junk (the lexer rejects it).
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        push('junk', i + 2);
        continue;
      }
      for (i += 2; i < close;) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) i = newline(i);
        else i++;
      }
      i = close + 2;
      continue;
    }
    if (c === 34 || c === 39) {
      // A string ends at its closing quote, or (unterminated) before the line's end: then it is junk.
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === c || d === 10 || d === 13) break;
        else j++;
      }
      if (j < n && text.charCodeAt(j) === c) push('string', j + 1);
      else push('junk', Math.min(j, n));
      continue;
    }
    WORD.lastIndex = i;
    const w = WORD.exec(text);
    if (w) {
      push('word', i + w[0].length);
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      push('number', i + num[0].length);
      continue;
    }
    const p = PUNCT.find((s) => text.startsWith(s, i));
    if (p) {
      push('punct', i + p.length);
      continue;
    }
    // Any other character (a surrogate pair as one).
    const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    push('junk', i + wide);
  }
  return out;
}
