/**
 * Parallel calls, connection pools, bulkheads, regions, scheduled jobs and read routing in the
 * simulation (issue 16), each against a hand-computed figure: the mean of the max of two
 * independent exponentials is 1/a + 1/b − 1/(a+b); a pool of c connections in front of calls
 * of exponential time is an M/M/c queue (P(wait) = Erlang C, mean wait C/(cμ − λ)); a bulkhead
 * of c slots is an Erlang loss system (refused = Erlang B); a call across regions adds the
 * region latency exactly.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/simulation/index.js';
import type { SimCalls, SimulationResult } from '../../../src/core/simulation/index.js';
import { comp, edge, model, near, simComp } from './helpers.js';

const OPTS = { durationS: 20, replications: 4, seed: 11 };

function calls(r: SimulationResult, from: string, to: string): SimCalls {
  const e = r.edges.find((x) => x.id.startsWith(`${from}->${to}#`));
  if (!e?.calls) throw new Error(`no call figures on ${from} -> ${to}`);
  return e.calls;
}

/** A callee whose response is exponential with this mean and independent per call (servers without limit). */
const expo = (id: string, meanMs: number, props = {}) =>
  comp(id, 'service', { capacityRps: 10_000_000, serviceTimeMs: meanMs, ...props });

function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

describe('parallel calls', () => {
  it('the caller waits for the slower of two: mean 1/a + 1/b − 1/(a+b)', () => {
    const m = (group?: string) =>
      model(
        [comp('c', 'client', { rateRps: 200 }), expo('a', 10), expo('b', 20)],
        [edge('c', 'a', group ? { parallelGroup: group } : {}), edge('c', 'b', group ? { parallelGroup: group } : {})],
      );
    const par = simulate(m('g'), OPTS).requests[0]!.latency.mean;
    near(par, 10 + 20 - 1 / (1 / 10 + 1 / 20), 0.03);
    near(simulate(m(), OPTS).requests[0]!.latency.mean, 30, 0.03);
  });
});

describe('connection pools and bulkheads', () => {
  it('a pool of 5 connections, λR = 4: P(wait) = Erlang C(5, 4), mean wait C/(cμ − λ)', () => {
    const r = simulate(
      model([comp('c', 'client', { rateRps: 400 }), expo('s', 10)], [edge('c', 's', { connections: 5 })]),
      { ...OPTS, durationS: 60 },
    );
    const pool = calls(r, 'c', 's').pool!;
    expect(pool.kind).toBe('pool');
    const C = erlangC(5, 4);
    expect(Math.abs(pool.waitProbability.value - C), `${pool.waitProbability.value} vs ${C}`).toBeLessThan(0.02);
    near(pool.meanWaitMs, C / (5 / 10 - 0.4), 0.08);
    expect(pool.refusal.value).toBe(0);
  });

  it('the caller’s own connections apply to its synchronous calls', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 400, connections: 5 }),
          comp('db', 'database', { capacityRps: 10_000_000, serviceTimeMs: 10 }),
        ],
        [edge('c', 'db')],
      ),
      OPTS,
    );
    expect(Math.abs(calls(r, 'c', 'db').pool!.waitProbability.value - erlangC(5, 4))).toBeLessThan(0.03);
  });

  it('a bulkhead of 5 slots, λR = 4: refused = Erlang B(5, 4), a refused call fails', () => {
    const r = simulate(
      model([comp('c', 'client', { rateRps: 400 }), expo('s', 10)], [edge('c', 's', { bulkhead: 5 })]),
      { ...OPTS, durationS: 60 },
    );
    const pool = calls(r, 'c', 's').pool!;
    expect(pool.kind).toBe('bulkhead');
    const B = erlangB(5, 4);
    expect(Math.abs(pool.refusal.value - B), `${pool.refusal.value} vs ${B}`).toBeLessThan(0.01);
    expect(Math.abs(1 - r.requests[0]!.success.value - B)).toBeLessThan(0.01);
  });
});

describe('regions, scheduled jobs and read routing', () => {
  it('a call to another region adds the region latency exactly', () => {
    const m = (region: string) =>
      model(
        [comp('c', 'client', { rateRps: 200 }), expo('s', 5, { region, serviceCv: 0 })],
        [edge('c', 's', { latencyMs: 2 })],
        { region: 'eu-west', regionLatencyMs: 80 },
      );
    const same = simulate(m('eu-west'), OPTS).requests[0]!.latency.mean.value;
    const far = simulate(m('us-east'), OPTS).requests[0]!.latency.mean.value;
    // constant 5 ms service and 2 ms hop: 7 ms, and 87 ms across regions
    expect(Math.abs(same - 7)).toBeLessThan(1e-6);
    expect(Math.abs(far - 87)).toBeLessThan(1e-6);
  });

  it('a scheduled job sends its rate during its window and is reported apart from the clients', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('nightly', 'worker', { schedule: { everyMs: 86_400_000, runMs: 1_200_000 }, rateRps: 300 }),
          comp('db', 'database', { capacityRps: 10_000, serviceTimeMs: 1 }),
        ],
        [edge('c', 'db'), edge('nightly', 'db')],
      ),
      OPTS,
    );
    near(simComp(r, 'db').throughputRps.total, 400, 0.02);
    const job = r.requests.find((x) => x.client === 'nightly')!;
    expect(job.scheduled).toBe(true);
    near(job.rate, 300, 0.02);
    expect(r.requests.find((x) => x.client === 'c')!.scheduled).toBeUndefined();
  });

  it('read-from primary on an edge reads the leader; sticky reads stay on replicas, spread by user', () => {
    const db = (readFrom: 'replicas' | 'sticky') =>
      comp('db', 'database', { capacityRps: 1000, serviceTimeMs: 1, replicas: 2, readFrom });
    const primary = simulate(
      model([comp('c', 'client', { rateRps: 300 }), db('replicas')], [edge('c', 'db', { readFrom: 'primary' })]),
      OPTS,
    );
    near(simComp(primary, 'db').nodes!.primary, 0.3, 0.03);
    expect(simComp(primary, 'db').nodes!.replica!.value).toBe(0);
    const sticky = simulate(model([comp('c', 'client', { rateRps: 300 }), db('sticky')], [edge('c', 'db')]), OPTS);
    expect(simComp(sticky, 'db').nodes!.primary.value).toBe(0);
    near(simComp(sticky, 'db').nodes!.replica!, 0.15, 0.05);
  });
});

describe('an exhausted pool', () => {
  it('saturates its caller: the wait keeps growing (8 Erlangs on a pool of 5)', () => {
    const r = simulate(
      model(
        [comp('c', 'client', { rateRps: 80 }), comp('app', 'service', { connections: 5 }), expo('s', 100)],
        [edge('c', 'app'), edge('app', 's')],
      ),
      OPTS,
    );
    expect(simComp(r, 'app').saturated).toBe(true);
    // the callee sees what 5 connections of 100 ms let through: 50 rps
    near(simComp(r, 's').throughputRps.total, 50, 0.05);
    expect(simComp(r, 's').saturated).toBe(false);
  });
});
