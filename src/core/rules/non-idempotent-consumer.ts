/**
 * non-idempotent-consumer: a worker or service that consumes a queue or stream delivering at
 * least once, and is not declared `idempotent`. A message whose acknowledgement is lost (a crash
 * after the work, a timeout) is delivered again and processed twice (processing messages at least
 * once needs two-phase commit or idempotence).
 *
 * A queue or stream without `delivery` is taken as at-least-once: the usual default (SQS,
 * RabbitMQ with acknowledgements, Kafka committing offsets after processing). `at-most-once`
 * (messages may be lost instead) and `exactly-once` are not flagged.
 */
import { isBroker, KINDS } from '../kinds.js';
import type { Component, Edge } from '../model.js';
import { count, list } from '../wording.js';
import { edgeLoad } from './helpers/figures.js';
import { at } from './helpers/where.js';
import { componentRule, NO_FINDINGS, type RawFinding, type RelatedInfo, type Rule } from './types.js';

export const nonIdempotentConsumer: Rule = componentRule({
  id: 'non-idempotent-consumer',
  defaultSeverity: 'warning',
  description:
    'At-least-once delivery into a consumer that is not idempotent: redelivered messages are processed twice.',
  concept: 'Message processing at least once: needs two-phase commit or idempotence',
  component(ctx, c) {
    const out: RawFinding[] = [];
    if (!KINDS[c.kind].runsCode || c.idempotent === true) return NO_FINDINGS;
    const feeds: { q: Component; e: Edge }[] = [];
    for (const e of ctx.inEdges(c.id)) {
      const q = ctx.component(e.from);
      if (!q || !isBroker(q.kind)) continue;
      if (q.delivery !== undefined && q.delivery !== 'at-least-once') continue;
      feeds.push({ q, e });
    }
    if (feeds.length === 0) return NO_FINDINGS;
    const queues = [...new Map(feeds.map((f) => [f.q.id, f.q])).values()];
    const how = list(
      queues.map(
        (q) => `${q.name} (at-least-once${q.delivery === undefined ? ', the default when delivery is not given' : ''})`,
      ),
    );
    let messages = 0;
    for (const f of feeds) {
      const l = edgeLoad(ctx, f.e.id);
      if (l) messages += l.reads + l.writes;
    }
    const declared = c.idempotent === false ? ' is declared `idempotent no`' : ' is not declared idempotent';
    const related: RelatedInfo[] = [
      ...queues.map((q) => ({
        location: at(q, 'delivery'),
        message: `${q.name} delivers at least once: a message may come again`,
      })),
      ...feeds.map((f) => ({ location: f.e.location, message: `${c.name} consumes ${f.q.name}` })),
    ];
    out.push({
      message: `${c.name} consumes ${how} but${declared}: a message redelivered after a crash or a lost acknowledgement is processed twice${messages > 0 ? ` (of ${count(messages)} messages/s)` : ''}; make processing idempotent (deduplicate by message id, upsert) or commit the effect and the acknowledgement together (two-phase commit)`,
      location: at(c, 'idempotent'),
      related,
      components: [c.id, ...queues.map((q) => q.id)],
      fixes: [
        {
          title: `declare ${c.name} idempotent (make sure processing a message twice is harmless)`,
          operations: [{ op: 'set-property', target: { component: c.id }, key: 'idempotent', value: '' }],
        },
      ],
    });
    return out;
  },
});
