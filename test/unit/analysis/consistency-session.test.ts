/** Monotonic and session reads: sticky replicas, read-from primary on an edge, the guarantees' lattice. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { meets, weakestOf } from '../../../src/core/analysis/consistency.js';
import type { ConsistencyRequirement } from '../../../src/core/model.js';
import { byId, comp, edge, model, type EdgeProps, type Props } from './helpers.js';

/** c -> app -> db (reads), the requirement and edge properties on app -> db. */
const readPath = (db: Props, call: EdgeProps) => {
  const a = analyze(
    model(
      [comp('c', 'client', { rateRps: 100 }), comp('app', 'service'), comp('db', 'database', db)],
      [edge('c', 'app', { traffic: 'reads' }), edge('app', 'db', { traffic: 'reads', ...call })],
    ),
  );
  return { a, path: a.paths.find((p) => p.traffic === 'reads' && p.to === 'db')!.consistency! };
};

describe('the guarantees are a lattice, not a chain', () => {
  it('read-your-writes does not give monotonic reads, nor monotonic read-your-writes; session gives both', () => {
    expect(meets('read-your-writes', 'monotonic')).toBe(false);
    expect(meets('monotonic', 'read-your-writes')).toBe(false);
    for (const r of ['monotonic', 'read-your-writes', 'eventual'] as const) expect(meets('session', r)).toBe(true);
    expect(meets('session', 'strong')).toBe(false);
    for (const r of ['strong', 'session', 'read-your-writes', 'monotonic', 'eventual'] as const)
      expect(meets('strong', r)).toBe(true);
    expect(meets('weak', 'eventual')).toBe(false);
    expect(weakestOf('read-your-writes', 'monotonic')).toBe('eventual');
    expect(weakestOf('session', 'monotonic')).toBe('monotonic');
    expect(weakestOf('strong', 'read-your-writes')).toBe('read-your-writes');
    expect(weakestOf('monotonic', 'weak')).toBe('weak');
  });
});

describe('read-from sticky', () => {
  it('a sticky async replica gives monotonic reads within its lag, AP; not read-your-writes', () => {
    const { a, path } = readPath({ replicas: 2, lagMs: 300, readFrom: 'sticky' }, { requires: 'monotonic' });
    expect(byId(a, 'db').consistency).toMatchObject({ class: 'monotonic', stalenessMs: 300, cap: 'AP' });
    expect(path).toMatchObject({ class: 'monotonic', stalenessMs: 300, requirement: 'monotonic', satisfied: true });
    const ryw = readPath({ replicas: 2, lagMs: 300, readFrom: 'sticky' }, { requires: 'read-your-writes' }).path;
    expect(ryw).toMatchObject({ class: 'monotonic', satisfied: false });
    const session = readPath({ replicas: 2, lagMs: 300, readFrom: 'sticky' }, { requires: 'session' }).path;
    expect(session.satisfied).toBe(false);
  });
  it('replicas read at random are eventual and miss monotonic', () => {
    const { path } = readPath({ replicas: 2, lagMs: 300 }, { requires: 'monotonic' });
    expect(path).toMatchObject({ class: 'eventual', satisfied: false });
  });
  it('a cache before a sticky store makes the path eventual (its entries may be older than what was read)', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('cache', 'cache', { ttlMs: 1000, hitRatio: 0.5 }),
          comp('db', 'database', { replicas: 2, lagMs: 300, readFrom: 'sticky' }),
        ],
        [edge('c', 'cache', { traffic: 'reads', requires: 'monotonic' }), edge('cache', 'db', { traffic: 'reads' })],
      ),
    );
    const pc = a.paths.find((p) => p.to === 'db')!.consistency!;
    expect(pc).toMatchObject({ class: 'eventual', stalenessMs: 1300, satisfied: false });
  });
  it('monotonic and read-your-writes on one path require session', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100 }), comp('app', 'service'), comp('db', 'database', { replicas: 2 })],
        [
          edge('c', 'app', { traffic: 'reads', requires: 'monotonic' }),
          edge('app', 'db', { traffic: 'reads', requires: 'read-your-writes', readFrom: 'primary' }),
        ],
      ),
    );
    expect(a.paths.find((p) => p.to === 'db')!.consistency).toMatchObject({
      requirement: 'session',
      class: 'strong',
      satisfied: true,
    });
  });
});

describe('read-from primary on an edge', () => {
  const reqs: ConsistencyRequirement[] = ['strong', 'session', 'read-your-writes', 'monotonic'];
  it.each(reqs)('routes that call to the leader: strong, meets requires %s', (requires) => {
    const { a, path } = readPath({ replicas: 3, lagMs: 500 }, { requires, readFrom: 'primary' });
    expect(path).toMatchObject({ class: 'strong', stalenessMs: 0, cap: 'CP', satisfied: true });
    expect(path.text).toMatch(/read-from primary on the call/);
    // the store itself still serves its other readers from the replicas
    expect(byId(a, 'db').consistency!.class).toBe('eventual');
  });
  it('without it, the same path misses strong and read-your-writes', () => {
    for (const requires of ['strong', 'read-your-writes'] as const)
      expect(readPath({ replicas: 3, lagMs: 500 }, { requires }).path.satisfied).toBe(false);
  });
  it('a store fed by CDC trails its source even from its primary; a leaderless store has no leader to route to', () => {
    const fed = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100 }),
          comp('src', 'database'),
          comp('db', 'database', { replicas: 2, lagMs: 100 }),
        ],
        [
          edge('src', 'db', { cdc: true, async: true, lagMs: 2000 }),
          edge('c', 'db', { traffic: 'reads', readFrom: 'primary' }),
        ],
      ),
    );
    expect(fed.paths.find((p) => p.to === 'db')!.consistency).toMatchObject({ class: 'eventual', stalenessMs: 2000 });
    const cassandra = readPath({ replicas: 2, engine: 'cassandra' }, { readFrom: 'primary', requires: 'strong' }).path;
    expect(cassandra).toMatchObject({ class: 'eventual', satisfied: false });
  });
});
