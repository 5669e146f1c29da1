/** Runs rules over a model and its analysis, applying the configured severities: in full, or through a memo. */
import type { Analysis } from '../analysis/types.js';
import { settledFindings } from '../analysis/unsettled.js';
import type { Model } from '../model.js';
import { runAll } from './check.js';
import { createContext } from './context.js';
import type { RuleMemo } from './memo.js';
import { hasScenarios, scenarioFindings } from './scenarios.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.js';
import type { Finding, Rule } from './types.js';

export { createContext } from './context.js';
export { ruleFailure, runCheck, toFinding } from './check.js';

const wholeModel = new WeakMap<readonly Rule[], ReadonlySet<string>>();
/** The ids of the rules that weigh the whole model at once (no per-component check). */
export function wholeModelRules(rules: readonly Rule[]): ReadonlySet<string> {
  let ids = wholeModel.get(rules);
  if (!ids) wholeModel.set(rules, (ids = new Set(rules.filter((r) => !r.component).map((r) => r.id))));
  return ids;
}

/**
 * Runs every enabled rule. A rule that throws is reported as an internal finding on the model's
 * first system instead of taking the others down. With a memo (kept between runs, e.g. per
 * document after each edit), per-component rules keep the findings of components whose inputs
 * did not change (memo.ts); the findings are the same either way. While a language error leaves
 * components unsure (`Model.unsettled`), findings that involve them are left out
 * (analysis/unsettled.ts). Findings under the model's scenarios follow, each at its scenario.
 */
export function runRules(
  rules: readonly Rule[],
  model: Model,
  analysis: Analysis,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
  memo?: RuleMemo,
): Finding[] {
  const findings = memo
    ? memo.run(rules, model, analysis, settings)
    : runAll(rules, createContext(model, analysis, settings), settings);
  // the model's scenarios: their findings at each scenario (scenarios.ts)
  if (hasScenarios(model)) findings.push(...scenarioFindings(rules, model, analysis, settings, findings));
  return settledFindings(findings, model, wholeModelRules(rules));
}
