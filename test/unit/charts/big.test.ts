/**
 * Big models through the Scaling view's path (charts/wire.ts): a generated 10,000-component
 * model's sweep is sent without response times (as the server does above LATENCY_CHART_LIMIT),
 * small and quick, and draws without NaN; at the limit, with response times, it stays quick.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { LIGHT, scalingCharts } from '../../../src/charts/index.js';
import { MAX_COMPONENT_LINES } from '../../../src/charts/select.js';
import { sweepFromWire, sweepToWire } from '../../../src/charts/wire.js';
import { analyze, generateModel } from '../../../src/core/analysis/index.js';
import { sweepOf } from '../../../src/core/scaling/index.js';
import { LATENCY_CHART_LIMIT } from '../../../src/server/scaling.js';

describe('a 10,000-component model in the Scaling view', () => {
  it('sends at most the charted components, quickly, and draws', () => {
    const model = generateModel(10_000, 3);
    const analysis = analyze(model);
    const sweep = sweepOf(model, analysis);
    const t = performance.now();
    const wire = sweepToWire(sweep, { latency: false });
    const ms = performance.now() - t;
    const bytes = JSON.stringify(wire).length;
    console.log(
      `[charts] 10,000 components: ${sweep.components.length} curves, ${wire.components.length} sent, ${Math.round(bytes / 1024)} KB, ${ms.toFixed(0)} ms (no response times)`,
    );
    expect(wire.components.length).toBeLessThanOrEqual(MAX_COMPONENT_LINES * Math.max(1, wire.systems.length));
    expect(bytes).toBeLessThan(2_000_000);
    expect(ms).toBeLessThan(2_000);
    expect(wire.clients).toEqual([]);
    const { sweep: back, leftOut } = sweepFromWire(JSON.parse(JSON.stringify(wire)));
    const document = new JSDOM('').window.document;
    const charts = scalingCharts(back, null, { document, theme: LIGHT, leftOut });
    expect(charts.systems.length).toBeGreaterThan(0);
    for (const s of charts.systems) for (const c of s.charts) expect(c.outerHTML).not.toMatch(/NaN/);
  }, 60_000);

  it(`at ${LATENCY_CHART_LIMIT} components the response times are sent, within a couple of seconds`, () => {
    const model = generateModel(LATENCY_CHART_LIMIT, 3);
    const sweep = sweepOf(model, analyze(model));
    const t = performance.now();
    const wire = sweepToWire(sweep);
    const ms = performance.now() - t;
    console.log(`[charts] ${LATENCY_CHART_LIMIT} components with response times: ${ms.toFixed(0)} ms`);
    expect(wire.clients.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3_000);
  }, 60_000);
});
