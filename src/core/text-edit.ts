/**
 * Two versions of a text as one edit: the stretch where they differ, and where a position of the
 * old text is in the new one. Pure.
 */

/**
 * The longest common prefix and (not overlapping it) suffix of two texts, in characters: the
 * edit is the old text's `pre .. length - suf`, replaced by the new text's.
 */
export function editedStretch(oldText: string, newText: string): { pre: number; suf: number } {
  const max = Math.min(oldText.length, newText.length);
  let pre = 0;
  while (pre < max && oldText.charCodeAt(pre) === newText.charCodeAt(pre)) pre++;
  let suf = 0;
  while (
    suf < max - pre &&
    oldText.charCodeAt(oldText.length - 1 - suf) === newText.charCodeAt(newText.length - 1 - suf)
  )
    suf++;
  return { pre, suf };
}

/** A position in a text: 0-based line and character. */
export interface TextPosition {
  line: number;
  character: number;
}

/**
 * Where a position of an old text is in a new one, the texts differing in one stretch (an edit):
 * a position before the stretch stays, one after it moves with the text after it, one inside it
 * goes to the stretch's start.
 */
export function positionMover(oldText: string, newText: string): (p: TextPosition) => TextPosition {
  if (oldText === newText) return (p) => p;
  const max = Math.min(oldText.length, newText.length);
  let pre = 0;
  while (pre < max && oldText.charCodeAt(pre) === newText.charCodeAt(pre)) pre++;
  let suf = 0;
  while (
    suf < max - pre &&
    oldText.charCodeAt(oldText.length - 1 - suf) === newText.charCodeAt(newText.length - 1 - suf)
  )
    suf++;
  const oldStarts = lineStarts(oldText);
  const newStarts = lineStarts(newText);
  const delta = newText.length - oldText.length;
  return (p) => {
    const o = (oldStarts[p.line] ?? oldText.length) + p.character;
    const n = o < pre ? o : o >= oldText.length - suf ? o + delta : pre;
    let lo = 0;
    let hi = newStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (newStarts[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: n - newStarts[lo]! };
  };
}

/** The offset each line starts at (`\r\n`, `\r` and `\n` end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
