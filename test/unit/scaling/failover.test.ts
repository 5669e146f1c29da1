/**
 * N+1 failover on the capacity plan (hand-computed), the zone-loss oracle (the survivors'
 * utilisation is the load over the remaining instances), agreement with a full analysis of the
 * model with that loss, and the screen against the second analysis on every sample and fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Model } from '../../../src/core/model.js';
import { failover, failoversOf } from '../../../src/core/scaling/index.js';
import { withoutInstances, withoutNodes, withoutZones } from '../../../src/core/scaling/zones.js';
import { ROOT, sampleFiles } from '../helpers.js';
import { capacityPlan, modelOf } from './scenario-helpers.js';

const withComponent = (m: Model, id: string, f: (c: Model['components'][number]) => Model['components'][number]) => ({
  ...m,
  components: m.components.map((c) => (c.id === id ? f(c) : c)),
});

describe('failover on the capacity plan', () => {
  it('losing one instance, replica or balancer: the rest carries the load within the SLO', async () => {
    const model = await capacityPlan();
    const a = analyze(model);
    const app = failover(model, a, 'app')!;
    expect(app.lost).toBe('instance');
    expect(app.lostCount).toBe(1);
    expect(app.remaining).toBe(19);
    expect(app.utilizationAfter).toBeCloseTo(10_000 / (19 * 857), 9);
    expect(app.carries).toBe(true);
    expect(app.withinTarget).toBe(true);
    expect(app.sloHolds).toBe(true);
    expect(app.text).toBe('losing one of 20 app instances: the other 19 run at 61 %; SLO holds');
    const db = failover(model, a, 'flights-db')!;
    expect(db.lost).toBe('replica');
    expect(db.remaining).toBe(4); // the primary and 3 replicas
    expect(db.utilizationAfter).toBeCloseTo(2_000 / 3 / 2_000, 9);
    expect(db.text).toBe("losing one of flights-db's 5 nodes: the busiest of the other 4 runs at 33 %; SLO holds");
    expect(failover(model, a, 'lb')!.utilizationAfter).toBeCloseTo(10_000 / 50_000, 9);
    expect(failover(model, a, 'redis')!.utilizationAfter).toBeCloseTo(10_000 / 200_000, 9);
    // not redundant, or no capacity
    expect(failover(model, a, 'resolver')).toBeNull();
    expect(failover(model, a, 'users')).toBeNull();
  });

  it('a zone: the survivors carry the load over the remaining instances (oracle)', async () => {
    const base = await capacityPlan();
    for (const zones of [2, 3, 4, 7]) {
      const model = withComponent(base, 'app', (c) => ({ ...c, zones }));
      const a = analyze(model);
      const f = failover(model, a, 'app')!;
      const lost = Math.ceil(20 / zones);
      expect(f.lost).toBe('zone');
      expect(f.lostCount).toBe(lost);
      expect(f.remaining).toBe(20 - lost);
      expect(f.utilizationAfter).toBeCloseTo(10_000 / 857 / (20 - lost), 9);
      expect(f.carries).toBe(10_000 / 857 / (20 - lost) < 1);
    }
  });

  it('too few left: the rest saturates, the SLO breaks (by a second analysis)', async () => {
    const base = await capacityPlan();
    const model = withComponent(base, 'app', (c) => ({ ...c, instances: 13, zones: 2 }));
    const a = analyze(model);
    const f = failover(model, a, 'app')!;
    expect(f.remaining).toBe(6);
    expect(f.carries).toBe(false);
    expect(f.sloHolds).toBe(false);
    expect(f.text).toMatch(
      /^losing a zone of app \(7 of 13 instances\): the other 6 cannot carry the load \(194 %\); SLO breaks: p95 ∞ > 200 ms/,
    );
    // the screen leaves nothing to guess here either
    expect(failoversOf(model, a).get('app')).toEqual(f);
  });

  it('agrees with a full analysis of the model with that loss', async () => {
    const base = await capacityPlan();
    const model = withComponent(
      withComponent(base, 'flights-db', (c) => ({ ...c, zones: 3 })),
      'app',
      (c) => ({ ...c, zones: 3 }),
    );
    const a = analyze(model);
    const cases: [string, (m: Model, c: Model['components'][number]) => Model['components'][number]][] = [
      ['app', (m, c) => withoutZones(m, c, 1)],
      ['flights-db', (m, c) => withoutZones(m, c, 1)],
      ['redis', (m, c) => withoutInstances(m, c, 1)],
      ['lb', (m, c) => withoutInstances(m, c, 1)],
    ];
    for (const [id, change] of cases) {
      const changed = withComponent(model, id, (c) => change(model, c));
      const b = analyze(changed);
      expect(failover(model, a, id)!.utilizationAfter, id).toBeCloseTo(
        b.components[b.componentIndex[id]!]!.utilization.value!,
        12,
      );
    }
    const db = failover(model, a, 'flights-db')!;
    expect(db.lostCount).toBe(2); // 5 nodes over 3 zones: 2, 2, 1
    expect(
      withoutNodes(
        model,
        model.components.find((c) => c.id === 'flights-db')!,
        2,
      ).replicas,
    ).toBe(2);
  });
});

describe('the screen decides as the second analysis does', () => {
  const files: [string, string][] = [];
  for (const [path, text] of Object.entries(sampleFiles())) if (!path.includes('/shared/')) files.push([path, text]);
  const fixtures = join(ROOT, 'test/fixtures/rules');
  for (const rule of readdirSync(fixtures))
    for (const f of readdirSync(join(fixtures, rule)))
      if (f.endsWith('.arch')) files.push([join(fixtures, rule, f), readFileSync(join(fixtures, rule, f), 'utf8')]);

  it(`on every sample and rule fixture (${files.length} files)`, async () => {
    let screened = 0;
    for (const [path, text] of files) {
      const model = await modelOf(text, path);
      const a = analyze(model);
      const all = failoversOf(model, a);
      for (const [id, f] of all) {
        if (!f) continue;
        // the survivors' utilisation is what a full analysis of the model with the loss gives
        const c = model.components.find((x) => x.id === id)!;
        const after =
          f.lost === 'zone'
            ? withoutZones(model, c, 1)
            : f.lost === 'instance'
              ? withoutInstances(model, c, 1)
              : withoutNodes(model, c, f.lostCount);
        const b = analyze(
          withComponent(model, id, () => after),
          { maxPaths: 0 },
        );
        expect(b.components[b.componentIndex[id]!]!.utilization.value ?? Infinity, `${path} ${id}`).toBeCloseTo(
          f.utilizationAfter,
          9,
        );
        if (f.sloHolds === null) continue;
        screened++;
        expect(failover(model, a, id, 'exact')!.sloHolds, `${path} ${id}`).toBe(f.sloHolds);
      }
    }
    expect(screened).toBeGreaterThan(20);
  });
});

describe('screened results kept across edits', () => {
  it('equal a fresh computation after every edit', async () => {
    const base = await capacityPlan();
    const sys = base.systems[0]!;
    const edits: ((m: Model) => Model)[] = [
      (m) => withComponent(m, 'app', (c) => ({ ...c, capacityRps: 700 })),
      // 12 instances at 97 %: one lost saturates the rest, which a caller waiting for it sees
      // (first behind an async edge: nothing waits for app; then the edge alone changes)
      (m) => ({
        ...withComponent(m, 'app', (c) => ({ ...c, capacityRps: 857, instances: 12 })),
        edges: m.edges.map((e) => (e.from === 'lb' ? { ...e, async: true } : e)),
      }),
      (m) => ({ ...m, edges: m.edges.map((e) => (e.from === 'lb' ? { ...e, async: false } : e)) }),
      (m) => withComponent(m, 'app', (c) => ({ ...c, instances: 20 })),
      (m) => ({ ...m, edges: m.edges.map((e) => (e.from === 'lb' ? { ...e, fanout: 2 } : e)) }),
      (m) => ({ ...m, systems: [{ ...sys, slo: { ...sys.slo!, p95Ms: 30 } }] }),
      (m) => ({ ...m, systems: [{ ...sys, slo: { ...sys.slo!, availability: 0.99999 } }] }),
      (m) => withComponent(m, 'flights-db', (c) => ({ ...c, zones: 3 })),
      (m) => ({ ...m, systems: [{ ...sys, settings: { ...sys.settings, zones: 2 } }] }),
      (m) => withComponent(m, 'users', (c) => ({ ...c, rateRps: 14_000 })),
      (m) => ({ ...m, systems: [{ ...sys, settings: { ...sys.settings, targetUtilization: 0.5 } }] }),
    ];
    let model = base;
    let a = analyze(model);
    failoversOf(model, a);
    for (const edit of edits) {
      model = edit(model);
      a = analyze(model, { previous: a });
      const kept = failoversOf(model, a);
      const fresh = failoversOf(model, analyze(model));
      expect([...kept]).toEqual([...fresh]);
    }
  });
});
