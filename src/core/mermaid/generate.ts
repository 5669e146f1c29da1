/**
 * Writes one plan of the diagram as Mermaid text: which components are drawn one by one and
 * which are grouped (a Plan), their labels, shapes, colours by utilisation, edges with their
 * loads and consistency. Choosing the plan (the whole model, or collapsed to fit) is diagram.ts.
 *
 * Safety: node ids are generated (`n0`, `g0`, `s0`); every text that comes from the model goes
 * through escapeLabel, so no name or description can inject Mermaid syntax, a directive or HTML.
 * Labels use the classic `n0["..."]` form with the shape attached (`n0["..."]@{ shape: cyl }`):
 * a label given inside `@{ label: ... }` goes through Markdown when it holds HTML (`_x_` turns
 * italic, `\"` loses its backslash), the classic form shows the text as written.
 */
import type { Analysis, ComponentAnalysis, EdgeAnalysis } from '../analysis/types.js';
import type { Component, ComponentKind, Edge, Model } from '../model.js';
import { show, showConsistency } from '../figures/show.js';
import type { Finding } from '../rules/types.js';
import type { CollapseInfo, MermaidOptions } from './diagram.js';
import * as words from '../wording.js';
import { escapeLabel } from './escape.js';
import { KIND_LABEL, KIND_PLURAL, MIXED_GROUP_SHAPE, SHAPES, SINGLE_SERVICE_SHAPE } from './shapes.js';

type UtilClass = 'ok' | 'warn' | 'hot';

/** Class definitions: semi-transparent fills read on light and dark themes alike. */
const CLASS_DEFS = [
  'classDef ok fill:#22c55e2e,stroke:#16a34a,stroke-width:1.5px',
  'classDef warn fill:#f59e0b3d,stroke:#d97706,stroke-width:2px',
  'classDef hot fill:#ef444447,stroke:#dc2626,stroke-width:2.5px',
  'classDef bn stroke-width:4px',
  'classDef grp stroke-dasharray:6 4',
];
const CDC_LINK_STYLE = 'stroke:#8b5cf6,stroke-width:3px,stroke-dasharray:4 3';

const B = (s: string) => `<b>${s}</b>`;
const BR = '<br>';

/** What the generator knows about one component, computed once. */
interface Info {
  c: Component;
  a: ComponentAnalysis | undefined;
  system: number;
  load: number;
  util: UtilClass | undefined;
  findings: number;
  /** Worst finding severity rank: 0 error, 1 warning, 2 info/hint, 3 none. */
  worst: number;
  bottleneck: boolean;
}

interface EdgeInfo {
  e: Edge;
  a: EdgeAnalysis | undefined;
  from: number;
  to: number;
}

/** A node to draw: a component, or a group of components. */
type Slot =
  | { type: 'component'; ci: number }
  | { type: 'group'; id: string; system: number; kind: ComponentKind | null; members: number[] };

export interface Plan {
  /** Component index -> slot index. */
  rep: Int32Array;
  slots: Slot[];
  /** Merge edges that touch a group (always true when collapsed). */
  merge: boolean;
}

export interface Built {
  text: string;
  nodes: number;
  edges: number;
}

export class Generator {
  readonly infos: Info[];
  readonly edges: EdgeInfo[];
  readonly systemNames: string[];
  private readonly labels: (string | undefined)[];
  private readonly edgeLabels: (string | undefined)[];
  private readonly arrows: ('-->' | '-.->' | '==>' | undefined)[];

  constructor(
    readonly model: Model,
    readonly analysis: Analysis,
    findings: readonly Finding[],
    readonly options: Required<MermaidOptions>,
  ) {
    const systemIndex = new Map<string, number>();
    this.systemNames = [];
    for (const s of model.systems) {
      if (!systemIndex.has(s.name)) {
        systemIndex.set(s.name, this.systemNames.length);
        this.systemNames.push(s.name);
      }
    }
    const counts = new Map<string, { n: number; worst: number }>();
    const rank = { error: 0, warning: 1, info: 2, hint: 2 } as const;
    for (const f of findings) {
      const id = f.components[0];
      if (id === undefined) continue;
      const prev = counts.get(id) ?? { n: 0, worst: 3 };
      counts.set(id, { n: prev.n + 1, worst: Math.min(prev.worst, rank[f.severity]) });
    }
    const targets = new Map(
      model.systems.map((s) => [s.name, s.settings.targetUtilization ?? analysis.settings.targetUtilization]),
    );
    const bottleneck = analysis.system.bottleneck;
    const index = new Map<string, number>();
    this.infos = model.components.map((c, i) => {
      index.set(c.id, i);
      const ai = analysis.componentIndex[c.id];
      const a = ai === undefined ? undefined : analysis.components[ai];
      let system = systemIndex.get(c.system);
      if (system === undefined) {
        system = this.systemNames.length;
        systemIndex.set(c.system, system);
        this.systemNames.push(c.system);
      }
      const f = counts.get(c.id);
      return {
        c,
        a,
        system,
        load: a?.load.total.value ?? 0,
        util: a ? utilClass(a, targets.get(c.system) ?? analysis.settings.targetUtilization) : undefined,
        findings: f?.n ?? 0,
        worst: f?.worst ?? 3,
        bottleneck: bottleneck === c.id,
      };
    });
    const edgeAnalysis = new Map(analysis.edges.map((e) => [e.id, e]));
    this.edges = [];
    for (const e of model.edges) {
      const from = index.get(e.from);
      const to = index.get(e.to);
      if (from === undefined || to === undefined) continue;
      this.edges.push({ e, a: edgeAnalysis.get(e.id), from, to });
    }
    this.labels = new Array(this.infos.length);
    this.edgeLabels = new Array(this.edges.length);
    this.arrows = new Array(this.edges.length);
  }

  /** The label of a component's own node. */
  label(ci: number): string {
    const cached = this.labels[ci];
    if (cached !== undefined) return cached;
    const info = this.infos[ci]!;
    const { c, a } = info;
    const figures: string[] = [KIND_LABEL[c.kind]];
    const marks: string[] = [];
    if (a) {
      if (a.load.total.value !== null && (a.load.total.value > 0 || c.kind === 'client'))
        figures.push(show(a.load.total));
      if (a.hasCapacity && a.utilization.value !== null) figures.push(show(a.utilization));
      if (a.saturated) marks.push('saturated');
    }
    if (info.bottleneck) marks.push('★ bottleneck');
    if (info.findings > 0) marks.push(`⚠ ${info.findings}`);
    const label =
      B(escapeLabel(c.name)) +
      BR +
      escapeLabel(figures.join(' · ')) +
      (marks.length ? BR + escapeLabel(marks.join(' · ')) : '');
    this.labels[ci] = label;
    return label;
  }

  shape(ci: number): string {
    const c = this.infos[ci]!.c;
    if (c.kind === 'service' && !c.autoscale && (c.instances ?? 1) <= 1) return SINGLE_SERVICE_SHAPE;
    return SHAPES[c.kind];
  }

  /** The label of one model edge. */
  edgeLabel(k: number): string {
    const cached = this.edgeLabels[k];
    if (cached !== undefined) return cached;
    const { e, a, to } = this.edges[k]!;
    const parts: string[] = [];
    if (e.cdc) parts.push('CDC');
    if (e.fanout !== undefined && e.fanout > 1) parts.push(`×${words.count(e.fanout)}`);
    const load = a?.load.total.value ?? null;
    if (a && load !== null && load > 0) parts.push(show(a.load.total));
    if (e.cdc && e.lagMs !== undefined) parts.push(`≤ ${words.duration(e.lagMs)}`);
    const target = this.infos[to]!.a;
    const carriesReads = e.traffic !== 'writes' && (a?.load.reads.value ?? 0) > 0;
    if (carriesReads && target?.consistency) parts.push(showConsistency(target.consistency));
    const label = escapeLabel(parts.join(' · '));
    this.edgeLabels[k] = label;
    return label;
  }

  /** The arrow for a model edge: `==>` CDC, `-.->` asynchronous, `-->` synchronous. */
  arrow(k: number): '-->' | '-.->' | '==>' {
    const cached = this.arrows[k];
    if (cached) return cached;
    const { e, a } = this.edges[k]!;
    const arrow = e.cdc ? '==>' : e.async || (a !== undefined && !a.sync) ? '-.->' : '-->';
    this.arrows[k] = arrow;
    return arrow;
  }

  /** Nodes and edges a plan draws, without writing it. */
  count(plan: Plan): { nodes: number; edges: number } {
    const n = plan.slots.length;
    const pairs = new Set<number>();
    let edges = 0;
    for (const edge of this.edges) {
      const a = plan.rep[edge.from]!;
      const b = plan.rep[edge.to]!;
      if (!plan.merge || (plan.slots[a]!.type === 'component' && plan.slots[b]!.type === 'component')) edges++;
      else if (a !== b) pairs.add(a * n + b);
    }
    return { nodes: n, edges: edges + pairs.size };
  }

  build(plan: Plan): Built {
    const o = this.options;
    const lines: string[] = [];
    if (o.frontMatter)
      lines.push(
        '---',
        'config:',
        '  layout: dagre',
        '  look: classic',
        '  flowchart:',
        '    wrappingWidth: 280',
        '---',
      );
    lines.push(`flowchart ${o.direction}`);
    const ids = plan.slots.map((s) => (s.type === 'component' ? `n${s.ci}` : s.id));
    const classes: Record<string, string[]> = { ok: [], warn: [], hot: [], bn: [], grp: [] };
    const nodeLine = (slot: number, indent: string): string => {
      const s = plan.slots[slot]!;
      const id = ids[slot]!;
      if (s.type === 'component') {
        const info = this.infos[s.ci]!;
        if (info.util) classes[info.util]!.push(id);
        if (info.bottleneck) classes.bn!.push(id);
        return `${indent}${id}["${this.label(s.ci)}"]@{ shape: ${this.shape(s.ci)} }`;
      }
      classes.grp!.push(id);
      const worst = this.worstUtil(s.members);
      if (worst) classes[worst]!.push(id);
      if (s.members.some((m) => this.infos[m]!.bottleneck)) classes.bn!.push(id);
      return `${indent}${id}["${this.groupLabel(s)}"]@{ shape: ${s.kind ? SHAPES[s.kind] : MIXED_GROUP_SHAPE} }`;
    };
    // Nodes by system, in declaration order; groups after their system's components.
    const bySystem: number[][] = this.systemNames.map(() => []);
    const loose: number[] = [];
    plan.slots.forEach((s, slot) => {
      const system = s.type === 'component' ? this.infos[s.ci]!.system : s.system;
      if (system >= 0) bySystem[system]!.push(slot);
      else loose.push(slot);
    });
    bySystem.forEach((slots, si) => {
      if (slots.length === 0) return;
      lines.push(`  subgraph s${si}["${escapeLabel(this.systemNames[si]!)}"]`);
      // A subgraph with no edge to the outside is laid out on its own, top to bottom unless told.
      lines.push(`    direction ${o.direction}`);
      for (const slot of slots) lines.push(nodeLine(slot, '    '));
      lines.push('  end');
    });
    for (const slot of loose) lines.push(nodeLine(slot, '  '));
    if (plan.slots.length === 0) lines.push('  n0["No components yet"]@{ shape: text }');

    // Edges.
    const cdc: number[] = [];
    let drawn = 0;
    const link = (a: number, arrow: string, label: string, b: number) => {
      if (arrow === '==>') cdc.push(drawn);
      lines.push(label ? `  ${ids[a]} ${arrow}|"${label}"| ${ids[b]}` : `  ${ids[a]} ${arrow} ${ids[b]}`);
      drawn++;
    };
    const merged = new Map<number, { a: number; b: number; edges: number[] }>();
    const order: ({ k: number } | { key: number })[] = [];
    const n = plan.slots.length;
    this.edges.forEach((edge, k) => {
      const a = plan.rep[edge.from]!;
      const b = plan.rep[edge.to]!;
      const grouped = plan.slots[a]!.type === 'group' || plan.slots[b]!.type === 'group';
      if (!grouped || !plan.merge) {
        order.push({ k });
        return;
      }
      if (a === b) return; // inside one group: not drawn
      const key = a * n + b;
      const m = merged.get(key);
      if (m) m.edges.push(k);
      else {
        merged.set(key, { a, b, edges: [k] });
        order.push({ key });
      }
    });
    for (const item of order) {
      if ('k' in item) {
        const edge = this.edges[item.k]!;
        link(plan.rep[edge.from]!, this.arrow(item.k), this.edgeLabel(item.k), plan.rep[edge.to]!);
      } else {
        const m = merged.get(item.key)!;
        if (m.edges.length === 1) link(m.a, this.arrow(m.edges[0]!), this.edgeLabel(m.edges[0]!), m.b);
        else link(m.a, this.mergedArrow(m.edges), this.mergedLabel(m.edges), m.b);
      }
    }

    lines.push(...CLASS_DEFS.map((l) => `  ${l}`));
    for (const [name, list] of Object.entries(classes))
      if (list.length) lines.push(`  class ${list.join(',')} ${name}`);
    if (cdc.length) lines.push(`  linkStyle ${cdc.join(',')} ${CDC_LINK_STYLE}`);
    return { text: lines.join('\n') + '\n', nodes: plan.slots.length, edges: drawn };
  }

  private worstUtil(members: number[]): UtilClass | undefined {
    let worst: UtilClass | undefined;
    for (const m of members) {
      const u = this.infos[m]!.util;
      if (u === 'hot') return 'hot';
      if (u === 'warn' || (u === 'ok' && !worst)) worst = u;
    }
    return worst;
  }

  private groupLabel(s: Extract<Slot, { type: 'group' }>): string {
    const count = s.members.length;
    const title = s.kind
      ? `${words.count(count)} ${count === 1 ? KIND_LABEL[s.kind] : KIND_PLURAL[s.kind]}`
      : `${words.count(count)} components`;
    let load = 0;
    let maxUtil: number | null = null;
    let saturated = 0;
    for (const m of s.members) {
      const info = this.infos[m]!;
      load += info.load;
      const u = info.a?.hasCapacity ? info.a.utilization.value : null;
      if (u !== null && u !== undefined) maxUtil = maxUtil === null ? u : Math.max(maxUtil, u);
      if (info.a?.saturated) saturated++;
    }
    const figures = [`collapsed`, words.rate(load)];
    if (maxUtil !== null) figures.push(`up to ${words.percent(maxUtil)}`);
    if (saturated) figures.push(`${saturated} saturated`);
    return B(escapeLabel(`+ ${title}`)) + BR + escapeLabel(figures.join(' · '));
  }

  private mergedArrow(edges: number[]): '-->' | '-.->' | '==>' {
    const arrows = new Set(edges.map((k) => this.arrow(k)));
    if (arrows.size === 1) return [...arrows][0]!;
    return arrows.has('-->') ? '-->' : '-.->';
  }

  private mergedLabel(edges: number[]): string {
    let load = 0;
    for (const k of edges) load += this.edges[k]!.a?.load.total.value ?? 0;
    return escapeLabel(`${words.count(edges.length)} links · ${words.rate(load)}`);
  }

  /** Components by how much they matter in a diagram: bottleneck, saturated, findings, load. */
  importance(): number[] {
    const tier = (i: Info) => (i.bottleneck ? 0 : i.a?.saturated ? 1 : i.worst <= 1 ? 2 : 3);
    return this.infos
      .map((_, i) => i)
      .sort((x, y) => {
        const a = this.infos[x]!;
        const b = this.infos[y]!;
        return tier(a) - tier(b) || b.load - a.load || x - y;
      });
  }

  fullPlan(): Plan {
    const rep = new Int32Array(this.infos.length);
    const slots: Slot[] = this.infos.map((_, ci) => {
      rep[ci] = ci;
      return { type: 'component', ci };
    });
    return { rep, slots, merge: false };
  }

  /** Keeps the `keep` most important components, groups the others by `by`. */
  collapsedPlan(ranked: readonly number[], keep: number, by: CollapseInfo['groupedBy']): Plan {
    const kept = new Uint8Array(this.infos.length);
    for (let r = 0; r < keep; r++) kept[ranked[r]!] = 1;
    const rep = new Int32Array(this.infos.length);
    const slots: Slot[] = [];
    const groups = new Map<string, number>();
    this.infos.forEach((info, ci) => {
      if (kept[ci]) {
        rep[ci] = slots.length;
        slots.push({ type: 'component', ci });
        return;
      }
      const key = by === 'model' ? '' : by === 'system' ? `${info.system}` : `${info.system}:${info.c.kind}`;
      let slot = groups.get(key);
      if (slot === undefined) {
        slot = slots.length;
        groups.set(key, slot);
        slots.push({
          type: 'group',
          id: `g${groups.size - 1}`,
          system: by === 'model' ? -1 : info.system,
          kind: by === 'system and kind' ? info.c.kind : null,
          members: [],
        });
      }
      (slots[slot] as Extract<Slot, { type: 'group' }>).members.push(ci);
      rep[ci] = slot;
    });
    return { rep, slots, merge: true };
  }
}

function utilClass(a: ComponentAnalysis, target: number): UtilClass | undefined {
  if (!a.hasCapacity || a.utilization.value === null) return undefined;
  if (a.saturated || a.utilization.value >= 1) return 'hot';
  return a.utilization.value >= target ? 'warn' : 'ok';
}
