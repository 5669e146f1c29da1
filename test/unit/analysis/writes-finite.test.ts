/**
 * A client's end-to-end figures weigh its classes by what it sends: a client that only writes,
 * whose write path is finite, is not shown unbounded because the store's read replicas (which
 * it never reads) are saturated; and a client's mix follows its own read share.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../../src/core/analysis/index.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { byId } from './helpers.js';

/** The analysis of a text without language errors (a saturated store is a finding, not an error here). */
async function analyzeText(text: string): Promise<Analysis> {
  const r = await loadTexts({ '/w/shop.arch': text });
  expect(r.diagnostics.filter((d) => d.severity === 'error' && !RULES.some((x) => x.id === d.code))).toEqual([]);
  return analyze(r.model);
}

const SHOP = `
system shop {
  client readers { rate 9 k rps reads 100 % }
  client writers { rate 1 k rps writes 100 % }
  client mixed { rate 100 rps reads 50 % }
  service api { instances 20 capacity 1 k rps stateless }
  database orders { engine postgres capacity 4000 rps replicas 2 async lag 1 s }

  readers -> api
  writers -> api
  mixed -> api
  api -> orders
}
`;

describe('a client whose writes are finite while the read replicas are saturated', () => {
  it('shows its writes, not ∞', async () => {
    const a = await analyzeText(SHOP);
    // the store's replicas are saturated (reads), its primary is not
    expect(byId(a, 'orders').saturated).toBe(true);
    const writesPath = a.paths.find((p) => p.from === 'writers' && p.traffic === 'writes')!;
    expect(writesPath.latency.mean.value).not.toBeNull();
    const req = a.requests.find((q) => q.client === 'writers' && q.traffic === 'writes')!;
    const writers = byId(a, 'writers');
    // the client's end-to-end figures are its writes' figures
    expect(writers.endToEnd.mean.value).not.toBeNull();
    expect(writers.endToEnd.mean.value).toBeCloseTo(req.latency.mean.value!, 9);
    expect(writers.endToEnd.p95.value).toBeCloseTo(req.latency.p95.value!, 9);
    expect(writers.latency.mean.value).toBeCloseTo(req.latency.mean.value!, 9);
    expect(writers.concurrency.value).toBeCloseTo(req.concurrency.value!, 9);
    // a reader of the saturated replicas is unbounded
    expect(byId(a, 'readers').endToEnd.mean.value).toBeNull();
    expect(byId(a, 'readers').concurrency.value).toBeNull();
  });

  it("weighs a mixed client's classes by its own read share", async () => {
    const a = await analyzeText(SHOP.replace('rate 9 k rps reads 100 %', 'rate 1 k rps reads 100 %'));
    expect(byId(a, 'orders').saturated).toBe(false);
    const mixed = byId(a, 'mixed');
    const [r, w] = (['reads', 'writes'] as const).map(
      (k) => a.requests.find((q) => q.client === 'mixed' && q.traffic === k)!.latency.mean.value!,
    );
    expect(r).not.toBeCloseTo(w!, 3);
    expect(mixed.endToEnd.mean.value).toBeCloseTo(0.5 * r! + 0.5 * w!, 9);
  });
});
