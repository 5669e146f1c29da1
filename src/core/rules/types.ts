/**
 * Scalability rules: plain functions over the model and its analysis that return findings.
 * A finding names the components and numbers involved, where it is, related places, and
 * mechanical fixes described as operations on the model (the language layer turns them into
 * text edits). No VS Code, no Langium.
 */
import type { Analysis, ComponentAnalysis, EdgeAnalysis } from '../analysis/types.js';
import type { Component, Edge, Model, SourceLocation } from '../model.js';
import type { RuleSettings } from './settings.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RelatedInfo {
  location: SourceLocation;
  message: string;
}

/** Where a fix operation applies: a component or an edge, by id. */
export type FixTarget = { component: string } | { edge: string };

/** A mechanical change to the model, written as the user would write it. */
export type FixOperation =
  /** Set (add or replace) a property, `value` as written (`in session-store`, `60 s`, `` for a flag). */
  | { op: 'set-property'; target: FixTarget; key: string; value: string }
  | { op: 'remove-property'; target: FixTarget; key: string }
  /** Add a component declaration (`text` is the whole declaration) to a system, after a component. */
  | { op: 'add-component'; system: string; after?: string; text: string }
  /** Add an edge line (`text`, e.g. `app -> cache reads`) at the end of a system. */
  | { op: 'add-edge'; system: string; text: string }
  /** Point an edge at another component. */
  | { op: 'retarget-edge'; edge: string; to: string }
  /** Add modifiers to an edge (`async`, `reads`, `writes`), removing others (e.g. `sync`). */
  | { op: 'set-modifiers'; edge: string; add: readonly EdgeFlag[]; remove: readonly EdgeFlag[] };

export type EdgeFlag = 'async' | 'sync' | 'reads' | 'writes' | 'all';

export interface Fix {
  title: string;
  operations: FixOperation[];
  /** The fix to offer first. */
  preferred?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  location: SourceLocation;
  related: RelatedInfo[];
  /** Ids of the components involved (first: the one the finding is about). */
  components: string[];
  fixes: Fix[];
}

/** What a rule's check returns; the runner adds the rule id and the configured severity. */
export type RawFinding = Omit<Finding, 'rule' | 'severity' | 'related' | 'fixes' | 'components'> &
  Partial<Pick<Finding, 'related' | 'fixes' | 'components'>> & {
    /**
     * The least severity this finding takes, above the rule's configured one (a rule turned off
     * still reports nothing): a saturated component is an error whichever rule explains it.
     */
    minSeverity?: Severity;
  };

export interface RuleContext {
  model: Model;
  analysis: Analysis;
  settings: RuleSettings;
  component(id: string): Component | undefined;
  figures(id: string): ComponentAnalysis | undefined;
  /** An edge's figures by edge id (the last of a duplicated id). */
  edgeFigures(id: string): EdgeAnalysis | undefined;
  outEdges(id: string): readonly Edge[];
  inEdges(id: string): readonly Edge[];
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line: what it catches. */
  description: string;
  /** The idea it applies, in a line (`Clones: stateless servers, sessions in a central store`). */
  concept: string;
  check(ctx: RuleContext): RawFinding[];
  /**
   * A rule whose findings are each about one component can say so: `check` is then exactly
   * `component` applied to every component in model order (see `componentRule`), and the runner
   * may keep a component's findings while nothing it read changed (memo.ts). Such a check reads
   * the model and the analysis only through the context's look-ups (component, figures,
   * edgeFigures, outEdges, inEdges), plus `ctx.settings`, `ctx.analysis.settings` and
   * `ctx.model.systems`; anything else throws while the runner records what it reads.
   */
  component?(ctx: RuleContext, c: Component): readonly RawFinding[];
}

/** What a per-component check returns when it finds nothing (shared: no array per component). */
export const NO_FINDINGS: readonly RawFinding[] = Object.freeze([]);

/** A rule defined by its per-component check (see Rule.component): `check` runs it on every component, in model order. */
export function componentRule(
  rule: Omit<Rule, 'check' | 'component'> & { component(ctx: RuleContext, c: Component): readonly RawFinding[] },
): Rule {
  const component = rule.component;
  return {
    ...rule,
    component,
    check(ctx) {
      const out: RawFinding[] = [];
      const components = ctx.model.components;
      for (let i = 0; i < components.length; i++) {
        const found = component(ctx, components[i]!);
        for (let k = 0; k < found.length; k++) out.push(found[k]!);
      }
      return out;
    },
  };
}
