/**
 * Findings under scenarios: `overloaded`, `queue-backlog` and `latency-budget` run on every
 * scenario's model and analysis (core/scaling `scenariosOf`, one computation per analysis), and the
 * availability SLO is read from the scenario's system summary (reported by `failover-capacity`: a
 * failure breaks it; only while the model itself meets it). Each finding is reported at the
 * scenario's name, its message prefixed with the scenario ("in scenario black-friday: ..."), with
 * the component in the scenario's model and the step that caused it as related places; a finding
 * the model itself already reports (same rule, component and place) is not repeated. Fixes are
 * left out: they would size the component for the scenario's model, not the model's.
 */
import type { Analysis } from '../analysis/types.js';
import type { Model, Scenario } from '../model.js';
import { causeOf, stepText } from '../scaling/scenario.js';
import { scenariosOf } from '../scaling/verdict.js';
import type { ScenarioResult } from '../scaling/types.js';
import { fraction, list } from '../wording.js';
import { RuleMemo } from './memo.js';
import { sloLocation } from './helpers/where.js';
import type { RuleSettings } from './settings.js';
import type { Finding, RelatedInfo, Rule } from './types.js';

/** The rules checked in every scenario, by id. */
export const SCENARIO_RULES: readonly string[] = ['overloaded', 'queue-backlog', 'latency-budget'];
/** The rule that reports an availability SLO a scenario's failures break. */
export const SCENARIO_AVAILABILITY_RULE = 'failover-capacity';

/** What makes two findings the same problem: rule, component, place, and the request class named. */
function keyOf(f: Finding): string {
  const r = f.location.range.start;
  const traffic = /\b(reads|writes)\b/.exec(f.message)?.[1] ?? '';
  return `${f.rule}\u0000${f.components[0] ?? ''}\u0000${f.location.uri}:${r.line}:${r.character}\u0000${traffic}`;
}

/** Whether a model declares any scenario (nothing to do otherwise). */
export function hasScenarios(model: Model): boolean {
  for (const s of model.systems) if (s.scenarios && s.scenarios.length > 0) return true;
  return false;
}

/** A scenario's finding: at the scenario, prefixed, with the component and the causing step related. */
function underScenario(result: ScenarioResult, f: Finding): Finding {
  const s = result.scenario;
  const id = f.components[0];
  const related: RelatedInfo[] = [];
  const c = id === undefined ? undefined : result.model.components.find((x) => x.id === id);
  if (c) related.push({ location: c.nameLocation, message: `${c.id} in scenario ${s.name}` });
  const step = id === undefined ? s.steps[0] : causeOf(result.model, s, id);
  if (step) related.push({ location: step.location, message: stepText(step) });
  related.push(...f.related);
  return {
    rule: f.rule,
    severity: f.severity,
    message: `in scenario ${s.name}: ${f.message}`,
    location: s.nameLocation,
    related,
    components: f.components,
    fixes: [],
  };
}

/** The availability SLO a scenario breaks (while the model meets it), as a finding. */
function availabilityFinding(
  model: Model,
  analysis: Analysis,
  result: ScenarioResult,
  rule: Rule,
  settings: RuleSettings,
): Finding | undefined {
  const s: Scenario = result.scenario;
  const sys = model.systems.find((x) => x.name === s.system);
  const want = sys?.slo?.availability;
  if (!sys?.slo || want === undefined || result.verdict.meetsAvailabilitySlo !== false) return undefined;
  if (analysis.systems.find((x) => x.name === s.system)?.meetsAvailabilitySlo === false) return undefined;
  const severity = settings.rules[rule.id]?.severity ?? rule.defaultSeverity;
  if (severity === 'off') return undefined;
  const got = result.analysis.systems.find((x) => x.name === s.system)?.availability.value ?? 0;
  const failing = s.steps.filter((st) => st.kind === 'fail' || st.kind === 'fail-zone');
  const message =
    `in scenario ${s.name}: requests of ${sys.name} succeed ${fraction(got)} of the time, below the availability SLO of ${fraction(want)}` +
    (failing.length ? ` (${list(failing.map(stepText))})` : '');
  const components = failing.flatMap((st) => (st.kind === 'fail' || st.component !== undefined ? [st.component!] : []));
  return {
    rule: rule.id,
    severity,
    message,
    location: s.nameLocation,
    related: [
      { location: sloLocation(sys.slo, 'availability'), message: `availability SLO ${fraction(want)}` },
      ...failing.map((st) => ({ location: st.location, message: stepText(st) })),
    ],
    components,
    fixes: [],
  };
}

/**
 * Every finding under the model's scenarios that the model itself does not report (`base`: its
 * findings), in scenario order. Rules not in `rules` or turned off are not run. Each scenario's
 * per-component findings come through a rule memo kept from the last run (`fresh`: a new one).
 */
export function scenarioFindings(
  rules: readonly Rule[],
  model: Model,
  analysis: Analysis,
  settings: RuleSettings,
  base: readonly Finding[],
  fresh = false,
): Finding[] {
  if (!hasScenarios(model)) return [];
  const checked = rules.filter((r) => SCENARIO_RULES.includes(r.id));
  const availabilityRule = rules.find((r) => r.id === SCENARIO_AVAILABILITY_RULE);
  const seen = new Set(base.map(keyOf));
  const out: Finding[] = [];
  const memos = new Map<string, RuleMemo>();
  for (const result of scenariosOf(model, analysis)) {
    // each scenario's per-component results are kept across edits, as the model's are (memo.ts)
    const key = `${result.scenario.system}\u0000${result.scenario.name}`;
    const memo = (fresh ? undefined : (memos.get(key) ?? lastMemos.get(key))) ?? new RuleMemo();
    memos.set(key, memo);
    const found = memo.run(checked, result.model, result.analysis, settings);
    for (const f of found) if (!seen.has(keyOf(f))) out.push(underScenario(result, f));
    if (availabilityRule) {
      const a = availabilityFinding(model, analysis, result, availabilityRule, settings);
      if (a) out.push(a);
    }
  }
  if (!fresh) lastMemos = memos;
  return out;
}

/** The rule memo of each scenario, by system and name, from the last run. */
let lastMemos = new Map<string, RuleMemo>();
