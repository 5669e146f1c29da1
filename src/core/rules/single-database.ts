/**
 * single-database: the model's only written database is one node (no replicas, no shards, no
 * quorum) and it serves reads too, so every write and its share of reads land on one machine
 * (the database is the bottleneck once the clones scale: master-slave replication, then sharding
 * for huge data).
 *
 * "Only": no other database receives writes from the clients (along edges that carry writes,
 * not counting change data capture: a database fed by CDC replays the same writes, it does not
 * take any off the source). A system whose writes are spread over several
 * databases (one per service) is not flagged here; each unreplicated one on a request path is
 * a single-point-of-failure finding instead.
 */
import type { Component } from '../model.js';
import { count, percent, rate } from '../wording.js';
import { loadOf } from './helpers/figures.js';
import { setProperties } from './helpers/fix-values.js';
import type { RawFinding, Rule, RuleContext } from './types.js';

function singleNode(c: Component): boolean {
  return !(c.replicas !== undefined && c.replicas > 0) && !(c.shards !== undefined && c.shards > 1) && !c.quorum;
}

/** Reads and writes per second at a database: the analysis's figures, else whether edges carry them. */
function classes(ctx: RuleContext, c: Component): { reads: number; writes: number; known: boolean } {
  const l = loadOf(ctx, c.id);
  if (l) return { reads: l.reads, writes: l.writes, known: true };
  let reads = 0;
  let writes = 0;
  for (const e of ctx.inEdges(c.id)) {
    if (e.cdc || e.traffic !== 'reads') writes = 1;
    if (!e.cdc && e.traffic !== 'writes') reads = 1;
  }
  return { reads, writes, known: false };
}

/** Components the clients' writes reach along edges that carry writes, CDC edges excluded. */
function writtenFromClients(ctx: RuleContext): Set<string> {
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const c of ctx.model.components)
    if (c.kind === 'client' && c.readFraction !== 1) {
      seen.add(c.id);
      queue.push(c.id);
    }
  for (let i = 0; i < queue.length; i++) {
    for (const e of ctx.outEdges(queue[i]!)) {
      if (e.cdc || e.traffic === 'reads' || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

export const singleDatabase: Rule = {
  id: 'single-database',
  defaultSeverity: 'warning',
  description: 'One database node, with no replicas and no shards, carries every write and the reads of the system.',
  concept: 'Database bottleneck: master-slave replication (reads on the replicas), then sharding',
  check(ctx) {
    const direct = writtenFromClients(ctx);
    const databases = ctx.model.components.filter((c) => c.kind === 'database' && direct.has(c.id));
    const written = databases.map((c) => ({ c, l: classes(ctx, c) })).filter((x) => x.l.writes > 0);
    if (written.length !== 1) return [];
    const { c, l } = written[0]!;
    if (!singleNode(c) || !(l.reads > 0)) return [];

    const f = ctx.figures(c.id);
    const cap = f?.hasCapacity && f.capacity.value !== null ? f.capacity.value : undefined;
    const util = f?.utilization.value ?? null;
    const figures = l.known
      ? `: all ${count(l.writes)} writes/s and ${count(l.reads)} reads/s land on it${cap !== undefined ? ` (capacity ${rate(cap)}${util !== null ? `, ${percent(util)} used` : ''})` : ''}`
      : ': every write and its reads land on it';
    // An explicit `replication` mode stays; otherwise the replicas are asynchronous.
    const replicas = c.propertyLocations.replication ? '2' : '2 async';
    const callers = [...new Set(ctx.inEdges(c.id).map((e) => e.from))];
    const finding: RawFinding = {
      message: `${c.name} is the only database written, and a single node (no replicas, no shards)${figures}; reads cannot spread over replicas nor writes over shards, so this one machine caps the system. Add read replicas (and shard when writes outgrow one node)`,
      location: c.nameLocation,
      related: ctx
        .inEdges(c.id)
        .slice(0, 8)
        .map((e) => ({
          location: e.location,
          message: `${e.from} ${e.cdc ? 'feeds it committed writes' : e.traffic === 'reads' ? 'reads from it' : e.traffic === 'writes' ? 'writes to it' : 'reads from and writes to it'}`,
        })),
      components: [c.id, ...callers],
      fixes: [
        {
          title: `add 2 read replicas to ${c.name} and read from them (replicas ${replicas}, read-from replicas)`,
          operations: setProperties({ component: c.id }, c.propertyLocations, [
            ['replicas', replicas],
            ['read-from', 'replicas'],
          ]),
          preferred: true,
        },
      ],
    };
    return [finding];
  },
};
