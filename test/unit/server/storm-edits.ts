/**
 * Random edits for the language server's edit storm (storm.test.ts), from a seeded PRNG: the same
 * seed gives the same edits. An edit replaces the text between two offsets, as an editor's
 * content change does.
 */
import { resolve } from 'node:path';

/** The repository (the server under test is its `out/language-server.cjs`). */
export const ROOT = resolve(__dirname, '../../..');

/** A seeded PRNG (mulberry32): numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Edit {
  kind: string;
  start: number;
  end: number;
  text: string;
}

/** The words of the language and what surrounds them. */
const KEYWORDS = [
  'import',
  'system',
  'slo',
  'settings',
  'description',
  'client',
  'dns',
  'cdn',
  'loadbalancer',
  'service',
  'cache',
  'database',
  'queue',
  'stream',
  'worker',
  'search',
  'storage',
  'external',
  'async',
  'sync',
  'cdc',
  'reads',
  'writes',
  'all',
  'requires',
  'strong',
  'eventual',
  'rate',
  'payload',
  'instances',
  'autoscale',
  'capacity',
  'service-time',
  'latency',
  'availability',
  'stateless',
  'sessions',
  'in',
  'hit',
  'ttl',
  'replicas',
  'replication',
  'lag',
  'quorum',
  'n',
  'r',
  'w',
  'shards',
  'partitions',
  'weight',
  'fanout',
  'timeout',
  'retries',
  'p95',
  'p99',
  'target-utilization',
  'per',
  'k',
  'million',
  'rps',
  'ms',
  's',
  '%',
  'KB',
  'TB',
];
const TOKENS = [
  '{',
  '}',
  '->',
  ',',
  ';',
  '..',
  '"',
  "'",
  '"a string"',
  '-',
  '10',
  '2.5',
  '99.9 %',
  '10 k rps',
  '300 per minute',
  '1..4',
  '// a comment',
  '/* a comment */',
  '/*',
  '#',
  'app',
  'db',
  'users',
  'a -> b',
  'app -> db reads requires strong',
  'description x',
  'description "x\ry"',
  'description "x\r\ny"',
  'sessions in',
  'quorum n 3 r 2',
];
const CHARS = 'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_-{}"\'->.,;%#/*() \n\t\\';
const UNICODE = [
  '😀',
  '👩‍👩‍👧',
  'e\u0301',
  '\u0301',
  '\u0308\u0308\u0308',
  'שלום',
  'مرحبا',
  '\u202e',
  '\u200f',
  '\u200b',
  '\ufeff',
  'ﬁ',
  'ß',
  '中文',
  '\u00a0',
  '\u2028',
  '\u0000',
];
const HUGE_NUMBERS = [
  '1e308',
  '1e309',
  '-1e308',
  '9'.repeat(400),
  '0.' + '0'.repeat(400) + '1',
  '1' + '_'.repeat(50),
  '1e-400',
  '4294967296',
  '9007199254740993',
];

export type Random = () => number;

export class EditMaker {
  constructor(
    private readonly rand: Random,
    /** Texts to paste (the samples). */
    private readonly pastes: readonly string[],
    /** Past this length, growing edits delete a chunk instead. */
    private readonly maxLength: number,
  ) {}

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** An offset that splits neither a surrogate pair nor a CRLF. */
  private offset(text: string, at = this.int(text.length + 1)): number {
    let o = Math.min(Math.max(at, 0), text.length);
    const prev = text.charCodeAt(o - 1);
    const next = text.charCodeAt(o);
    if (prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) o--;
    else if (prev === 13 && next === 10) o--;
    return o;
  }

  private lineAt(text: string, at: number): [number, number] {
    let start = at;
    while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
    let end = at;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    if (text[end] === '\r' && text[end + 1] === '\n') end += 2;
    else if (end < text.length) end++;
    return [start, end];
  }

  private insert(kind: string, text: string, inserted: string, at = this.offset(text)): Edit {
    return { kind, start: at, end: at, text: inserted };
  }

  private deleteChunk(text: string): Edit {
    const length = Math.max(1, Math.floor(text.length * (0.05 + this.rand() * 0.2)));
    const start = this.offset(text, this.int(Math.max(1, text.length - length)));
    return { kind: 'delete chunk', start, end: this.offset(text, start + length), text: '' };
  }

  /** One random edit of `text`. */
  next(text: string): Edit {
    const r = this.rand();
    const big = text.length > this.maxLength;
    if (r < 0.16) return this.insert('char', text, this.pick([...CHARS]));
    if (r < 0.3) {
      const start = this.offset(text);
      return { kind: 'delete', start, end: this.offset(text, start + 1 + this.int(4)), text: '' };
    }
    if (r < 0.42) {
      const word = this.rand() < 0.6 ? this.pick(KEYWORDS) : this.pick(TOKENS);
      return this.insert('token', text, this.rand() < 0.7 ? ` ${word} ` : word);
    }
    if (r < 0.5) {
      // A whole word (or the run of spaces) under a random offset.
      const at = this.offset(text);
      let start = at;
      let end = at;
      while (start > 0 && /[\w-]/.test(text[start - 1]!)) start--;
      while (end < text.length && /[\w-]/.test(text[end]!)) end++;
      return { kind: 'delete word', start, end: this.offset(text, Math.max(end, start + 1)), text: '' };
    }
    if (r < 0.56) {
      const [start, end] = this.lineAt(text, this.offset(text));
      return { kind: 'delete line', start, end: this.offset(text, end), text: '' };
    }
    if (r < 0.62) {
      const [start, end] = this.lineAt(text, this.offset(text));
      const line = text.slice(start, end);
      return this.insert('duplicate line', text, /[\r\n]$/.test(line) ? line : `${line}\n`, start);
    }
    if (r < 0.66) {
      if (big) return this.deleteChunk(text);
      const [start] = this.lineAt(text, this.offset(text));
      return this.insert('paste sample', text, this.pick(this.pastes), start);
    }
    if (r < 0.7) return this.insert('huge number', text, ` ${this.pick(HUGE_NUMBERS)} `);
    if (r < 0.72) {
      if (big) return this.deleteChunk(text);
      const n = 100 + this.int(400);
      return this.insert('deep nesting', text, this.rand() < 0.7 ? '{'.repeat(n) : '{ '.repeat(n) + '}'.repeat(n));
    }
    if (r < 0.74) {
      if (big) return this.deleteChunk(text);
      const name = 'n' + 'abcdefghij'.repeat(1000).slice(1);
      return this.insert('long name', text, this.rand() < 0.5 ? name : ` service ${name} { } `);
    }
    if (r < 0.82) {
      // Line ends: a line feed turned into CR or CRLF, or a lone CR anywhere (in strings too).
      const lf = text.indexOf('\n', this.offset(text));
      const choice = this.rand();
      if (lf >= 0 && choice < 0.5) {
        const start = this.offset(text, lf);
        return { kind: 'line end', start, end: start + 1, text: choice < 0.25 ? '\r' : '\r\n' };
      }
      const quote = text.indexOf('"', this.offset(text));
      if (quote >= 0 && choice < 0.75) return this.insert('CR in string', text, '\r', this.offset(text, quote + 1));
      return this.insert('lone CR', text, '\r');
    }
    if (r < 0.9) return this.insert('non-ASCII', text, this.pick(UNICODE));
    if (r < 0.93) {
      // A typed name: a few letters at once.
      return this.insert(
        'typed name',
        text,
        ` ${'abcdefghijklmnopqrstuvwxyz'.slice(this.int(20)).slice(0, 3 + this.int(8))} `,
      );
    }
    if (r < 0.95) return this.deleteChunk(text);
    // Back to a clean sample now and then, so broken text is edited from well-formed text too.
    return { kind: 'replace all', start: 0, end: text.length, text: this.pick(this.pastes) };
  }
}
