/**
 * Failures in the simulation: each instance or node is down with 1 − availability per attempt; a
 * balancer or client routes around down instances, a store read to a down node fails; a failed
 * call is retried up to its `retries` (expected attempts (1 − p^(r+1))/(1 − p)); a call that still
 * fails fails the caller's request, which makes no further calls.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/simulation/index.js';
import { comp, edge, model, near, simComp, simEdge } from './helpers.js';

const OPTS = { durationS: 10, replications: 5, seed: 5 };

describe('failures', () => {
  it('retries: attempts (1 − p^(r+1))/(1 − p) per call, success 1 − p^(r+1)', () => {
    const p = 0.3;
    const r = simulate(
      model(
        [comp('c', 'client', { rateRps: 2000 }), comp('s', 'service', { availability: 1 - p })],
        [edge('c', 's', { retries: 2 })],
      ),
      OPTS,
    );
    const attempts = (1 - p ** 3) / (1 - p);
    near(simEdge(r, 'c', 's'), 2000 * attempts, 0.01);
    near(simComp(r, 's').throughputRps.total, 2000 * attempts, 0.01);
    near(r.requests[0]!.success, 1 - p ** 3, 0.005);
  });

  it('a balancer routes around a target whose instances are all down (health checks)', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000 }),
          comp('lb', 'loadbalancer', { algorithm: 'round-robin' }),
          comp('a', 'service', { availability: 0.5 }),
          comp('b', 'service', { availability: 0.9 }),
        ],
        [edge('c', 'lb'), edge('lb', 'a'), edge('lb', 'b')],
      ),
      OPTS,
    );
    // fails only when both are down; a takes its half of what finds it up, b the rest
    near(r.requests[0]!.success, 1 - 0.5 * 0.1, 0.005);
    near(simComp(r, 'a').throughputRps.total, 2000 * (0.5 * 0.5 + 0.5 * 0.1 * 0.5), 0.03);
  });

  it('but not around a failure below its targets: both targets call one store', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000 }),
          comp('lb', 'loadbalancer', { algorithm: 'random' }),
          comp('a', 'service'),
          comp('b', 'service'),
          comp('db', 'database', { availability: 0.9 }),
        ],
        [edge('c', 'lb'), edge('lb', 'a'), edge('lb', 'b'), edge('a', 'db'), edge('b', 'db')],
      ),
      OPTS,
    );
    near(r.requests[0]!.success, 0.9, 0.01);
  });

  it('without retries the success share is the availability', () => {
    const r = simulate(
      model([comp('c', 'client', { rateRps: 2000 }), comp('s', 'service', { availability: 0.7 })], [edge('c', 's')]),
      OPTS,
    );
    near(r.requests[0]!.success, 0.7, 0.01);
  });

  it('a balancer routes around down instances: fails only when all 3 are down', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000 }),
          comp('lb', 'loadbalancer', { algorithm: 'round-robin' }),
          comp('s', 'service', { instances: 3, availability: 0.5 }),
        ],
        [edge('c', 'lb'), edge('lb', 's')],
      ),
      OPTS,
    );
    near(r.requests[0]!.success, 1 - 0.5 ** 3, 0.01);
  });

  it('a read spread over replicas routes around down ones: it fails only when all are down', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000 }),
          comp('db', 'database', { replicas: 2, readFrom: 'replicas', availability: 0.9 }),
        ],
        [edge('c', 'db')],
      ),
      OPTS,
    );
    near(r.requests[0]!.success, 1 - 0.1 ** 2, 0.01);
  });

  it.each([
    ['sync', 0.9 ** 3],
    ['semi-sync', 0.9 * (1 - 0.1 ** 2)],
    ['async', 0.9],
  ] as const)('a %s write needs the primary and the replicas it waits for', (replication, expected) => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000, readFraction: 0 }),
          comp('db', 'database', { replicas: 2, replication, availability: 0.9 }),
        ],
        [edge('c', 'db')],
      ),
      OPTS,
    );
    near(r.requests.find((x) => x.traffic === 'writes')!.success, expected, 0.01);
  });

  it('a read from the primary fails when the primary is down', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 2000 }),
          comp('db', 'database', { replicas: 2, readFrom: 'primary', availability: 0.9 }),
        ],
        [edge('c', 'db')],
      ),
      OPTS,
    );
    near(r.requests[0]!.success, 0.9, 0.01);
  });

  it('a failed call stops the caller: no further calls, the request fails', () => {
    const r = simulate(
      model(
        [
          comp('c', 'client', { rateRps: 1000 }),
          comp('s', 'service', { latencyMs: 5 }),
          comp('down', 'service', { availability: 0 }),
          comp('next', 'service'),
        ],
        [edge('c', 's'), edge('s', 'down'), edge('s', 'next')],
      ),
      OPTS,
    );
    expect(simComp(r, 'next').throughputRps.total.value).toBe(0);
    expect(r.requests[0]!.success.value).toBe(0);
    // every request that reached s counts, failed at the time its failure was answered: the
    // client's requests (all failed) take what s took: its 5 ms (docs/analysis.md section 9)
    expect(simComp(r, 's').latency.reads!.mean.value).toBeCloseTo(5, 6);
    expect(r.requests[0]!.latency.mean.value).toBeCloseTo(5, 6);
  });
});
