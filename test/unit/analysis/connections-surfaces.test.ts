/** Pools, store connections and scheduled jobs where they are read: hovers, `analyze` text and JSON. */
import { describe, expect, it } from 'vitest';
import { formatAnalysisTable } from '../../../src/cli/analyze-format.js';
import { analysisToJson, AnalysisJsonSchema } from '../../../src/core/figures/json.js';
import { componentHover, edgeHover } from '../../../src/core/present.js';
import { analyzeText, byId } from './helpers.js';

const TEXT = `system shop {
  client users { rate 320 rps }
  service app { autoscale 4..40 capacity 1 k rps stateless connections 50 }
  database orders { engine postgres capacity 5 k rps max-connections 500 }
  external payments { latency 100 ms }
  worker nightly { schedule every 1 day run 20 min rate 200 rps }

  users -> app
  app -> orders
  app -> payments { connections 10 }
  nightly -> orders
}`;

describe('pools and scheduled jobs on the surfaces', () => {
  it('shows the pool in the edge hover and the analyze text', async () => {
    const a = await analyzeText(TEXT);
    const e = a.edges.find((x) => x.to === 'payments')!;
    const md = edgeHover(e, { id: e.id, from: 'app', to: 'payments', traffic: 'all' } as never, undefined);
    expect(md).toContain('| connection pool | 10 |');
    expect(md).toContain('Erlang C(10, 8) = 40.92 % of calls wait');
    const text = formatAnalysisTable(a);
    expect(text).toContain('Connection pools (per caller instance)');
    expect(text).toMatch(/app → payments\s+pool\s+10\s+8\s+40\.92 % wait/);
    expect(text).toContain('Scheduled jobs');
    expect(text).toContain('nightly: runs 20 min every');
  });

  it("shows a store's connections and the scheduled job's window in its hover", async () => {
    const a = await analyzeText(TEXT);
    const md = componentHover(byId(a, 'orders'), undefined, [], () => '');
    expect(md).toContain('| connections opened | 200 |');
    expect(md).toContain('| connections at autoscale max | 2k |');
    expect(md).toContain('| max connections | 500 |');
    expect(md).toContain('nightly adds 200 rps for 20 min every');
  });

  it('puts the pools, the store connections and the schedule in the JSON, which its schema accepts', async () => {
    const a = await analyzeText(TEXT);
    const j = analysisToJson(a);
    expect(AnalysisJsonSchema.parse(j)).toEqual(j);
    const app = j.components.find((c) => c.name === 'app')!;
    expect(app.pools.map((p) => [p.to, p.kind, p.size])).toEqual([
      ['orders', 'pool', 50],
      ['payments', 'pool', 10],
    ]);
    expect(app.pools[1]!.waitProbability).toBeCloseTo(0.40918, 5);
    const orders = j.components.find((c) => c.name === 'orders')!;
    expect(orders.connections).toEqual({ opened: 200, openedAtMax: 2000, limit: 500, scheduledRps: 200 });
    expect(j.components.find((c) => c.name === 'nightly')!.schedule!.rateRps).toBe(200);
  });
});
