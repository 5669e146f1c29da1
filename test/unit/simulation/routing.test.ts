/**
 * Instance choice, checked on the engine directly: ip-hash and sticky send a user always to the
 * same instance; round-robin goes in turn; least-connections takes the fewest open requests, ties
 * to the lowest index; down instances are routed around.
 */
import { describe, expect, it } from 'vitest';
import type { LbAlgorithm } from '../../../src/core/model.js';
import { Engine } from '../../../src/core/simulation/engine.js';
import { compile } from '../../../src/core/simulation/plan.js';
import { comp, edge, model } from './helpers.js';

/** Exposes the instance choice for a request of `user` arriving over the balancer's edge. */
class Probe extends Engine {
  choose(user: number): number {
    const f = this.alloc();
    this.fEdge[f] = 1; // lb -> s
    this.fUser[f] = user;
    const g = this.pick(f, 2);
    this.release(f);
    return g < 0 ? -1 : g - this.p.groupStart[2]!;
  }
}

function probe(algorithm: LbAlgorithm, availability = 1): Probe {
  const m = model(
    [
      comp('c', 'client', { rateRps: 1 }),
      comp('lb', 'loadbalancer', { algorithm }),
      comp('s', 'service', { instances: 4, serviceTimeMs: 1, availability }),
    ],
    [edge('c', 'lb'), edge('lb', 's')],
  );
  return new Probe(compile(m), 1, 0, 1000);
}

describe('instance choice', () => {
  it.each(['ip-hash', 'sticky'] as const)('%s: a user always reaches the same instance; users spread', (alg) => {
    const p = probe(alg);
    const seen = new Set<number>();
    for (let u = 0; u < 200; u++) {
      const first = p.choose(u);
      for (let k = 0; k < 5; k++) expect(p.choose(u)).toBe(first);
      seen.add(first);
    }
    expect(seen.size).toBe(4);
  });

  it('round-robin goes in turn', () => {
    const p = probe('round-robin');
    expect([0, 1, 2, 3, 4, 5].map(() => p.choose(0))).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it('least-connections: the fewest open requests, ties to the lowest index', () => {
    const p = probe('least-connections');
    const base = p.p.groupStart[2]!;
    expect(p.choose(0)).toBe(0);
    p.gOpen[base] = 2;
    p.gOpen[base + 1] = 1;
    p.gOpen[base + 2] = 1;
    p.gOpen[base + 3] = 3;
    expect(p.choose(0)).toBe(1);
    p.gOpen[base + 1] = 5;
    expect(p.choose(0)).toBe(2);
  });

  it('down instances are routed around; with all down the attempt fails', () => {
    const half = probe('round-robin', 0.5);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[half.choose(0) + 1]!++; // index 0: failed (-1)
    expect(counts[0]! / 40_000).toBeCloseTo(0.5 ** 4, 2);
    const none = probe('least-connections', 0);
    expect(none.choose(0)).toBeLessThan(0);
  });
});
