/**
 * Incremental rules: a RuleMemo keeps, for every per-component rule (Rule.component) and every
 * component, the findings of its check and what the check read, and on the next run (a new
 * model and analysis after an edit) keeps them while none of it changed. What a check reads is
 * recorded as it runs, through the context's look-ups (component, figures, edgeFigures,
 * outEdges, inEdges) and the few figures that depend on other components (a call tree's
 * latency, a consistency, an edge's fan-out tail: analysis/reads.ts), so no rule declares its
 * dependencies by hand.
 *
 * A kept result must equal what the check would compute again: every read is compared between
 * the two runs, at the level it was read: the same Component and edge objects (the model
 * builder keeps the objects of untouched declarations), and for figures the same service model,
 * load, settings and, when read, call-tree latency or consistency (sameComponentFigures). Other
 * rules (over paths, requests or the whole graph) run in full every time.
 * test/unit/rules/memo.test.ts compares memoised and fresh findings over chains of edits.
 */
import { sameComponentFigures, sameEdgeFigures } from '../analysis/index.js';
import { FIGURE_READS, READ_CONSISTENCY, READ_EDGE_TREE, READ_TREE, type FigureRead } from '../analysis/reads.js';
import { sameData } from '../analysis/report.js';
import type { Analysis } from '../analysis/types.js';
import type { Component, Edge, Model } from '../model.js';
import { createContext, ruleFailure, toFinding } from './runner.js';
import type { RuleSettings } from './settings.js';
import type { Finding, Rule, RuleContext, Severity } from './types.js';

/** Reads recorded besides the FigureRead ones: a component (or its edges) by id, a component's service figures, an edge's figures. */
const READ_COMPONENT = 0;
const READ_SERVICE = 4;
const READ_EDGE = 5;
type Read = FigureRead | typeof READ_COMPONENT | typeof READ_SERVICE | typeof READ_EDGE;

interface Entry {
  component: Component;
  severity: Severity;
  findings: Finding[];
  /** Pairs: read, id. */
  reads: (Read | string)[];
}

interface Run {
  model: Model;
  analysis: Analysis;
  settings: RuleSettings;
  ctx: RuleContext;
}

export interface MemoStats {
  /** Per-component results kept from the previous run. */
  kept: number;
  /** Per-component results computed. */
  computed: number;
}

export class RuleMemo {
  #prev: Run | undefined;
  /** Per rule id: entries by component index in the previous run's model. */
  #entries = new Map<string, (Entry | undefined)[]>();
  /** Figures of the last run. */
  stats: MemoStats = { kept: 0, computed: 0 };

  run(rules: readonly Rule[], model: Model, analysis: Analysis, settings: RuleSettings): Finding[] {
    const ctx = createContext(model, analysis, settings);
    const prev = this.#prev !== undefined && sameGlobals(this.#prev, model, analysis, settings) ? this.#prev : undefined;
    const changed = prev ? changes(prev.ctx, ctx) : undefined;
    const stats: MemoStats = { kept: 0, computed: 0 };
    const entries = new Map<string, (Entry | undefined)[]>();

    // The context per-component checks get: look-ups that record what they read.
    let reads: (Read | string)[] = [];
    let lastRead = -1;
    let lastId = '';
    const note = (read: Read, id: string) => {
      if (read === lastRead && id === lastId) return;
      lastRead = read;
      lastId = id;
      reads.push(read, id);
    };
    const tracked: RuleContext = {
      model: guardedModel(model),
      analysis: guardedAnalysis(analysis),
      settings,
      component: (id) => (note(READ_COMPONENT, id), ctx.component(id)),
      figures: (id) => (note(READ_SERVICE, id), ctx.figures(id)),
      edgeFigures: (id) => (note(READ_EDGE, id), ctx.edgeFigures(id)),
      outEdges: (id) => (note(READ_COMPONENT, id), ctx.outEdges(id)),
      inEdges: (id) => (note(READ_COMPONENT, id), ctx.inEdges(id)),
    };

    const findings: Finding[] = [];
    for (const rule of rules) {
      const severity = settings.rules[rule.id]?.severity ?? rule.defaultSeverity;
      if (severity === 'off') continue;
      const component = rule.component;
      if (!component) {
        let raw;
        try {
          raw = rule.check(ctx);
        } catch (e) {
          const failure = ruleFailure(rule, model, e);
          if (failure) findings.push(failure);
          continue;
        }
        for (const f of raw) findings.push(toFinding(rule.id, severity, f));
        continue;
      }
      const before = prev && changed ? this.#entries.get(rule.id) : undefined;
      const now: (Entry | undefined)[] = new Array(model.components.length);
      const start = findings.length;
      try {
        for (let i = 0; i < model.components.length; i++) {
          const c = model.components[i]!;
          const old = before?.[i];
          if (old !== undefined && old.component === c && old.severity === severity && !changed!(old.reads)) {
            now[i] = old;
            for (const f of old.findings) findings.push(f);
            stats.kept++;
            continue;
          }
          reads = [];
          lastRead = -1;
          FIGURE_READS.record = note;
          let raw;
          try {
            raw = component(tracked, c);
          } finally {
            FIGURE_READS.record = null;
          }
          const mine = raw.length === 0 ? NONE : raw.map((f) => toFinding(rule.id, severity, f));
          now[i] = { component: c, severity, findings: mine, reads };
          for (const f of mine) findings.push(f);
          stats.computed++;
        }
      } catch (e) {
        findings.length = start;
        const failure = ruleFailure(rule, model, e);
        if (failure) findings.push(failure);
        continue;
      }
      entries.set(rule.id, now);
    }
    this.#prev = { model, analysis, settings, ctx };
    this.#entries = entries;
    this.stats = stats;
    return findings;
  }
}

const NONE: Finding[] = [];

/** Whether what per-component checks may read besides the look-ups is the same: settings, system settings, the analysis's settings. */
function sameGlobals(prev: Run, model: Model, analysis: Analysis, settings: RuleSettings): boolean {
  if (prev.settings !== settings || !sameData(prev.analysis.settings, analysis.settings)) return false;
  const a = prev.model.systems;
  const b = model.systems;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k]!.name !== b[k]!.name || !sameData(a[k]!.settings, b[k]!.settings)) return false;
  return true;
}

/**
 * A test of recorded reads against the previous run: true when any read now gives something
 * else. Each (read, id) is compared once per run.
 */
function changes(before: RuleContext, now: RuleContext): (reads: readonly (Read | string)[]) => boolean {
  const memo: Map<string, boolean>[] = [new Map(), new Map(), new Map(), new Map(), new Map(), new Map()];
  const sameEdges = (a: readonly Edge[], b: readonly Edge[]) => {
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
    return true;
  };
  const differs = (read: Read, id: string): boolean => {
    switch (read) {
      case READ_COMPONENT:
        return before.component(id) !== now.component(id) || !sameEdges(before.outEdges(id), now.outEdges(id)) || !sameEdges(before.inEdges(id), now.inEdges(id));
      case READ_SERVICE:
      case READ_TREE:
      case READ_CONSISTENCY: {
        const a = before.figures(id);
        const b = now.figures(id);
        if (a === undefined || b === undefined) return a !== b;
        return !sameComponentFigures(a, b, read === READ_TREE ? 'tree' : read === READ_CONSISTENCY ? 'consistency' : 'service');
      }
      case READ_EDGE:
      case READ_EDGE_TREE: {
        const a = before.edgeFigures(id);
        const b = now.edgeFigures(id);
        if (a === undefined || b === undefined) return a !== b;
        return !sameEdgeFigures(a, b, read === READ_EDGE_TREE);
      }
    }
  };
  return (reads) => {
    for (let k = 0; k < reads.length; k += 2) {
      const read = reads[k] as Read;
      const id = reads[k + 1] as string;
      const m = memo[read]!;
      let d = m.get(id);
      if (d === undefined) m.set(id, (d = differs(read, id)));
      if (d) return true;
    }
    return false;
  };
}

/** The model as a per-component check may read it: its systems only (the rest through the look-ups). */
function guardedModel(model: Model): Model {
  return {
    systems: model.systems,
    get components(): Component[] {
      throw new Error('a per-component check read ctx.model.components (use the context look-ups)');
    },
    get edges(): Edge[] {
      throw new Error('a per-component check read ctx.model.edges (use the context look-ups)');
    },
  };
}

/** The analysis as a per-component check may read it: its settings only. */
function guardedAnalysis(analysis: Analysis): Analysis {
  const guard = {} as Analysis;
  for (const key of Object.keys(analysis) as (keyof Analysis)[]) {
    if (key === 'settings') continue;
    Object.defineProperty(guard, key, {
      get() {
        throw new Error(`a per-component check read ctx.analysis.${key} (use the context look-ups)`);
      },
    });
  }
  Object.defineProperty(guard, 'settings', { value: analysis.settings });
  return guard;
}
