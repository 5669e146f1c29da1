/** The CLI's table and JSON output of an analysis. */
import { describe, expect, it } from 'vitest';
import { formatAnalysisTable } from '../../../src/cli/analyze-format.js';
import { analysisToJson } from '../../../src/core/figures/json.js';
import { analyze, toPlain } from '../../../src/core/analysis/index.js';
import { analyzeText, comp, edge, model, nonFinite } from './helpers.js';

const SHOP = `system shop {
  slo { p95 200 ms availability 99.9 % }
  settings { target-utilization 70 % horizon 1 year }
  client web { rate 10 k rps reads 90 % payload 2 KB }
  loadbalancer lb { algorithm round-robin }
  service app { instances 20 capacity 600 rps stateless availability 99.9 % }
  cache redis { engine redis hit 80 % ttl 60 s pattern cache-aside caches objects invalidate on-write capacity 100 k rps }
  database db { engine postgres capacity 2000 rps replicas 4 async lag 100 ms shards 4 skew 1.5 storage 2 TB record 1 KB }
  queue jobs { partitions 3 delivery at-least-once }
  worker mailer { instances 4 capacity 50 rps idempotent }
  external pay { latency 80 ms availability 99.95 % }
  search idx { capacity 5000 rps }
  web -> lb
  lb -> app
  app -> redis reads requires eventual
  redis -> db reads
  app -> db writes
  app -> jobs async { share 1 % }
  jobs -> mailer
  db -> idx cdc { lag 2 s }
  app -> pay { timeout 300 ms retries 2 fanout 3 share 10 % }
}`;

describe('analysisToJson', () => {
  it('has exactly the agreed top-level shape, with numbers or null', async () => {
    const a = await analyzeText(SHOP);
    const j = analysisToJson(a);
    expect(Object.keys(j)).toEqual(['components', 'resilience', 'paths', 'requests', 'system', 'cycles']);
    expect(Object.keys(j.system)).toEqual(['maxThroughputRps', 'bottleneck', 'availability', 'errorRate', 'storage']);
    expect(Object.keys(j.requests[0]!)).toEqual([
      'client',
      'traffic',
      'rateRps',
      'latency',
      'availability',
      'timeoutShare',
      'errorRate',
    ]);
    // no end-to-end timeout: no timeout share; the error rate is the unavailability
    expect(j.requests[0]!.timeoutShare).toBeNull();
    expect(j.requests[0]!.errorRate).toBeCloseTo(1 - j.requests[0]!.availability!, 12);
    const app = j.components.find((c) => c.name === 'app')!;
    expect(app).toMatchObject({ kind: 'service', capacityRps: 12_000, saturated: false });
    expect(app.load).toEqual({ reads: 9000, writes: 1000, total: 10_000 });
    expect(app.utilization).toBeCloseTo(10_000 / 12_000, 12);
    // round-robin over 20 instances: each an E20/M/1 queue, whose response is Exp(μ(1 − σ))
    expect(app.latency.meanMs).toBeCloseTo(5.5464, 3);
    expect(app.latency.p95Ms).toBeCloseTo(app.latency.meanMs! * Math.log(20), 6);
    expect(app.concurrency).toBeCloseTo(10 * app.latency.meanMs!, 6);
    const lb = j.components.find((c) => c.name === 'lb')!;
    expect(lb.capacityRps).toBeNull();
    expect(lb.utilization).toBeNull();
    const db = j.components.find((c) => c.name === 'db')!;
    expect(db.consistency).toEqual({ class: 'eventual', stalenessMs: 100, cap: 'AP' });
    expect(db.store).toMatchObject({ shards: 4, replicas: 4 });
    expect(db.storage!.monthsUntilFull).toBeCloseTo(3.2, 9);
    const path = j.paths.find((p) => p.to === 'db' && p.traffic === 'reads')!;
    expect(path).toMatchObject({
      from: 'web',
      hops: ['web', 'lb', 'app', 'redis', 'db'],
      consistency: { class: 'eventual', stalenessMs: 60_100, cap: 'AP' },
    });
    expect(Object.keys(path)).toEqual(['from', 'to', 'traffic', 'hops', 'latency', 'availability', 'consistency']);
    expect(j.paths.find((p) => p.traffic === 'writes')!.consistency).toBeNull();
    expect(j.system.bottleneck).toBe('app');
    expect(j.system.maxThroughputRps).toBeCloseTo(12_000, 6);
    expect(j.system.storage.firstFull).toEqual({ component: 'db', months: expect.closeTo(3.2, 9) });
    expect(j.cycles).toEqual([]);
    expect(nonFinite(j)).toEqual([]);
    // round-trips through JSON unchanged
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('uses null for figures that do not exist (saturated queues, no capacity), never NaN or Infinity', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('x', 'service', { capacityRps: 50 }),
          comp('y', 'service', { capacityRps: 0 }),
        ],
        [edge('c', 'x'), edge('c', 'y')],
      ),
    );
    const j = analysisToJson(a);
    const x = j.components.find((c) => c.name === 'x')!;
    expect(x.saturated).toBe(true);
    expect(x.latency).toEqual({ meanMs: null, p50Ms: null, p95Ms: null, p99Ms: null });
    expect(x.concurrency).toBeNull();
    expect(x.backlogRps).toBe(50);
    expect(j.components.find((c) => c.name === 'y')!.utilization).toBeNull();
    expect(JSON.stringify(j)).not.toMatch(/NaN|Infinity/);
  });

  it('lists cycles as component ids', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 1 }), comp('a', 'service'), comp('b', 'service')],
        [edge('c', 'a'), edge('a', 'b'), edge('b', 'a')],
      ),
    );
    expect(analysisToJson(a).cycles).toEqual([['a', 'b']]);
  });
});

describe('formatAnalysisTable', () => {
  it('prints aligned components, paths, requests, system summary', async () => {
    const a = await analyzeText(SHOP);
    const t = formatAnalysisTable(a);
    const lines = t.split('\n');
    expect(lines[0]).toBe('Components');
    const header = lines[1]!;
    expect(header).toMatch(
      /^name\s+kind\s+reads\s+writes\s+load\s+capacity\s+util\s+saturates at\s+mean\s+p95\s+in flight\s+notes$/,
    );
    const appLine = lines.find((l) => l.startsWith('app '))!;
    expect(appLine).toMatch(
      /service\s+9k rps\s+1k rps\s+10k rps\s+12k rps\s+83\.3 %\s+1\.2×\s+5\.55 ms\s+16\.62 ms\s+55\.46\s+bottleneck/,
    );
    // columns line up: every row of the components table has "kind" at the same column
    const kindCol = header.indexOf('kind');
    for (const l of lines.slice(3, 3 + a.components.length)) expect(l[kindCol - 1]).toBe(' ');
    expect(t).toContain('web → lb → app → redis → db');
    expect(t).toMatch(/eventual ≤ 1 min AP, requires eventual: ok/);
    expect(t).toMatch(/max throughput\s+12k rps \(bottleneck: app\)/);
    expect(t).toMatch(/db full in 3\.2 months/);
    expect(t).toMatch(/shop: latency SLO met, availability SLO met/);
    expect(t).not.toMatch(/NaN|undefined/);
  });

  it('marks saturation and cycles', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('x', 'service', { capacityRps: 50 }), comp('b', 'service')],
        [edge('c', 'x'), edge('x', 'b'), edge('b', 'x')],
      ),
    );
    const t = formatAnalysisTable(a);
    expect(t).toMatch(/SATURATED \(\+50\/s backlog\)/);
    expect(t).toMatch(/Cycles\n {2}cycle x → b: load would grow without bound/);
    expect(t).toMatch(/∞/);
  });
});

describe('derivations', () => {
  it('every figure carries formula, inputs and text, also after toPlain / JSON', async () => {
    const a = await analyzeText(SHOP);
    const plain = toPlain(a);
    const u = plain.components.find((c) => c.id === 'app')!.utilization;
    expect(u).toEqual({
      value: expect.closeTo(0.8333, 4),
      unit: 'fraction',
      formula: 'U = λ / X_max',
      inputs: { lambda: 10_000, capacity: 12_000 },
      text: 'U = λ / X_max = 10k rps / 12k rps = 83.3 %',
    });
    const c = plain.components.find((x) => x.id === 'app')!;
    expect(c.queue!.waitProbability.text).toMatch(
      /^round-robin over 20 instances: each gets every 20th arrival \(E20\/M\/1\)/,
    );
    expect(plain.components.find((x) => x.id === 'db')!.store!.replica!.load.text).toMatch(/per replica/);
  });
});
