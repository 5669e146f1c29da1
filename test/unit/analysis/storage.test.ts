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
        [
          comp('c', 'client', { rateRps: 100, readFraction: 0, payloadBytes: 2000 }),
          comp('d', 'client', { rateRps: 100, readFraction: 0 }),
          comp('db', 'database'),
          comp('blob', 'storage'),
        ],
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
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 1, readFraction: 0 }), comp('db', 'database', { recordBytes: 100 })],
        [edge('c', 'db')],
        { monthSeconds: 30 * 86400, horizonMs: 3 * 365.25 * 86_400_000 },
      ),
    );
    const st = byId(a, 'db').storage!;
    expect(st.growthPerMonth.value).toBeCloseTo(100 * 30 * 86400, 6);
    expect(st.atHorizon.value).toBeCloseTo(100 * 3 * 365.25 * 86400, 3);
  });

  it('a store that is never written never fills', () => {
    const a = analyze(
      model(
        [comp('c', 'client', { rateRps: 1 }), comp('db', 'database', { recordBytes: 100, storagePerNodeBytes: 1e9 })],
        [edge('c', 'db')],
      ),
    );
    expect(byId(a, 'db').storage!.monthsUntilFull.value).toBeNull();
    expect(byId(a, 'db').storage!.monthsUntilFull.text).toMatch(/never fills/);
    expect(a.system.storage.firstFull).toBeNull();
  });
  it('retention shorter than the horizon caps what is held: growth × retention, and it may never fill', () => {
    const month = 2.5e6;
    const build = (props: Parameters<typeof comp>[2]) =>
      byId(
        analyze(
          model(
            [
              comp('c', 'client', { rateRps: 1000, readFraction: 0 }),
              comp('db', 'database', { recordBytes: 1000, storagePerNodeBytes: 2e12, ...props }),
            ],
            [edge('c', 'db')],
            { horizonMs: 365.25 * 86_400_000 },
          ),
        ),
        'db',
      ).storage!;
    // 1 MB/s, 2.5 TB a month; a 7-day retention keeps 604.8 GB
    const kept = build({ retentionMs: 7 * 86_400_000 });
    expect(kept.atHorizon.value).toBeCloseTo(1e6 * 7 * 86400, 0);
    expect(kept.usedAtHorizon.value).toBeCloseTo((1e6 * 7 * 86400) / 2e12, 9);
    expect(kept.monthsUntilFull.value).toBeNull();
    expect(kept.monthsUntilFull.text).toMatch(/retention/);
    expect(kept.atHorizon.text).toMatch(/retention/);
    // a 30-day retention still fills 2 TB (2.59 TB kept): after 0.8 months
    const fills = build({ retentionMs: 30 * 86_400_000 });
    expect(fills.atHorizon.value).toBeCloseTo(1e6 * 30 * 86400, 0);
    expect(fills.monthsUntilFull.value).toBeCloseTo(2e12 / (1e6 * month), 9);
    // a retention longer than the horizon changes nothing
    expect(build({ retentionMs: 2 * 365.25 * 86_400_000 }).atHorizon.value).toBeCloseTo(1e6 * 365.25 * 86400, 0);
    const sys = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 1000, readFraction: 0 }),
          comp('db', 'database', { recordBytes: 1000, retentionMs: 7 * 86_400_000 }),
        ],
        [edge('c', 'db')],
      ),
    );
    expect(sys.system.storage.atHorizon.value).toBeCloseTo(1e6 * 7 * 86400, 0);
  });

  it('queues and streams with storage or retention get storage figures', () => {
    const a = analyze(
      model(
        [
          comp('c', 'client', { rateRps: 100, readFraction: 0, payloadBytes: 500 }),
          comp('app', 'service'),
          comp('events', 'stream', { retentionMs: 86_400_000, storagePerNodeBytes: 1e12 }),
          comp('q', 'queue'),
          comp('w', 'worker'),
        ],
        [
          edge('c', 'app'),
          edge('app', 'events', { async: true }),
          edge('app', 'q', { async: true }),
          edge('events', 'w'),
          edge('q', 'w'),
        ],
      ),
    );
    const st = byId(a, 'events').storage!;
    expect(st.writeRps.value).toBeCloseTo(100, 9);
    expect(st.bytesPerWrite.value).toBeCloseTo(500, 9);
    expect(st.atHorizon.value).toBeCloseTo(100 * 500 * 86400, 0);
    expect(st.monthsUntilFull.value).toBeNull();
    expect(byId(a, 'q').storage).toBeNull();
  });
});
