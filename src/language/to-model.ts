/**
 * Converts linked syntax trees into the core's plain model (src/core/model.ts). Invalid
 * values are left out (the validator reports them); unresolved references drop their edges.
 */
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import {
  CONSISTENCY_REQUIREMENTS,
  DEFAULT_MONTH_SECONDS,
  isComponentKind,
  type Component as ModelComponent,
  type ComponentKind,
  type ConsistencyRequirement,
  type Edge as ModelEdge,
  type Model,
  type SystemDecl,
  type SystemSettings,
  type TrafficClass,
} from '../core/model.js';
import { nearest, type UnitContext } from '../core/units.js';
import {
  isComponent,
  isDescription,
  isEdge,
  isScenario,
  isSettings,
  isSlo,
  Component,
  type Description,
  type Scenario,
  type Document,
  Edge,
  type Settings,
  type Slo,
} from './generated/ast.js';
import {
  bool,
  componentFields,
  findNodeForProperty,
  incomplete,
  incompleteComponents,
  num,
  propertyLocations,
  readProperties,
  str,
  type Props,
} from './model-properties.js';
import { brokenNames } from './recovery/index.js';
import { readScenario } from './scenario-steps.js';
import { cstLocation, unquote } from './syntax.js';

/**
 * Model parts built from syntax nodes, kept for the next build. An incremental re-parse keeps the
 * nodes of the members an edit did not touch, so their properties and components need not be
 * read again, as long as they are still where they were (an edit above may have moved them, and
 * then every location inside them moved too) and read in the same document, system and units.
 */
interface Cached<T> {
  uri: string;
  system: string;
  monthSeconds: number;
  line: number;
  character: number;
  endLine: number;
  value: T;
}
const builtComponents = new WeakMap<Component, Cached<ModelComponent>>();
const readEdgeProperties = new WeakMap<Edge, Cached<Props>>();
/** The properties of a statement without any (never changed). */
const NO_PROPS: Props = new Map();
const builtEdges = new WeakMap<Edge, Cached<{ edges: ModelEdge[]; ns: number[] }>>();

function sameEdges(cached: { edges: ModelEdge[]; ns: number[] }, from: string, tos: string[], ns: number[]): boolean {
  if (cached.edges.length !== tos.length) return false;
  for (let i = 0; i < tos.length; i++) {
    const e = cached.edges[i]!;
    if (e.from !== from || e.to !== tos[i] || cached.ns[i] !== ns[i]) return false;
  }
  return true;
}

function reuse<T>(
  cached: Cached<T> | undefined,
  uri: string,
  system: string,
  ctx: UnitContext,
  node: AstNode,
): T | undefined {
  if (!cached || cached.uri !== uri || cached.system !== system || cached.monthSeconds !== ctx.monthSeconds)
    return undefined;
  const r = node.$cstNode?.range;
  return r && r.start.line === cached.line && r.start.character === cached.character && r.end.line === cached.endLine
    ? cached.value
    : undefined;
}

function remember<T>(uri: string, system: string, ctx: UnitContext, node: AstNode, value: T): Cached<T> {
  const r = node.$cstNode?.range;
  return {
    uri,
    system,
    monthSeconds: ctx.monthSeconds,
    line: r?.start.line ?? -1,
    character: r?.start.character ?? -1,
    endLine: r?.end.line ?? -1,
    value,
  };
}

/** Builds the model from documents (each once; the first declaration of a name wins). */
export function buildModel(documents: readonly LangiumDocument[]): Model {
  const model: Model = { systems: [], components: [], edges: [] };
  const ids = new Set<string>();
  const edgeCounts = new Map<string, Map<string, number>>();
  const pendingEdges: { uri: string; edge: Edge; system: string; ctx: UnitContext }[] = [];
  const pendingScenarios: { uri: string; node: Scenario; decl: SystemDecl; ctx: UnitContext }[] = [];
  /** Components a language error leaves unsure (see `Model.unsettled`). */
  const unsettled = new Set<string>();
  /** Names written where a component is meant that name none (an unresolved reference). */
  const unresolved: string[] = [];

  for (const document of documents) {
    const uri = document.uri.toString();
    const root = document.parseResult.value as Document;
    for (const name of brokenNames(root)) unsettled.add(name);
    for (const system of root.systems ?? []) {
      if (!system.name) continue;
      // The first settings, description and slo blocks, in one pass (a system may have 50,000 members).
      let settingsBlock: Settings | undefined;
      let description: Description | undefined;
      let slo: Slo | undefined;
      for (const m of system.members) {
        if (m.$type === Component.$type || m.$type === Edge.$type) continue;
        if (isSettings(m)) settingsBlock ??= m;
        else if (isDescription(m)) description ??= m;
        else if (isSlo(m)) slo ??= m;
      }
      const ctx0: UnitContext = { monthSeconds: DEFAULT_MONTH_SECONDS };
      const sProps = settingsBlock ? readProperties(uri, settingsBlock.properties, 'settings', ctx0) : new Map();
      const monthMs = num(sProps, 'month');
      const settings: SystemSettings = { monthSeconds: monthMs !== undefined ? monthMs / 1000 : DEFAULT_MONTH_SECONDS };
      const ctx: UnitContext = { monthSeconds: settings.monthSeconds };
      // Re-read with the system's month so `horizon 12 months` uses it.
      const sProps2 = settingsBlock ? readProperties(uri, settingsBlock.properties, 'settings', ctx) : new Map();
      const horizon = num(sProps2, 'horizon');
      if (horizon !== undefined) settings.horizonMs = horizon;
      const target = num(sProps2, 'target-utilization');
      if (target !== undefined) settings.targetUtilization = target;
      const zones = num(sProps2, 'zones');
      if (zones !== undefined) settings.zones = zones;
      const growth = num(sProps2, 'growth');
      if (growth !== undefined) settings.growthPerMonth = growth;
      const region = str(sProps2, 'region');
      if (region !== undefined) settings.region = region;
      const regionLatency = num(sProps2, 'region-latency');
      if (regionLatency !== undefined) settings.regionLatencyMs = regionLatency;

      const decl: SystemDecl = {
        name: system.name,
        location: cstLocation(uri, system.$cstNode),
        nameLocation: cstLocation(
          uri,
          (system.$cstNode && findNodeForProperty(system.$cstNode, 'name')) ?? system.$cstNode,
        ),
        settings,
        components: [],
      };
      if (description?.text !== undefined) decl.description = unquote(description.text);
      if (slo) {
        const p = readProperties(uri, slo.properties, 'slo', ctx);
        decl.slo = { location: cstLocation(uri, slo.$cstNode) };
        const set = (k: 'p50Ms' | 'p95Ms' | 'p99Ms' | 'availability' | 'timeoutMs' | 'errorRate', key: string) => {
          const v = num(p, key);
          if (v !== undefined) decl.slo![k] = v;
        };
        set('p50Ms', 'p50');
        set('p95Ms', 'p95');
        set('p99Ms', 'p99');
        set('availability', 'availability');
        set('timeoutMs', 'timeout');
        set('errorRate', 'error-rate');
      }
      model.systems.push(decl);

      for (const member of system.members) {
        if (isComponent(member)) {
          if (!member.name || !member.kind) continue;
          if (ids.has(member.name)) {
            unsettled.add(member.name); // declared twice: which one is meant is an error
            continue;
          }
          // A component of an unknown kind (the validator reports it) is left out of the model and
          // marked unsettled, so nothing is concluded from its absence.
          const kind = member.kind;
          if (!isComponentKind(kind)) {
            unsettled.add(member.name);
            // A misspelt word at the end of the statement before (`a -> b reuqires strong`) also
            // reads as a component of an unknown kind: that statement is unsure too.
            const before = system.members[member.$containerIndex! - 1];
            if (isComponent(before)) unsettled.add(before.name);
            else if (isEdge(before)) {
              if (before.source?.$refText) unsettled.add(before.source.$refText);
              for (const t of before.targets) if (t.$refText) unsettled.add(t.$refText);
            }
            continue;
          }
          ids.add(member.name);
          let component = reuse(builtComponents.get(member), uri, system.name, ctx, member);
          if (!component) {
            component = toComponent(uri, member, kind, system.name, ctx);
            builtComponents.set(member, remember(uri, system.name, ctx, member, component));
          }
          if (incompleteComponents.has(component) || contradicts(component)) unsettled.add(member.name);
          model.components.push(component);
          decl.components.push(member.name);
        } else if (isEdge(member)) {
          pendingEdges.push({ uri, edge: member, system: system.name, ctx });
        } else if (isScenario(member) && member.name) {
          pendingScenarios.push({ uri, node: member, decl, ctx });
        }
      }
    }
  }

  for (const { uri, edge, system, ctx } of pendingEdges) {
    const from = edge.source?.ref?.name;
    if (!from || !ids.has(from)) {
      // An edge from a name that is not (yet) a component: its targets lose this load.
      if (edge.source?.$refText) unresolved.push(edge.source.$refText);
      for (const t of edge.targets) {
        if (t.ref?.name) unsettled.add(t.ref.name);
        else if (t.$refText) unresolved.push(t.$refText);
      }
      continue;
    }
    // Most edges have no properties: nothing to read or keep for them.
    let props = edge.properties.length === 0 ? NO_PROPS : reuse(readEdgeProperties.get(edge), uri, system, ctx, edge);
    if (!props) {
      props = readProperties(uri, edge.properties, 'edge', ctx);
      readEdgeProperties.set(edge, remember(uri, system, ctx, edge, props));
    }
    if (incomplete.has(props)) {
      unsettled.add(from);
      for (const t of edge.targets) if (t.ref?.name) unsettled.add(t.ref.name);
    }
    let reads = false;
    let writes = false;
    let async = false;
    let cdc = false;
    let parallel = false;
    let optional = false;
    for (const m of edge.modifiers) {
      if (m.flag === 'reads') reads = true;
      else if (m.flag === 'writes') writes = true;
      else if (m.flag === 'async') async = true;
      else if (m.flag === 'cdc') cdc = true;
      else if (m.flag === 'parallel') parallel = true;
      else if (m.flag === 'optional') optional = true;
    }
    // `read-from` on an edge takes only `primary` (the validator reports any other): unsure then.
    const readFrom = str(props, 'read-from');
    if (readFrom !== undefined && readFrom !== 'primary') {
      unsettled.add(from);
      for (const t of edge.targets) if (t.ref?.name) unsettled.add(t.ref.name);
    }
    const traffic: TrafficClass = reads ? 'reads' : writes ? 'writes' : 'all';
    const requirement = edge.modifiers.find((m) => m.requirement !== undefined)?.requirement ?? str(props, 'requires');
    if (requirement !== undefined && !(CONSISTENCY_REQUIREMENTS as readonly string[]).includes(requirement)) {
      // A misspelt requirement is left out: what the edge requires is unsure.
      unsettled.add(from);
      for (const t of edge.targets) if (t.ref?.name) unsettled.add(t.ref.name);
    }
    const several = edge.targets.length > 1;
    // The edges this statement writes (the n-th edge from `from` to `to` gets id `from->to#n`);
    // reused from the last build when the same.
    const tos: string[] = [];
    const ns: number[] = [];
    const refNodes: (CstNode | undefined)[] = [];
    for (const t of edge.targets) {
      const to = t.ref?.name;
      if (!to || !ids.has(to)) {
        // A target not (yet) resolved: the source and whatever it was meant to be are unsure.
        unsettled.add(from);
        if (to) unsettled.add(to);
        else if (t.$refText) unresolved.push(t.$refText);
        continue;
      }
      if (to === from) continue;
      let byTarget = edgeCounts.get(from);
      if (!byTarget) edgeCounts.set(from, (byTarget = new Map()));
      const n = byTarget.get(to) ?? 0;
      byTarget.set(to, n + 1);
      tos.push(to);
      ns.push(n);
      refNodes.push(t.$refNode);
    }
    const cached = reuse(builtEdges.get(edge), uri, system, ctx, edge);
    if (cached && sameEdges(cached, from, tos, ns)) {
      for (const e of cached.edges) model.edges.push(e);
      continue;
    }
    const built: ModelEdge[] = [];
    // A `parallel` statement's edges form one group, named for its first edge.
    const group = parallel && tos.length > 0 ? `${from}->${tos[0]}#${ns[0]}` : undefined;
    for (let i = 0; i < tos.length; i++) {
      const to = tos[i]!;
      const refNode = refNodes[i];
      const e: ModelEdge = {
        id: `${from}->${to}#${ns[i]}`,
        from,
        to,
        system,
        // One written edge with several targets becomes several edges, each located at its target.
        location: cstLocation(uri, several && refNode ? refNode : edge.$cstNode),
        propertyLocations: propertyLocations(props),
        async: async || cdc,
        cdc,
        traffic,
      };
      const share = num(props, 'share');
      if (share !== undefined) e.share = share;
      const weight = num(props, 'weight');
      if (weight !== undefined) e.weight = weight;
      const fanout = num(props, 'fanout');
      if (fanout !== undefined) e.fanout = fanout;
      const timeout = num(props, 'timeout');
      if (timeout !== undefined) e.timeoutMs = timeout;
      const retries = num(props, 'retries');
      if (retries !== undefined) e.retries = retries;
      if (props.size > 0) edgeResilience(props, e);
      if (readFrom === 'primary') e.readFrom = 'primary';
      if (optional) e.optional = true;
      if (group !== undefined) e.parallelGroup = group;
      const lag = num(props, 'lag');
      if (lag !== undefined) e.lagMs = lag;
      const latency = num(props, 'latency');
      if (latency !== undefined) e.latencyMs = latency;
      const description = str(props, 'description');
      if (description !== undefined) e.description = description;
      if (requirement !== undefined && (CONSISTENCY_REQUIREMENTS as readonly string[]).includes(requirement))
        e.requires = requirement as ConsistencyRequirement;
      built.push(e);
      model.edges.push(e);
    }
    builtEdges.set(edge, remember(uri, system, ctx, edge, { edges: built, ns }));
  }
  // Scenarios, once every component is known (a step may name one declared below or imported);
  // a broken step is left out of its scenario, and nothing in a scenario makes a component unsure.
  if (pendingScenarios.length > 0) {
    const byId = new Map(model.components.map((c) => [c.id, c]));
    for (const { uri, node, decl, ctx } of pendingScenarios) {
      let zoned: boolean | undefined;
      const { scenario } = readScenario(node, {
        uri,
        system: decl.name,
        ctx,
        systemZones: decl.settings.zones,
        zoned: () =>
          (zoned ??= (decl.settings.zones ?? 1) >= 2 || decl.components.some((id) => (byId.get(id)?.zones ?? 1) >= 2)),
        component: (name) => {
          const c = byId.get(name);
          return c && { ...c, unsure: unsettled.has(name) || incompleteComponents.has(c) };
        },
      });
      (decl.scenarios ??= []).push(scenario);
    }
  }
  // Sessions or files kept `in` a component that does not exist are dropped (from a copy: the
  // component may be reused by the next build, where the store may exist).
  const components = model.components;
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    const sessions = c.sessions?.kind === 'store' && !ids.has(c.sessions.store);
    const files = c.files?.kind === 'store' && !ids.has(c.files.store);
    if (sessions || files) {
      unsettled.add(c.id);
      const copy = { ...c };
      if (sessions) delete copy.sessions;
      if (files) delete copy.files;
      components[i] = copy;
    }
  }
  // A misspelt name most likely meant its nearest component (`dbb` for `db`): that one is unsure too.
  // (The nearest names are looked for among a few unknown names only: each costs a pass over all.)
  const near = unresolved.length <= 20;
  for (const name of unresolved) {
    unsettled.add(name);
    if (!near) continue;
    // every component at the least distance: the suggestion names one, the writer may have meant another
    for (const meant of nearest(name, ids)) unsettled.add(meant);
    // Run together with the next word (`clicksasync`): the component it starts or ends with.
    for (const id of ids)
      if (id.length >= 2 && id !== name && (name.startsWith(id) || name.endsWith(id))) unsettled.add(id);
  }
  if (unsettled.size > 0) model.unsettled = [...unsettled];
  return model;
}

/**
 * Whether a component's properties contradict each other in a way the validator reports as an error
 * (instances outside the autoscale range): its figures are then unsure.
 */
function contradicts(c: ModelComponent): boolean {
  const a = c.autoscale;
  return a !== undefined && c.instances !== undefined && (c.instances < a.min || c.instances > a.max);
}

function toComponent(uri: string, c: Component, kind: ComponentKind, system: string, ctx: UnitContext): ModelComponent {
  const props = readProperties(uri, c.properties, kind, ctx);
  const cst = c.$cstNode;
  const out: ModelComponent = {
    id: c.name,
    name: c.name,
    kind,
    system,
    location: cstLocation(uri, cst),
    nameLocation: cstLocation(uri, (cst && findNodeForProperty(cst, 'name')) ?? cst),
    propertyLocations: propertyLocations(props),
  };
  if (incomplete.has(props)) incompleteComponents.add(out);
  componentFields(props, out);
  // A rate on a worker or service belongs to a scheduled job; schedule, every and run go together
  // (the validator reports what is missing): left out and unsure otherwise.
  if (kind !== 'client' && out.rateRps !== undefined && !out.schedule) {
    delete out.rateRps;
    incompleteComponents.add(out);
  }
  if (!out.schedule && (props.has('schedule') || props.has('every') || props.has('run'))) incompleteComponents.add(out);
  return out;
}

/** An edge's resilience fields from its properties (budget, jitter, breaker, fallback, pools). */
function edgeResilience(props: Props, e: ModelEdge): void {
  const budget = num(props, 'budget');
  if (budget !== undefined) e.retryBudget = budget;
  const jitter = bool(props, 'jitter');
  if (jitter !== undefined) e.jitter = jitter;
  const threshold = num(props, 'circuit-breaker');
  if (threshold !== undefined) e.breaker = { threshold };
  const fallback = bool(props, 'fallback');
  if (fallback !== undefined) e.fallback = fallback;
  const connections = num(props, 'connections');
  if (connections !== undefined) e.connections = connections;
  const bulkhead = num(props, 'bulkhead');
  if (bulkhead !== undefined) e.bulkhead = bulkhead;
}
