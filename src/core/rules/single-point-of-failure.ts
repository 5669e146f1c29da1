/**
 * single-point-of-failure: a component that client requests wait on (a synchronous path from a
 * client) and that has no redundancy: written `instances 1`, or a database with no replicas and
 * no quorum. When it fails, every request through it fails (redundancy: copies of services
 * behind a load balancer, replicas of databases).
 *
 * Managed kinds (cdn, dns, external, storage) are taken as redundant unless written
 * `instances 1`; a pool whose instance count is not written is not judged. A one-instance
 * target of a load balancer that has other targets is not a single point: the balancer fails
 * over to the others.
 */
import { beyondEventual } from '../analysis/consistency-classes.js';
import type { Component } from '../model.js';
import { availability, list, plural } from '../wording.js';
import { setProperties } from './helpers/fix-values.js';
import { clientsWaitingOn, pathTo, reachFromClients, waitsAsWritten } from './helpers/reach.js';
import { at } from './helpers/where.js';
import type { Fix, RawFinding, Rule, RuleContext } from './types.js';

/** Whether every synchronous caller of `c` is a load balancer with another target to fail over to. */
function hasSiblings(ctx: RuleContext, c: Component): boolean {
  const callers = ctx.inEdges(c.id).filter((e) => waitsAsWritten(ctx, e));
  if (callers.length === 0) return false;
  return callers.every((e) => {
    const lb = ctx.component(e.from);
    return lb?.kind === 'loadbalancer' && ctx.outEdges(lb.id).some((o) => o.to !== c.id);
  });
}

export const singlePointOfFailure: Rule = {
  id: 'single-point-of-failure',
  defaultSeverity: 'warning',
  description:
    'A component on a synchronous path from a client runs without redundancy (one instance, or a database without replicas).',
  concept: 'Redundancy and replication: clones behind a balancer, database replicas',
  check(ctx) {
    const reached = reachFromClients(ctx, true);
    let waiting: Map<string, string[]> | undefined;
    const out: RawFinding[] = [];
    for (const c of ctx.model.components) {
      if (c.kind === 'client' || !reached.has(c.id)) continue;
      const single = c.instances === 1;
      const lonelyDb = c.kind === 'database' && !(c.replicas !== undefined && c.replicas > 0) && !c.quorum;
      if (!single && !lonelyDb) continue;
      if (single && hasSiblings(ctx, c)) continue;

      const hops = pathTo(reached, c.id);
      waiting ??= clientsWaitingOn(ctx);
      const clients = (waiting.get(c.id) ?? [reached.get(c.id)!.client]).map((id) => ctx.component(id)!);
      const names = clients.map((k) => k.name);
      const avail = c.availability !== undefined ? ` (${availability(c.availability)} available on its own)` : '';
      const path = hops.join(' -> ');
      let message: string;
      let fix: Fix;
      if (single) {
        message = `${c.name} runs a single instance (instances 1)${avail} on the synchronous path ${path}: when it fails or restarts, every request of ${list(names)} through it fails; run at least 2 instances`;
        const props: [string, string][] = [['instances', '2']];
        if (c.autoscale && c.autoscale.max < 2)
          props.push(['autoscale', `${Math.max(2, c.autoscale.min)}..${Math.max(2, c.autoscale.max)}`]);
        fix = {
          title: `run 2 instances of ${c.name} (instances 2)`,
          operations: setProperties({ component: c.id }, c.propertyLocations, props),
          preferred: true,
        };
      } else {
        const what =
          c.shards !== undefined && c.shards > 1
            ? `has ${plural(c.shards, 'shard')} but each is one node`
            : 'is one database node';
        message = `${c.name} ${what} with no replicas and no quorum${avail} on the synchronous path ${path}: when it fails, every request of ${list(names)} through it fails until it is restored; add a replica to fail over to`;
        // Reads stay on the primary when a caller needs more than eventual reads: the replica is a standby.
        const strict = ctx.inEdges(c.id).some((e) => beyondEventual(e.requires));
        const props: [string, string][] = [['replicas', '1']];
        if (strict && !c.readFrom) props.push(['read-from', 'primary']);
        fix = {
          title:
            strict && !c.readFrom
              ? `add a standby replica to ${c.name}, reads staying on the primary (replicas 1, read-from primary)`
              : `add a replica to ${c.name} (replicas 1)`,
          operations: setProperties({ component: c.id }, c.propertyLocations, props),
          preferred: true,
        };
      }
      out.push({
        message,
        location: single ? at(c, 'instances') : at(c, 'replicas'),
        related: clients.map((k) => ({ location: k.nameLocation, message: `requests of ${k.name} wait on ${c.name}` })),
        components: [c.id, ...clients.map((k) => k.id)],
        fixes: [fix],
      });
    }
    return out;
  },
};
