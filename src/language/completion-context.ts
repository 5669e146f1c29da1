/**
 * What is being typed at a position, read from the text (robust while the file does not parse):
 * inside which block (a component kind, an edge, slo, settings, or the system body), after which
 * property key, and whether right after a number.
 */
import { PROPERTY_BY_KEY, type Owner } from '../core/properties.js';
import { COMPONENT_KINDS } from '../core/model.js';

export type CompletionSpot =
  | { where: 'top' }
  | { where: 'system' }
  /** At the start of a property inside a block. */
  | { where: 'key'; owner: Owner }
  /** After a key, before or inside its value word. */
  | { where: 'value'; owner: Owner; key: string }
  /** After the number of a quantity. */
  | { where: 'unit'; owner: Owner; key: string };

function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(\/\/|#)[^\n]*/g, (m) => ' '.repeat(m.length))
    .replace(/"(\\.|[^"\\\n])*"/g, (m) => '"' + ' '.repeat(m.length - 2) + '"');
}

export function completionSpot(fullText: string, offset: number): CompletionSpot {
  const text = stripComments(fullText.slice(0, offset));
  // Find the innermost unclosed '{'.
  let depth = 0;
  let open = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === '}') depth++;
    else if (ch === '{') {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) return { where: 'top' };
  const head = text.slice(Math.max(0, text.lastIndexOf('\n', open - 1) - 400), open);
  const stmt = head
    .split(/[\n;}]/)
    .pop()!
    .trim();
  let owner: Owner | undefined;
  if (/^system\s+[\w-]+$/.test(stmt)) return { where: 'system' };
  if (stmt === 'slo') owner = 'slo';
  else if (stmt === 'settings') owner = 'settings';
  else if (/->/.test(stmt)) owner = 'edge';
  else {
    const kind = /^([a-z]+)\s+[\w-]+$/.exec(stmt)?.[1];
    if (kind && (COMPONENT_KINDS as readonly string[]).includes(kind)) owner = kind as Owner;
  }
  if (!owner) return { where: 'system' };
  // Inside the block: look at the current property (the text since the last separator or key).
  const body = text.slice(open + 1);
  const tokens = body.split(/[\s;]+/).filter((t) => t !== '');
  const endsWithSpace = /\s$/.test(body) || body === '';
  const done = endsWithSpace ? tokens : tokens.slice(0, -1);
  const last = done[done.length - 1];
  const beforeLast = done[done.length - 2];
  const isNumber = (t: string | undefined) => t !== undefined && /^-?\d[\d_]*(\.\d+)?([eE][+-]?\d+)?$/.test(t);
  const isScale = (t: string | undefined) => t !== undefined && ['k', 'thousand', 'million', 'billion'].includes(t);
  const keyBefore = (i: number) => done[i];
  if (last !== undefined && (isNumber(last) || (isScale(last) && isNumber(beforeLast)))) {
    const key = isNumber(last) ? keyBefore(done.length - 2) : keyBefore(done.length - 3);
    const shape = key ? PROPERTY_BY_KEY.get(key)?.value : undefined;
    // A plain count (`instances 4`) is complete: the next thing is another property.
    const unitless = shape && 'dimension' in shape && shape.dimension === 'count';
    if (key && !unitless) return { where: 'unit', owner, key };
    return { where: 'key', owner };
  }
  if (last !== undefined && /^[a-z][\w-]*$/.test(last) && !isNumber(last)) {
    // A key just written (e.g. `engine `) asks for its value; a finished value asks for a key.
    return { where: 'value', owner, key: last };
  }
  return { where: 'key', owner };
}
