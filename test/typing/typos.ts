/**
 * The typos of the typing test: every adjacent-letter swap, every single-character deletion,
 * every whole line deleted, and the file typed from the start at line boundaries.
 *
 * A typo is a new text plus where it happened: the lines it touched in the original text and in
 * the new one (0-based), and the text of those lines before and after the typo (their names may
 * explain a finding, see explains.ts).
 */

export const TYPO_KINDS = ['swap', 'delete-char', 'delete-line', 'typed'] as const;
export type TypoKind = (typeof TYPO_KINDS)[number];

export interface Typo {
  kind: TypoKind;
  /** Short, human-readable: `swap 12:7 'ca' -> 'ac'`, `delete-line 9`, `typed 1..4`. */
  label: string;
  /** The text after the typo. */
  text: string;
  /** 0-based lines of the new text that the typo touched (a deleted line: the two it joins). */
  linesAfter: number[];
  /** The touched line(s) before the typo and after it, for the names they mention. */
  before: string;
  after: string;
  /** Where in the clean text a swap or a deletion of a character happened. */
  offset?: number;
}

const LETTER = /[A-Za-z]/;

/** Start offset of each line (0-based line -> offset). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The lines of a text (a final newline ends the last line, it does not start an empty one). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function show(s: string): string {
  return JSON.stringify(s);
}

/** Every swap of two neighbouring, different letters (once per position). */
export function* swaps(text: string): Generator<Typo> {
  const starts = lineStarts(text);
  for (let i = 0; i + 1 < text.length; i++) {
    const a = text[i]!;
    const b = text[i + 1]!;
    if (a === b || !LETTER.test(a) || !LETTER.test(b)) continue;
    const line = lineAt(starts, i);
    const next = text.slice(0, i) + b + a + text.slice(i + 2);
    const end = text.indexOf('\n', i);
    const lineText = text.slice(starts[line], end < 0 ? text.length : end);
    const col = i - starts[line]!;
    yield {
      kind: 'swap',
      label: `swap ${line + 1}:${col + 1} ${show(a + b)} -> ${show(b + a)}`,
      text: next,
      linesAfter: [line],
      before: lineText,
      after: lineText.slice(0, col) + b + a + lineText.slice(col + 2),
      offset: i,
    };
  }
}

/** Every deletion of one character (a newline too: it joins two lines). */
export function* deletions(text: string): Generator<Typo> {
  const starts = lineStarts(text);
  for (let i = 0; i < text.length; i++) {
    const line = lineAt(starts, i);
    const next = text.slice(0, i) + text.slice(i + 1);
    const startOfLine = starts[line]!;
    // A deleted newline touches its line and the next one.
    const lastLine = text[i] === '\n' ? line + 1 : line;
    const endOff = text.indexOf('\n', lastLine < starts.length ? starts[lastLine]! : text.length);
    const before = text.slice(startOfLine, endOff < 0 ? text.length : endOff);
    const col = i - startOfLine;
    yield {
      kind: 'delete-char',
      label: `delete-char ${line + 1}:${col + 1} ${show(text[i]!)}`,
      text: next,
      linesAfter: [line],
      before,
      after: before.slice(0, col) + before.slice(col + 1),
      offset: i,
    };
  }
}

/** Every whole line deleted (with its newline). */
export function* lineDeletions(text: string): Generator<Typo> {
  const lines = splitLines(text);
  for (let l = 0; l < lines.length; l++) {
    const next = lines.filter((_, j) => j !== l).join('\n') + (text.endsWith('\n') ? '\n' : '');
    yield {
      kind: 'delete-line',
      label: `delete-line ${l + 1} ${show(lines[l]!.trim())}`,
      text: next,
      linesAfter: l > 0 ? [l - 1, l] : [l],
      before: lines[l]!,
      after: '',
    };
  }
}

/** The file typed from the start, at line boundaries: the first k lines, for every k short of all. */
export function* prefixes(text: string): Generator<Typo> {
  const lines = splitLines(text);
  for (let k = 1; k < lines.length; k++) {
    yield {
      kind: 'typed',
      label: `typed 1..${k} ${show(lines[k - 1]!.trim())}`,
      text: lines.slice(0, k).join('\n') + '\n',
      linesAfter: [k - 1],
      before: lines[k - 1]!,
      after: lines[k - 1]!,
    };
  }
}

export function* typosOf(text: string, kind: TypoKind): Generator<Typo> {
  switch (kind) {
    case 'swap':
      yield* swaps(text);
      break;
    case 'delete-char':
      yield* deletions(text);
      break;
    case 'delete-line':
      yield* lineDeletions(text);
      break;
    case 'typed':
      yield* prefixes(text);
      break;
  }
}

/**
 * Which offsets of a text are inside the body of a line comment: after its `//` or `#`, before
 * the end of the line. A swap or deletion there changes only the comment.
 */
export function commentBodies(text: string): Uint8Array {
  const inside = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      const eol = text.indexOf('\n', i + 1);
      // An unclosed string ends at the end of its line (the lexer's STRING does not cross one).
      i = end < 0 || (eol >= 0 && eol < end) ? (eol < 0 ? text.length : eol) : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      for (let j = i + (c === '#' ? 1 : 2); j < stop; j++) inside[j] = 1;
      i = stop;
    }
  }
  return inside;
}

/**
 * A prefix with the blocks it leaves open closed (a `}` line per open brace, strings and
 * comments skipped): what the typed text means once the user closes what is open.
 */
export function closeOpenBlocks(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
  }
  return text + '}\n'.repeat(depth);
}
