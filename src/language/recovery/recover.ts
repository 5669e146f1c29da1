/**
 * Error recovery at the statement: a text the parser cannot read is parsed again with each broken
 * statement (a property, a member, a stray line) blanked out, and each gives one error at its place.
 *
 * Blanking replaces a statement's characters by spaces (line breaks stay), so every other token
 * keeps its offset, line and column, and the tree of the rest is exactly the tree the parser builds
 * for well-formed text (the fast parser's, or Langium's where it declines). A block whose `}` is
 * missing gets one where the outline says it ends, written over a space of the indentation (never
 * over a line break); a system whose `}` is missing, one after the text's end. Which statements are
 * broken is decided statement by statement: a member is parsed on its own; in a member that fails,
 * each property is parsed on its own inside a stand-in component, and only the ones that fail are
 * blanked, so a misspelt property loses that property and nothing else.
 */
import type { AstNode, ParseResult } from 'langium';
import { COMPONENT_KINDS, isComponentKind } from '../../core/model.js';
import { suggest } from '../../core/units.js';
import type { FastArchParser } from '../fast-parser/index.js';
import { GiveUp } from '../fast-parser/parser.js';
import {
  strayTextMessage,
  systemHeaderMessage,
  junkMessage,
  missingOpenMessage,
  orphanPropertiesMessage,
  unclosedBlockMessage,
  unknownPropertyMessage,
  unknownStatementMessage,
  unreadableMessage,
  stepMessage,
} from './messages.js';
import { lineOf, toException } from './errors.js';
import { scan, type ScanToken } from './scan.js';
import { outline, type MemberOutline, type Span } from './statements.js';
import { bodyStart, EDGE_WORDS, isPropertyKey, ownBlock } from './blocks.js';

/** One error of a broken statement: its range (offsets), wording and diagnostic code. */
export interface RecoveredError {
  start: number;
  end: number;
  /** Line (0-based) and column of `start`, as the scan counted them. */
  line: number;
  column: number;
  message: string;
  code: 'syntax' | 'unknown-property' | 'unknown-step';
}

/** What recovery left out: the errors, and the component names written in blanked statements. */
export interface Recovery {
  errors: RecoveredError[];
  names: string[];
  /** An import was left out: names it would bring may be unknown. */
  brokenImport: boolean;
}

export interface RecoveryParsers {
  fast: FastArchParser;
  /** Langium's parser, for texts the fast parser declines as ambiguous. */
  langium: (text: string) => ParseResult<AstNode>;
}

/** At most this many statements are blanked one by one after the outline's pass. */
const MAX_FALLBACK = 40;
const PROPERTY_STAND_IN = 'system s {\nservice s {\n';
/** Members are parsed on their own in this (by Langium, where the fast parser cannot decide). */
const IN_SYSTEM = (s: string) => `system s {\n${s}\n}`;
/** A scenario's step is parsed on its own in this. */
const STEP_STAND_IN = 'system s {\nscenario s {\n';

export function recover(
  text: string,
  parsers: RecoveryParsers,
): { result: ParseResult<AstNode>; recovery: Recovery } | undefined {
  const t = scan(text);
  const o = outline(t);
  // The text being mended: same length and lines as `text` (a `}` may be added at its end).
  let w = text;
  const put = (at: number, s: string) => {
    w = w.slice(0, at) + s + w.slice(at + s.length);
  };
  const errors: RecoveredError[] = [];
  const names: string[] = [];
  let brokenImport = false;
  const blankedMembers = new Set<MemberOutline>();
  const at = (k: number, message: string, code: RecoveredError['code'] = 'syntax') => report(k, message, code);
  const report = (k: number, message: string, code: RecoveredError['code'] = 'syntax') => {
    const tok = t[Math.min(k, t.length - 1)]!;
    errors.push({ start: tok.start, end: tok.end, line: tok.line, column: tok.column, message, code });
  };
  const blank = (from: number, to: number) => {
    if (to > from) put(from, w.slice(from, to).replace(/[^\r\n]/g, ' '));
  };
  const blankSpan = (s: Span) => blank(t[s.first]!.start, t[s.last]!.end);
  const slice = (from: number, to: number) => w.slice(from, to);
  /** The token at an offset (or the last one before it). */
  const tokenAt = (offset: number, within: Span): number => {
    for (let k = within.first; k <= within.last; k++) if (t[k]!.end > offset) return k;
    return within.last;
  };
  const ok = (r: GiveUp | undefined, snippet: string, wrap: (s: string) => string) => {
    if (!r) return true;
    if (!r.ambiguous) return false;
    const full = parsers.langium(wrap(snippet));
    return full.parserErrors.length === 0 && full.lexerErrors.length === 0;
  };
  /** Whether a snippet is whole system members (Langium decides where the fast parser cannot). */
  const wholeMembers = (snippet: string) =>
    ok(parsers.fast.checkMembers(snippet, 0, snippet.length), snippet, IN_SYSTEM);

  // Imports: `import "path" ;?`.
  for (const s of o.imports) {
    const len = s.last - s.first + 1;
    const good =
      t[s.first + 1]?.kind === 'string' &&
      (len === 2 || (len === 3 && t[s.last]!.text === ';' && t[s.last]!.kind === 'punct'));
    if (!good) {
      at(s.first + 1 <= s.last ? s.first + 1 : s.first, unreadableMessage('import', t[s.first + 1]?.text));
      blankSpan(s);
      brokenImport = true;
    }
  }
  // Stray lines at the top: one error for each run of them. A misspelt `import` before a string is
  // written over with the keyword where it fits, so the import still counts.
  let lastJunk = -2;
  for (const s of o.junk) {
    const a = t[s.first]!;
    const b = t[s.first + 1];
    if (
      a.kind === 'word' &&
      b?.kind === 'string' &&
      s.first + 1 <= s.last &&
      suggest(a.text, ['import']) === 'import' &&
      b.start - a.start >= 6
    ) {
      at(s.first, `unknown '${a.text}'; did you mean 'import'?`);
      blank(a.start, b.start);
      put(a.start, 'import');
      if (s.last > s.first + 1 && !(s.last === s.first + 2 && t[s.last]!.text === ';'))
        blank(t[s.first + 2]!.start, t[s.last]!.end);
      lastJunk = s.last;
      continue;
    }
    if (s.first !== lastJunk + 1) at(s.first, strayTextMessage(t[s.first]!.text));
    for (const x of t.slice(s.first, s.last + 1)) if (x.kind === 'word') names.push(x.text);
    blankSpan(s);
    lastJunk = s.last;
  }

  const members: MemberOutline[] = [];
  const checked = new Set<MemberOutline>();
  let merged = false;
  for (let si = 0; si < o.systems.length; si++) {
    const sys = o.systems[si]!;
    const into = merged;
    merged = false;
    // The header: `system <name> {`; a misspelt keyword is replaced in place when `system` fits.
    const header = t.slice(sys.first, sys.open);
    if (into) {
      // The system before it is not closed: its header goes, its members join that system.
      blank(t[sys.first]!.start, t[sys.open]!.end);
    } else if (sys.missingOpen) {
      // `system name` with members below: a `{` over the first member's indentation.
      at(sys.open, `expected '{' after 'system ${t[sys.open]!.text}'`);
      const first = t[sys.open + 1];
      const spot = first ? first.start - first.column : -1;
      if (first && first.column > 0 && (w[spot] === ' ' || w[spot] === '\t')) put(spot, '{');
      else {
        blank(t[sys.first]!.start, sysEnd(sys));
        continue;
      }
    } else {
      const good =
        header.length <= 2 && header[0]!.text === 'system' && (header.length === 1 || header[1]!.kind === 'word');
      if (!good) {
        const from = t[sys.first]!.start;
        const to = t[sys.open]!.start;
        // `system` is written over what stands before the name (its last word), where it fits
        // with a space: the name never moves (every later token keeps its place). Otherwise the
        // system goes, with its one error.
        let n = sys.open - 1;
        while (n > sys.first && t[n]!.kind !== 'word') n--;
        const name = n > sys.first ? t[n]! : undefined;
        at(sys.first, systemHeaderMessage(header[0]!.text));
        if (!name || name.start - from < 'system '.length) {
          for (const x of t.slice(sys.first, sys.last + 1)) if (x.kind === 'word') names.push(x.text);
          blank(from, sysEnd(sys));
          continue;
        }
        blank(from, to);
        put(from, 'system');
        put(name.start, name.text);
      }
    }
    // Members the outline finds out of shape are mended now; the others only if the parser stops
    // in them (parsing each on its own would double the cost of every keystroke in a big file).
    for (const m of sys.members) {
      members.push(m);
      let junk = false;
      for (let k = m.first; k <= m.last && !junk; k++) junk = t[k]!.kind === 'junk';
      if (junk || m.orphan || m.body !== undefined || (m.open !== undefined && m.close === undefined)) {
        member(m);
        checked.add(m);
      }
    }
    if (sys.close === undefined) {
      at(sys.last, `the system is not closed: expected '}' after line ${t[sys.last]!.line + 1}`);
      if (si + 1 < o.systems.length) merged = true;
      else w += '\n}'; // on a line of its own: the last line may end in a comment
    }
  }

  function sysEnd(sys: { last: number }): number {
    return t[sys.last]!.end;
  }

  /** Mends a member: `false` when it parses on its own as it is (then nothing changed). */
  function member(m: MemberOutline): boolean {
    let end = t[m.last]!.end;
    if (m.orphan) {
      at(m.first, orphanPropertiesMessage(t[m.first]!.text));
      blank(t[m.first]!.start, end);
      return true;
    }
    if (m.body !== undefined) {
      // A block whose `{` is missing: one written over the space before its first property, where
      // the block then reads as written (nothing else changes); else its lines go (the component
      // keeps its header).
      const body = bodyStart(t, m);
      at(body, missingOpenMessage(t[body]!.text));
      const spot = t[body]!.start - 1;
      if (spot > t[m.first]!.start && (w[spot] === ' ' || w[spot] === '\t') && ownBlock(t, m, body, headerOf(m))) {
        const start = t[m.first]!.start;
        const saved = w.slice(start, end);
        put(spot, '{');
        const whole = slice(start, end);
        if (wholeMembers(whole)) return true;
        put(start, saved);
      }
      if (!m.scenario) names.push(...namesIn(headerOf(m)));
      blank(t[m.body]!.start, end);
      const head = slice(t[m.first]!.start, t[m.body - 1]!.end);
      if (wholeMembers(head)) return true;
      blank(t[m.first]!.start, t[m.body - 1]!.end);
      return true;
    }
    if (m.open !== undefined && m.close === undefined) {
      // A block without its `}`: write one over a space between this member and the next line.
      const next = m.last + 1 < t.length ? t[m.last + 1]!.start : text.length;
      // A space right before the next token (its indentation) or right after this member's last
      // one: never one inside a comment between them.
      const blankAt = (i: number) => w[i] === ' ' || w[i] === '\t';
      let spot = next < text.length && next - 1 >= end && blankAt(next - 1) ? next - 1 : -1;
      if (spot < 0 && end < next && blankAt(end)) spot = end;
      at(m.last, unclosedBlockMessage(ownerWords(m)));
      if (!m.scenario) names.push(...namesIn(headerOf(m)));
      if (spot >= 0) {
        put(spot, '}');
        end = spot + 1;
      } else if (next === text.length) {
        w += '\n}';
        end = w.length;
      } else {
        blank(t[m.open]!.start, end); // the block cannot be closed here: its properties go
        return true;
      }
    }
    const mended = m.open !== undefined && m.close === undefined;
    const start = t[m.first]!.start;
    const whole = slice(start, end);
    const r = parsers.fast.checkMembers(whole, 0, whole.length);
    if (ok(r, whole, IN_SYSTEM)) return mended;

    if (m.open !== undefined && m.properties.length > 0) {
      const bad: Span[] = [];
      const standIn = m.scenario ? STEP_STAND_IN : PROPERTY_STAND_IN;
      for (const p of m.properties) {
        const snippet = `${standIn}${slice(t[p.first]!.start, t[p.last]!.end)}\n}\n}`;
        const pr = parsers.fast.attempt(snippet);
        if (pr instanceof GiveUp && !ok(pr, snippet, (s) => s)) bad.push(p);
      }
      if (bad.length > 0) {
        const saved = w.slice(start, end);
        for (const p of bad) blankSpan(p);
        const rest = slice(start, end);
        if (wholeMembers(rest)) {
          // One error for each run of broken properties next to each other on a line.
          for (let i = 0; i < bad.length; i++) {
            const p = bad[i]!;
            const prev = bad[i - 1];
            const joined =
              prev !== undefined &&
              m.properties.indexOf(prev) === m.properties.indexOf(p) - 1 &&
              t[prev.last]!.line === t[p.first]!.line;
            if (joined) blankSpan(p);
            else property(m, p);
          }
          return true;
        }
        put(start, saved);
      }
    }
    // The whole member goes: one error where the parser stopped (none when the member before it
    // went too: one error for a run of broken lines).
    const i = members.indexOf(m);
    const run = i > 0 && blankedMembers.has(members[i - 1]!);
    blankedMembers.add(m);
    const say = run ? () => undefined : report;
    const g = r instanceof GiveUp && !r.ambiguous ? start + r.offset : start;
    const k = tokenAt(g, m);
    const header = headerOf(m);
    const junk = junkIn(m);
    if (junk !== undefined) say(junk, junkMessage(t[junk]!.text));
    else if (m.first === m.last && t[m.first]!.kind === 'word') say(m.first, unknownStatementMessage(t[m.first]!.text));
    else {
      const stopped = g >= end ? undefined : t[k]!.text;
      if (stopped !== undefined && isPropertyKey(stopped) && m.open === undefined && k > m.first) {
        say(k, missingOpenMessage(stopped));
        names.push(...namesIn(header));
        const saved = w.slice(start, end);
        blank(t[k]!.start, end); // the header alone may still declare the component
        const head = slice(start, end);
        if (wholeMembers(head)) return true;
        put(start, saved);
        blank(start, end);
        return true;
      }
      const first = t[m.first]!.text;
      const what = header.some((x) => x.text === '->')
        ? 'edge'
        : first === 'description' || first === 'slo' || first === 'settings'
          ? first
          : isComponentKind(first)
            ? 'component'
            : 'statement';
      say(g >= end ? m.last : k, unreadableMessage(what, stopped));
    }
    if (!m.scenario) names.push(...namesIn(header)); // a scenario's names leave the model sure
    blank(start, end);
    return true;
  }

  /**
   * The component names in a member's header: a declaration's name (`service api`), an edge's
   * ends (not its flags), or, for anything else, its words (and the name in a word that runs a
   * kind together with it, `cachesession-store`).
   */
  function namesIn(header: readonly ScanToken[]): string[] {
    const words = header.filter((x) => x.kind === 'word').map((x) => x.text);
    if (header.some((x) => x.text === '->')) return words.filter((x) => !EDGE_WORDS.has(x));
    if (header.length >= 2 && header[0]!.kind === 'word' && header[1]!.kind === 'word') return [header[1]!.text];
    return words.flatMap(wordsIn);
  }

  /** A word, and the name in it when a kind is run together with it (`cachesession-store`). */
  function wordsIn(word: string): string[] {
    const kind = COMPONENT_KINDS.find((k) => word.length > k.length && word.startsWith(k));
    return kind ? [word, word.slice(kind.length)] : [word];
  }

  /** The first token of a span the language does not know (a stray character, an open string). */
  function junkIn(s: Span): number | undefined {
    for (let k = s.first; k <= s.last; k++) if (t[k]!.kind === 'junk') return k;
    return undefined;
  }

  function headerOf(m: MemberOutline): ScanToken[] {
    return t.slice(m.first, m.open ?? m.body ?? m.last + 1);
  }

  function ownerWords(m: MemberOutline): string {
    const h = headerOf(m);
    if (h.length >= 2 && h[1]!.kind === 'word' && h[0]!.kind === 'word' && h[1]!.text !== '->')
      return `'${h[1]!.text}'`;
    return `'${h.map((x) => x.text).join(' ')}'`;
  }

  function property(m: MemberOutline, p: Span): void {
    if (m.scenario) {
      step(p);
      return;
    }
    const key = t[p.first]!;
    const kind = headerOf(m)[0]?.text;
    const owner = headerOf(m).some((x) => x.text === '->') ? undefined : kind;
    const junk = junkIn(p);
    if (junk !== undefined) at(junk, junkMessage(t[junk]!.text));
    else if (key.kind === 'word' && !isPropertyKey(key.text))
      at(p.first, unknownPropertyMessage(key.text, owner), 'unknown-property');
    else if (key.kind !== 'word') at(p.first, unreadableMessage('block', key.text));
    else {
      const snippet = `${PROPERTY_STAND_IN}${slice(key.start, t[p.last]!.end)}\n}\n}`;
      const r = parsers.fast.attempt(snippet);
      const g = r instanceof GiveUp && !r.ambiguous ? key.start + r.offset - PROPERTY_STAND_IN.length : key.start;
      const k = tokenAt(g, p);
      at(
        g > t[p.last]!.end - 1 ? p.last : k,
        unreadableMessage(`property '${key.text}'`, g > t[p.last]!.end - 1 ? undefined : t[k]!.text),
      );
    }
    const h = headerOf(m);
    names.push(...namesIn(h));
    blankSpan(p);
  }

  /** A scenario's broken step: one error (a misspelt step word or property, or where it stopped); no names. */
  function step(p: Span): void {
    const junk = junkIn(p);
    const words = t.slice(p.first, p.last + 1);
    const message = junk === undefined ? stepMessage(words.map((x) => (x.kind === 'word' ? x.text : ''))) : undefined;
    if (junk !== undefined) at(junk, junkMessage(t[junk]!.text));
    else if (message) at(message.at + p.first, message.text, message.code);
    else {
      const snippet = `${STEP_STAND_IN}${slice(t[p.first]!.start, t[p.last]!.end)}\n}\n}`;
      const r = parsers.fast.attempt(snippet);
      const g = r instanceof GiveUp && !r.ambiguous ? t[p.first]!.start + r.offset - STEP_STAND_IN.length : -1;
      const k = g < 0 ? p.first : tokenAt(g, p);
      at(k, unreadableMessage('step', g < 0 || g > t[p.last]!.end - 1 ? undefined : t[k]!.text));
    }
    blankSpan(p);
  }

  /** Mends the member that holds `offset` or the one before it; `false` if neither needed it. */
  function mendAt(offset: number): boolean {
    let lo = 0;
    let hi = members.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (t[members[mid]!.first]!.start <= offset) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (const j of [i, i - 1]) {
      const m = members[j];
      if (!m || checked.has(m)) continue;
      checked.add(m);
      if (member(m)) return true;
    }
    return false;
  }

  // The members the parser stops in, mended system by system: each round parses one system's
  // members, not the whole text (a pasted text may have dozens of broken members). A system the
  // one before it runs into (not closed), a stop the members alone cannot decide (ambiguous) or a
  // stop no member explains is left to the rounds over the whole text below.
  for (let si = 0; si < o.systems.length; si++) {
    const sys = o.systems[si]!;
    if (sys.missingOpen || sys.close === undefined || (si > 0 && o.systems[si - 1]!.close === undefined)) continue;
    const from = t[sys.open]!.end;
    const to = t[sys.close]!.start;
    for (let round = 0; round < MAX_FALLBACK; round++) {
      const r = parsers.fast.checkMembers(w, from, to);
      if (!r || r.ambiguous || !mendAt(r.offset)) break;
    }
  }

  // The rest parses once the members the parser stops in are mended; where the outline missed a
  // broken statement, the line the parser stopped at is blanked, a few times at most.
  let work = w;
  for (let round = 0; round <= MAX_FALLBACK; round++) {
    const r = parsers.fast.attempt(work);
    let stop: number | undefined;
    let result: ParseResult<AstNode> | undefined;
    if (!(r instanceof GiveUp)) result = r;
    else if (!r.ambiguous) stop = r.offset;
    else {
      const full = parsers.langium(work);
      if (full.lexerErrors.length === 0 && full.parserErrors.length === 0) result = full;
      else stop = full.lexerErrors[0]?.offset ?? full.parserErrors[0]!.token.startOffset;
    }
    if (result) {
      const root = result.value.$cstNode?.root as unknown as { _text: string } | undefined;
      if (root) root._text = text;
      errors.sort((a, b) => a.start - b.start);
      result.parserErrors = errors.map((e) => toException(text, e)) as never;
      return { result, recovery: { errors, names, brokenImport } };
    }
    if (round === MAX_FALLBACK || stop === undefined || Number.isNaN(stop)) return undefined;
    // The member the parser stopped in, or the one before it (which may not have ended), mended.
    if (mendAt(stop)) {
      work = w;
      continue;
    }
    // Else blank the line of `stop` (or the text's last line at its end).
    const line = lineOf(t, Math.min(stop, text.length - 1));
    if (!line) return undefined;
    at(line.first, unreadableMessage('line', t[tokenAt(stop, line)]?.text));
    for (const x of t.slice(line.first, line.last + 1)) if (x.kind === 'word') names.push(x.text);
    blankSpan(line);
    work = w;
  }
  return undefined;
}
