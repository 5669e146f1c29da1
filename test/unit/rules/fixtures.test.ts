/**
 * Data-driven rule tests: every rule has test/fixtures/rules/<id>/invalid*.arch files whose
 * `// expect:` markers list exactly the findings the rule must report, and valid*.arch files on
 * which it must stay silent. Every fix offered on an invalid fixture must give a model that
 * parses, links and no longer triggers that finding.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/rules/registry.js';
import { ROOT } from '../helpers.js';
import { applyFix, check, describeFindings, expectations, mismatch } from './harness.js';

const FIXTURES = join(ROOT, 'test/fixtures/rules');

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (id) => {
  const dir = join(FIXTURES, id);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.arch'))
        .sort()
    : [];
  const invalid = files.filter((f) => f.startsWith('invalid'));
  const valid = files.filter((f) => f.startsWith('valid'));

  it('has at least one invalid and one valid fixture', () => {
    expect(invalid.length, `${dir}/invalid*.arch`).toBeGreaterThan(0);
    expect(valid.length, `${dir}/valid*.arch`).toBeGreaterThan(0);
  });

  for (const name of invalid) {
    const path = `/fixtures/${id}/${name}`;
    const text = readFileSync(join(dir, name), 'utf8');
    it(`flags exactly the marked findings in ${name}`, async () => {
      const expected = expectations(text).filter((e) => e.rule === id);
      expect(expected.length, 'an invalid fixture marks at least one finding').toBeGreaterThan(0);
      const r = await check({ [path]: text });
      expect(r.errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      expect(mismatch(r.findings, expected, id, `file://${path}`)).toBeUndefined();
    });

    it(`every quick fix in ${name} parses, links and clears its finding`, async () => {
      const files = { [path]: text };
      const r = await check(files);
      for (const f of r.findings.filter((x) => x.rule === id)) {
        for (const fix of f.fixes) {
          const fixed = applyFix(files, r.load, fix);
          const after = await check(fixed);
          expect(
            after.errors.map((d) => `${d.line}:${d.column} ${d.message}`),
            `${fix.title}:\n${fixed[path]}`,
          ).toEqual([]);
          const still = after.findings.filter(
            (x) => x.rule === id && x.components[0] === f.components[0] && x.message === f.message,
          );
          expect(
            still.map((x) => x.message),
            `${fix.title} left the finding:\n${fixed[path]}`,
          ).toEqual([]);
        }
      }
    });
  }

  for (const name of valid) {
    it(`stays silent on ${name}`, async () => {
      const path = `/fixtures/${id}/${name}`;
      const r = await check({ [path]: readFileSync(join(dir, name), 'utf8') });
      expect(r.errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      expect(describeFindings(r.findings, id)).toEqual([]);
    });
  }
});
