/**
 * idle-consumers: a consumer pool fed only by partitioned queues or streams, with more instances
 * than partitions (or autoscaling beyond them). Each partition is consumed by one instance of a
 * group at a time, so the extra instances sit idle (a Kafka topic with 3 partitions feeds at most
 * 3 consumers of a group). The analysis counts only `partitions` consumers for capacity.
 *
 * A queue or stream without `partitions` (SQS-like competing consumers) sets no limit. Several
 * partitioned sources add up. A consumer that also takes calls from a non-broker is not judged.
 */
import { perInstanceRps } from '../analysis/component.js';
import { isBroker } from '../kinds.js';
import type { Component } from '../model.js';
import { count, list, plural } from '../wording.js';
import { setProperties } from './helpers/fix-values.js';
import { instanceCount } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import { componentRule, NO_FINDINGS, type Fix, type RawFinding, type Rule } from './types.js';

export const idleConsumers: Rule = componentRule({
  id: 'idle-consumers',
  defaultSeverity: 'warning',
  description: 'A consumer pool with more instances than the partitions it reads: the extra consumers sit idle.',
  concept: 'Kafka partitions: one consumer of a group per partition',
  component(ctx, c) {
    const out: RawFinding[] = [];
    if (c.kind === 'client' || isBroker(c.kind)) return NO_FINDINGS;
    const ins = ctx.inEdges(c.id);
    if (ins.length === 0 || !isBroker(ctx.component(ins[0]!.from)?.kind ?? 'client')) return NO_FINDINGS;
    const sources = [...new Map(ins.map((e) => [e.from, ctx.component(e.from)])).values()];
    if (
      !sources.every((s): s is Component => !!s && isBroker(s.kind) && s.partitions !== undefined && s.partitions >= 1)
    )
      return NO_FINDINGS;
    const brokers = sources as Component[];
    const P = brokers.reduce((a, b) => a + b.partitions!, 0);
    const { count: N, max: M } = instanceCount(c);
    const beyond = N > P ? N : M !== undefined && M > P ? M : 0;
    if (!beyond) return NO_FINDINGS;

    const parts = list(brokers.map((b) => `${b.name} has ${plural(b.partitions!, 'partition')}`));
    const message =
      N > P
        ? `${count(N - P)} of the ${count(N)} instances of ${c.name} sit idle: ${parts}, and each partition is consumed by one instance at a time, so only ${count(P)} consume`
        : `${c.name} can autoscale to ${plural(M!, 'instance')} but ${parts}: beyond ${plural(P, 'instance')}, added consumers sit idle instead of draining a backlog`;

    const fixes: Fix[] = [];
    const morePartitions: Fix | undefined =
      brokers.length === 1
        ? {
            title: `give ${brokers[0]!.name} ${plural(beyond, 'partition')} (partitions ${beyond})`,
            operations: [
              { op: 'set-property', target: { component: brokers[0]!.id }, key: 'partitions', value: String(beyond) },
            ],
          }
        : undefined;
    const props: [string, string][] = [];
    if (c.instances !== undefined && c.instances > P) props.push(['instances', String(P)]);
    if (c.autoscale && (c.autoscale.min > P || c.autoscale.max > P))
      props.push(['autoscale', `${Math.min(c.autoscale.min, P)}..${P}`]);
    const fewer: Fix = {
      title: `run at most ${plural(P, 'instance')} of ${c.name} (${props.map(([k, v]) => `${k} ${v}`).join(', ')})`,
      operations: setProperties({ component: c.id }, c.propertyLocations, props),
    };
    // Prefer fewer consumers when P of them carry the load at the current figures, else more partitions.
    const load = ctx.figures(c.id)?.load.total.value ?? null;
    const cap = perInstanceRps(c);
    const enough = load !== null && cap !== undefined && P * cap >= load;
    if (morePartitions && !enough) fixes.push({ ...morePartitions, preferred: true }, fewer);
    else fixes.push({ ...fewer, preferred: true }, ...(morePartitions ? [morePartitions] : []));

    const loadNote =
      load !== null && cap !== undefined && load > 0
        ? ` (${count(load)} messages/s; ${plural(P, 'consumer')} sustain ${count(P * cap)}/s)`
        : '';
    out.push({
      message: message + loadNote,
      location: N > P ? at(c, 'instances', 'autoscale') : at(c, 'autoscale'),
      related: brokers.map((b) => ({
        location: at(b, 'partitions'),
        message: `${b.name} has ${plural(b.partitions!, 'partition')}`,
      })),
      components: [c.id, ...brokers.map((b) => b.id)],
      fixes,
    });
    return out;
  },
});
