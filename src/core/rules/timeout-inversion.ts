/**
 * timeout-inversion: a hop's timeout at or above its caller's own timeout: the timeout on a
 * synchronous edge into the caller, a client's end-to-end timeout (`client { timeout 400 ms }`),
 * or the system SLO's (`slo { timeout 500 ms }`, for callers a client's request reaches through
 * waited-for calls: not a consumer behind a queue). The caller's caller gives up first, so the hop
 * keeps waiting (and retrying) for an answer nobody will read: wasted work, and retries that land
 * after the request has already failed. Structural: read from the model's timeouts alone.
 */
import { waitsAsWritten } from './helpers/reach.js';
import type { Component, SourceLocation } from '../model.js';
import { duration, possessive } from '../wording.js';
import type { RawFinding, Rule, RuleContext } from './types.js';

interface Outer {
  ms: number;
  /** How the message names it. */
  what: string;
  location: SourceLocation;
  /** Who gives up first. */
  who: string;
}

function timeout(ms: number | undefined): number | undefined {
  return ms !== undefined && ms > 0 && Number.isFinite(ms) ? ms : undefined;
}

/** Rounds a time down to two significant digits, ms (at least 1). */
function roundDownMs(ms: number): number {
  const step = Math.pow(10, Math.max(0, Math.floor(Math.log10(ms)) - 1));
  return Math.max(1, Math.floor(ms / step) * step);
}

/** Components a client's request reaches through calls its callers wait for (the SLO's timeout bounds them). */
function requestPath(ctx: RuleContext): Set<string> {
  const seen = new Set<string>();
  const stack = ctx.model.components.filter((c) => c.kind === 'client').map((c) => c.id);
  for (const id of stack) seen.add(id);
  while (stack.length) {
    const id = stack.pop()!;
    for (const f of ctx.outEdges(id)) {
      if (seen.has(f.to) || !waitsAsWritten(ctx, f)) continue;
      seen.add(f.to);
      stack.push(f.to);
    }
  }
  return seen;
}

export const timeoutInversion: Rule = {
  id: 'timeout-inversion',
  defaultSeverity: 'warning',
  description:
    "A hop's timeout at or above its caller's own timeout: the caller gives up first and the inner work is wasted.",
  concept: 'Per-hop timeouts shorter than the end-to-end timeout (100–150 ms hops inside a 300–500 ms request)',
  check(ctx) {
    const out: RawFinding[] = [];
    const slo = new Map(ctx.model.systems.map((s) => [s.name, s.slo]));
    let inRequest: Set<string> | undefined; // only when some SLO has a timeout
    for (const e of ctx.model.edges) {
      const tau = timeout(e.timeoutMs);
      if (tau === undefined || !waitsAsWritten(ctx, e)) continue;
      const caller: Component | undefined = ctx.component(e.from);
      if (!caller) continue;
      const outer: Outer[] = [];
      for (const d of ctx.inEdges(e.from)) {
        const t = timeout(d.timeoutMs);
        if (t === undefined || !waitsAsWritten(ctx, d)) continue;
        outer.push({
          ms: t,
          what: `the timeout ${duration(t)} on ${d.from} -> ${d.to}`,
          location: d.propertyLocations.timeout ?? d.location,
          who: d.from,
        });
      }
      const s = slo.get(caller.system);
      const own = caller.kind === 'client' ? timeout(caller.timeoutMs) : undefined;
      if (own !== undefined)
        outer.push({
          ms: own,
          what: `${possessive(caller.name)} end-to-end timeout ${duration(own)}`,
          location: caller.propertyLocations.timeout ?? caller.location,
          who: caller.name,
        });
      const e2e = timeout(s?.timeoutMs);
      if (e2e !== undefined && s && (inRequest ??= requestPath(ctx)).has(caller.id))
        outer.push({
          ms: e2e,
          what: `the SLO's end-to-end timeout ${duration(e2e)}`,
          location: s.location,
          who: 'the client',
        });
      if (outer.length === 0) continue;
      const tightest = outer.reduce((a, b) => (b.ms < a.ms ? b : a));
      if (tau < tightest.ms) continue;
      const lower = roundDownMs(tightest.ms * 0.8);
      out.push({
        message: `timeout ${duration(tau)} on ${e.from} -> ${e.to} is at or above ${tightest.what}: ${tightest.who} gives up first, and ${possessive(caller.name)} wait for ${e.to} (and its retries) is wasted work; make each hop's timeout shorter than its caller's`,
        location: e.propertyLocations.timeout ?? e.location,
        related: [{ location: tightest.location, message: `${tightest.what}` }],
        components: [e.from, e.to],
        fixes: [
          {
            title: `lower the timeout on ${e.from} -> ${e.to} to ${duration(lower)} (below ${tightest.what})`,
            operations: [{ op: 'set-property', target: { edge: e.id }, key: 'timeout', value: `${lower} ms` }],
            preferred: true,
          },
        ],
      });
    }
    return out;
  },
};
