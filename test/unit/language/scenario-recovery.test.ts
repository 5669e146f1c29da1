/**
 * Recovery inside a scenario: one typo in a step is one error at its place; the scenario's other
 * steps, the other scenarios and the rest of the file are read as before, and the base model stays sure.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/core/model.js';
import { load } from '../helpers.js';

const BASE = `system s {
  client users { rate 10 k rps }
  service app { instances 6 zones 3 }
  database db { replicas 2 }
  users -> app
  app -> db
  scenario peak {
    load 2 x
    fail app 2
    users rate 25 k rps
    fail db replica 1
  }
  scenario other { fail db }
}
`;

const kinds = (s: Scenario | undefined) => s?.steps.map((x) => (x.kind === 'set' ? `set ${x.component}` : x.kind));

async function check(from: string, to: string) {
  if (!BASE.includes(from)) throw new Error(from);
  const r = await load(BASE.replace(from, to));
  const sys = r.model.systems[0]!;
  return {
    errors: r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`),
    peak: kinds(sys.scenarios?.find((s) => s.name === 'peak')),
    other: kinds(sys.scenarios?.find((s) => s.name === 'other')),
    components: r.model.components.map((c) => c.id),
    edges: r.model.edges.length,
    unsettled: r.model.unsettled ?? [],
  };
}

describe('a typo in a scenario is one error', () => {
  it('reads the untouched file whole', async () => {
    const r = await check('', '');
    expect(r.errors).toEqual([]);
    expect(r.peak).toEqual(['load', 'fail', 'set users', 'fail']);
  });

  const cases: [string, string, string, string[]][] = [
    [
      'fail app 2',
      'fial app 2',
      "9:5 unknown-step unknown step 'fial'; did you mean 'fail'?",
      ['load', 'set users', 'fail'],
    ],
    [
      'users rate 25 k rps',
      'users rat 25 k rps',
      "10:11 unknown-property unknown property 'rat'; did you mean 'rate'?",
      ['load', 'fail', 'fail'],
    ],
    ['load 2 x', 'load', '8:5 syntax cannot read this step: it ends too soon', ['fail', 'set users', 'fail']],
    [
      'fail db replica 1',
      'fail db replica 1 @',
      "11:23 syntax unexpected character '@'",
      ['load', 'fail', 'set users'],
    ],
    ['load 2 x', 'lod 2 x', "8:5 unknown-step unknown step 'lod'; did you mean 'load'?", ['fail', 'set users', 'fail']],
  ];
  for (const [from, to, error, peak] of cases) {
    it(`${to}`, async () => {
      const r = await check(from, to);
      expect(r.errors).toEqual([error]);
      expect(r.peak).toEqual(peak);
      expect(r.other).toEqual(['fail']);
      expect(r.components).toEqual(['users', 'app', 'db']);
      expect(r.edges).toBe(2);
      expect(r.unsettled).toEqual([]);
    });
  }

  it("a scenario whose '}' is missing: one error, its steps kept, the model sure", async () => {
    const r = await load(
      'system s {\n  service x { instances 2 }\n  scenario x {\n    fail x 1\n  service y { instances 2 }\n}\n',
    );
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      "4:12 the block of 'x' is not closed: expected '}'",
    ]);
    expect(r.model.unsettled).toBeUndefined();
    expect(r.model.components.map((c) => c.id)).toEqual(['x', 'y']);
    expect(kinds(r.model.systems[0]!.scenarios?.[0])).toEqual(['fail']);
  });
});
