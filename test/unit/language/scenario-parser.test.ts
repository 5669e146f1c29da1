/**
 * Scenario blocks and growth rates in the fast parser: exactly Langium's tree, or none (it gives up
 * where Chevrotain would look further), on every form, on a structured soup of steps, and through
 * incremental re-parses of edits inside a scenario.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, fast, sameAsLangium, slow } from './tree-compare.js';

const BASE = `system s {
  settings { zones 3 growth 2 % per month horizon 2 years }
  client users { rate 10 k rps growth 8 % per month }
  service app { instances 6 zones 3 }
  database db { replicas 2 shards 4 }
  cache redis { hit 80 % }
  users -> app
  app -> redis
  redis -> db
  scenario black-friday {
    description "Three times today's traffic"
    load 3 x
    users rate 25 k rps
    fail zone
    fail app zone
    fail app 2
    fail app instances 2
    fail db replica 1
    fail db replicas 1;
    fail db shard 1
    fail redis
  }
}
`;

describe('scenarios in the fast parser', () => {
  it('reads every step form as Langium does', () => {
    const texts = [
      BASE,
      'system s { scenario a { } }',
      'system s { scenario a {} scenario b { load 1.5 x; fail zone 2 } }',
      'system s { scenario s { app instances 3\n users rate 25 k rps\n fail app 2\n users rate 3 per minute } }',
      'system s { scenario x { db quorum n 3 r 2 w 2\n app autoscale 2..10\n db replicas 3 async\n app sessions in redis\n app description "d" } }',
      'system s { scenario x { fail app zone 2\n fail app\n fail db shards 2\n load - 1 x } }',
      // keywords as names: a component `load`, `fail`, `scenario`, `zone`
      'system s { service load\n scenario scenario { load rate 3 rps\n fail load\n fail scenario 2\n description instances 2 } }',
      'system s { scenario z { zone instances 2\n fail zone\n fail zone 2 } }',
      // a scenario is also a name elsewhere
      'system s { service scenario { instances 2 }\n scenario -> fail\n fail -> load }',
      'system s { client c { rate 1 rps growth 100 % per year } settings { growth 1 % per week } }',
    ];
    for (const t of texts) expect(compare(t), t).toBe('fast');
  });

  it('gives up where Chevrotain looks further (or on errors), and Langium decides', () => {
    const texts = [
      'system s { scenario a { fail rate 3 } }',
      'system s { scenario a { fail zone zone } }',
      'system s { scenario a { fail app\n zone rate 3 rps } }',
      'system s { scenario a { load 3\n x rate 3 rps } }',
      'system s { scenario a { app stateless\n users rate 3 rps } }',
      'system s { scenario a { fial app } }',
      'system s { scenario a { load } }',
      'system s { scenario { } }',
    ];
    for (const t of texts) expect(fast.parse(t), t).toBeUndefined();
  });

  it('numbers in steps never take a name as their unit', () => {
    const r = slow('system s { scenario a { app instances 3\n users rate 2 rps\n fail app 2\n users rate 1 rps } }');
    expect(r.parserErrors).toEqual([]);
  });

  it('on a structured soup of steps', () => {
    const stepArb = fc.oneof(
      fc.constantFrom('load 2 x', 'load 1.5', 'load 3 x;', 'description "d"', 'fail zone', 'fail zone 2'),
      fc
        .tuple(
          fc.constantFrom('app', 'db', 'zone', 'load', 'x', 'k', 'rate', 'instances'),
          fc.constantFrom('', ' zone', ' instances', ' replica', ' replicas', ' shard', ' shards'),
          fc.constantFrom('', ' 1', ' 2', ' - 1', ';', ' 2 x'),
        )
        .map(([c, p, n]) => `fail ${c}${p}${n}`),
      fc
        .tuple(
          fc.constantFrom('app', 'users', 'fail', 'load', 'k', 'x', 'per'),
          fc.constantFrom('rate', 'instances', 'replicas', 'stateless', 'read-from', 'zones', 'growth', 'hit'),
          fc.constantFrom('', ' 3', ' 2 k rps', ' 3 per minute', ' 80 %', ' replicas', ' 2..4', ' 8 % per month', ';'),
          fc.constantFrom('', ' async', ';'),
        )
        .map(([c, k, v, q]) => `${c} ${k}${v}${q}`),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 6 }), (steps) => {
        if (compare(`system s {\n  scenario sc {\n    ${steps.join('\n    ')}\n  }\n}`) === 'fast') accepted++;
      }),
      { numRuns: 2000, seed: 5 },
    );
    console.log(`scenario soup: ${accepted} of 2000 accepted`);
    expect(accepted).toBeGreaterThan(700);
  });

  it('re-parses chains of random edits in and around scenarios as a full parse would', () => {
    const snippets = [
      '',
      ' ',
      '\n',
      '5',
      '\n    fail app 2\n',
      ' zone',
      '\n  scenario q { load 2 x }\n',
      ' 8 % per month',
      ' replica 1',
      '\n    users rate 3 rps\n',
      ';',
      'x',
      '}',
    ];
    let incremental = 0;
    let valid = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(20), fc.constantFrom(...snippets)), { minLength: 1, maxLength: 5 }),
        (steps) => {
          let text = BASE;
          let tree = fast.parse(text);
          for (const [x, y, snippet] of steps) {
            if (!tree) return;
            const at = x % (text.length + 1);
            const next = text.slice(0, at) + snippet + text.slice(Math.min(text.length, at + y));
            const s = slow(next);
            if (s.parserErrors.length === 0 && s.lexerErrors.length === 0) valid++;
            const r = fast.reparse(tree, next);
            if (!r) return;
            incremental++;
            sameAsLangium(r, next);
            text = next;
            tree = r;
          }
        },
      ),
      { numRuns: 400, seed: 17 },
    );
    console.log(`scenario re-parse: ${incremental} of ${valid} edits to valid text re-parsed incrementally`);
    expect(incremental).toBeGreaterThan(valid * 0.8);
  });

  it('re-parses edits inside a scenario as a full parse would', () => {
    const edits: [string, string][] = [
      ['load 3 x', 'load 4 x'],
      ['fail app 2', 'fail app 3'],
      ['users rate 25 k rps', 'users rate 30 k rps'],
      ['fail redis', 'fail redis\n    fail app'],
      ['fail zone\n', ''],
      ['fail db shard 1', 'fail dbb shard 1'],
    ];
    let incremental = 0;
    for (const [from, to] of edits) {
      const next = BASE.replace(from, to);
      const r = fast.reparse(fast.parse(BASE)!, next);
      if (!r) continue;
      incremental++;
      sameAsLangium(r, next);
    }
    expect(incremental).toBe(edits.length);
  });
});
