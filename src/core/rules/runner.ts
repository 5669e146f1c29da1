/** Runs rules over a model and its analysis, applying the configured severities. */
import type { Analysis } from '../analysis/types.js';
import type { Component, Edge, Model } from '../model.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.js';
import type { Finding, Rule, RuleContext } from './types.js';

export function createContext(model: Model, analysis: Analysis, settings: RuleSettings = DEFAULT_RULE_SETTINGS): RuleContext {
  const components = new Map<string, Component>();
  for (const c of model.components) components.set(c.id, c); // the last of a duplicated id wins
  const out = new Map<string, Edge[]>();
  const inn = new Map<string, Edge[]>();
  for (const e of model.edges) {
    (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
    (inn.get(e.to) ?? inn.set(e.to, []).get(e.to)!).push(e);
  }
  const none: readonly Edge[] = [];
  return {
    model,
    analysis,
    settings,
    component: (id) => components.get(id),
    figures: (id) => {
      const i = analysis.componentIndex[id];
      return i === undefined ? undefined : analysis.components[i];
    },
    outEdges: (id) => out.get(id) ?? none,
    inEdges: (id) => inn.get(id) ?? none,
  };
}

/**
 * Runs every enabled rule. A rule that throws is reported as an internal finding on the model's
 * first system instead of taking the others down.
 */
export function runRules(rules: readonly Rule[], model: Model, analysis: Analysis, settings: RuleSettings = DEFAULT_RULE_SETTINGS): Finding[] {
  const ctx = createContext(model, analysis, settings);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = settings.rules[rule.id]?.severity ?? rule.defaultSeverity;
    if (configured === 'off') continue;
    let raw;
    try {
      raw = rule.check(ctx);
    } catch (e) {
      const where = model.systems[0]?.nameLocation;
      if (where) {
        findings.push({
          rule: rule.id,
          severity: 'error',
          message: `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)} (please report this)`,
          location: where,
          related: [],
          components: [],
          fixes: [],
        });
      }
      continue;
    }
    for (const f of raw) {
      // Spelled out rather than spread (same keys, same order): this runs once per finding.
      findings.push({ rule: rule.id, severity: configured, related: f.related ?? [], components: f.components ?? [], fixes: f.fixes ?? [], message: f.message, location: f.location });
    }
  }
  return findings;
}
