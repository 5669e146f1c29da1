/**
 * The bench's helpers (bench/): the figure-changing edit, the LikeC4 twin of the generated model,
 * LikeC4's log parsing and the target verdicts. No timing is asserted here (the bench reports it).
 */
import { describe, expect, it } from 'vitest';
import { capacityForRep, componentNameOf, findCapacityLine, withCapacity } from '../../../bench/edit-line.js';
import { generateArchText, generateLikeC4Text, generateStructure } from '../../../bench/generate-text.js';
import { parseValidateTime } from '../../../bench/likec4.js';
import { TARGETS, verdictOf } from '../../../bench/targets.js';
import { loadTexts } from '../../../src/language/workspace.js';

describe('bench edit line', () => {
  const gen = generateArchText(300, 7);
  const lines = gen.text.split('\n');

  it('finds the capacity line nearest the middle and rewrites only its number', () => {
    const around = gen.firstComponentLine + 150;
    const i = findCapacityLine(lines, around);
    expect(i).toBeGreaterThanOrEqual(gen.firstComponentLine);
    expect(lines[i]).toMatch(/capacity \d+( k)? rps/);
    for (let j = Math.min(i, around) + 1; j < Math.max(i, around); j++)
      expect(lines[j]).not.toMatch(/capacity \d+( k)? rps/);
    const edited = withCapacity(lines[i]!, 301);
    expect(edited).toMatch(/capacity 301 rps/);
    expect(edited.replace('capacity 301 rps', '')).toBe(lines[i]!.replace(/capacity \d+( k)? rps/, ''));
    expect(componentNameOf(lines[i]!)).toMatch(/^[a-z]+-\d+$/);
  });

  it('skips lines the caller rejects, and says -1 when nothing fits', () => {
    const around = gen.firstComponentLine + 150;
    const first = findCapacityLine(lines, around);
    expect(findCapacityLine(lines, around, (j) => j !== first)).not.toBe(first);
    expect(findCapacityLine(['system s {', '}'], 0)).toBe(-1);
    expect(() => withCapacity('  queue q { partitions 4 }', 1)).toThrow();
  });

  it('uses a distinct capacity every repetition, and the edited file still checks cleanly', async () => {
    const values = Array.from({ length: 50 }, (_, i) => capacityForRep(i));
    expect(new Set(values).size).toBe(50);
    const i = findCapacityLine(lines, gen.firstComponentLine + 150);
    const edited = [...lines];
    edited[i] = withCapacity(lines[i]!, capacityForRep(3));
    const r = await loadTexts({ '/b/m.arch': edited.join('\n') });
    const ruleIds = new Set((await import('../../../src/core/rules/registry.js')).RULE_IDS);
    expect(r.diagnostics.filter((d) => d.severity === 'error' && !ruleIds.has(d.code))).toEqual([]);
  });
});

describe('bench LikeC4 twin', () => {
  it('has the same elements and relations as the .arch model', () => {
    const s = generateStructure(200, 7);
    const c4 = generateLikeC4Text(200, 7);
    expect(c4).toMatch(/^specification \{$/m);
    for (const c of s.components) expect(c4).toContain(`    ${c.name} = ${c.kind} '${c.name}' {`);
    expect(c4.split('\n').filter((l) => / -> /.test(l))).toHaveLength(s.edges.length);
    expect(
      generateArchText(200, 7)
        .text.split('\n')
        .filter((l) => / -> /.test(l)),
    ).toHaveLength(s.edges.length);
    for (const k of new Set(s.components.map((c) => c.kind))) expect(c4).toContain(`  element ${k}\n`);
  });

  it("reads LikeC4's own validation time from its log", () => {
    expect(
      parseValidateTime('\u001b[2m10:03:45.607\u001b[0m INFO likec4.c4:validate \u001b[32mvalidate 944ms\u001b[39m'),
    ).toBe(944);
    expect(parseValidateTime('likec4.c4:validate validate 23.7s')).toBe(23_700);
    expect(parseValidateTime('nothing here')).toBeUndefined();
  });
});

describe('bench targets', () => {
  it('are informative verdicts: below the limit is met, missing is not measured', () => {
    const t = TARGETS.find((x) => x.id === 'edit-1000')!;
    expect(verdictOf(t, 49)).toBe('met');
    expect(verdictOf(t, 50)).toBe('NOT met');
    expect(verdictOf(t, undefined)).toBe('not measured');
    expect(new Set(TARGETS.map((x) => x.id)).size).toBe(TARGETS.length);
  });
});
