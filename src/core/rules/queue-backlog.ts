/**
 * queue-backlog: a queue or stream whose consumers cannot keep up with the messages arriving: the
 * backlog grows for ever, messages wait longer and longer and, with a retention, expire unread.
 * Asynchronism: producer -> broker -> consumer, with workers listening to the queue.
 */
import type { ComponentAnalysis } from '../analysis/types.js';
import { isBroker } from '../kinds.js';
import type { Component } from '../model.js';
import { bytes, count, duration, list, plural, rate } from '../wording.js';
import { loadTotal, perInstance, value } from './helpers/figures.js';
import { instancesOps } from './helpers/fix-values.js';
import { instancesFor } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import {
  componentRule,
  NO_FINDINGS,
  type Fix,
  type FixOperation,
  type RawFinding,
  type Rule,
  type RuleContext,
} from './types.js';

interface Lagging {
  c: Component;
  f: ComponentAnalysis;
  arrival: number;
  capacity: number;
  backlog: number;
}

/** Partitions of all the brokers feeding a consumer, or null when one of them is not partitioned. */
function feedingPartitions(ctx: RuleContext, id: string): number | null {
  let sum = 0;
  for (const e of ctx.inEdges(id)) {
    const src = ctx.component(e.from);
    if (!src || !isBroker(src.kind) || src.partitions === undefined || src.partitions < 1) return null;
    sum += src.partitions;
  }
  return sum;
}

/** Instances a lagging consumer needs, and the partitions this broker then needs (null: none). */
function consumerSizing(
  ctx: RuleContext,
  broker: Component,
  l: Lagging,
): { ops: FixOperation[]; instances: number; partitions: number | null } | null {
  if (l.f.store) return null;
  const n = instancesFor(l.f, 1);
  if (n === null) return null;
  const declared = l.c.instances ?? l.c.autoscale?.min ?? 1;
  const ops: FixOperation[] = n > declared ? instancesOps(l.c, n) : [];
  const parts = feedingPartitions(ctx, l.c.id);
  // at most one consumer per partition does work: add partitions to this broker
  const partitions = parts !== null && parts < n ? (broker.partitions ?? 1) + (n - parts) : null;
  if (ops.length === 0 && partitions === null) return null;
  return { ops, instances: Math.max(n, declared), partitions };
}

export const queueBacklog: Rule = componentRule({
  id: 'queue-backlog',
  defaultSeverity: 'error',
  description:
    'A queue or stream receives messages faster than its consumers process them: the backlog grows without bound.',
  concept: 'Asynchronism and stream processing with brokers: workers must keep up with the queue',
  component(ctx, b) {
    const out: RawFinding[] = [];
    if (!isBroker(b.kind)) return NO_FINDINGS;
    const fb = ctx.figures(b.id);
    if (!fb) return NO_FINDINGS;
    const lagging: Lagging[] = [];
    const seen = new Set<string>();
    for (const e of ctx.outEdges(b.id)) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      const c = ctx.component(e.to);
      const f = ctx.figures(e.to);
      if (!c || !f || !f.hasCapacity || !f.saturated) continue;
      const arrival = loadTotal(f) ?? 0;
      const capacity = value(f.capacity) ?? 0;
      lagging.push({ c, f, arrival, capacity, backlog: value(f.backlogGrowth) ?? Math.max(0, arrival - capacity) });
    }
    if (lagging.length === 0) return NO_FINDINGS;
    const arriving = loadTotal(fb) ?? 0;
    const backlog = lagging.reduce((s, l) => s + l.backlog, 0);
    const who = lagging.map((l) => {
      const n = value(l.f.instances);
      const declared = l.c.instances ?? l.c.autoscale?.min;
      const per = perInstance(l.f);
      const each = per !== null ? `, ${rate(per)} each` : '';
      if (n !== null && declared !== undefined && declared > n) {
        return `${l.c.id} processes ${count(l.capacity)}/s (only ${count(n)} of its ${count(declared)} instances consume, one per partition${each})`;
      }
      return `${l.c.id} processes ${count(l.capacity)}/s${n !== null && n > 1 ? ` (${count(n)} instances${each})` : ''}`;
    });
    let message = `${b.id} receives ${count(arriving)} messages/s but its consumers cannot keep up: ${list(who)}; the backlog grows by ${count(backlog)} messages/s`;
    // The message arriving at t waits backlog(t) / capacity; it expires once that reaches the
    // retention, i.e. from t = R·μ/(λ-μ), so the first expiry happens at R·λ/(λ-μ).
    const lam = lagging.reduce((s, l) => s + l.arrival, 0);
    const mu = lagging.reduce((s, l) => s + l.capacity, 0);
    if (b.retentionMs !== undefined && b.retentionMs > 0 && lam > mu) {
      message += `; with a retention of ${duration(b.retentionMs)}, messages start expiring unprocessed after ${duration((b.retentionMs * lam) / (lam - mu))}`;
    }
    if (
      b.storagePerNodeBytes !== undefined &&
      b.storagePerNodeBytes > 0 &&
      b.recordBytes !== undefined &&
      b.recordBytes > 0 &&
      backlog > 0
    ) {
      message += `; its ${bytes(b.storagePerNodeBytes)} fill in ${duration((b.storagePerNodeBytes / (backlog * b.recordBytes)) * 1000)}`;
    }
    const ops: FixOperation[] = [];
    const sizes: string[] = [];
    let partitions: number | null = null;
    let complete = true;
    for (const l of lagging) {
      const z = consumerSizing(ctx, b, l);
      if (!z) {
        complete = false;
        continue;
      }
      ops.push(...z.ops);
      if (z.ops.length) sizes.push(`${l.c.id} ${plural(z.instances, 'instance')}`);
      if (z.partitions !== null) partitions = Math.max(partitions ?? 0, z.partitions);
    }
    if (partitions !== null) {
      ops.push({ op: 'set-property', target: { component: b.id }, key: 'partitions', value: String(partitions) });
      sizes.push(`${b.id} ${plural(partitions, 'partition')}`);
    }
    const fixes: Fix[] =
      complete && ops.length ? [{ title: `Add consumers: ${sizes.join(', ')}`, operations: ops, preferred: true }] : [];
    out.push({
      message,
      location: at(b),
      components: [b.id, ...lagging.map((l) => l.c.id)],
      related: lagging.map((l) => ({
        location: at(l.c, 'instances', 'autoscale', 'capacity', 'service-time'),
        message: `${l.c.id}: ${count(l.capacity)} of ${count(l.arrival)} messages/s`,
      })),
      fixes,
    });
    return out;
  },
});
