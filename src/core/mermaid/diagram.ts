/**
 * The model as a Mermaid flowchart: one node per component (shape by kind, colour by
 * utilisation, the bottleneck and components with findings marked), one subgraph per system,
 * edges labelled with their load (dashed when asynchronous, thick and purple for change data
 * capture, read edges with the consistency class their reads get). This file chooses what to
 * draw; generate.ts writes it.
 *
 * Limits: Mermaid refuses diagrams over 500 edges or 50,000 characters (its defaults), and
 * lays out hundreds of nodes slowly. A model over a limit is collapsed: the components that
 * matter most (the bottleneck, saturated ones, those with findings, then the busiest) stay,
 * the others are grouped per system and kind (then per system, then into one group), with a
 * warning saying so. The result is always a valid diagram.
 *
 * Pure and deterministic: the same model gives the same text.
 */
import type { Analysis } from '../analysis/types.js';
import type { Model } from '../model.js';
import type { Finding } from '../rules/types.js';
import { escapeLabel } from './escape.js';
import { Generator, type Built, type Plan } from './generate.js';

export interface MermaidOptions {
  /** Flowchart direction (default LR: requests flow left to right). */
  direction?: 'LR' | 'TB' | 'RL' | 'BT';
  /** Most edges drawn (Mermaid's default maxEdges: 500). */
  maxEdges?: number;
  /** Longest text (Mermaid's default maxTextSize: 50,000). */
  maxTextSize?: number;
  /** Most nodes drawn (layout time grows fast: ~1.5 s for 200 nodes in Chromium). Default 300. */
  maxNodes?: number;
  /** Start with a front-matter block selecting the dagre layout and the classic look (default true). */
  frontMatter?: boolean;
}

export const DEFAULT_MERMAID_LIMITS = { maxEdges: 500, maxTextSize: 50_000, maxNodes: 300 } as const;

/** How a big model was collapsed. */
export interface CollapseInfo {
  /** What the rest was grouped by. */
  groupedBy: 'system and kind' | 'system' | 'model';
  totalComponents: number;
  /** Components drawn as their own node. */
  shownComponents: number;
  /** Group node id -> its members' component ids (declaration order). */
  groups: Record<string, string[]>;
  totalEdges: number;
  /** Edges drawn (merged edges count once). */
  drawnEdges: number;
}

export interface MermaidDiagram {
  text: string;
  /** Mermaid node id -> component id, for every component drawn as its own node. */
  nodeIds: Record<string, string>;
  collapsed?: CollapseInfo;
  warnings: string[];
}

/** The model as a Mermaid flowchart (see the module comment). */
export function toMermaid(
  model: Model,
  analysis: Analysis,
  findings: readonly Finding[] = [],
  options: MermaidOptions = {},
): MermaidDiagram {
  const o: Required<MermaidOptions> = {
    direction: options.direction ?? 'LR',
    maxEdges: options.maxEdges ?? DEFAULT_MERMAID_LIMITS.maxEdges,
    maxTextSize: options.maxTextSize ?? DEFAULT_MERMAID_LIMITS.maxTextSize,
    maxNodes: options.maxNodes ?? DEFAULT_MERMAID_LIMITS.maxNodes,
    frontMatter: options.frontMatter ?? true,
  };
  const g = new Generator(model, analysis, findings, o);
  const fits = (b: Built) =>
    b.edges <= o.maxEdges && b.text.length <= o.maxTextSize && b.nodes <= Math.max(1, o.maxNodes);
  const nodeIds = (plan: Plan): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const s of plan.slots) if (s.type === 'component') out[`n${s.ci}`] = g.infos[s.ci]!.c.id;
    return out;
  };

  // The whole model, unless it has too many nodes or edges to fit whatever its text.
  const n = g.infos.length;
  const whole: Built =
    n <= o.maxNodes && g.edges.length <= o.maxEdges
      ? g.build(g.fullPlan())
      : { text: '', nodes: n, edges: g.edges.length };
  if (whole.text && fits(whole)) return { text: whole.text, nodeIds: nodeIds(g.fullPlan()), warnings: [] };

  const ranked = g.importance();
  const countFits = (p: Plan) => {
    const c = g.count(p);
    return c.edges <= o.maxEdges && c.nodes <= Math.max(1, o.maxNodes);
  };
  /** The largest k in [lo, hi] for which ok(k) holds, given ok(lo) (more kept, more drawn). */
  const largest = (lo: number, hi: number, ok: (k: number) => boolean) => {
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (ok(mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const by of ['system and kind', 'system', 'model'] as const) {
    const plan = (k: number) => g.collapsedPlan(ranked, k, by);
    if (!countFits(plan(0))) continue;
    // Most components kept one by one within the node and edge limits (cheap: nothing written)...
    let keep = largest(0, n - 1, (k) => countFits(plan(k)));
    let result = g.build(plan(keep));
    if (!fits(result)) {
      // ...and, when the text is what limits, within the text size too.
      if (!fits(g.build(plan(0)))) continue;
      keep = largest(0, keep - 1, (k) => fits(g.build(plan(k))));
      result = g.build(plan(keep));
    }
    const chosen = plan(keep);
    const groups: Record<string, string[]> = {};
    for (const s of chosen.slots) if (s.type === 'group') groups[s.id] = s.members.map((m) => g.infos[m]!.c.id);
    const collapsed: CollapseInfo = {
      groupedBy: by,
      totalComponents: n,
      shownComponents: keep,
      groups,
      totalEdges: g.edges.length,
      drawnEdges: result.edges,
    };
    return { text: result.text, nodeIds: nodeIds(chosen), collapsed, warnings: [collapseWarning(collapsed, whole, o)] };
  }
  // Unreachable with maxNodes >= 1 (one group of everything always fits), but never return nothing.
  return {
    text: `flowchart ${o.direction}\n  n0["${escapeLabel(`${n} components: too many to draw`)}"]@{ shape: text }\n`,
    nodeIds: {},
    warnings: [`The model is too large to draw (${n} components, ${g.edges.length} edges).`],
  };
}

function collapseWarning(c: CollapseInfo, full: Built, o: Required<MermaidOptions>): string {
  const over: string[] = [];
  if (full.edges > o.maxEdges)
    over.push(`${formatCount(full.edges)} edges (Mermaid draws at most ${formatCount(o.maxEdges)})`);
  if (full.text && full.text.length > o.maxTextSize)
    over.push(`${formatCount(full.text.length)} characters of Mermaid (at most ${formatCount(o.maxTextSize)})`);
  if (full.nodes > o.maxNodes)
    over.push(`${formatCount(full.nodes)} nodes (the preview lays out at most ${formatCount(o.maxNodes)})`);
  const hidden = c.totalComponents - c.shownComponents;
  const groups = Object.keys(c.groups).length;
  return (
    `Large model collapsed: the full diagram would need ${over.join(' and ')}. ` +
    `Showing ${formatCount(c.shownComponents)} of ${formatCount(c.totalComponents)} components one by one ` +
    `(the bottleneck, saturated components, those with findings, then the busiest); ` +
    `the other ${formatCount(hidden)} are in ${formatCount(groups)} dashed group${groups === 1 ? '' : 's'} by ${c.groupedBy}, ` +
    `and edges touching a group are merged (${formatCount(c.drawnEdges)} of ${formatCount(c.totalEdges)} drawn).`
  );
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
