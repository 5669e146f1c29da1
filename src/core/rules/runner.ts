/** Runs rules over a model and its analysis, applying the configured severities. */
import type { Analysis, EdgeAnalysis } from '../analysis/types.js';
import type { Component, Edge, Model } from '../model.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.js';
import type { RuleMemo } from './memo.js';
import type { Finding, RawFinding, Rule, RuleContext, Severity } from './types.js';

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
  let edgeIndex: Map<string, EdgeAnalysis> | undefined;
  return {
    model,
    analysis,
    settings,
    component: (id) => components.get(id),
    figures: (id) => {
      const i = analysis.componentIndex[id];
      return i === undefined ? undefined : analysis.components[i];
    },
    edgeFigures: (id) => {
      if (!edgeIndex) {
        edgeIndex = new Map();
        for (const e of analysis.edges) edgeIndex.set(e.id, e); // the last of a duplicated id wins
      }
      return edgeIndex.get(id);
    },
    outEdges: (id) => out.get(id) ?? none,
    inEdges: (id) => inn.get(id) ?? none,
  };
}

/**
 * Runs every enabled rule. A rule that throws is reported as an internal finding on the model's
 * first system instead of taking the others down. With a memo (kept between runs, e.g. per
 * document after each edit), per-component rules keep the findings of components whose inputs
 * did not change (memo.ts); the findings are the same either way.
 */
export function runRules(rules: readonly Rule[], model: Model, analysis: Analysis, settings: RuleSettings = DEFAULT_RULE_SETTINGS, memo?: RuleMemo): Finding[] {
  if (memo) return memo.run(rules, model, analysis, settings);
  const ctx = createContext(model, analysis, settings);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = settings.rules[rule.id]?.severity ?? rule.defaultSeverity;
    if (configured === 'off') continue;
    let raw;
    try {
      raw = rule.check(ctx);
    } catch (e) {
      const failure = ruleFailure(rule, model, e);
      if (failure) findings.push(failure);
      continue;
    }
    for (const f of raw) findings.push(toFinding(rule.id, configured, f));
  }
  return findings;
}

/** A rule's finding with its id and configured severity. */
export function toFinding(rule: string, severity: Severity, f: RawFinding): Finding {
  // Messages are built by concatenation, which V8 keeps as a tree of pieces until the string is
  // read; reading one character flattens it in place, so that each finding holds one string
  // (a quarter of the findings' memory, tens of MB at 50,000 components).
  f.message.charCodeAt(0);
  if (f.related) for (const r of f.related) r.message.charCodeAt(0);
  // Spelled out rather than spread (same keys, same order): this runs once per finding.
  return { rule, severity, related: f.related ?? [], components: f.components ?? [], fixes: f.fixes ?? [], message: f.message, location: f.location };
}

/** The internal finding for a rule that threw, on the model's first system (none without a system). */
export function ruleFailure(rule: Rule, model: Model, e: unknown): Finding | undefined {
  const where = model.systems[0]?.nameLocation;
  if (!where) return undefined;
  return {
    rule: rule.id,
    severity: 'error',
    message: `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)} (please report this)`,
    location: where,
    related: [],
    components: [],
    fixes: [],
  };
}
