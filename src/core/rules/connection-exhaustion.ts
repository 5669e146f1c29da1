/**
 * connection-exhaustion (issue 16): connection pools that cannot work.
 * (a) A store's callers may open more connections than it accepts: Σ caller instances × pool size
 *     above `max-connections`, today or with every autoscaled caller at its maximum (the pools are
 *     per instance, so scaling out multiplies them). No fix: a smaller pool, a connection proxy or
 *     a larger limit is the designer's choice.
 * (b) A pool too small for its load: λᵢ·R connections in use reach the pool (exhausted: every call
 *     waits, without bound), or more than 10 % of calls wait for a connection (Erlang C); a
 *     bulkhead that refuses more than 1 % of calls (Erlang B). The fix sets the edge's pool (or
 *     bulkhead) to the smallest size within the threshold. A pool on a saturated callee is left to
 *     `overloaded` (its calls never end: no pool size helps).
 */
import {
  BULKHEAD_REFUSAL_THRESHOLD,
  bulkheadSizeFor,
  POOL_WAIT_THRESHOLD,
  poolSizeFor,
} from '../analysis/connections.js';
import type { Component, Edge } from '../model.js';
import { count, percent } from '../wording.js';
import { value } from './helpers/figures.js';
import { at } from './helpers/where.js';
import type { RawFinding, Rule, RuleContext } from './types.js';

/** (a) every store whose callers' pools open more than its `max-connections`. */
function overLimit(ctx: RuleContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const c of ctx.model.components) {
    if (c.maxConnections === undefined) continue;
    const f = ctx.figures(c.id)?.connections;
    const limit = f ? value(f.limit) : null;
    if (!f || limit === null) continue;
    const today = value(f.opened);
    const atMax = value(f.openedAtMax);
    if (today === null || atMax === null || atMax <= limit) continue;
    const callers = [...new Set(ctx.inEdges(c.id).map((e) => e.from))]
      .map((id) => ctx.component(id))
      .filter((k): k is Component => !!k && k.connections !== undefined);
    const when =
      today > limit
        ? `already today: ${f.opened.text} > ${count(limit)}`
        : `at the autoscale maximum: ${f.openedAtMax.text.replace(/ \(every caller at its autoscale maximum\)$/, '')} > ${count(limit)} (today ${count(today)})`;
    out.push({
      message: `${c.name} accepts ${count(limit)} connections (max-connections) but its callers' pools (per instance) may open more ${when}; use smaller pools, a connection proxy, or raise max-connections`,
      location: at(c, 'max-connections'),
      components: [c.id, ...callers.map((k) => k.id)],
      related: callers.map((k) => ({
        location: at(k, 'connections'),
        message: `${k.name}: connections ${count(k.connections!)} per instance`,
      })),
    });
  }
  return out;
}

/** (b) a pool or bulkhead too small for λᵢ·R on one edge. */
function tooSmall(ctx: RuleContext, e: Edge): RawFinding | null {
  const p = ctx.edgeFigures(e.id)?.connections;
  if (!p) return null;
  const a = value(p.inUse);
  const c = value(p.size);
  if (a === null || c === null || !(a > 0)) return null; // unbounded: the callee is saturated (overloaded)
  const caller = ctx.component(e.from);
  const onEdge = p.kind === 'bulkhead' || e.connections !== undefined;
  const location =
    onEdge || !caller
      ? (e.propertyLocations[p.kind === 'bulkhead' ? 'bulkhead' : 'connections'] ?? e.location)
      : at(caller, 'connections');
  const along = `${e.from} → ${e.to}`;
  if (p.kind === 'bulkhead') {
    const B = value(p.refusal);
    if (B === null || B <= BULKHEAD_REFUSAL_THRESHOLD) return null;
    const n = bulkheadSizeFor(a, BULKHEAD_REFUSAL_THRESHOLD);
    return {
      message: `the bulkhead of ${count(c)} on ${along} refuses ${percent(B, 2)} of calls (Erlang B(${count(c)}, ${count(a)}): ${p.inUse.text}); ${count(n)} slots refuse at most ${percent(BULKHEAD_REFUSAL_THRESHOLD, 0)}`,
      location,
      components: [e.from, e.to],
      fixes: [
        {
          title: `Set the bulkhead to ${count(n)}`,
          operations: [{ op: 'set-property', target: { edge: e.id }, key: 'bulkhead', value: String(n) }],
          preferred: true,
        },
      ],
    };
  }
  const C = value(p.waitProbability);
  if (!p.exhausted && (C === null || C <= POOL_WAIT_THRESHOLD)) return null;
  const n = poolSizeFor(a, POOL_WAIT_THRESHOLD);
  const what = p.exhausted
    ? `is exhausted: ${p.inUse.text}, so every call waits and the wait grows without bound`
    : `makes ${percent(C!, 1)} of calls wait for a connection (Erlang C(${count(c)}, ${count(a)}); ${p.inUse.text})`;
  return {
    message: `the pool of ${count(c)} connections per ${e.from} instance on ${along} ${what}; ${count(n)} connections keep the wait under ${percent(POOL_WAIT_THRESHOLD, 0)}`,
    location,
    components: [e.from, e.to],
    fixes: [
      {
        title: `Set the pool on ${along} to ${count(n)} connections`,
        operations: [{ op: 'set-property', target: { edge: e.id }, key: 'connections', value: String(n) }],
        preferred: true,
      },
    ],
  };
}

export const connectionExhaustion: Rule = {
  id: 'connection-exhaustion',
  defaultSeverity: 'warning',
  description:
    "A store's callers' pools open more connections than it accepts, or a pool too small for its calls' load × time.",
  concept:
    "Connection pools: instances × pool within max-connections, in use = λ·R (Little's law), the wait by Erlang C",
  check(ctx) {
    const out = overLimit(ctx);
    for (const e of ctx.model.edges) {
      const f = tooSmall(ctx, e);
      if (f) out.push(f);
    }
    return out;
  },
};
