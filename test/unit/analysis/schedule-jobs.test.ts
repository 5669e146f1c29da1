import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { analyzeText, byId, comp, edge, model } from './helpers.js';

const TEXT = `system shop {
  slo { p95 100 ms }
  client users { rate 1000 rps }
  service app { instances 4 capacity 500 rps }
  database db { capacity 5000 rps }
  service render { capacity 1000 rps service-time 400 ms instances 100 }
  worker nightly { schedule every 1 day run 20 min rate 200 rps }
  users -> app
  app -> db
  nightly -> render
  render -> db
}`;

describe('scheduled jobs', () => {
  it('is a load source while it runs: its load reaches the database', async () => {
    const a = await analyzeText(TEXT);
    const db = byId(a, 'db');
    // users 1000 rps through app, nightly 200 rps through render: 1200 rps during the window
    expect(db.load.total.value).toBeCloseTo(1200, 9);
    expect(byId(a, 'render').load.total.value).toBeCloseTo(200, 9);
    expect(db.connections!.scheduledLoad.value).toBeCloseTo(200, 9);
    expect(db.connections!.scheduledLoad.text).toContain('nightly adds 200 rps for 20 min every');
    expect(byId(a, 'app').connections).toBeNull();
    // the job's own load figure is what it sends while it runs
    expect(byId(a, 'nightly').load.total.value).toBe(200);
    expect(byId(a, 'nightly').load.total.text).toContain('sent by nightly while it runs');
  });

  it('has its duty cycle and average rate: 20 min / 1 day', async () => {
    const a = await analyzeText(TEXT);
    const s = byId(a, 'nightly').schedule!;
    expect(s.dutyCycle.value).toBeCloseTo(20 / 1440, 12);
    expect(s.rateWhileRunning.value).toBe(200);
    expect(s.averageRate.value).toBeCloseTo((200 * 20) / 1440, 9);
    expect(byId(a, 'app').schedule).toBeNull();
  });

  it('is outside the request SLO: the worst p95 is the users’ (the job’s requests take 400 ms)', () => {
    // the language takes schedule on workers; a plain model may put it on a client, which sends
    // requests of its own: they are still outside the worst p95 and the SLO verdict
    const m = model(
      [
        comp('users', 'client', { rateRps: 1000 }),
        comp('app', 'service', { instances: 4, capacityRps: 500 }),
        comp('render', 'service', { instances: 100, capacityRps: 1000, serviceTimeMs: 400 }),
        comp('nightly', 'client', { rateRps: 200, schedule: { everyMs: 86_400_000, runMs: 1_200_000 } }),
      ],
      [edge('users', 'app'), edge('nightly', 'render')],
      {},
      { p95Ms: 100 },
    );
    const a = analyze(m);
    expect(byId(a, 'render').load.total.value).toBeCloseTo(200, 9);
    const users = a.requests.find((q) => q.client === 'users')!;
    expect(a.system.worstP95.value).toBe(users.latency.p95.value);
    expect(a.system.worstP95.value).toBeLessThan(100);
    expect(a.systems[0]!.meetsLatencySlo).toBe(true);
  });
});

describe('what a source sends when its mix is not given (graph.ts sentReadShare)', () => {
  const text = (edges: string) => `system s {
  client users { rate 100 rps reads 90 % }
  service app { capacity 1000 rps }
  database db { capacity 500 rps }
  worker nightly { schedule every 1 day run 20 min rate 200 rps }
  users -> app
  app -> db
  ${edges}
}`;

  it('a job that calls only with writes edges writes: its rate reaches the database as writes', async () => {
    const a = await analyzeText(text('nightly -> db writes'));
    const db = byId(a, 'db');
    // 10 writes from users + the job's 200
    expect(db.load.writes.value).toBeCloseTo(210, 9);
    expect(db.load.reads.value).toBeCloseTo(90, 9);
    expect(byId(a, 'nightly').load.writes.value).toBe(200);
    expect(byId(a, 'nightly').notes.join(' ')).toContain(
      'calls only with writes edges, so all requests count as writes',
    );
  });

  it('a client that calls only with writes edges writes too', async () => {
    const a = await analyzeText(`system s {
  client loader { rate 50 rps }
  database db { capacity 500 rps }
  loader -> db writes
}`);
    expect(byId(a, 'db').load.writes.value).toBeCloseTo(50, 9);
    expect(a.requests.map((r) => `${r.client} ${r.traffic}`)).toEqual(['loader writes']);
  });

  it('a job with an edge that carries reads keeps the default: all reads', async () => {
    const both = await analyzeText(text('nightly -> db writes\n  nightly -> app'));
    expect(byId(both, 'nightly').load.reads.value).toBe(200);
    expect(byId(both, 'db').load.writes.value).toBeCloseTo(10, 9);
  });
});
