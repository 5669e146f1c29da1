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
  | { where: 'unit'; owner: Owner; key: string }
  /** At the start of a scenario's step: `fail`, `load`, `description` or a component's name. */
  | { where: 'step' }
  /** After `fail`: `zone` or a component's name. */
  | { where: 'fail' }
  /** After `fail NAME`: what of it fails (by its kind when known). */
  | { where: 'fail-part'; owner?: Owner }
  /** After `load N`: its unit. */
  | { where: 'load-unit' }
  /** Nothing to offer (a step's value already written, a description). */
  | { where: 'none' }
  /** After an edge's targets (`app -> a, b |`): its modifiers (`parallel`, `optional`, `requires`...). */
  | { where: 'modifier' }
  /** After an edge's `requires`: the consistency requirements. */
  | { where: 'requirement' };

/** A component's kind, from its name; by default read from the text (`service app`). */
export type KindOf = (name: string) => Owner | undefined;

const KIND_SET: ReadonlySet<string> = new Set(COMPONENT_KINDS);

/** The kind a component is declared with in `text`, if it is declared there. */
export function kindInText(text: string, name: string): Owner | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|[\\s{};])([a-z]+)\\s+${escaped}(?=[\\s{};]|$)`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) if (KIND_SET.has(m[1]!)) return m[1] as Owner;
  return undefined;
}

function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(\/\/|#)[^\n]*/g, (m) => ' '.repeat(m.length))
    .replace(/"(\\.|[^"\\\n])*"/g, (m) => '"' + ' '.repeat(m.length - 2) + '"');
}

export function completionSpot(
  fullText: string,
  offset: number,
  kindOf: KindOf = (name) => kindInText(fullText, name),
): CompletionSpot {
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
  if (/^system\s+[\w-]+$/.test(stmt)) return edgeSpot(text.slice(open + 1)) ?? { where: 'system' };
  if (/^scenario\s+[\w-]+$/.test(stmt)) return stepSpot(text.slice(open + 1), kindOf);
  if (stmt === 'slo') owner = 'slo';
  else if (stmt === 'settings') owner = 'settings';
  else if (/->/.test(stmt)) owner = 'edge';
  else {
    const kind = /^([a-z]+)\s+[\w-]+$/.exec(stmt)?.[1];
    if (kind && (COMPONENT_KINDS as readonly string[]).includes(kind)) owner = kind as Owner;
  }
  if (!owner) return { where: 'system' };
  return propertySpot(text.slice(open + 1), owner);
}

/** On an edge's line after its targets: a modifier, or a requirement after `requires`. */
function edgeSpot(body: string): CompletionSpot | undefined {
  const line = body.split(/[\n;}]/).pop()!;
  if (!/\s$/.test(line)) return undefined;
  const tokens = line.trim().split(/\s+/);
  const arrow = tokens.indexOf('->');
  const last = tokens[tokens.length - 1]!;
  if (arrow < 1 || tokens.length < arrow + 2 || last === '->' || last.endsWith(',')) return undefined;
  return last === 'requires' ? { where: 'requirement' } : { where: 'modifier' };
}

const isNumber = (t: string | undefined) => t !== undefined && /^-?\d[\d_]*(\.\d+)?([eE][+-]?\d+)?$/.test(t);

/** Inside a scenario: the step being written (since the last line break or `;`). */
function stepSpot(body: string, kindOf: KindOf): CompletionSpot {
  const step = body.split(/[\n;]/).pop()!;
  const tokens = step.split(/\s+/).filter((t) => t !== '');
  const done = /\s$/.test(step) || step === '' ? tokens : tokens.slice(0, -1);
  const [first, second] = done;
  if (first === undefined) return { where: 'step' };
  if (first === 'fail') {
    if (done.length === 1) return { where: 'fail' };
    if (done.length === 2 && second !== 'zone') return { where: 'fail-part', owner: kindOf(second!) };
    return { where: 'none' };
  }
  if (first === 'load') return done.length === 2 && isNumber(second) ? { where: 'load-unit' } : { where: 'none' };
  if (first === 'description') return { where: 'none' };
  const owner = kindOf(first);
  if (!owner) return { where: 'none' };
  // One property per step: once its value is written, nothing more.
  if (
    done.length >= 3 &&
    !isNumber(done[done.length - 1]) &&
    !/^(k|thousand|million|billion)$/.test(done[done.length - 1]!)
  )
    return { where: 'none' };
  return propertySpot(step.slice(step.indexOf(first) + first.length), owner);
}

/** Inside a block: the current property (the text since the last separator or key). */
function propertySpot(body: string, owner: Owner): CompletionSpot {
  const tokens = body.split(/[\s;]+/).filter((t) => t !== '');
  const endsWithSpace = /\s$/.test(body) || body === '';
  const done = endsWithSpace ? tokens : tokens.slice(0, -1);
  const last = done[done.length - 1];
  const beforeLast = done[done.length - 2];
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
