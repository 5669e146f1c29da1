/**
 * The language of issue 15: `zones`, `growth` (and the growth horizon), parsed into the model.
 */
import { describe, expect, it } from 'vitest';
import { brief, errors, load, sys } from '../helpers.js';

describe('zones and growth', () => {
  it('reads zones on pools and stores and in settings', async () => {
    const r = await load(
      sys(
        'settings { zones 3 horizon 2 years }\n  service app { instances 6 zones 2 }\n  database db { replicas 2 zones 3 }\n  client users { rate 10 rps }',
      ),
    );
    expect(errors(r).map(brief)).toEqual([]);
    const by = new Map(r.model.components.map((c) => [c.id, c]));
    expect(by.get('app')!.zones).toBe(2);
    expect(by.get('db')!.zones).toBe(3);
    expect(by.get('users')!.zones).toBeUndefined();
    expect(r.model.systems[0]!.settings.zones).toBe(3);
  });

  it('reads growth per month, year, week and day as a compounding monthly rate', async () => {
    const r = await load(
      sys(
        'settings { growth 2 % per month }\n  client a { rate 1 rps growth 8 % per month }\n  client b { rate 1 rps growth 100 % per year }\n  client c { rate 1 rps growth 1 % per week }\n  client d { rate 1 rps growth 0.1 % per day }',
      ),
    );
    expect(errors(r).map(brief)).toEqual([]);
    const g = new Map(r.model.components.map((c) => [c.id, c.growthPerMonth]));
    expect(g.get('a')).toBeCloseTo(0.08, 12);
    expect(g.get('b')).toBeCloseTo(2 ** (1 / 12) - 1, 12);
    expect(g.get('c')).toBeCloseTo(1.01 ** (30.44 / 7) - 1, 12);
    expect(g.get('d')).toBeCloseTo(1.001 ** 30.44 - 1, 12);
    expect(r.model.systems[0]!.settings.growthPerMonth).toBeCloseTo(0.02, 12);
  });

  it('says what is wrong with a bad zones or growth', async () => {
    const r = await load(
      sys(
        '  client a { rate 1 rps growth 8 % }\n  client b { rate 1 rps growth 8 % per hour }\n  service c { zones 0 }\n  client d { rate 1 rps zones 2 }\n  service e { growth 1 % per month }\n  service f { zones 1.5 }',
      ),
    );
    expect(errors(r).map((d) => `${d.line} ${d.message}`)).toEqual([
      "2 '%' is a percent unit, but growth needs a growth rate: `%` per day, week, month or year (e.g. `8 % per month`)",
      "3 unknown unit '% per hour' (a growth rate is written `8 % per month`: % per day, week, month or year)",
      '4 zones must be at least 1 (got 0)',
      "5 'zones' is not a property of a client",
      "6 'growth' is not a property of a service",
      '7 zones must be a whole number (got 1.5)',
    ]);
  });
});
