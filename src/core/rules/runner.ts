/** Runs rules over a model and its analysis, applying the configured severities. */
import type { Analysis, ComponentAnalysis, EdgeAnalysis } from '../analysis/types.js';
import type { Component, Edge, Model } from '../model.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.js';
import type { RuleMemo } from './memo.js';
import type { Finding, RawFinding, Rule, RuleContext, Severity } from './types.js';

/** What the context knows of one id: its component, its figures and its edges (one look-up for all four). */
interface Slot {
  component: Component | undefined;
  figures: ComponentAnalysis | undefined;
  out: Edge[] | undefined;
  in: Edge[] | undefined;
}

export function createContext(
  model: Model,
  analysis: Analysis,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): RuleContext {
  // One map for every look-up by id: at 50,000 components, separate maps (and the analysis's
  // index object) cost twice the time in look-ups alone.
  const slots = new Map<string, Slot>();
  const slot = (id: string): Slot => {
    let s = slots.get(id);
    if (s === undefined)
      slots.set(id, (s = { component: undefined, figures: undefined, out: undefined, in: undefined }));
    return s;
  };
  // Figures as the analysis's index gives them (the first of a duplicated id): by position
  // when the analysis is of this model, as always, else through the index.
  const figures = analysis.components;
  let aligned = figures.length === model.components.length;
  for (let i = 0; i < model.components.length; i++) {
    const c = model.components[i]!;
    const s = slot(c.id);
    s.component = c; // the last of a duplicated id wins
    aligned &&= figures[i]!.id === c.id;
    if (aligned && s.figures === undefined) s.figures = figures[i];
  }
  if (!aligned) {
    for (const s of slots.values()) s.figures = undefined;
    for (const [id, i] of Object.entries(analysis.componentIndex)) slot(id).figures = figures[i];
  }
  for (const e of model.edges) {
    const from = slot(e.from);
    (from.out ??= []).push(e);
    const to = slot(e.to);
    (to.in ??= []).push(e);
  }
  const none: readonly Edge[] = [];
  let edgeIndex: Map<string, EdgeAnalysis> | undefined;
  return {
    model,
    analysis,
    settings,
    component: (id) => slots.get(id)?.component,
    figures: (id) => slots.get(id)?.figures,
    edgeFigures: (id) => {
      if (!edgeIndex) {
        edgeIndex = new Map();
        for (const e of analysis.edges) edgeIndex.set(e.id, e); // the last of a duplicated id wins
      }
      return edgeIndex.get(id);
    },
    outEdges: (id) => slots.get(id)?.out ?? none,
    inEdges: (id) => slots.get(id)?.in ?? none,
  };
}

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
  const ctx = createContext(model, analysis, settings);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = settings.rules[rule.id]?.severity ?? rule.defaultSeverity;
    if (configured !== 'off') runCheck(rule, ctx, configured, findings);
  }
  return findings;
}

/** Runs a rule's whole check, adding its findings (or, when it throws, its failure) to `findings`. */
export function runCheck(rule: Rule, ctx: RuleContext, severity: Severity, findings: Finding[]): void {
  let raw;
  try {
    raw = rule.check(ctx);
  } catch (e) {
    const failure = ruleFailure(rule, ctx.model, e);
    if (failure) findings.push(failure);
    return;
  }
  for (const f of raw) findings.push(toFinding(rule.id, severity, f));
}

/** A rule's finding with its id and configured severity. */
export function toFinding(rule: string, severity: Severity, f: RawFinding): Finding {
  // Messages are built by concatenation, which V8 keeps as a tree of pieces until the string is
  // read; reading one character flattens it in place, so that each finding holds one string
  // (a quarter of the findings' memory, tens of MB at 50,000 components).
  f.message.charCodeAt(0);
  if (f.related) for (const r of f.related) r.message.charCodeAt(0);
  // Spelled out rather than spread (same keys, same order): this runs once per finding.
  return {
    rule,
    severity,
    related: f.related ?? [],
    components: f.components ?? [],
    fixes: f.fixes ?? [],
    message: f.message,
    location: f.location,
  };
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
