/**
 * unreachable: a component (not a client) that no client reaches along the edges, so it
 * receives no load and none of its figures mean anything; usually a missing edge. Every edge
 * counts (synchronous, async, CDC, out of queues), and so do `sessions in X` / `files in X`.
 *
 * A scheduled job (`schedule every … run …`) is a load source of its own: never unreachable, and
 * what it reaches is reached.
 *
 * Not judged: a model with no client (nor scheduled job) at all (a shared library file checked on its own), and
 * systems where nothing is reached and that have no client of their own (an imported system the
 * model does not use).
 */
import { rate } from '../wording.js';
import type { Component } from '../model.js';
import { isScheduled } from '../analysis/schedule.js';
import { reachFromClients } from './helpers/reach.js';
import type { RawFinding, Rule, RuleContext } from './types.js';

/**
 * Adds to `reached` every scheduled job (a load source of its own, issue 16) and what it reaches
 * along any edge, sessions and files as for clients.
 */
function reachFromJobs(ctx: RuleContext, jobs: readonly Component[], reached: Set<string>): void {
  const queue = jobs.map((j) => j.id);
  for (const id of queue) reached.add(id);
  const visit = (to: string) => {
    if (reached.has(to) || !ctx.component(to)) return;
    reached.add(to);
    queue.push(to);
  };
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const e of ctx.outEdges(id)) visit(e.to);
    const c = ctx.component(id);
    if (c?.sessions?.kind === 'store') visit(c.sessions.store);
    if (c?.files?.kind === 'store') visit(c.files.store);
  }
}

export const unreachable: Rule = {
  id: 'unreachable',
  defaultSeverity: 'warning',
  description: 'A component no client reaches through the edges: it receives no load.',
  concept: 'Load sources and traffic propagation: every component is reached by some request',
  check(ctx) {
    const clients = ctx.model.components.filter((c) => c.kind === 'client');
    const jobs = ctx.model.components.filter((c) => c.kind !== 'client' && isScheduled(c));
    if (clients.length === 0 && jobs.length === 0) return [];
    const reached = new Set<string>(reachFromClients(ctx, false).keys());
    reachFromJobs(ctx, jobs, reached);
    const live = new Set<string>();
    for (const c of ctx.model.components) if (reached.has(c.id)) live.add(c.system);
    const sources = [...clients, ...jobs];
    const out: RawFinding[] = [];
    for (const c of ctx.model.components) {
      if (c.kind === 'client' || reached.has(c.id) || !live.has(c.system)) continue; // a scheduled job reached itself
      const callers = [...new Set(ctx.inEdges(c.id).map((e) => e.from))];
      const why = callers.length ? `its callers (${callers.join(', ')}) are not reached either` : 'no edge leads to it';
      out.push({
        message: `${c.name} is not reached from any ${jobs.length ? 'client or scheduled job' : 'client'} (${sources
          .slice(0, 3)
          .map((k) => k.name)
          .join(
            ', ',
          )}${sources.length > 3 ? ', ...' : ''}): ${why}, so it receives no load (${rate(0)}) and its figures mean nothing; connect it with an edge or remove it`,
        location: c.nameLocation,
        related: ctx
          .inEdges(c.id)
          .map((e) => ({ location: e.location, message: `${e.from} calls ${c.name} but is not reached itself` })),
        components: [c.id, ...callers],
      });
    }
    return out;
  },
};
