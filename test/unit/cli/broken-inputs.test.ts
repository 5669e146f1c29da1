/**
 * The CLI on broken input: every command (check, analyze, render as Mermaid text and Markdown,
 * format, diff) on texts the language server's edit storm makes (seeded random edits of the
 * samples) and on hand-made ones (huge numbers, deep nesting, a 10,000-character name, lone CR,
 * CRLF, non-ASCII). Each run ends normally (exit 0 or 1, never an internal error) and whatever it
 * prints on stdout ends with a newline.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EditMaker, mulberry32, ROOT } from '../server/storm-edits.js';
import { run } from './run.js';

const SAMPLES = ['capacity-plan', 'url-shortener', 'order-pipeline', 'social-feed', 'bad-design'];

/** Texts a few dozen storm edits away from a sample (seeded, so always the same). */
function stormTexts(): Record<string, string> {
  const samples = SAMPLES.map((s) => readFileSync(join(ROOT, 'samples', `${s}.arch`), 'utf8'));
  const out: Record<string, string> = {};
  samples.forEach((sample, i) => {
    const rand = mulberry32(7000 + i);
    const maker = new EditMaker(rand, samples, 12_000);
    let text = sample;
    for (let n = 0; n < 40; n++) {
      const e = maker.next(text);
      // No whole-text replacement: these texts stay broken.
      if (e.kind === 'replace all') continue;
      text = text.slice(0, e.start) + e.text + text.slice(e.end);
    }
    out[`storm-${SAMPLES[i]}.arch`] = text;
  });
  return out;
}

const sys = (body: string) => `system s {\n${body}\n}\n`;

const HANDMADE: Record<string, string> = {
  'empty.arch': '',
  'bom.arch': '\ufeff',
  'open-brace.arch': 'system s {',
  'stray-close.arch': '}}}} system s { } }',
  'huge-numbers.arch': sys(
    `  client c { rate 1e308 rps }\n  service a { capacity ${'9'.repeat(400)} rps instances 1e309 }\n  c -> a`,
  ),
  'deep-nesting.arch': sys(`  service a ${'{'.repeat(500)}`),
  'long-name.arch': sys(`  service ${'n'.repeat(10_000)} { capacity 10 rps }\n  ${'n'.repeat(10_000)} -> b`),
  'line-ends.arch': 'system s {\r  client c { rate 10 rps }\r\n  service a { capacity 5 rps }\r  c -> a\n}\r\n',
  'non-ascii.arch': sys('  client 😀 { rate 10 rps }\n  service e\u0301 { capacity שלום }\n  \u202e a -> b'),
  'garbage.arch': '\u0000\u0001 -> -> {{ "unterminated\n\'x',
  'keywords.arch': sys('  service system { }\n  worker cdc { }\n  system -> cdc async reads writes'),
  'edges-only.arch': sys('  a -> b, c, d { weight 2 share 200 % }\n  -> x\n  y ->'),
  // Exited 3 with a stack trace at e779832 (a description without its string, a range without its
  // maximum).
  'description-no-string.arch': 'system s { description x }\n',
  'range-no-max.arch': sys('  service a { autoscale 2.. }'),
  'cr-in-string.arch': sys('  description "x\ry"\n  service a { capacity 10 }'),
};

let dir: string;
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archscale-broken-'));
  mkdirSync(join(dir, 'shared'));
  copyFileSync(join(ROOT, 'samples/shared/identity.arch'), join(dir, 'shared/identity.arch'));
  copyFileSync(join(ROOT, 'samples/capacity-plan.arch'), join(dir, 'good.arch'));
  const texts = { ...stormTexts(), ...HANDMADE };
  for (const [name, text] of Object.entries(texts)) writeFileSync(join(dir, name), text);
  files = Object.keys(texts);
});

/** Runs the CLI and checks that it ended normally, with stdout ending in a newline. */
async function expectNormal(args: string[]): Promise<void> {
  const what = `archscale ${args.join(' ')}`;
  let r: Awaited<ReturnType<typeof run>>;
  try {
    r = await run(args, dir);
  } catch (e) {
    // bin.ts turns this into exit 3 and a stack trace.
    throw new Error(`${what}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, {
      cause: e,
    });
  }
  expect([0, 1], `${what}: exit code (stderr: ${r.err.slice(0, 300)})`).toContain(r.code);
  if (r.out !== '') expect(r.out.endsWith('\n'), `${what}: stdout ends with a newline`).toBe(true);
  expect(r.err, what).not.toMatch(/internal error|\n\s+at /);
}

describe('the CLI on broken input', () => {
  it('check reports every broken file and ends normally, in each format', async () => {
    for (const format of ['text', 'json', 'sarif']) await expectNormal(['check', '--format', format, '.']);
    for (const f of files) await expectNormal(['check', f]);
  }, 120_000);

  it('analyze ends normally, its table and its JSON end with a newline', async () => {
    for (const f of files) {
      await expectNormal(['analyze', f]);
      await expectNormal(['analyze', '--json', f]);
    }
  }, 120_000);

  it('render (Mermaid text and Markdown) ends normally', async () => {
    for (const f of files) {
      await expectNormal(['render', f]);
      await expectNormal(['render', '--format', 'md', f]);
    }
  }, 120_000);

  it('format --check and format end normally', async () => {
    for (const f of files) await expectNormal(['format', '--check', f]);
    // In place, on copies (the other tests read the originals).
    mkdirSync(join(dir, 'copies'));
    for (const f of files) copyFileSync(join(dir, f), join(dir, 'copies', f));
    await expectNormal(['format', 'copies']);
  }, 120_000);

  it('diff between a good and a broken model ends normally, in each format', async () => {
    for (const f of files) {
      await expectNormal(['diff', 'good.arch', f]);
      await expectNormal(['diff', f, 'good.arch']);
    }
    for (const format of ['markdown', 'json']) await expectNormal(['diff', '--format', format, 'good.arch', files[0]!]);
  }, 120_000);

  it('every command on a good model prints lines ending in a newline', async () => {
    for (const args of [
      ['check', 'good.arch'],
      ['analyze', 'good.arch'],
      ['analyze', '--json', 'good.arch'],
      ['render', 'good.arch'],
      ['rules'],
      ['rules', '--json'],
      ['--help'],
      ['--version'],
    ]) {
      const r = await run(args, dir);
      expect(r.code, args.join(' ')).toBe(0);
      // A clean check prints nothing on stdout (its summary goes to stderr).
      if (args[0] === 'check') expect(r.out).toBe('');
      else expect(r.out.endsWith('\n'), `${args.join(' ')}: stdout ends with a newline`).toBe(true);
    }
  });
});
