/** The sweep, efficiency and growth on every sample and rule fixture, and on degenerate models: no throw, sane figures. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Model } from '../../../src/core/model.js';
import { efficiency, growth, sweep } from '../../../src/core/scaling/index.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ROOT, sampleFiles } from '../helpers.js';

function fixtureFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const dir = join(ROOT, 'test/fixtures/rules');
  for (const rule of readdirSync(dir))
    for (const f of readdirSync(join(dir, rule)).filter((x) => x.endsWith('.arch')))
      out[join(dir, rule, f)] = readFileSync(join(dir, rule, f), 'utf8');
  return out;
}

function checkAll(model: Model, what: string): void {
  const a = analyze(model);
  const s = sweep(model, a, { steps: 10 });
  expect(s.multipliers, what).toHaveLength(10);
  const to = s.multipliers[9]!;
  expect(to, what).toBeGreaterThanOrEqual(2);
  expect(to, what).toBeLessThanOrEqual(100);
  for (const c of s.clients)
    for (const k of ['p50', 'p95', 'p99'] as const) {
      expect(c[k], `${what} ${c.client}`).toHaveLength(10);
      // once unbounded, unbounded at every higher load
      const first = c[k].findIndex((v) => v === Infinity);
      if (first >= 0)
        expect(
          c[k].slice(first).every((v) => v === Infinity),
          `${what} ${c.client} ${k}`,
        ).toBe(true);
      for (const v of c[k]) expect(v >= 0 || Number.isNaN(v), `${what} ${c.client} ${k}`).toBe(true);
    }
  for (const c of s.components)
    expect(
      c.utilization.every((u) => u >= 0 || u === Infinity),
      what,
    ).toBe(true);
  for (const sys of s.systems) expect(typeof sys.lens, what).toBe('string');
  expect(
    s.breaks.every((b) => b.text.length > 0 && b.multiplier >= 0),
    what,
  ).toBe(true);
  for (const e of efficiency(model, a)) expect(e.text.length, what).toBeGreaterThan(0);
  const withGrowth: Model = {
    ...model,
    systems: model.systems.map((x) => ({ ...x, settings: { ...x.settings, growthPerMonth: 0.1 } })),
  };
  const g = growth(withGrowth, analyze(withGrowth));
  if (model.components.some((c) => c.kind === 'client')) {
    expect(g, what).not.toBeNull();
    for (const e of g!.events) expect(e.month >= 0 && e.month <= g!.horizonMonths, what).toBe(true);
  }
}

describe('scaling on every sample and rule fixture', () => {
  it('never throws and keeps its invariants', async () => {
    const files = { ...sampleFiles(), ...fixtureFiles() };
    let n = 0;
    for (const [path, text] of Object.entries(files)) {
      const r = await loadTexts({ [path]: text });
      checkAll(r.model, path);
      n++;
    }
    expect(n).toBeGreaterThan(50);
  }, 120_000);

  it('degenerate models: no systems, no clients, clients sending nothing', async () => {
    checkAll({ systems: [], components: [], edges: [] }, 'empty');
    for (const text of [
      'system s {\n  service app { instances 2 capacity 100 rps }\n}',
      'system s {\n  client c { rate 0 rps }\n  service app { capacity 100 rps }\n  c -> app\n}',
      'system s {\n  client c { rate 10 rps }\n  service app { instances 0 capacity 100 rps }\n  c -> app\n}',
      'system s {\n  slo { p95 1 ms }\n  client c { rate 10 rps }\n  service app { latency 5 ms }\n  c -> app\n}',
    ]) {
      const r = await loadTexts({ '/w/a.arch': text });
      checkAll(r.model, text);
    }
  });
});
