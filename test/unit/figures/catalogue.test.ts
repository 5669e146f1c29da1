/**
 * The figure catalogue and the public JSON: every surface reads the catalogue, the JSON matches
 * its documented schema, and the saturation multiplier (added through the catalogue) shows on
 * the hover, the CLI table and the JSON with the figure the capacity plan gives.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatAnalysisTable } from '../../../src/cli/analyze-format.js';
import { analyze, type ComponentAnalysis } from '../../../src/core/analysis/index.js';
import { COMPONENT_FIGURES, COMPONENT_GROUP_DEPENDS, figuresOn } from '../../../src/core/figures/catalogue.js';
import { analysisToJson, AnalysisJsonSchema } from '../../../src/core/figures/json.js';
import { analysisSchemaDocument } from '../../../src/core/figures/schema-document.js';
import { nodeDetails } from '../../../src/core/mermaid/index.js';
import { componentHover } from '../../../src/core/present.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { analyzeText, byId, comp, edge, model } from '../analysis/helpers.js';

const SAMPLES = ['capacity-plan', 'url-shortener', 'order-pipeline', 'social-feed'];

describe('the figure catalogue', () => {
  it('names every figure once, with a label, and a column where the table shows it', () => {
    const keys = COMPONENT_FIGURES.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of figuresOn('table')) expect(f.column, f.key).toBeTruthy();
    for (const f of figuresOn('json')) expect(f.json, f.key).toBeTruthy();
    for (const f of figuresOn('hint')) expect(f.hint, f.key).toBeTruthy();
  });

  it("declares every group of a component's results (what it depends on), so the memo records it", async () => {
    const a = await analyzeText(readFileSync('samples/capacity-plan.arch', 'utf8'));
    const plain = (a.components[0] as ComponentAnalysis & { toJSON(): object }).toJSON();
    expect(Object.keys(plain).sort()).toEqual(Object.keys(COMPONENT_GROUP_DEPENDS).sort());
  });
});

describe('the public JSON', () => {
  it('docs/analysis.schema.json is generated from the schema (npm run schema:update)', () => {
    expect(readFileSync('docs/analysis.schema.json', 'utf8')).toBe(analysisSchemaDocument());
  });

  it.each(SAMPLES)('%s: analyze --json matches the schema exactly (no missing, no extra field)', async (name) => {
    const r = await loadTexts({
      '/w/main.arch': readFileSync(`samples/${name}.arch`, 'utf8'),
      '/w/shared/identity.arch': readFileSync('samples/shared/identity.arch', 'utf8'),
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const json = JSON.parse(JSON.stringify(analysisToJson(analyze(r.model))));
    expect(json.components.length).toBeGreaterThan(3);
    expect(() => AnalysisJsonSchema.parse(json)).not.toThrow();
    expect(AnalysisJsonSchema.parse(json)).toEqual(json);
  });

  it('a figure that does not exist is null (no capacity, a store absent)', () => {
    const a = analyze(model([comp('c', 'client', { rateRps: 10 }), comp('x', 'service')], [edge('c', 'x')]));
    const x = analysisToJson(a).components.find((c) => c.name === 'x')!;
    expect(x.saturationMultiplier).toBeNull();
    expect(x.capacityRps).toBeNull();
    expect(x.store).toBeNull();
    expect(x.load.total).toBe(10);
  });
});

describe('the saturation multiplier', () => {
  it('is capacity over load: 1 / utilisation, for a pool and at the busiest node of a store', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000, readFraction: 0.8 }),
          comp('app', 'service', { instances: 4, capacityRps: 400 }),
          comp('db', 'database', { capacityRps: 1000, replicas: 2, replication: 'async', readFrom: 'replicas' }),
        ],
        [edge('c', 'app'), edge('app', 'db')],
      ),
    );
    expect(byId(a, 'app').saturationMultiplier.value).toBeCloseTo(1600 / 1000, 9);
    // primary: 200 writes; each replica: 200 writes replayed + 800 / 2 reads = 600 → busiest 600 of 1000
    expect(byId(a, 'db').saturationMultiplier.value).toBeCloseTo(1000 / 600, 9);
    // growing every client by that factor saturates it exactly
    const m = byId(a, 'db').saturationMultiplier.value!;
    const grown = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000 * m, readFraction: 0.8 }),
          comp('app', 'service', { instances: 4, capacityRps: 400 * 2 }),
          comp('db', 'database', { capacityRps: 1000, replicas: 2, replication: 'async', readFrom: 'replicas' }),
        ],
        [edge('c', 'app'), edge('app', 'db')],
      ),
    );
    expect(byId(grown, 'db').utilization.value).toBeCloseTo(1, 9);
  });

  it('capacity plan: app saturates first, at 1.71× today', async () => {
    const a = await analyzeText(readFileSync('samples/capacity-plan.arch', 'utf8'));
    const app = byId(a, 'app');
    // 20 instances × 857 rps over 10k rps
    expect(app.saturationMultiplier.value).toBeCloseTo(17_140 / 10_000, 9);
    const others = a.components.filter((c) => c.id !== app.id && c.saturationMultiplier.value !== null);
    for (const c of others) expect(c.saturationMultiplier.value!).toBeGreaterThan(app.saturationMultiplier.value!);

    // hover, CLI table, JSON, preview tooltip
    const hover = componentHover(app, undefined, [], () => '');
    expect(hover).toMatch(/\| saturates at \| 1\.71× \| 1 \/ 58\.3 % = 1\.71×: every client's rate can grow 1\.71×/);
    const table = formatAnalysisTable(a);
    expect(table.split('\n')[1]).toMatch(/util\s+saturates at\s+mean/);
    expect(table.split('\n').find((l) => l.startsWith('app '))).toMatch(/58\.3 %\s+1\.71×/);
    expect(analysisToJson(a).components.find((c) => c.name === 'app')!.saturationMultiplier).toBeCloseTo(1.714, 3);
    const loaded = await loadTexts({ '/w/a.arch': readFileSync('samples/capacity-plan.arch', 'utf8') });
    const tip = nodeDetails(loaded.model, analyze(loaded.model), [], ['app']);
    expect(tip.app!.rows).toContainEqual(['saturates at', '1.71×']);
  });

  it('is absent without capacity or load, and below 1 when saturated', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('x', 'service', { capacityRps: 50 }),
          comp('idle', 'service', { capacityRps: 50 }),
        ],
        [edge('c', 'x')],
      ),
    );
    expect(byId(a, 'x').saturationMultiplier.value).toBeCloseTo(0.5, 9);
    expect(byId(a, 'x').saturationMultiplier.text).toMatch(/saturated today/);
    expect(byId(a, 'idle').saturationMultiplier.value).toBeNull();
    expect(byId(a, 'c').saturationMultiplier.value).toBeNull();
  });
});
