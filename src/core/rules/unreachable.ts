/**
 * unreachable: a component (not a client) that no client reaches along the edges, so it
 * receives no load and none of its figures mean anything; usually a missing edge. Every edge
 * counts (synchronous, async, CDC, out of queues), and so do `sessions in X` / `files in X`.
 *
 * Not judged: a model with no client at all (a shared library file checked on its own), and
 * systems where nothing is reached and that have no client of their own (an imported system the
 * model does not use).
 */
import { rate } from '../wording.js';
import { reachFromClients } from './helpers/reach.js';
import type { RawFinding, Rule } from './types.js';

export const unreachable: Rule = {
  id: 'unreachable',
  defaultSeverity: 'warning',
  description: 'A component no client reaches through the edges: it receives no load.',
  concept: 'Load sources and traffic propagation: every component is reached by some request',
  check(ctx) {
    const clients = ctx.model.components.filter((c) => c.kind === 'client');
    if (clients.length === 0) return [];
    const reached = reachFromClients(ctx, false);
    const live = new Set<string>();
    for (const c of ctx.model.components) if (reached.has(c.id)) live.add(c.system);
    const out: RawFinding[] = [];
    for (const c of ctx.model.components) {
      if (c.kind === 'client' || reached.has(c.id) || !live.has(c.system)) continue;
      const callers = [...new Set(ctx.inEdges(c.id).map((e) => e.from))];
      const why = callers.length ? `its callers (${callers.join(', ')}) are not reached either` : 'no edge leads to it';
      out.push({
        message: `${c.name} is not reached from any client (${clients
          .slice(0, 3)
          .map((k) => k.name)
          .join(
            ', ',
          )}${clients.length > 3 ? ', ...' : ''}): ${why}, so it receives no load (${rate(0)}) and its figures mean nothing; connect it with an edge or remove it`,
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
