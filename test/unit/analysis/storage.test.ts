/** Storage growth against storage per node. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { analyzeText, byId, comp, edge, model } from './helpers.js';

describe('storage growth', () => {
  it('writes × record size per month (2.5 million s) and over the horizon, against storage per node × shards', async () => {
    const a = await analyzeText(`system s {
  settings { horizon 1 year }
  client c { rate 10 k rps reads 90 % }
  database db { shards 4 storage 2 TB record 1 KB }
  c -> db
}`);
    const st = byId(a, 'db').storage!;
    expect(st.writeRps.value).toBeCloseTo(1000, 9);
    expect(st.bytesPerWrite.value).toBe(1000);
    expect(st.growthPerMonth.value).toBeCloseTo(1000 * 1000 * 2.5e6, 0); // 2.5 TB
    expect(st.atHorizon.value).toBeCloseTo(1e6 * 365.25 * 86400, 0);
    expect(st.capacity.value).toBe(8e12);
    expect(st.monthsUntilFull.value).toBeCloseTo(2e12 / (2.5e12 / 4), 9); // 3.2 months
    expect(st.usedAtHorizon.value).toBeCloseTo((1e6 * 365.25 * 86400) / 8e12, 9);
    expect(st.growthPerMonth.text).toContain('2.5 TB per month');
    expect(a.system.storage.firstFull).toEqual({ component: 'db', months: expect.closeTo(3.2, 9) });
  });

  it("without a record size, the writers' payload is used; without either, growth is unknown", () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 100, readFraction: 0, payloadBytes: 2000 }), comp('d', 'client', { rateRps: 100, readFraction: 0 }), comp('db', 'database'), comp('blob', 'storage')],
        [edge('c', 'db'), edge('d', 'blob')],
      ),
    );
    expect(byId(a, 'db').storage!.bytesPerWrite.value).toBe(2000);
    expect(byId(a, 'db').storage!.growthPerMonth.value).toBeCloseTo(100 * 2000 * 2.5e6, 0);
    expect(byId(a, 'db').storage!.monthsUntilFull.value).toBeNull();
    expect(byId(a, 'blob').storage!.growthPerMonth.value).toBeNull();
    expect(byId(a, 'blob').storage!.bytesPerWrite.text).toMatch(/no record size/);
  });

  it('the month and horizon follow the settings', () => {
    const a = analyze(model([comp('c', 'client', { rateRps: 1, readFraction: 0 }), comp('db', 'database', { recordBytes: 100 })], [edge('c', 'db')], { monthSeconds: 30 * 86400, horizonMs: 3 * 365.25 * 86_400_000 }));
    const st = byId(a, 'db').storage!;
    expect(st.growthPerMonth.value).toBeCloseTo(100 * 30 * 86400, 6);
    expect(st.atHorizon.value).toBeCloseTo(100 * 3 * 365.25 * 86400, 3);
  });

  it('a store that is never written never fills', () => {
    const a = analyze(model([comp('c', 'client', { rateRps: 1 }), comp('db', 'database', { recordBytes: 100, storagePerNodeBytes: 1e9 })], [edge('c', 'db')]));
    expect(byId(a, 'db').storage!.monthsUntilFull.value).toBeNull();
    expect(byId(a, 'db').storage!.monthsUntilFull.text).toMatch(/never fills/);
    expect(a.system.storage.firstFull).toBeNull();
  });
});
