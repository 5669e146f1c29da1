/** Where a recovered error is (the line of a token) and how Langium's parser would report it. */
import type { ScanToken } from './scan.js';
import type { RecoveredError } from './recover.js';
import type { Span } from './statements.js';

/** The tokens of the line that holds `offset`. */
export function lineOf(t: readonly ScanToken[], offset: number): Span | undefined {
  let k = t.findIndex((x) => x.end > offset);
  if (k < 0) k = t.length - 1;
  if (k < 0) return undefined;
  let first = k;
  while (first > 0 && !t[first]!.lineStart) first--;
  let last = k;
  while (last + 1 < t.length && !t[last + 1]!.lineStart) last++;
  return { first, last };
}

/** An error as Langium's parser reports one (1-based lines and columns, as Chevrotain's tokens). */
export function toException(text: string, e: RecoveredError): unknown {
  const { line, column } = e;
  const token = {
    image: text.slice(e.start, e.end),
    startOffset: e.start,
    endOffset: e.end - 1,
    startLine: line + 1,
    startColumn: column + 1,
    endLine: line + 1,
    endColumn: column + (e.end - e.start),
  };
  return {
    name: 'ArchscaleRecovery',
    message: e.message,
    token,
    resyncedTokens: [],
    context: { ruleStack: [], ruleOccurrenceStack: [] },
    code: e.code,
  };
}
