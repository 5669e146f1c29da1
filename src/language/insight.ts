/**
 * Model, analysis and rule findings for the documents of a workspace.
 *
 * A document is analysed within the closure of a root document (one no other document imports)
 * that contains it: `shared/identity.arch` imported by `social-feed.arch` is analysed as part
 * of the social feed, where its components receive load. Results are cached until any
 * document changes.
 */
import { DocumentState, WorkspaceCache, type LangiumDocument, type LangiumSharedCoreServices, type URI } from 'langium';
import { analyze } from '../core/analysis/index.js';
import type { Analysis } from '../core/analysis/types.js';
import { carriedFindings, unsettledComponents } from '../core/analysis/unsettled.js';
import { positionMover, type TextPosition } from '../core/text-edit.js';
import type { Model, SourceLocation } from '../core/model.js';
import { RULES } from '../core/rules/registry.js';
import { RuleMemo } from '../core/rules/memo.js';
import { runRules, wholeModelRules } from '../core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../core/rules/settings.js';
import type { Finding } from '../core/rules/types.js';
import type { Document } from './generated/ast.js';
import { resolveImport } from './scope.js';
import { buildModel } from './to-model.js';

export interface Insight {
  root: string;
  documents: LangiumDocument[];
  model: Model;
  analysis: Analysis;
  /** The findings; while a language error leaves components unsure, those about them are the last good ones. */
  findings: Finding[];
  /** While a language error leaves components unsure (see `Before`). */
  before?: Before;
}

/**
 * While a language error leaves components unsure (`Model.unsettled` and what their figures flow
 * into): the last model and analysis of the root without such an error, whose figures the editor
 * shows for those components, marked as such, until the error is fixed.
 */
export interface Before {
  model: Model;
  analysis: Analysis;
  unsure: ReadonlySet<string>;
}

export class InsightService {
  private readonly cache: WorkspaceCache<string, Insight>;
  private readonly graphCache: WorkspaceCache<string, Map<string, string[]>>;
  private settings: RuleSettings = DEFAULT_RULE_SETTINGS;
  /**
   * Per root: the rules' per-component results and the analysis of its last insight, kept
   * across edits (unlike the insight itself, which any change clears), so that an edit
   * recomputes only the findings of components whose inputs changed (core/rules/memo.ts) and
   * only the service models of components whose declaration, sources or load changed.
   */
  private readonly memos = new Map<
    string,
    {
      rules: RuleMemo;
      analysis: Analysis | undefined;
      /** The last insight without unsettled components. */
      good?: { model: Model; analysis: Analysis; findings: Finding[]; texts: Map<string, string> };
    }
  >();

  constructor(private readonly shared: LangiumSharedCoreServices) {
    this.cache = new WorkspaceCache(shared);
    this.graphCache = new WorkspaceCache(shared);
  }

  setSettings(settings: RuleSettings): void {
    this.settings = settings;
    this.cache.clear();
  }

  getSettings(): RuleSettings {
    return this.settings;
  }

  private documentByUri(uri: string): LangiumDocument | undefined {
    return this.shared.workspace.LangiumDocuments.all.find((d) => d.uri.toString() === uri);
  }

  /** uri -> uris it imports (existing documents only). */
  private imports(): Map<string, string[]> {
    return this.graphCache.get('imports', () => {
      const out = new Map<string, string[]>();
      for (const doc of this.shared.workspace.LangiumDocuments.all) {
        const root = doc.parseResult.value as Document;
        const list: string[] = [];
        for (const imp of root.imports ?? []) {
          if (!imp.path) continue;
          const uri: URI = resolveImport(doc.uri, imp.path);
          if (uri.toString() !== doc.uri.toString()) list.push(uri.toString());
        }
        out.set(doc.uri.toString(), list);
      }
      return out;
    });
  }

  private closure(root: string): string[] {
    const graph = this.imports();
    const seen = new Set<string>();
    const order: string[] = [];
    const visit = (u: string) => {
      if (seen.has(u) || !graph.has(u)) return;
      seen.add(u);
      order.push(u);
      for (const v of graph.get(u) ?? []) visit(v);
    };
    visit(root);
    return order;
  }

  /** Root documents whose closure contains `uri` (the document itself when nothing imports it). */
  rootsOf(uri: string): string[] {
    const graph = this.imports();
    const importedBy = new Map<string, string[]>();
    for (const [from, tos] of graph)
      for (const to of tos) (importedBy.get(to) ?? importedBy.set(to, []).get(to)!).push(from);
    const roots = new Set<string>();
    const seen = new Set<string>([uri]);
    const queue = [uri];
    while (queue.length > 0) {
      const u = queue.shift()!;
      const parents = importedBy.get(u) ?? [];
      if (parents.length === 0) roots.add(u);
      for (const p of parents) {
        if (seen.has(p)) continue;
        seen.add(p);
        queue.push(p);
      }
    }
    // Files that only import each other in a cycle have no outside root: analyse from this one.
    if (roots.size === 0) roots.add(uri);
    return [...roots];
  }

  /**
   * The analysis of one root document's closure, or undefined while any document of it is not
   * linked yet (a model built then would miss its edges, and must never be cached).
   */
  forRoot(root: string): Insight | undefined {
    if (!this.documentByUri(root)) return undefined;
    const documents = this.closure(root)
      .map((u) => this.documentByUri(u))
      .filter((d): d is LangiumDocument => d !== undefined);
    if (documents.some((d) => d.state < DocumentState.Linked)) return undefined;
    return this.cache.get(root, () => {
      let memo = this.memos.get(root);
      if (!memo) {
        // A new root: forget those whose document is gone.
        const live = new Set(this.shared.workspace.LangiumDocuments.all.map((d) => d.uri.toString()));
        for (const r of this.memos.keys()) if (!live.has(r)) this.memos.delete(r);
        this.memos.set(root, (memo = { rules: new RuleMemo(), analysis: undefined }));
      }
      const model = buildModel(documents);
      const analysis = analyze(model, { previous: memo.analysis });
      memo.analysis = analysis;
      const findings = runRules(RULES, model, analysis, this.settings, memo.rules);
      if (!model.unsettled) {
        const texts = new Map(documents.map((d) => [d.uri.toString(), d.textDocument.getText()]));
        memo.good = { model, analysis, findings, texts };
        return { root, documents, model, analysis, findings };
      }
      // Broken text: the findings about unsure components stay as they were before the error.
      const good = memo.good;
      if (!good) return { root, documents, model, analysis, findings };
      const unsure = unsettledComponents(model);
      return {
        root,
        documents,
        model,
        analysis,
        findings: [
          ...findings,
          ...carriedFindings(good, unsure, wholeModelRules(RULES), this.mover(good.texts, documents)),
        ],
        before: { model: good.model, analysis: good.analysis, unsure },
      };
    });
  }

  /**
   * Where a location of the last good texts is in the documents now (each moved by the edit
   * between its text then and now); `undefined` for a document no longer in the closure.
   */
  private mover(
    texts: ReadonlyMap<string, string>,
    documents: readonly LangiumDocument[],
  ): (l: SourceLocation) => SourceLocation | undefined {
    const movers = new Map<string, (p: TextPosition) => TextPosition>();
    const now = new Map(documents.map((d) => [d.uri.toString(), d]));
    return (l) => {
      let move = movers.get(l.uri);
      if (!move) {
        const then = texts.get(l.uri);
        const doc = now.get(l.uri);
        if (then === undefined || !doc) return undefined;
        movers.set(l.uri, (move = positionMover(then, doc.textDocument.getText())));
      }
      const start = move(l.range.start);
      const end = move(l.range.end);
      if (start.line === l.range.start.line && start.character === l.range.start.character) return l;
      return { uri: l.uri, range: { start, end } };
    };
  }

  /** The insights that cover a document (usually one). */
  forDocument(uri: string): Insight[] {
    return this.rootsOf(uri)
      .map((r) => this.forRoot(r))
      .filter((i): i is Insight => i !== undefined);
  }

  /** Findings located in a document, deduplicated across the roots that contain it (when several do). */
  findingsIn(uri: string): Finding[] {
    const insights = this.forDocument(uri);
    if (insights.length === 1) return insights[0]!.findings.filter((f) => f.location.uri === uri);
    // Duplicates (same rule, position and message) are looked for among the findings at the same
    // position only, so that no key string is built per finding (there may be tens of thousands).
    const byPosition = new Map<number, Finding[]>();
    const out: Finding[] = [];
    for (const insight of insights) {
      for (const f of insight.findings) {
        if (f.location.uri !== uri) continue;
        const start = f.location.range.start;
        const position = start.line * 4_294_967_296 + start.character;
        const same = byPosition.get(position);
        if (same?.some((g) => g.rule === f.rule && g.message === f.message)) continue;
        if (same) same.push(f);
        else byPosition.set(position, [f]);
        out.push(f);
      }
    }
    return out;
  }
}
