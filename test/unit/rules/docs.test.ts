/**
 * Every registered rule has docs/rules/<id>.md with a failing example (```arch failing, with
 * `// expect:` markers) and a passing example (```arch passing); the examples produce exactly
 * what the doc says. Every rule file exists, ids are unique and kebab-case.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/rules/registry.js';
import { ROOT } from '../helpers.js';
import { check, describeFindings, expectations, mismatch } from './harness.js';

function examples(md: string, tag: 'failing' | 'passing'): string[] {
  return [...md.matchAll(new RegExp('```arch ' + tag + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

describe('rule registry', () => {
  it('has unique kebab-case ids, one source file each, a description and a concept', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(existsSync(join(ROOT, 'src/core/rules', `${r.id}.ts`)), `src/core/rules/${r.id}.ts`).toBe(true);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.concept.length).toBeGreaterThan(3);
      expect(['error', 'warning', 'info', 'hint']).toContain(r.defaultSeverity);
    }
  });
});

describe.each(RULES.map((r) => [r.id] as const))('docs/rules/%s.md', (id) => {
  const path = join(ROOT, 'docs/rules', `${id}.md`);
  const md = existsSync(path) ? readFileSync(path, 'utf8') : '';

  it('exists and explains the rule', () => {
    expect(md, path).not.toBe('');
    expect(md).toContain(`# ${id}`);
    for (const heading of ['## Why it matters', '## When not to worry']) expect(md).toContain(heading);
  });

  it('its failing example produces exactly the marked findings', async () => {
    const failing = examples(md, 'failing');
    expect(failing.length).toBeGreaterThan(0);
    for (const text of failing) {
      const expected = expectations(text).filter((e) => e.rule === id);
      expect(expected.length).toBeGreaterThan(0);
      const r = await check({ '/doc/example.arch': text });
      expect(r.errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      expect(mismatch(r.findings, expected, id, 'file:///doc/example.arch')).toBeUndefined();
    }
  });

  it('its passing example produces no finding of the rule', async () => {
    const passing = examples(md, 'passing');
    expect(passing.length).toBeGreaterThan(0);
    for (const text of passing) {
      const r = await check({ '/doc/example.arch': text });
      expect(r.errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      expect(describeFindings(r.findings, id)).toEqual([]);
    }
  });
});
