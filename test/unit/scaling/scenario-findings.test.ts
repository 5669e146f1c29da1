/**
 * Findings under scenarios: located at the scenario's name, prefixed with it, the component and
 * the step that caused it related; the model's own findings unchanged and never repeated.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Model } from '../../../src/core/model.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { createContext, runRules } from '../../../src/core/rules/runner.js';
import { runAll } from '../../../src/core/rules/check.js';
import { scenarioFindings } from '../../../src/core/rules/scenarios.js';
import { DEFAULT_RULE_SETTINGS, RuleSettingsSchema } from '../../../src/core/rules/settings.js';
import { capacityPlan, scenario, withScenarios } from './scenario-helpers.js';

const check = (m: Model, settings = DEFAULT_RULE_SETTINGS, a = analyze(m)) => runRules(RULES, m, a, settings);

describe('findings under scenarios', () => {
  it('a saturated component is reported at the scenario, with the component and the step', async () => {
    const base = await capacityPlan();
    const peak = scenario(base, 'black-friday', [{ kind: 'load', factor: 3 }], 90);
    const cold = scenario(base, 'cold-cache', [{ kind: 'fail', component: 'redis' }], 95);
    const model = withScenarios(base, [peak, cold]);
    const findings = check(model);
    expect(findings.map((f) => `${f.rule} ${f.location.range.start.line} ${f.message.slice(0, 60)}`)).toEqual([
      'autoscale-ceiling 90 in scenario black-friday: app needs 51 instances at the 70 %',
      'overloaded 90 in scenario black-friday: app receives 30k rps against a cap',
      'overloaded 95 in scenario cold-cache: flights-db receives 10k rps (10k rea',
    ]);
    const [, bf, cc] = findings;
    expect(bf!.location).toBe(peak.nameLocation);
    expect(bf!.severity).toBe('error');
    expect(bf!.components).toEqual(['app']);
    const app = base.components.find((c) => c.id === 'app')!;
    expect(bf!.related[0]).toEqual({ location: app.nameLocation, message: 'app in scenario black-friday' });
    expect(bf!.related[1]).toEqual({ location: peak.steps[0]!.location, message: "every client's rate 3×" });
    expect(bf!.fixes).toEqual([]);
    expect(cc!.related[1]).toEqual({ location: cold.steps[0]!.location, message: 'redis down' });
    expect(cc!.message).toContain('125 %');
  });

  it('the availability SLO a failure breaks is reported (failover-capacity), computed through the model', async () => {
    const base = await capacityPlan();
    const down = scenario(base, 'app-down', [{ kind: 'fail', component: 'app' }], 90);
    const findings = check(withScenarios(base, [down]));
    expect(findings.map((f) => `${f.rule} ${f.message}`)).toEqual([
      'failover-capacity in scenario app-down: requests of flight-search succeed 0 % of the time, below the availability SLO of 99.9 % (app down)',
    ]);
    expect(findings[0]!.location).toBe(down.nameLocation);
    expect(findings[0]!.related.map((r) => r.message)).toEqual(['availability SLO 99.9 %', 'app down']);
  });

  it('an availability SLO the model already misses is not reported again under a scenario', async () => {
    const base = await capacityPlan();
    const sys = base.systems[0]!;
    const strict: Model = { ...base, systems: [{ ...sys, slo: { ...sys.slo!, availability: 0.9999999 } }] };
    expect(analyze(strict).systems[0]!.meetsAvailabilitySlo).toBe(false);
    const model = withScenarios(strict, [scenario(strict, 'down', [{ kind: 'fail', component: 'app' }])]);
    expect(check(model).filter((f) => f.rule === 'failover-capacity')).toEqual([]);
  });

  it('a component overloaded by a lost zone names the zone step', async () => {
    const base = await capacityPlan();
    const zoned: Model = {
      ...base,
      components: base.components.map((c) => (c.id === 'app' ? { ...c, instances: 14, zones: 2 } : c)),
    };
    const az = scenario(zoned, 'az', [{ kind: 'load', factor: 1.1 }, { kind: 'fail-zone' }], 90);
    const found = check(withScenarios(zoned, [az])).filter((f) => f.rule === 'overloaded');
    expect(found.map((f) => f.message.slice(0, 40))).toEqual(['in scenario az: app receives 11k rps aga']);
    expect(found[0]!.related[1]).toEqual({ location: az.steps[1]!.location, message: 'a zone down' });
  });

  it("never repeats the model's own finding; the model's findings are unchanged", async () => {
    const base = await capacityPlan();
    const busy: Model = {
      ...base,
      components: base.components.map((c) => (c.id === 'app' ? { ...c, instances: 11 } : c)),
    };
    const before = check(busy);
    expect(before.map((f) => `${f.rule} ${f.components[0]}`)).toContain('overloaded app');
    const model = withScenarios(busy, [scenario(busy, 'more', [{ kind: 'load', factor: 1.1 }])]);
    const after = check(model);
    expect(after).toEqual(before);
  });

  it('a rule turned off is off under scenarios too', async () => {
    const base = await capacityPlan();
    const model = withScenarios(base, [scenario(base, 'peak', [{ kind: 'load', factor: 3 }])]);
    const settings = RuleSettingsSchema.parse({ rules: { overloaded: { severity: 'off' } } });
    expect(check(model, settings).map((f) => f.rule)).toEqual(['autoscale-ceiling']);
  });
});

describe('findings under scenarios across edits', () => {
  it('kept per scenario (a rule memo each) equal a fresh run after every edit', async () => {
    const base = await capacityPlan();
    const steps = [
      scenario(base, 'peak', [{ kind: 'load', factor: 3 }], 90),
      scenario(base, 'cold', [{ kind: 'fail', component: 'redis' }], 95),
      scenario(base, 'lost', [{ kind: 'fail', component: 'app', part: 'instances', count: 9 }], 97),
    ];
    const edits: ((m: Model) => Model)[] = [
      (m) => m,
      (m) => m,
      (m) => ({ ...m, components: m.components.map((c) => (c.id === 'app' ? { ...c, instances: 24 } : c)) }),
      (m) => ({ ...m, components: m.components.map((c) => (c.id === 'flights-db' ? { ...c, replicas: 8 } : c)) }),
      (m) => ({ ...m, components: m.components.map((c) => (c.id === 'users' ? { ...c, rateRps: 4_000 } : c)) }),
      (m) => ({ ...m, components: m.components.map((c) => (c.id === 'app' ? { ...c, instances: 12 } : c)) }),
      (m) => ({ ...m, components: m.components.map((c) => (c.id === 'users' ? { ...c, rateRps: 12_000 } : c)) }),
    ];
    let model = withScenarios(base, steps);
    let previous: ReturnType<typeof analyze> | undefined;
    for (const edit of edits) {
      model = edit(model);
      const a = analyze(model, { previous });
      previous = a;
      const got = check(model, DEFAULT_RULE_SETTINGS, a);
      // the model's own findings as the runner makes them without a memo, then the scenarios' afresh
      const own = runAll(RULES, createContext(model, a, DEFAULT_RULE_SETTINGS), DEFAULT_RULE_SETTINGS);
      const fresh = [...own, ...scenarioFindings(RULES, model, a, DEFAULT_RULE_SETTINGS, own, true)];
      expect(got).toEqual(fresh);
    }
  });
});
