import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { efficiency } from '../../../src/core/scaling/index.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { ROOT } from '../helpers.js';

const modelOf = async (text: string) => (await loadTexts({ '/w/a.arch': text })).model;

describe('scaling efficiency', () => {
  it('the capacity plan: app scales linearly from 1.71× at 20 instances to 4× at 47; then flights-db caps it', async () => {
    const model = await modelOf(readFileSync(join(ROOT, 'test/fixtures/scaling/capacity-plan.arch'), 'utf8'));
    const [e] = efficiency(model, analyze(model));
    expect(e!.bottleneck).toBe('app');
    expect(e!.points[0]).toEqual({ instances: 20, maxMultiplier: expect.closeTo(1.714, 9), limitedBy: 'app' });
    // each instance adds 857 rps of 10,000: linear
    for (const p of e!.points.slice(0, -1)) expect(p.maxMultiplier).toBeCloseTo((p.instances * 857) / 10_000, 9);
    const last = e!.points[e!.points.length - 1]!;
    expect(last).toEqual({ instances: 47, maxMultiplier: expect.closeTo(4, 9), limitedBy: 'flights-db' });
    expect(e!.cap).toEqual({ multiplier: expect.closeTo(4, 9), component: 'flights-db' });
    expect(e!.text).toBe(
      'adding instances to app scales linearly to 4× at 47 instances (autoscale maximum 40: 3.43×); then flights-db caps it',
    );
  });

  it('consumers of a partitioned queue stop helping at one per partition', async () => {
    const model = await modelOf(`system s {
  client c { rate 900 rps }
  queue q { partitions 4 }
  worker w { instances 2 capacity 100 rps }
  c -> q
  q -> w
}`);
    const [e] = efficiency(model, analyze(model));
    expect(e!.bottleneck).toBe('w');
    expect(e!.points.map((p) => p.instances)).toEqual([2, 3, 4]);
    expect(e!.cap?.component).toBe('w');
    expect(e!.text).toMatch(
      /^adding instances to w stops helping at 4 instances \(0\.44×\): more would get no work \(4 partitions\)$/,
    );
  });

  it('a store bottleneck: instances do not scale it', async () => {
    const model = await modelOf(`system s {
  client c { rate 3 k rps }
  database db { capacity 2 k rps }
  c -> db
}`);
    const [e] = efficiency(model, analyze(model));
    expect(e!.bottleneck).toBe('db');
    expect(e!.text).toMatch(/db caps s at 0\.67×: a store scales by its replicas and shards/);
  });
});
