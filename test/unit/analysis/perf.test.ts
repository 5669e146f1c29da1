/**
 * Speed: analyze() on a generated 10,000-component model (layered random DAG, ~2 edges each).
 * Prints the time; no wall-clock assertion (machines differ), but checks the work was done.
 */
import { describe, expect, it } from 'vitest';
import { analyze, generateModel } from '../../../src/core/analysis/index.js';

describe('generated models', () => {
  it('are deterministic for a seed and shaped as asked', () => {
    const a = generateModel(1000, 3);
    const b = generateModel(1000, 3);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.components).toHaveLength(1000);
    expect(a.edges.length / a.components.length).toBeGreaterThan(1.5);
    expect(a.edges.length / a.components.length).toBeLessThan(2.5);
    expect(a.components.filter((c) => c.kind === 'client').length).toBeGreaterThan(0);
    expect(JSON.stringify(generateModel(1000, 4))).not.toBe(JSON.stringify(a));
    // ids are unique and every edge resolves
    const ids = new Set(a.components.map((c) => c.id));
    expect(ids.size).toBe(1000);
    for (const e of a.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  });

  it('analyze() on 10,000 components', () => {
    const m = generateModel(10_000, 1);
    const t0 = performance.now();
    const a = analyze(m);
    const cold = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      analyze(m);
      warm.push(performance.now() - t);
    }
    warm.sort((x, y) => x - y);
    // materialising every component's main figures (as rules would)
    const t1 = performance.now();
    let sum = 0;
    for (const c of a.components)
      sum += (c.load.total.value ?? 0) + (c.utilization.value ?? 0) + (c.latency.p95.value ?? 0);
    const figures = performance.now() - t1;
    console.log(
      `analyze(10,000 components, ${m.edges.length} edges): first run ${cold.toFixed(1)} ms, then median ${warm[2]!.toFixed(1)} ms; ` +
        `reading load, utilisation and p95 of every component: ${figures.toFixed(1)} ms`,
    );
    expect(a.components).toHaveLength(10_000);
    expect(a.paths.length).toBeGreaterThan(0);
    expect(a.system.bottleneck).not.toBeNull();
    expect(Number.isFinite(sum)).toBe(true);
  });
});
