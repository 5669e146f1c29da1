/**
 * The scenario, written in the language, on the capacity plan with `zones 3` in settings
 * (hand-computed): every step applied in order to a copy, its figures and verdict.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { scenariosOf } from '../../../src/core/scaling/index.js';
import { capacityPlanText, modelOf } from './scenario-helpers.js';

const TEXT = capacityPlanText()
  .replace('settings { target-utilization 70 % }', 'settings { target-utilization 70 % zones 3 }')
  .replace(
    /\n}\s*$/,
    `
  scenario black-friday {
    load 3 x
    users rate 25 k rps
    fail zone
    fail app 2
    fail flights-db replica 1
    fail redis
  }
}
`,
  );

describe('the issue’s scenario in the language', () => {
  it('applies every step in order and judges the copy', async () => {
    const model = await modelOf(TEXT);
    const [r] = scenariosOf(model, analyze(model));
    expect(r!.scenario.steps.map((s) => s.kind)).toEqual(['load', 'set', 'fail-zone', 'fail', 'fail', 'fail']);
    const c = (id: string) => r!.model.components.find((x) => x.id === id)!;
    // `users rate` after `load 3 x` sets the rate: 25 k
    expect(c('users').rateRps).toBe(25_000);
    // a zone of 3: app 20 → 13, then 2 more → 11; flights-db's 5 nodes lose 2 (3 left), then a replica: 1
    expect(c('app').instances).toBe(11);
    expect(c('flights-db').replicas).toBe(1);
    // lb's 2 instances lose one; the resolver's one instance was in the lost zone
    expect(c('lb').instances).toBe(1);
    expect(c('resolver').availability).toBe(0);
    // redis down: passed through, the database takes every read
    expect(c('redis').hitRatio).toBe(0);
    const a = r!.analysis;
    const util = (id: string) => a.components[a.componentIndex[id]!]!.utilization.value!;
    expect(util('app')).toBeCloseTo(25_000 / (11 * 857), 9);
    expect(util('flights-db')).toBeCloseTo(25_000 / 2_000, 9);
    expect(r!.verdict.saturated).toEqual(['flights-db', 'app']);
    expect(r!.verdict.meetsAvailabilitySlo).toBe(false);
    expect(r!.verdict.text).toBe('breaks: flights-db at 1250 %, app at 265 %');
    // the model itself is untouched
    expect(model.components.find((x) => x.id === 'app')!.instances).toBe(20);
  });
});
