/**
 * timeout-too-short: an edge's per-attempt timeout below the p99 of its call time (edge latency +
 * the callee's response, at the analysis's fixed point): more than 1 % of attempts are cut, each
 * a failure (or a retry that loads the callee again). The share is the analysis's timeout share
 * s = P(call time > timeout). Fix: raise the timeout to the p99, rounded up.
 */
import { duration, percent, possessive } from '../wording.js';
import { value } from './helpers/figures.js';
import type { RawFinding, Rule } from './types.js';

/** Shares of attempts cut at or below this are what a timeout at the p99 cuts anyway. */
const CUT = 0.01;

/** Rounds a time up to two significant digits, ms (83.2 → 84, 1234 → 1300). */
export function roundUpMs(ms: number): number {
  if (!(ms > 0)) return 1;
  const step = Math.pow(10, Math.max(0, Math.floor(Math.log10(ms)) - 1));
  return Math.ceil(ms / step - 1e-9) * step;
}

export const timeoutTooShort: Rule = {
  id: 'timeout-too-short',
  defaultSeverity: 'warning',
  description: "A call's timeout below the p99 of its call time: it cuts more than 1 % of attempts.",
  concept: 'Per-hop timeouts sized from the callee’s response-time distribution (its p99), not guessed',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const e of ctx.model.edges) {
      const tau = e.timeoutMs;
      if (tau === undefined || !(tau > 0)) continue;
      const res = ctx.edgeFigures(e.id)?.resilience;
      if (!res) continue;
      const s = value(res.timeoutShare);
      const p99 = value(res.callP99);
      if (s === null || !(s > CUT) || (p99 !== null && !(p99 > tau))) continue;
      // a call time unbounded because something it waits for is saturated is overloaded's finding,
      // unless the retries themselves saturate it (a storm: the timeout and retries are the cause)
      if (p99 === null && !res.retryStorm) continue;
      const callee = ctx.component(e.to);
      const name = callee?.name ?? e.to;
      const storm = res.retryStorm ? ` (${name} is saturated by the retries: a retry storm)` : '';
      const fixes =
        p99 !== null && Number.isFinite(p99)
          ? [
              {
                title: `raise the timeout on ${e.from} -> ${e.to} to ${duration(roundUpMs(p99))} (the p99 of its call time)`,
                operations: [
                  {
                    op: 'set-property' as const,
                    target: { edge: e.id },
                    key: 'timeout',
                    value: `${roundUpMs(p99)} ms`,
                  },
                ],
                preferred: true,
              },
            ]
          : [];
      out.push({
        message: `timeout ${duration(tau)} on ${e.from} -> ${e.to} is below ${possessive(name)} p99 (${p99 !== null ? duration(p99) : 'unbounded: saturated'}, edge latency included): it cuts ${percent(s)} of calls${storm}; size the timeout from the p99 so it only cuts the stragglers`,
        location: e.propertyLocations.timeout ?? e.location,
        related: callee ? [{ location: callee.nameLocation, message: `${possessive(name)} response time` }] : [],
        components: [e.from, e.to],
        fixes,
      });
    }
    return out;
  },
};
