/** Running rules' whole checks: findings with their configured severity, and a rule that throws reported as a finding. */
import type { Model } from '../model.js';
import type { RuleSettings } from './settings.js';
import type { Finding, RawFinding, Rule, RuleContext, Severity } from './types.js';

/** Runs every enabled rule's whole check over a context. */
export function runAll(rules: readonly Rule[], ctx: RuleContext, settings: RuleSettings): Finding[] {
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

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** A rule's finding with its id and configured severity (raised to the finding's `minSeverity`). */
export function toFinding(rule: string, configured: Severity, f: RawFinding): Finding {
  const severity = f.minSeverity !== undefined && RANK[f.minSeverity] > RANK[configured] ? f.minSeverity : configured;
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
