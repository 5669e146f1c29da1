/**
 * The figures in the editor: inlay hints after components and edges, hovers with derivations,
 * findings, growth and N+1, code lenses on systems (verdicts, break points) and scenarios
 * (verdicts). All read the cached insight of the document; the scaling answers come from its
 * analysis through core/scaling's getters, cached per analysis.
 */
import {
  AstUtils,
  CstUtils,
  DocumentState,
  OperationCancelled,
  type AstNode,
  type LangiumDocument,
  type Reference,
} from 'langium';
import {
  AbstractInlayHintProvider,
  type CodeLensProvider,
  type HoverProvider,
  type InlayHintAcceptor,
} from 'langium/lsp';
import {
  InlayHintKind,
  MarkupKind,
  type CancellationToken,
  type CodeLens,
  type CodeLensParams,
  type Hover,
  type HoverParams,
} from 'vscode-languageserver';
import {
  BEFORE_ERROR_HINT,
  BEFORE_ERROR_HOVER,
  clientHint,
  componentHint,
  componentHover,
  DEFAULT_HINT_OPTIONS,
  edgeHint,
  leaderReads,
  edgeHover,
  scalingLens,
  scenarioHover,
  scenarioLens,
  systemGrowthLens,
  systemLenses,
  type ComponentScaling,
  type HintOptions,
} from '../core/present.js';
import type { Insight, InsightService } from '../language/insight.js';
import { wordDoc } from '../language/word-docs.js';
import type { Edge as ModelEdge, Model } from '../core/model.js';
import type { Analysis, EdgeAnalysis } from '../core/analysis/types.js';
import { failover, growthOf, growthRateOf, scenariosOf, sweepOf } from '../core/scaling/index.js';
import {
  isComponent,
  isEdge,
  isScenario,
  isSystem,
  type Component,
  type Edge,
  type System,
} from '../language/generated/ast.js';
import type { ArchscaleLspServices } from './archscale-lsp-module.js';

/** The rule's documentation shipped with the extension (docs/rules/<id>.md beside out/). */
export function ruleDocLink(rule: string): string {
  try {
    return new URL(`../docs/rules/${rule}.md`, import.meta.url).href;
  } catch {
    return `docs/rules/${rule}.md`;
  }
}

/**
 * Figures are read from a validated document (its insight is then computed from linked
 * documents). The server's request handlers wait for validation before they take the
 * workspace's read lock (`FIGURE_REQUEST_STATES`); if a newer edit has reset the document since,
 * the request is stale and is cancelled here. Waiting inside the read lock instead would hold up
 * the next edit's build, the very build it waits for.
 */
function validated(document: LangiumDocument): void {
  if (document.state < DocumentState.Validated) throw OperationCancelled;
}

function insightOf(service: InsightService, document: LangiumDocument): Insight | undefined {
  return service.forDocument(document.uri.toString())[0];
}

/** A model and its analysis: an insight's, or the last good one it keeps (`Insight.before`). */
type Analysed = Pick<Insight, 'model' | 'analysis'>;

/** Per insight (or last good version): model edges by the line they start on, and analysed edges by id. */
interface EdgeIndex {
  byLine: Map<string, ModelEdge[]>;
  analysed: Map<string, EdgeAnalysis>;
}
const edgeIndexes = new WeakMap<Analysed, EdgeIndex>();

function edgeIndex(insight: Analysed): EdgeIndex {
  let index = edgeIndexes.get(insight);
  if (!index) {
    const byLine = new Map<string, ModelEdge[]>();
    for (const e of insight.model.edges) {
      const key = `${e.location.uri}#${e.location.range.start.line}`;
      const list = byLine.get(key);
      if (list) list.push(e);
      else byLine.set(key, [e]);
    }
    const analysed = new Map<string, EdgeAnalysis>();
    for (const e of insight.analysis.edges) if (!analysed.has(e.id)) analysed.set(e.id, e);
    edgeIndexes.set(insight, (index = { byLine, analysed }));
  }
  return index;
}

/** The model edges written by this edge statement (one per target). */
function modelEdgesOf(insight: Insight, node: Edge, document: LangiumDocument): ModelEdge[] {
  const uri = document.uri.toString();
  const start = node.$cstNode?.range.start;
  const end = node.$cstNode?.range.end;
  if (!start || !end) return [];
  const inside = (p: { line: number; character: number }) =>
    (p.line > start.line || (p.line === start.line && p.character >= start.character)) &&
    (p.line < end.line || (p.line === end.line && p.character <= end.character));
  const { byLine } = edgeIndex(insight);
  const out: ModelEdge[] = [];
  for (let line = start.line; line <= end.line; line++) {
    for (const e of byLine.get(`${uri}#${line}`) ?? []) if (inside(e.location.range.start)) out.push(e);
  }
  return out;
}

function analysedEdge(insight: Analysed, id: string): EdgeAnalysis | undefined {
  return edgeIndex(insight).analysed.get(id);
}

export class ArchscaleInlayHintProvider extends AbstractInlayHintProvider {
  private options: HintOptions = DEFAULT_HINT_OPTIONS;
  private current?: { document: LangiumDocument; insight: Insight | undefined };

  constructor(private readonly services: ArchscaleLspServices) {
    super();
    services.shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate(({ section, configuration }) => {
      if (section === 'archscale') this.options = hintOptions(configuration);
    });
    void services.shared.workspace.ConfigurationProvider.getConfiguration('arch', 'inlayHints').then((c: unknown) => {
      if (c) this.options = hintOptions({ inlayHints: c });
    });
  }

  override async getInlayHints(
    document: LangiumDocument,
    params: Parameters<AbstractInlayHintProvider['getInlayHints']>[1],
    cancelToken?: Parameters<AbstractInlayHintProvider['getInlayHints']>[2],
  ) {
    validated(document);
    this.current = { document, insight: insightOf(this.services.insight.InsightService, document) };
    return super.getInlayHints(document, params, cancelToken);
  }

  computeInlayHint(node: AstNode, accept: InlayHintAcceptor): void {
    const insight = this.current?.insight;
    if (!insight || !this.current) return;
    if (isComponent(node) && node.$cstNode) {
      const from = figuresOf(insight, node.name);
      const i = from.analysis.componentIndex[node.name];
      const c = i === undefined ? undefined : from.analysis.components[i];
      if (!c || from.model.components[i!]?.location.uri !== this.current.document.uri.toString()) return;
      let label = c.kind === 'client' ? clientHint(c, from.analysis, this.options) : componentHint(c, this.options);
      if (label && from.before) label += BEFORE_ERROR_HINT;
      if (label) accept({ position: node.$cstNode.range.end, label, paddingLeft: true, kind: InlayHintKind.Parameter });
    } else if (isEdge(node) && node.$cstNode) {
      const labels: string[] = [];
      for (const me of modelEdgesOf(insight, node, this.current.document)) {
        // An edge between unsure components shows its figures from before the error.
        const unsure = insight.before && (insight.before.unsure.has(me.from) || insight.before.unsure.has(me.to));
        const from = unsure ? insight.before! : insight;
        const ea = analysedEdge(from, me.id);
        if (!ea) continue;
        const ti = from.analysis.componentIndex[me.to];
        let label = edgeHint(
          ea,
          me,
          ti === undefined ? undefined : from.analysis.components[ti],
          this.options,
          leaderReads(from.analysis, me),
        );
        if (label && unsure) label += BEFORE_ERROR_HINT;
        if (label) labels.push(node.targets.length > 1 ? `${me.to}: ${label}` : label);
      }
      if (labels.length)
        accept({
          position: node.$cstNode.range.end,
          label: labels.join('; '),
          paddingLeft: true,
          kind: InlayHintKind.Parameter,
        });
    }
  }
}

/**
 * Where a component's figures come from: the insight, or, while a language error leaves the
 * component unsure, the last insight without one (`Insight.before`), marked as such.
 */
function figuresOf(insight: Insight, id: string): { model: Model; analysis: Analysis; before: boolean } {
  const b = insight.before;
  if (b && b.unsure.has(id) && b.analysis.componentIndex[id] !== undefined)
    return { model: b.model, analysis: b.analysis, before: true };
  return { model: insight.model, analysis: insight.analysis, before: false };
}

function hintOptions(section: unknown): HintOptions {
  const h = (section as { inlayHints?: Partial<Record<keyof HintOptions, unknown>> } | undefined)?.inlayHints ?? {};
  const pick = (k: keyof HintOptions) => (typeof h[k] === 'boolean' ? (h[k] as boolean) : DEFAULT_HINT_OPTIONS[k]);
  return { load: pick('load'), utilization: pick('utilization'), consistency: pick('consistency') };
}

export class ArchscaleHoverProvider implements HoverProvider {
  constructor(private readonly services: ArchscaleLspServices) {}

  async getHoverContent(
    document: LangiumDocument,
    params: HoverParams,
    _cancelToken?: CancellationToken,
  ): Promise<Hover | undefined> {
    validated(document);
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), /[\w-]/);
    if (!leaf) return undefined;
    // the meaning of a scenario's word, or of a property where no component's figures stand (H-lang)
    const word = wordDoc(leaf);
    if (word) return { contents: { kind: MarkupKind.Markdown, value: word } };
    const insight = insightOf(this.services.insight.InsightService, document);
    if (!insight) return undefined;
    const node = leaf.astNode;
    // A reference to a component (in an edge or `sessions in x`) shows that component.
    const edge = AstUtils.getContainerOfType(node, isEdge);
    let component: Component | undefined = AstUtils.getContainerOfType(node, isComponent);
    if (edge) {
      const ref = [edge.source, ...edge.targets].find(
        (r) => r.$refNode && r.$refNode.offset <= leaf.offset && leaf.end <= r.$refNode.end,
      );
      if (ref?.ref) component = ref.ref;
    } else if (!component && node.$type === 'StoreRef') {
      component = (node as unknown as { store: { ref?: Component } }).store.ref;
    }
    // a component named in a scenario's step (`fail app 2`, `users rate 25 k rps`)
    const scenario = AstUtils.getContainerOfType(node, isScenario);
    if (!component && scenario) {
      const ref = (node as unknown as { component?: Reference<Component> }).component;
      if (ref?.$refNode && ref.$refNode.offset <= leaf.offset && leaf.end <= ref.$refNode.end) component = ref.ref;
    }
    if (component) return this.componentHover(insight, component.name);
    if (edge) return this.edgeHover(insight, edge, document);
    if (scenario) return this.scenarioHover(insight, scenario);
    const system = AstUtils.getContainerOfType(node, isSystem);
    if (system) return this.systemHover(insight, system);
    return undefined;
  }

  private componentHover(insight: Insight, id: string): Hover | undefined {
    const from = figuresOf(insight, id);
    const i = from.analysis.componentIndex[id];
    if (i === undefined) return undefined;
    const c = from.analysis.components[i]!;
    const findings = insight.findings.filter((f) => f.components.includes(id));
    const requests = c.kind === 'client' ? from.analysis.requests.filter((r) => r.client === id) : [];
    const value = componentHover(c, from.model.components[i], findings, ruleDocLink, scalingOf(from, id), requests);
    return {
      contents: { kind: MarkupKind.Markdown, value: from.before ? `${BEFORE_ERROR_HOVER}\n\n${value}` : value },
    };
  }

  private edgeHover(insight: Insight, edge: Edge, document: LangiumDocument): Hover | undefined {
    const parts: string[] = [];
    for (const me of modelEdgesOf(insight, edge, document)) {
      const ea = analysedEdge(insight, me.id);
      if (!ea) continue;
      const ti = insight.analysis.componentIndex[me.to];
      parts.push(
        edgeHover(
          ea,
          me,
          ti === undefined ? undefined : insight.analysis.components[ti],
          leaderReads(insight.analysis, me),
        ),
      );
    }
    return parts.length ? { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } } : undefined;
  }

  private scenarioHover(insight: Insight, scenario: { name: string; $container: System }): Hover | undefined {
    const r = scenariosOf(insight.model, insight.analysis).find(
      (x) => x.scenario.name === scenario.name && x.scenario.system === scenario.$container.name,
    );
    if (!r) return undefined;
    return { contents: { kind: MarkupKind.Markdown, value: scenarioHover(r, insight.analysis) } };
  }

  private systemHover(insight: Insight, system: System): Hover | undefined {
    const s = insight.analysis.systems.find((x) => x.name === system.name);
    if (!s) return undefined;
    const decl = insight.model.systems.find((x) => x.name === system.name);
    const v = systemLenses(s, decl?.slo);
    const lines = [
      `**system ${system.name}**`,
      '',
      v.throughput,
      '',
      s.maxThroughput.text,
      '',
      `availability ${s.availability.text}`,
    ];
    if (decl?.slo?.errorRate !== undefined && s.errorRate.value !== null)
      lines.push('', `error rate: ${s.errorRate.text}`);
    if (v.slo) lines.push('', v.slo);
    const scaling = sweepOf(insight.model, insight.analysis).systems.find((x) => x.system === system.name);
    if (scaling) lines.push('', `as load grows: ${scalingLens(scaling)}`);
    if (s.storage.firstFull)
      lines.push(
        '',
        `storage: ${s.storage.firstFull.component} fills first, in ${s.storage.firstFull.months.toFixed(1)} months`,
      );
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
  }
}

/**
 * A component's scaling lines for its hover: the months it breaks under growth, and N+1 (one
 * more analysis, once per analysis and component).
 */
function scalingOf(from: Analysed, id: string): ComponentScaling {
  const g = growthOf(from.model, from.analysis);
  const events = g?.events.filter((e) => e.component === id) ?? [];
  const rates = new Set(Object.values(g?.rates ?? {}));
  return {
    failover: failover(from.model, from.analysis, id),
    growth: events,
    ...(rates.size === 1 ? { growthPerMonth: [...rates][0]! } : {}),
  };
}

export class ArchscaleCodeLensProvider implements CodeLensProvider {
  constructor(private readonly services: ArchscaleLspServices) {}

  async provideCodeLens(
    document: LangiumDocument,
    _params: CodeLensParams,
    _cancelToken?: CancellationToken,
  ): Promise<CodeLens[] | undefined> {
    validated(document);
    const insight = insightOf(this.services.insight.InsightService, document);
    if (!insight) return [];
    const lenses: CodeLens[] = [];
    for (const system of (document.parseResult.value as { systems?: System[] }).systems ?? []) {
      const range = system.$cstNode?.range;
      const s = insight.analysis.systems.find((x) => x.name === system.name);
      if (!range || !s) continue;
      const at = { start: range.start, end: range.start };
      const v = systemLenses(s, insight.model.systems.find((x) => x.name === system.name)?.slo);
      const bottleneck = s.bottleneck ? insight.model.components.find((c) => c.id === s.bottleneck) : undefined;
      lenses.push({
        range: at,
        command: bottleneck
          ? {
              title: v.throughput,
              command: 'archscale.reveal',
              arguments: [bottleneck.nameLocation.uri, bottleneck.nameLocation.range],
            }
          : { title: v.throughput, command: '' },
      });
      if (v.slo) lenses.push({ range: at, command: { title: v.slo, command: '' } });
      const scaling = sweepOf(insight.model, insight.analysis).systems.find((x) => x.system === system.name);
      if (scaling) {
        const first = scaling.firstSaturation?.component;
        const breaks = first ? insight.model.components.find((c) => c.id === first) : undefined;
        lenses.push({
          range: at,
          command: breaks
            ? {
                title: scalingLens(scaling),
                command: 'archscale.reveal',
                arguments: [breaks.nameLocation.uri, breaks.nameLocation.range],
              }
            : { title: scalingLens(scaling), command: '' },
        });
      }
      const grows = growthLens(insight, system.name);
      if (grows) lenses.push({ range: at, command: grows });
      lenses.push({
        range: at,
        command: {
          title: 'Open preview',
          command: 'archscale.openPreviewToSide',
          arguments: [document.uri.toString()],
        },
      });
    }
    lenses.push(...scenarioLenses(insight, document.uri.toString()));
    return lenses;
  }
}

/** The growth lens of a system whose clients grow: what breaks first, and when (revealing the first component to). */
function growthLens(insight: Insight, system: string): CodeLens['command'] | undefined {
  const rates = insight.model.components
    .filter((c) => c.kind === 'client' && c.system === system)
    .map((c) => growthRateOf(insight.model, c.id))
    .filter((r): r is number => r !== undefined && r !== 0);
  if (!rates.length) return undefined;
  const g = growthOf(insight.model, insight.analysis);
  if (!g) return undefined;
  const title = systemGrowthLens(g, system, rates);
  const first = g.events.find((e) => e.system === system && e.component !== undefined)?.component;
  const c = first === undefined ? undefined : insight.model.components.find((x) => x.id === first);
  return c
    ? { title, command: 'archscale.reveal', arguments: [c.nameLocation.uri, c.nameLocation.range] }
    : { title, command: '' };
}

/** A lens on each scenario declared in this document, at its name: its verdict. */
function scenarioLenses(insight: Insight, uri: string): CodeLens[] {
  if (!insight.model.systems.some((s) => s.scenarios?.some((x) => x.nameLocation.uri === uri))) return [];
  const out: CodeLens[] = [];
  for (const r of scenariosOf(insight.model, insight.analysis)) {
    const loc = r.scenario.nameLocation;
    if (loc.uri !== uri) continue;
    out.push({
      range: { start: loc.range.start, end: loc.range.start },
      command: { title: scenarioLens(r), command: '' },
    });
  }
  return out;
}
