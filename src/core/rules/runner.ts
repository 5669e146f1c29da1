/** Runs rules over a model and its analysis, applying the configured severities: in full, or through a memo. */
import type { Analysis } from '../analysis/types.js';
import type { Model } from '../model.js';
import { runAll } from './check.js';
import { createContext } from './context.js';
import type { RuleMemo } from './memo.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.js';
import type { Finding, Rule } from './types.js';

export { createContext } from './context.js';
export { ruleFailure, runCheck, toFinding } from './check.js';

/**
 * Runs every enabled rule. A rule that throws is reported as an internal finding on the model's
 * first system instead of taking the others down. With a memo (kept between runs, e.g. per
 * document after each edit), per-component rules keep the findings of components whose inputs
 * did not change (memo.ts); the findings are the same either way.
 */
export function runRules(
  rules: readonly Rule[],
  model: Model,
  analysis: Analysis,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
  memo?: RuleMemo,
): Finding[] {
  if (memo) return memo.run(rules, model, analysis, settings);
  return runAll(rules, createContext(model, analysis, settings), settings);
}
