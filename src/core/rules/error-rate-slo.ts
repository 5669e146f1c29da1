/**
 * error-rate-slo: a system's requests fail more often than its `slo { error-rate … }`: the
 * rate-weighted error rate of its clients' request classes (unavailability + the share over the
 * end-to-end timeout + bulkhead refusals, figures-errors.ts) is above the target. Names the worst
 * request class and the biggest contributor over the system: the components being down, requests
 * outlasting the timeout, or a bulkhead refusing calls.
 */
import type { RequestAnalysis } from '../analysis/types.js';
import { duration, percent, possessive } from '../wording.js';
import { value } from './helpers/figures.js';
import { sloLocation } from './helpers/where.js';
import type { RawFinding, RelatedInfo, Rule } from './types.js';

/** A number from a figure's inputs, else 0. */
const input = (r: RequestAnalysis, key: string): number => {
  const v = r.errorRate.inputs[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

export const errorRateSlo: Rule = {
  id: 'error-rate-slo',
  defaultSeverity: 'warning',
  description:
    "A system's requests fail more often than its SLO's error rate: unavailability, requests over the end-to-end timeout, bulkhead refusals.",
  concept: 'SLOs on error rate as well as latency: failures by availability, timeouts and refusals',
  check(ctx) {
    const out: RawFinding[] = [];
    ctx.model.systems.forEach((sys, s) => {
      const target = sys.slo?.errorRate;
      const summary = ctx.analysis.systems[s];
      if (target === undefined || !summary || summary.meetsErrorRateSlo !== false) return;
      const err = value(summary.errorRate) ?? 0;
      const clients = new Set(sys.components.filter((id) => ctx.component(id)?.kind === 'client'));
      const mine = ctx.analysis.requests.filter((r) => clients.has(r.client) && value(r.errorRate) !== null);
      if (mine.length === 0) return;
      // requests that fail because something they wait for is saturated (unbounded, or cut by a
      // timeout): overloaded reports the saturation (overlaps.ts), the error rate only follows from it
      if (summary.saturated.length > 0) return;
      // contributions over the system, rate-weighted
      let total = 0;
      let down = 0;
      let late = 0;
      const refused = new Map<string, number>();
      for (const r of mine) {
        const w = value(r.rate) ?? 0;
        total += w;
        down += w * Math.max(0, 1 - input(r, 'availability'));
        late += w * input(r, 'timeoutShare');
        const by = r.errorRate.inputs.refusedBy;
        if (typeof by === 'string') refused.set(by, (refused.get(by) ?? 0) + w * input(r, 'refused'));
      }
      const per = (x: number) => (total > 0 ? x / total : 0);
      const worst = mine.reduce((a, b) => ((value(b.errorRate) ?? 0) > (value(a.errorRate) ?? 0) ? b : a));
      let cause = `the biggest share is failed calls (${percent(per(down), 2)}: a component the requests need is down, or a call's every attempt fails or times out)`;
      let best = down;
      if (late > best) {
        best = late;
        const slowest = mine.reduce((a, b) => (input(b, 'timeoutShare') > input(a, 'timeoutShare') ? b : a));
        const tau = input(slowest, 'timeoutMs');
        cause =
          `the biggest share is timeouts (${percent(per(late), 2)}): ${percent(input(slowest, 'timeoutShare'), 2)} of ${possessive(slowest.client)} ${slowest.traffic} ` +
          `take longer than the ${duration(tau)} end-to-end timeout (p95 ${value(slowest.latency.p95) !== null ? duration(value(slowest.latency.p95)!) : 'unbounded'})`;
      }
      for (const [edge, x] of refused)
        if (x > best) {
          best = x;
          cause = `the biggest share is the bulkhead on ${edge} refusing calls (${percent(per(x), 2)})`;
        }
      const rel: RelatedInfo[] = [];
      const client = ctx.component(worst.client);
      if (client)
        rel.push({
          location: client.nameLocation,
          message: `${percent(value(worst.errorRate) ?? 0, 2)} of ${possessive(worst.client)} ${worst.traffic} fail`,
        });
      out.push({
        message:
          `${possessive(sys.name)} requests fail ${percent(err, 2)} of the time, above the SLO's error rate of ${percent(target, 2)}: ` +
          `${cause}; worst: ${possessive(worst.client)} ${worst.traffic} at ${percent(value(worst.errorRate) ?? 0, 2)}`,
        location: sloLocation(sys.slo!, 'error-rate'),
        components: [worst.client],
        related: rel,
      });
    });
    return out;
  },
};
