/**
 * Reading written properties into the plain model: a block's properties interpreted against the
 * property table (invalid ones left out), and a component's fields from them. A component's
 * declaration and a scenario's set step (`users rate 25 k rps`) read them with the same code.
 */
import { AstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import type { Component as ModelComponent, SourceLocation, StatePlacement } from '../core/model.js';
import type { Owner } from '../core/property-types.js';
import type { PropertyValue } from '../core/property-values.js';
import type { UnitContext } from '../core/units.js';
import type { Property } from './generated/ast.js';
import { cstLocation, interpret } from './syntax.js';

export type Props = Map<string, { value: PropertyValue; qualifier?: string; location: SourceLocation }>;

/** The feature of the assignment a grammar element belongs to (`name` for `name=Name`), memoised. */
const assignedFeature = new WeakMap<AstNode, string | null>();
function featureOf(grammarSource: AstNode | undefined): string | null {
  if (!grammarSource) return null;
  let f = assignedFeature.get(grammarSource);
  if (f === undefined) {
    f = AstUtils.getContainerOfType(grammarSource, GrammarAST.isAssignment)?.feature ?? null;
    assignedFeature.set(grammarSource, f);
  }
  return f;
}

/**
 * The first CST node within `node` that contributes to `property`: the same node as Langium's
 * GrammarUtils.findNodeForProperty(node, property), which collects every such node (visiting all
 * of a component's properties) to return the first.
 */
export function findNodeForProperty(
  node: CstNode,
  property: string,
  element = node.astNode,
  first = true,
): CstNode | undefined {
  if (!first && featureOf(node.grammarSource) === property) return node;
  if (isCompositeCstNode(node) && node.astNode === element) {
    for (const child of node.content) {
      const found = findNodeForProperty(child, property, element, false);
      if (found) return found;
    }
  }
  return undefined;
}

function hasError(problems: readonly { severity: string }[]): boolean {
  for (const x of problems) if (x.severity === 'error') return true;
  return false;
}

/** Properties read with a property left out for an error (its value invalid, or its key repeated). */
export const incomplete = new WeakSet<Props>();
/** Components built from properties of which one was left out for an error. */
export const incompleteComponents = new WeakSet<ModelComponent>();

export function readProperties(uri: string, properties: Property[], owner: Owner, ctx: UnitContext): Props {
  const out: Props = new Map();
  for (const p of properties) {
    if (!p.key) continue;
    if (out.has(p.key)) {
      incomplete.add(out);
      continue;
    }
    const r = interpret(p, owner, ctx);
    if (r.value === undefined || hasError(r.problems)) {
      if (hasError(r.problems)) incomplete.add(out);
      continue;
    }
    out.set(p.key, { value: r.value, qualifier: r.qualifier, location: cstLocation(uri, p.$cstNode) });
  }
  return out;
}

/** Property key -> where it was written, in the order written. */
export function propertyLocations(props: Props): Partial<Record<string, SourceLocation>> {
  const out: Partial<Record<string, SourceLocation>> = {};
  for (const [k, v] of props) out[k] = v.location;
  return out;
}

export const num = (props: Props, key: string): number | undefined => {
  const v = props.get(key)?.value;
  return typeof v === 'number' ? v : undefined;
};
export const str = <T extends string>(props: Props, key: string): T | undefined => {
  const v = props.get(key)?.value;
  return typeof v === 'string' ? (v as T) : undefined;
};
export const bool = (props: Props, key: string): boolean | undefined => {
  const v = props.get(key)?.value;
  return typeof v === 'boolean' ? v : undefined;
};
export const placement = (props: Props, key: string): StatePlacement | undefined => {
  const v = props.get(key)?.value;
  if (!v || typeof v !== 'object' || !('placement' in v)) return undefined;
  return v.placement === 'store' ? { kind: 'store', store: v.store } : { kind: v.placement };
};

/**
 * The component fields its properties give (only those written; `out` may be a partial component).
 * `base`: the component a scenario's set step changes (`set nightly every 2 h` keeps its `run`).
 */
export function componentFields(props: Props, out: Partial<ModelComponent>, base?: Partial<ModelComponent>): void {
  const set = <K extends keyof ModelComponent>(k: K, v: ModelComponent[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('description', str(props, 'description'));
  set('availability', num(props, 'availability'));
  set('instances', num(props, 'instances'));
  const autoscale = props.get('autoscale')?.value;
  if (autoscale && typeof autoscale === 'object' && 'min' in autoscale)
    out.autoscale = { min: autoscale.min, max: autoscale.max };
  set('capacityRps', num(props, 'capacity'));
  set('serviceTimeMs', num(props, 'service-time'));
  set('serviceCv', num(props, 'service-cv'));
  set('latencyMs', num(props, 'latency'));
  set('size', num(props, 'size'));
  set('rateRps', num(props, 'rate'));
  const reads = num(props, 'reads');
  const writes = num(props, 'writes');
  if (reads !== undefined) out.readFraction = reads;
  else if (writes !== undefined) out.readFraction = 1 - writes;
  set('payloadBytes', num(props, 'payload'));
  set('sessions', placement(props, 'sessions'));
  set('files', placement(props, 'files'));
  const stateless = bool(props, 'stateless');
  const stateful = bool(props, 'stateful');
  if (stateful !== undefined) out.stateful = stateful;
  else if (stateless !== undefined) out.stateful = !stateless;
  set('idempotent', bool(props, 'idempotent'));
  set('algorithm', str(props, 'algorithm'));
  set('engine', str(props, 'engine'));
  set('hitRatio', num(props, 'hit'));
  set('ttlMs', num(props, 'ttl'));
  set('pattern', str(props, 'pattern'));
  set('caches', str(props, 'caches'));
  set('invalidate', str(props, 'invalidate'));
  set('dataModel', str(props, 'model'));
  set('replicas', num(props, 'replicas'));
  const mode = props.get('replicas')?.qualifier ?? str(props, 'replication');
  if (mode === 'sync' || mode === 'semi-sync' || mode === 'async') out.replication = mode;
  set('lagMs', num(props, 'lag'));
  set('readFrom', str(props, 'read-from'));
  set('shards', num(props, 'shards'));
  set('skew', num(props, 'skew'));
  const quorum = props.get('quorum')?.value;
  if (quorum && typeof quorum === 'object' && 'n' in quorum) out.quorum = { n: quorum.n, r: quorum.r, w: quorum.w };
  set('storagePerNodeBytes', num(props, 'storage'));
  set('recordBytes', num(props, 'record'));
  set('partitions', num(props, 'partitions'));
  set('delivery', str(props, 'delivery'));
  set('retentionMs', num(props, 'retention'));
  set('zones', num(props, 'zones'));
  set('growthPerMonth', num(props, 'growth'));
  set('timeoutMs', num(props, 'timeout'));
  set('connections', num(props, 'connections'));
  set('maxConnections', num(props, 'max-connections'));
  set('region', str(props, 'region'));
  // A scheduled job: `schedule` with both times (the validator reports one missing); a set step
  // may change one time of a job already scheduled.
  const every = num(props, 'every') ?? base?.schedule?.everyMs;
  const run = num(props, 'run') ?? base?.schedule?.runMs;
  const scheduled = bool(props, 'schedule') ?? (base?.schedule !== undefined ? true : undefined);
  if (scheduled === true && every !== undefined && run !== undefined && run <= every)
    out.schedule = { everyMs: every, runMs: run };
}
