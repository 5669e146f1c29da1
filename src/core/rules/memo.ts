/**
 * Incremental rules: a RuleMemo keeps, for every per-component rule (Rule.component) and every
 * component, the findings of its check and what the check read, and on the next run (a new
 * model and analysis after an edit) keeps them while none of it changed. What a check reads is
 * recorded as it runs, through the context's look-ups (component, figures, edgeFigures,
 * outEdges, inEdges) and the few figures that depend on other components (a call tree's
 * latency, a consistency, an edge's fan-out tail: the figure catalogue declares them, and
 * recording.ts notes their reads), so no rule declares its dependencies by hand.
 *
 * A kept result must equal what the check would compute again: every read is compared between
 * the two runs, at the level it was read: the same Component and edge objects (the model
 * builder keeps the objects of untouched declarations), and for figures the same service model,
 * load, settings and, when read, call-tree latency or consistency (sameComponentFigures). Other
 * rules (over paths, requests or the whole graph) run in full every time.
 * test/unit/rules/memo.test.ts compares memoised and fresh findings over chains of edits.
 */
import { figureChanges, sameComponentFigures, sameData, sameEdgeFigures } from '../analysis/compare.js';
import type { Analysis } from '../analysis/types.js';
import type { Component, Edge, Model } from '../model.js';
import { ruleFailure, runAll, runCheck, toFinding } from './check.js';
import { createContext } from './context.js';
import {
  READ_COMPONENT,
  READ_EDGE,
  READ_EDGE_TREE,
  READ_SERVICE,
  READ_TREE,
  recordingContext,
  type Read,
} from './recording.js';
import type { RuleSettings } from './settings.js';
import type { Finding, Rule, RuleContext, Severity } from './types.js';

/**
 * One rule's results of a run, by component index: the component, its findings, and what its
 * check read: a bit set of reads of the component itself (most checks read nothing else), or
 * (read, id) pairs.
 */
interface Results {
  severity: Severity;
  components: Component[];
  findings: Finding[][];
  reads: (number | (Read | string)[])[];
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
  /** Per rule id: its results in the previous run. */
  #results = new Map<string, Results>();
  /** Figures of the last run. */
  stats: MemoStats = { kept: 0, computed: 0 };

  run(rules: readonly Rule[], model: Model, analysis: Analysis, settings: RuleSettings): Finding[] {
    if (this.#prev === undefined) {
      // The first run (a document just opened, or checked once) records nothing: recording
      // costs about a tenth of the rules' time, worth paying only once the model is edited.
      // The second run records everything; from the third on, results are kept.
      this.#prev = { model, analysis, settings, ctx: createContext(model, analysis, settings) };
      this.stats = { kept: 0, computed: 0 };
      return runAll(rules, this.#prev.ctx, settings);
    }
    const ctx = createContext(model, analysis, settings);
    const changed = sameGlobals(this.#prev, model, analysis, settings)
      ? changes(this.#prev, model, analysis, ctx)
      : undefined;
    const stats: MemoStats = { kept: 0, computed: 0 };
    const results = new Map<string, Results>();

    // The context per-component checks get: look-ups that record what they read. Reads of the
    // component being checked set bits; others are listed.
    let self = '';
    let bits = 0;
    let list: (Read | string)[] | null = null;
    const note = (read: Read, id: string) => {
      if (id === self && read !== READ_EDGE && read !== READ_EDGE_TREE) bits |= 1 << read;
      else if (list === null) list = [read, id];
      else if (list[list.length - 2] !== read || list[list.length - 1] !== id) list.push(read, id);
    };
    const tracked = recordingContext(ctx, note);

    const findings: Finding[] = [];
    const n = model.components.length;
    for (const rule of rules) {
      const severity = settings.rules[rule.id]?.severity ?? rule.defaultSeverity;
      if (severity === 'off') continue;
      const component = rule.component;
      if (!component) {
        runCheck(rule, ctx, severity, findings);
        continue;
      }
      const old = changed ? this.#results.get(rule.id) : undefined;
      const before = old?.severity === severity ? old : undefined;
      const now: Results = { severity, components: new Array(n), findings: new Array(n), reads: new Array(n) };
      const start = findings.length;
      try {
        for (let i = 0; i < n; i++) {
          const c = model.components[i]!;
          if (before !== undefined && before.components[i] === c && !changed!(c.id, before.reads[i]!)) {
            const mine = before.findings[i]!;
            now.components[i] = c;
            now.findings[i] = mine;
            now.reads[i] = before.reads[i]!;
            for (const f of mine) findings.push(f);
            stats.kept++;
            continue;
          }
          self = c.id;
          bits = 0;
          list = null;
          const raw = component(tracked, c);
          const mine = raw.length === 0 ? NONE : raw.map((f) => toFinding(rule.id, severity, f));
          now.components[i] = c;
          now.findings[i] = mine;
          now.reads[i] = list === null ? bits : withSelf(list, bits, self);
          for (const f of mine) findings.push(f);
          stats.computed++;
        }
      } catch (e) {
        findings.length = start;
        const failure = ruleFailure(rule, model, e);
        if (failure) findings.push(failure);
        continue;
      }
      results.set(rule.id, now);
    }
    this.#prev = { model, analysis, settings, ctx };
    this.#results = results;
    this.stats = stats;
    return findings;
  }
}

/** A check's listed reads plus its reads of its own component (bits). */
function withSelf(list: (Read | string)[], bits: number, self: string): (Read | string)[] {
  for (let read = 0; bits >> read; read++) if (bits & (1 << read)) list.push(read as Read, self);
  return list;
}

const NONE: Finding[] = [];

/** Whether what per-component checks may read besides the look-ups is the same: settings, system settings, the analysis's settings. */
function sameGlobals(prev: Run, model: Model, analysis: Analysis, settings: RuleSettings): boolean {
  if (prev.settings !== settings || !sameData(prev.analysis.settings, analysis.settings)) return false;
  const a = prev.model.systems;
  const b = model.systems;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++)
    if (a[k]!.name !== b[k]!.name || !sameData(a[k]!.settings, b[k]!.settings)) return false;
  return true;
}

/**
 * A test of recorded reads against the previous run: true when any read may now give something
 * else. Components and their edges are compared object by object, service figures and edge
 * figures by the analysis's own comparison of its numbers (figureChanges), all at once; the
 * rarer reads of a call tree, a consistency or a fan-out tail one by one, each once per run.
 * Undefined when the analyses cannot be compared (then nothing is kept).
 */
function changes(
  before: Run,
  model: Model,
  analysis: Analysis,
  now: RuleContext,
): ((self: string, reads: number | readonly (Read | string)[]) => boolean) | undefined {
  const figures = figureChanges(before.analysis, analysis);
  if (!figures) return undefined;
  const components = changedComponents(before.model, model, before.ctx, now);
  const lazy: Map<string, boolean>[] = [new Map(), new Map(), new Map(), new Map()];
  const differs = (read: Read, id: string): boolean => {
    switch (read) {
      case READ_COMPONENT:
        return components.has(id);
      case READ_SERVICE:
        return figures.components.has(id);
      case READ_EDGE:
        return figures.edges.has(id);
    }
    const m = lazy[read]!;
    let d = m.get(id);
    if (d !== undefined) return d;
    if (read === READ_EDGE_TREE) {
      const a = before.ctx.edgeFigures(id);
      const b = now.edgeFigures(id);
      d = a === undefined || b === undefined ? a !== b : !sameEdgeFigures(a, b, true);
    } else {
      const a = before.ctx.figures(id);
      const b = now.figures(id);
      d =
        a === undefined || b === undefined
          ? a !== b
          : !sameComponentFigures(a, b, read === READ_TREE ? 'tree' : 'consistency');
    }
    m.set(id, d);
    return d;
  };
  return (self, reads) => {
    if (typeof reads === 'number') {
      for (let read = 0; reads >> read; read++) if (reads & (1 << read) && differs(read as Read, self)) return true;
      return false;
    }
    for (let k = 0; k < reads.length; k += 2) if (differs(reads[k] as Read, reads[k + 1] as string)) return true;
    return false;
  };
}

/**
 * Ids whose component, edges out or edges in are not the same objects as before (or that exist
 * in one model only): by position while the lists line up, else by identity.
 */
function changedComponents(before: Model, now: Model, beforeCtx: RuleContext, nowCtx: RuleContext): Set<string> {
  const out = new Set<string>();
  const pc = before.components;
  const nc = now.components;
  if (pc.length === nc.length) {
    for (let k = 0; k < nc.length; k++) if (pc[k] !== nc[k]) out.add(pc[k]!.id).add(nc[k]!.id);
  } else {
    const kept = new Set(pc);
    const present = new Set(nc);
    for (const c of nc) if (!kept.has(c)) out.add(c.id);
    for (const c of pc) if (!present.has(c)) out.add(c.id);
  }
  const pe = before.edges;
  const ne = now.edges;
  if (pe.length === ne.length) {
    for (let k = 0; k < ne.length; k++)
      if (pe[k] !== ne[k]) out.add(pe[k]!.from).add(pe[k]!.to).add(ne[k]!.from).add(ne[k]!.to);
  } else {
    // Edges added or removed: compare every list of edges out and in (their order counts too).
    const ids = new Set<string>();
    for (const e of pe) ids.add(e.from).add(e.to);
    for (const e of ne) ids.add(e.from).add(e.to);
    const same = (a: readonly Edge[], b: readonly Edge[]) => a.length === b.length && a.every((e, k) => e === b[k]);
    for (const id of ids)
      if (!same(beforeCtx.outEdges(id), nowCtx.outEdges(id)) || !same(beforeCtx.inEdges(id), nowCtx.inEdges(id)))
        out.add(id);
  }
  return out;
}
