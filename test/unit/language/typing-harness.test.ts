/**
 * The typing test's harness (test/typing/): its typos, the rule that says which findings a
 * typo explains, the checker against a fresh `loadTexts` (the CLI's path), and the limits
 * (expectations.ts) catching what they should. The typing test itself is typing.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../../src/language/workspace.js';
import { RULE_IDS } from '../../../src/core/rules/registry.js';
import { TypingChecker, type Outcome, type TypingFinding } from '../../typing/checker.js';
import { typingTargets } from '../../typing/corpus.js';
import { changedCount, changedFindings, explain, namesOn } from '../../typing/explains.js';
import { EXPECTATIONS } from '../../typing/expectations.js';
import { overLimits, runTyping } from '../../typing/run.js';
import {
  closeOpenBlocks,
  commentBodies,
  deletions,
  lineDeletions,
  prefixes,
  swaps,
  TYPO_KINDS,
  typosOf,
} from '../../typing/typos.js';
import { ROOT } from '../helpers.js';

const TEXT = 'system s {\n  client c { rate 10 rps }\n  database db { capacity 100 rps }\n  c -> db\n}\n';

describe('typos', () => {
  it('swaps every two neighbouring, different letters once', () => {
    const all = [...swaps('ab cc de\nfg')];
    expect(all.map((t) => t.text)).toEqual(['ba cc de\nfg', 'ab cc ed\nfg', 'ab cc de\ngf']);
    expect(all[2]).toMatchObject({ linesAfter: [1], before: 'fg', after: 'gf' });
  });

  it('deletes every character, a newline joining two lines', () => {
    const all = [...deletions('ab\ncd')];
    expect(all.map((t) => t.text)).toEqual(['b\ncd', 'a\ncd', 'abcd', 'ab\nd', 'ab\nc']);
    expect(all[2]).toMatchObject({ linesAfter: [0], before: 'ab\ncd', after: 'abcd' });
  });

  it('deletes every line, and types the file line by line', () => {
    const text = 'system s {\n  client c { rate 10 rps }\n  c -> db\n}\n';
    expect([...lineDeletions(text)].map((t) => t.text)).toEqual([
      '  client c { rate 10 rps }\n  c -> db\n}\n',
      'system s {\n  c -> db\n}\n',
      'system s {\n  client c { rate 10 rps }\n}\n',
      'system s {\n  client c { rate 10 rps }\n  c -> db\n',
    ]);
    expect([...lineDeletions(text)][2]).toMatchObject({ linesAfter: [1, 2], before: '  c -> db', after: '' });
    expect([...prefixes(text)].map((t) => t.text)).toEqual([
      'system s {\n',
      'system s {\n  client c { rate 10 rps }\n',
      'system s {\n  client c { rate 10 rps }\n  c -> db\n',
    ]);
  });

  it('closes the blocks a prefix leaves open, not braces in strings or comments', () => {
    expect(closeOpenBlocks('system s {\n  client c { // {\n')).toBe('system s {\n  client c { // {\n}\n}\n');
    expect(closeOpenBlocks('system s { description "{" }\n')).toBe('system s { description "{" }\n');
  });

  it("marks a line comment's text, which a typo changes only (the typing test leaves it out)", async () => {
    const text = 'a // bc\n"//x" # d\n';
    expect([...commentBodies(text)].map((b, i) => (b ? text[i] : '.')).join('')).toBe('.... bc........ d.');
    const target = typingTargets(ROOT).find((t) => t.file === '/samples/bad-design.arch')!;
    const clean = target.files[target.file]!;
    const inside = commentBodies(clean);
    const checker = new TypingChecker();
    const brief = (o: Outcome) => [o.errors, o.findings.map((f) => `${f.line} ${f.rule} ${f.message}`)];
    const expected = brief(await checker.check(target.files));
    const offsets = [...inside.keys()].filter((i) => inside[i]).filter((_, j) => j % 97 === 0);
    expect(offsets.length).toBeGreaterThan(3);
    for (const i of offsets) {
      const typed = clean.slice(0, i) + clean.slice(i + 1);
      expect(brief(await checker.check({ ...target.files, [target.file]: typed }))).toEqual(expected);
    }
  });

  it('gives every kind for every file of the corpus (samples with what they import, rule fixtures)', () => {
    const targets = typingTargets(ROOT);
    expect(targets.find((t) => t.file === '/samples/shared/identity.arch')?.roots).toEqual([
      '/samples/social-feed.arch',
    ]);
    expect(Object.keys(targets.find((t) => t.file === '/samples/social-feed.arch')!.files).sort()).toEqual([
      '/samples/shared/identity.arch',
      '/samples/social-feed.arch',
    ]);
    expect(targets.filter((t) => t.file.startsWith('/test/fixtures/rules/')).length).toBeGreaterThan(50);
    for (const kind of TYPO_KINDS) expect(typosOf(TEXT, kind).next().done).toBe(false);
  });
});

function finding(rule: string, subject: string, line: number, message = `${rule} ${subject}`): TypingFinding {
  return { rule, subject, components: [subject], message, file: '/a.arch', line };
}

function outcome(findings: TypingFinding[], errors = 1): Outcome {
  const e = { file: '/a.arch', line: 0, code: 'syntax', message: 'broken' };
  return { errors: Array.from({ length: errors }, () => e), findings, ms: 1 };
}

describe('which findings a typo explains', () => {
  const clean = outcome([finding('overloaded', 'db', 9, 'db at 120 %')], 0);
  const typo = { linesAfter: [3], before: '  web -> db', after: '  ewb -> db' };

  it('the clean file: the same rule on the same subject, whatever its line and numbers', () => {
    const v = outcome([finding('overloaded', 'db', 8, 'db at 90 %')]);
    expect(explain(clean, v, typo, '/a.arch').unexplained).toEqual([]);
    expect(changedCount(clean.findings, v.findings)).toBe(2);
    expect(changedFindings(clean.findings, [])).toEqual({ appeared: 0, vanished: 1 });
  });

  it('the broken statement: a finding on its line, or about a name written on it before or after the typo', () => {
    const v = outcome([
      finding('unreachable', 'x', 3),
      finding('unreachable', 'web', 7),
      finding('unreachable', 'ewb', 7),
    ]);
    expect(explain(clean, v, typo, '/a.arch').unexplained).toEqual([]);
    expect(namesOn('  main-db -> web_2 { calls 1 per request }')).toEqual(
      new Set(['main-db', 'web_2', 'calls', 'per', 'request']),
    );
  });

  it('nothing else: another rule, another subject, another line, or the same line of another file', () => {
    const other = { ...finding('unreachable', 'cache', 3), file: '/b.arch' };
    const v = outcome([finding('single-database', 'main-db', 9), finding('unreachable', 'cache', 5), other]);
    expect(explain(clean, v, typo, '/a.arch').unexplained).toEqual(v.findings);
  });

  it("a scenario's fail step the edit made wrong, away from the typo, leaves the edit a model of its own", () => {
    const f = finding('single-point-of-failure', 'orders', 9);
    const failStep = (line: number) => ({
      errors: [{ file: '/a.arch', line, code: 'bad-fail', message: "'db' has no replicas to fail" }],
      findings: [f],
      ms: 1,
    });
    expect(explain(clean, failStep(20), typo, '/a.arch').unexplained).toEqual([]);
    // on the typo's own line it is the typo's error: the finding is not explained
    expect(explain(clean, failStep(3), typo, '/a.arch').unexplained).toEqual([f]);
  });

  it('a variant without language errors is a model of its own; a prefix is explained by its closed blocks', () => {
    const f = finding('unreachable', 'cache', 5);
    expect(explain(clean, outcome([f], 0), typo, '/a.arch').unexplained).toEqual([]);
    expect(explain(clean, outcome([f]), typo, '/a.arch', outcome([f], 0)).unexplained).toEqual([]);
    expect(explain(clean, outcome([f]), typo, '/a.arch', outcome([{ ...f, message: 'other' }], 0)).unexplained).toEqual(
      [f],
    );
  });
});

describe('the typing checker', () => {
  it('gives what a fresh loadTexts (archscale check) gives, variant after variant', async () => {
    const targets = typingTargets(ROOT).filter(
      (t) => t.file.startsWith('/samples/') || t.file.endsWith('/unreachable/invalid.arch'),
    );
    const checker = new TypingChecker();
    let compared = 0;
    for (const target of targets) {
      const text = target.files[target.file]!;
      // Two of each kind, a third and two thirds into the file.
      for (const kind of TYPO_KINDS) {
        const all = [...typosOf(text, kind)];
        for (const i of [Math.floor(all.length / 3), Math.floor((2 * all.length) / 3)]) {
          const files = { ...target.files, [target.file]: all[i]!.text };
          const mine = await checker.check(files);
          const fresh = await loadTexts(files);
          expect(mine.crash).toBeUndefined();
          const errors = fresh.diagnostics.filter((d) => d.severity === 'error' && !RULE_IDS.includes(d.code));
          const findings = fresh.diagnostics.filter((d) => RULE_IDS.includes(d.code));
          expect(mine.errors.map((e) => `${e.file}:${e.line + 1} ${e.code} ${e.message}`)).toEqual(
            errors.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`),
          );
          expect(mine.findings.map((f) => `${f.file}:${f.line + 1} ${f.rule} ${f.message}`).sort()).toEqual(
            findings.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).sort(),
          );
          compared++;
        }
      }
    }
    expect(compared).toBe(targets.length * TYPO_KINDS.length * 2);
  }, 120_000);
});

describe('the limits', () => {
  it('catch a typo over them', async () => {
    const target = { file: '/a.arch', files: { '/a.arch': TEXT }, roots: ['/a.arch'] };
    const strict = Object.fromEntries(TYPO_KINDS.map((k) => [k, { maxErrorsPerTypo: 0, unexplainedFindings: 0 }]));
    const result = await runTyping([target], { kinds: ['delete-line'], expectations: strict as typeof EXPECTATIONS });
    expect(result.kinds['delete-line'].variants).toBe(5);
    const over = overLimits(result, strict as typeof EXPECTATIONS);
    // Deleting `database db {…}` leaves `c -> db` unresolved: an error, over a limit of 0.
    expect(over.join('\n')).toMatch(
      /^delete-line: \d of 5 typos give more than 0 language errors, e\.g\. \/a\.arch delete-line/,
    );
    const lenient = Object.fromEntries(TYPO_KINDS.map((k) => [k, { maxErrorsPerTypo: 99, unexplainedFindings: 99 }]));
    expect(overLimits(result, lenient as typeof EXPECTATIONS)).toEqual([]);
  });
});
