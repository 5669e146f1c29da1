/** autoscale-ceiling under scenarios (hand-computed on the capacity plan: app 857 rps each, 70 % target, autoscale 12..40). */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Model } from '../../../src/core/model.js';
import { autoscaleCeiling } from '../../../src/core/rules/autoscale-ceiling.js';
import { runRules } from '../../../src/core/rules/runner.js';
import { capacityPlan, scenario, withScenarios } from './scenario-helpers.js';

const check = (m: Model) => runRules([autoscaleCeiling], m, analyze(m));

describe('autoscale-ceiling under scenarios', () => {
  it('3× the load needs ⌈30,000 / 857 / 70 %⌉ = 51 app instances, above the maximum of 40', async () => {
    const base = await capacityPlan();
    const peak = scenario(base, 'peak', [{ kind: 'load', factor: 3 }], 90);
    const findings = check(withScenarios(base, [peak, scenario(base, 'double', [{ kind: 'load', factor: 2 }], 95)]));
    expect(findings.map((f) => f.message)).toEqual([
      'in scenario peak: app needs 51 instances at the 70 % target (30k rps over 857 rps each), above its autoscale maximum of 40',
    ]);
    const f = findings[0]!;
    expect(f.location).toBe(peak.nameLocation);
    const app = base.components.find((c) => c.id === 'app')!;
    expect(f.related.map((r) => r.location)).toEqual([app.propertyLocations.autoscale, peak.steps[0]!.location]);
    expect(f.fixes[0]!.operations).toEqual([
      { op: 'set-property', target: { component: 'app' }, key: 'autoscale', value: '12..51' },
    ]);
  });

  it('no fix when the scenario sets the autoscale range itself', async () => {
    const base = await capacityPlan();
    const s = scenario(base, 'small', [{ kind: 'set', component: 'app', changes: { autoscale: { min: 4, max: 10 } } }]);
    const findings = check(withScenarios(base, [s]));
    expect(findings.map((f) => f.message)).toEqual([
      'in scenario small: app needs 17 instances at the 70 % target (10k rps over 857 rps each), above its autoscale maximum of 10',
    ]);
    expect(findings[0]!.fixes).toEqual([]);
  });
});
