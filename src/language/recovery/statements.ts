/**
 * The statements of any `.arch` text, broken or not, found from its scanned tokens and its layout:
 * imports and systems at the top; a system's members (components, edges, blocks), one per line
 * unless a block, a `,` or a `->` carries it on; a member's properties, each starting on its own
 * line, after a `;`, or at a word followed by a number (`capacity 800 rps capacty 900 rps`). A block
 * whose `}` is missing ends where a line starts a new member at the block's own indentation or
 * less. This outline only says where statements begin and end; whether one is well formed is the
 * parser's to say (`recover.ts`).
 */
import { COMPONENT_KINDS } from '../../core/model.js';
import { PROPERTY_BY_KEY } from '../../core/properties.js';
import type { ScanToken } from './scan.js';

/** A run of tokens, by index (both inclusive). */
export interface Span {
  first: number;
  last: number;
}

export interface MemberOutline extends Span {
  /** The block's `{` and `}` (`close` absent when the block is never closed). */
  open?: number;
  close?: number;
  /**
   * A block whose `{` is missing: its first token (the lines below the header, indented deeper,
   * up to the `}` that closes them, which is `close`).
   */
  body?: number;
  /**
   * Property lines with no component above them (its header line is gone): up to and with the
   * lone `}` that closed them, if there is one.
   */
  orphan?: boolean;
  /** `scenario NAME { ... }`: its `properties` are its steps, one per line (or after a `;`). */
  scenario?: boolean;
  properties: Span[];
}

export interface SystemOutline extends Span {
  /**
   * The `{` after the header, and the `}` that closes the system (absent when never closed). When
   * the `{` is missing (`missingOpen`), `open` is the header's last token.
   */
  open: number;
  missingOpen?: boolean;
  close?: number;
  members: MemberOutline[];
}

export interface Outline {
  imports: Span[];
  systems: SystemOutline[];
  /** Lines at the top level that are neither an import nor a system. */
  junk: Span[];
}

const KINDS: ReadonlySet<string> = new Set(COMPONENT_KINDS);
/** Words that take a number after them inside a quorum (`n 3 r 2 w 2`), not property keys. */
const QUORUM_WORDS: ReadonlySet<string> = new Set(['n', 'r', 'w']);

export function outline(t: readonly ScanToken[]): Outline {
  const out: Outline = { imports: [], systems: [], junk: [] };
  const n = t.length;
  const is = (k: number, text: string) => k < n && t[k]!.text === text && t[k]!.kind !== 'string';
  /** The index of the first token of the next line after `k` (or n). */
  const nextLine = (k: number) => {
    let m = k + 1;
    while (m < n && !t[m]!.lineStart) m++;
    return m;
  };

  /** Whether a line starting at `k` begins a member (used to end a block whose `}` is missing). */
  const startsMember = (k: number): boolean => {
    const a = t[k]!;
    if (a.kind !== 'word') return false;
    if (is(k + 1, '->')) return true;
    if ((a.text === 'slo' || a.text === 'settings') && is(k + 1, '{')) return true;
    if (a.text === 'description' && k + 1 < n && t[k + 1]!.kind === 'string') return true;
    if (a.text === 'system') return true;
    const b = t[k + 1];
    if (!b || b.kind !== 'word' || b.lineStart) return false;
    return KINDS.has(a.text) || is(k + 2, '{');
  };

  /** Whether what starts at `k` can follow a member inside a system: a member, `}` or the end. */
  const nextSystemMemberOrEnd = (k: number): boolean => k >= n || startsMember(k) || is(k, '}');

  const block = (member: MemberOutline, from: number, column: number): number => {
    let k = from;
    while (k < n) {
      const a = t[k]!;
      if (is(k, '}')) {
        member.close = k;
        return k + 1;
      }
      if (a.lineStart && a.column <= column && startsMember(k)) return k; // its `}` is missing
      // One property: to the next line, `;`, `}`, a word followed by a number, or a flag's key
      // (`circut-breaker 50 % jitter`). (A stray `{` is a broken property of its own.)
      let m = k + 1;
      for (; m < n; m++) {
        const u = t[m]!;
        if (is(m, '}') || is(m, '{') || is(k, '{') || u.lineStart || is(m - 1, ';')) break;
        if (
          !member.scenario &&
          u.kind === 'word' &&
          !QUORUM_WORDS.has(u.text) &&
          !is(m - 1, 'in') &&
          (PROPERTY_BY_KEY.get(u.text)?.value.shape === 'flag' ||
            (m + 1 < n && !t[m + 1]!.lineStart && (t[m + 1]!.kind === 'number' || is(m + 1, '-'))))
        )
          break;
      }
      member.properties.push({ first: k, last: m - 1 });
      k = m;
    }
    return k;
  };

  const member = (from: number): { member: MemberOutline; next: number } => {
    const m: MemberOutline = { first: from, last: from, properties: [] };
    if (t[from]!.text === 'scenario' && t[from]!.kind === 'word' && is(from + 2, '{')) m.scenario = true;
    const column = t[from]!.column;
    let k = from;
    // Property lines with no component above them: one statement, through the `}` that closed them.
    // (`description` also starts a system's description: a broken one is that.)
    const key = t[from]!.text;
    if (t[from]!.kind === 'word' && PROPERTY_BY_KEY.has(key) && key !== 'description' && !startsMember(from)) {
      m.orphan = true;
      let c = from + 1;
      while (c < n && !is(c, '}') && !(t[c]!.lineStart && startsMember(c))) c++;
      if (
        is(c, '}') &&
        t[c]!.lineStart &&
        t[c]!.column < column &&
        !(c + 1 < n && !t[c + 1]!.lineStart) &&
        nextSystemMemberOrEnd(c + 1)
      )
        c++;
      m.last = c - 1;
      return { member: m, next: c };
    }
    for (; k < n; k++) {
      const a = t[k]!;
      if (k > from && a.lineStart && !is(k, ',') && !is(k, '->') && !is(k, '{') && !is(k - 1, ',') && !is(k - 1, '->'))
        break;
      if (is(k, '}')) {
        // `service a instances 2 }`: a block whose `{` is missing, on one line.
        if (!a.lineStart && k > from + 2) {
          m.body = from + 2;
          m.close = k;
          m.last = k;
          return { member: m, next: k + 1 };
        }
        break;
      }
      if (is(k, '{')) {
        m.open = k;
        const next = block(m, k + 1, column);
        m.last = next - 1;
        return { member: m, next };
      }
    }
    m.last = Math.max(from, k - 1);
    // No `{`, but the lines below are indented deeper, start no member, and a `}` closes them:
    // a block whose `{` is missing.
    if (k < n && t[k]!.lineStart && t[k]!.column > column && !is(k, '}') && !startsMember(k)) {
      let c = k;
      while (c < n && !is(c, '}') && !(t[c]!.lineStart && t[c]!.column <= column)) {
        if (t[c]!.lineStart && startsMember(c)) break;
        c++;
      }
      if (is(c, '}') && t[c]!.lineStart && t[c]!.column >= column) {
        m.body = k;
        m.close = c;
        m.last = c;
        return { member: m, next: c + 1 };
      }
    }
    return { member: m, next: Math.max(k, from + 1) };
  };

  /** A system's members from `from` to its `}` (or the next system's header, or the end). */
  function body(system: SystemOutline, from: number): number {
    let k = from;
    const column = t[system.first]!.column;
    while (k < n) {
      if (is(k, '}')) {
        system.close = k;
        k++;
        break;
      }
      // The next system's header: this one's `}` is missing.
      if (t[k]!.text === 'system' && t[k]!.lineStart && t[k]!.column <= column) break;
      const r = member(k);
      system.members.push(r.member);
      k = r.next;
    }
    system.last = k - 1;
    return k;
  }

  let k = 0;
  while (k < n) {
    const a = t[k]!;
    if (a.text === 'import' && a.kind === 'word') {
      let m = k + 1;
      while (m < n && !t[m]!.lineStart && !is(m - 1, ';')) m++;
      out.imports.push({ first: k, last: m - 1 });
      k = m;
      continue;
    }
    // A system: a header line with `{` (or the header alone on its line and `{` first on the next),
    // unless the line reads as a member (a kind and a name, or an edge): a member out of place.
    let open = k;
    const end = nextLine(k);
    while (open < end && !is(open, '{')) open++;
    if (open === end && is(end, '{') && a.kind === 'word') open = end;
    const outOfPlace =
      a.text !== 'system' &&
      (KINDS.has(a.text) || is(k + 1, '->') || a.text === 'slo' || a.text === 'settings' || a.text === 'scenario');
    // `system name` alone on its line, members below: the `{` is missing.
    if (a.text === 'system' && end === k + 2 && t[k + 1]!.kind === 'word' && end < n && startsMember(end)) {
      const system: SystemOutline = { first: k, last: k + 1, open: k + 1, missingOpen: true, members: [] };
      k = body(system, end);
      out.systems.push(system);
      continue;
    }
    if (open >= n || !is(open, '{') || a.kind !== 'word' || outOfPlace) {
      out.junk.push({ first: k, last: end - 1 });
      k = end;
      continue;
    }
    const system: SystemOutline = { first: k, last: open, open, members: [] };
    k = body(system, open + 1);
    out.systems.push(system);
  }
  return out;
}
