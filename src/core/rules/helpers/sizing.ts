/**
 * Sizing: how many instances, replicas or shards a component needs to stay below a utilisation,
 * for which target, and the fixes that set them.
 */
import type { ComponentAnalysis, Figure } from '../../analysis/types.js';
import { KINDS } from '../../kinds.js';
import type { Component } from '../../model.js';
import { takesProperty } from '../../properties.js';
import { percent, plural } from '../../wording.js';
import type { Fix, RuleContext } from '../types.js';
import { loadTotal, perInstance, value } from './figures.js';
import { instancesOps, replicasValue } from './fix-values.js';

/** Instances counted (fixed count, else the autoscale minimum, else 1) and the autoscale maximum. */
export function instanceCount(c: Component): { count: number; max: number | undefined } {
  const count = c.instances ?? c.autoscale?.min ?? 1;
  return { count, max: c.autoscale?.max };
}

/**
 * Instances a pool needs so that load / (n x per instance) stays below `below` (and at most the
 * target utilisation the analysis sized for): the analysis's instancesNeeded, raised if the target
 * is not below `below`.
 */
export function instancesFor(f: ComponentAnalysis, below: number): number | null {
  const load = loadTotal(f);
  const per = perInstance(f);
  const need = value(f.instancesNeeded);
  if (load === null || per === null || per <= 0) return need;
  let n = need ?? Math.ceil(load / per);
  if (!(load / (n * per) < below)) n = Math.floor(load / (per * below)) + 1;
  return Math.max(1, n);
}

/** Whether `instances` can be written on this component (a pool, not a store-model component). */
function takesInstances(c: Component, f: ComponentAnalysis): boolean {
  return KINDS[c.kind].pool && f.store === null;
}

/** The target utilisation the analysis sized this component for. */
export function targetOf(ctx: RuleContext, f: ComponentAnalysis): number {
  const fromInputs = (fig: Figure | undefined) => {
    const u = fig?.inputs.Umax;
    return typeof u === 'number' && u > 0 && u <= 1 ? u : null;
  };
  return (
    fromInputs(f.instancesNeeded) ??
    fromInputs(f.store?.shardsNeeded) ??
    fromInputs(f.store?.replicasNeeded) ??
    ctx.analysis.settings.targetUtilization
  );
}

/**
 * The target utilisation of a component's system without building any figure: the system's
 * `settings { target-utilization }`, else the analysis's. (targetOf reads what the analysis used;
 * this is its cheap stand-in for filters run on every component.)
 */
export function targetFor(ctx: RuleContext, c: Component): number {
  const t = ctx.model.systems.find((s) => s.name === c.system)?.settings.targetUtilization;
  return t !== undefined && t > 0 && t <= 1 ? t : ctx.analysis.settings.targetUtilization;
}

export interface Sizing {
  fixes: Fix[];
  /** What the first fix does, for the message (`15 instances would run at 66.7 %`). */
  summary: string | null;
}

/**
 * Fixes that bring a store's busiest node below `below`: more read replicas when replicas are the
 * busiest and the primary is fine, more shards otherwise (the analysis's replicasNeeded and
 * shardsNeeded, both sized for the target utilisation).
 */
function storeFixes(ctx: RuleContext, c: Component, f: ComponentAnalysis, below: number): Sizing {
  const st = f.store;
  if (!st) return { fixes: [], summary: null };
  const fixes: Fix[] = [];
  const summaries: string[] = [];
  const target = targetOf(ctx, f);
  const pu = value(st.primary.utilization);
  const ru = st.replica ? value(st.replica.utilization) : null;
  const rn = value(st.replicasNeeded);
  if (
    ru !== null &&
    pu !== null &&
    ru >= pu &&
    pu < below &&
    target < below &&
    rn !== null &&
    rn > st.replicas &&
    takesProperty(c.kind, 'replicas')
  ) {
    fixes.push({
      title: `Add read replicas: replicas ${rn}`,
      operations: [{ op: 'set-property', target: { component: c.id }, key: 'replicas', value: replicasValue(c, rn) }],
      preferred: true,
    });
    summaries.push(`${plural(rn, 'replica')} would keep each below ${percent(target)}`);
  }
  let sn = value(st.shardsNeeded);
  if (sn !== null && !(target < below)) {
    // sized for a target at or above the line to stay below: size for the line instead
    const { load, mu } = st.shardsNeeded.inputs;
    if (typeof load === 'number' && typeof mu === 'number' && mu > 0)
      sn = Math.max(sn, Math.floor(load / (below * mu)) + 1);
  }
  if (sn !== null && sn > st.shards) {
    fixes.push({
      title: `Shard it: shards ${sn}`,
      operations: [{ op: 'set-property', target: { component: c.id }, key: 'shards', value: String(sn) }],
      preferred: fixes.length === 0,
    });
    summaries.push(`${plural(sn, 'shard')} would keep the busiest node below ${percent(target)}`);
  }
  return { fixes, summary: summaries.length ? summaries.join('; or ') : null };
}

/** Fixes that bring a component's utilisation below `below` (pool instances or store nodes). */
export function capacityFixes(ctx: RuleContext, c: Component, f: ComponentAnalysis, below: number): Sizing {
  if (f.store) return storeFixes(ctx, c, f, below);
  if (!takesInstances(c, f)) return { fixes: [], summary: null };
  const n = instancesFor(f, below);
  const current = value(f.instances) ?? 1;
  const load = loadTotal(f);
  const per = perInstance(f);
  if (n === null || n <= current) return { fixes: [], summary: null };
  const ops = instancesOps(c, n);
  const raise = ops.length > 1 ? ` (autoscale up to ${n})` : '';
  const at =
    load !== null && per !== null
      ? ` would run at ${percent(load / (n * per))}`
      : ` would keep it below ${percent(targetOf(ctx, f))}`;
  return {
    fixes: [{ title: `Scale out: instances ${n}${raise}`, operations: ops, preferred: true }],
    summary: `${plural(n, 'instance')}${at}`,
  };
}
