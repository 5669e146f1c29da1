/**
 * The resilience figures per replication (issue 16): per edge with retries, a timeout, budget,
 * breaker, fallback, optional or a pool, its calls, attempts, retries, timeouts, failures, breaker
 * time open and pool waits or refusals; per client, the share over its end-to-end timeout and its
 * error rate.
 */
import { POOL_BULKHEAD } from './calls-plan.js';
import type { Engine } from './engine.js';
import { estimateOf } from './estimate.js';
import type { Plan } from './plan.js';
import type { Estimate, SimCalls } from './types.js';

const EDGE_FIGURES = 11;
const F_CALLS = 0;
const F_ATTEMPTS = 1;
const F_RETRIES = 2;
const F_TIMEOUT = 3;
const F_FAILED = 4;
const F_FAST = 5;
const F_DEGRADED = 6;
const F_OPEN = 7;
const F_WAIT = 8;
const F_WAIT_MS = 9;
const F_REFUSED = 10;

export class CallCollector {
  private readonly fig: Float64Array[];
  private readonly late: Float64Array;
  private readonly errors: Float64Array;

  constructor(
    private readonly p: Plan,
    private readonly R: number,
  ) {
    const nan = (k: number) => new Float64Array(k * R).fill(NaN);
    this.fig = Array.from({ length: EDGE_FIGURES }, () => nan(p.m));
    this.late = nan(p.clients.length * 2);
    this.errors = nan(p.clients.length * 2);
  }

  add(en: Engine, r: number, windowMs: number): void {
    const p = this.p;
    const cp = p.calls;
    const R = this.R;
    const s = windowMs / 1000;
    const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
    for (let e = 0; e < p.m; e++) {
      if (!cp.any[e]) continue;
      const at = e * R + r;
      const sent = en.edgeCalls[e]!;
      const calls = en.eFirst[e]!;
      const f = this.fig;
      f[F_CALLS]![at] = calls / s;
      f[F_ATTEMPTS]![at] = ratio(sent, calls);
      f[F_RETRIES]![at] = en.eRetries[e]! / s;
      // as the analysis's s = P(call time > τ): among attempts that did not fail on their own
      // (a down callee fails at once), those the caller gave up on
      const ok = sent + en.eRefused[e]! - en.eFailed[e]!;
      f[F_TIMEOUT]![at] = ratio(en.eTimeouts[e]!, en.eTimeouts[e]! + ok);
      f[F_FAILED]![at] = ratio(en.eFailed[e]!, sent + en.eRefused[e]!);
      f[F_FAST]![at] = en.eFast[e]! / s;
      f[F_DEGRADED]![at] = en.eDegraded[e]! / s;
      const bi = cp.brIndex[e]!;
      if (bi >= 0) f[F_OPEN]![at] = en.openShare(bi, en.warmMs + windowMs);
      if (cp.poolKind[e]) {
        const acq = en.eAcquired[e]!;
        f[F_WAIT]![at] = ratio(en.eWaited[e]!, acq);
        f[F_WAIT_MS]![at] = ratio(en.eWaitMs[e]!, acq);
        f[F_REFUSED]![at] = ratio(en.eRefused[e]!, acq);
      }
    }
    for (let i = 0; i < p.clients.length * 2; i++) {
      const done = en.finished[i]!;
      if (!(p.clientRate[i >> 1]! > 0) || !(done > 0)) continue;
      if (p.clientTimeout[i >> 1]! > 0) this.late[i * R + r] = en.late[i]! / done;
      this.errors[i * R + r] = en.errors[i]! / done;
    }
  }

  private est(a: Float64Array, i: number, measured: number): Estimate {
    return estimateOf(a, i * this.R, i * this.R + measured);
  }

  edgeFigures(e: number, measured: number): SimCalls | undefined {
    const cp = this.p.calls;
    if (!cp.any[e]) return undefined;
    const x = (k: number) => this.est(this.fig[k]!, e, measured);
    const kind = cp.poolKind[e]!;
    return {
      callsRps: x(F_CALLS),
      attemptsPerCall: x(F_ATTEMPTS),
      retriesRps: x(F_RETRIES),
      timeoutShare: x(F_TIMEOUT),
      failureShare: x(F_FAILED),
      fastFailRps: x(F_FAST),
      degradedRps: x(F_DEGRADED),
      breakerOpen: cp.brIndex[e]! >= 0 ? x(F_OPEN) : null,
      pool: kind
        ? {
            kind: kind === POOL_BULKHEAD ? 'bulkhead' : 'pool',
            waitProbability: x(F_WAIT),
            meanWaitMs: x(F_WAIT_MS),
            refusal: x(F_REFUSED),
          }
        : null,
    };
  }

  /** The client slot-class i's timeout share (undefined without a timeout) and error rate. */
  request(i: number, measured: number): { timeoutShare?: Estimate; errorRate: Estimate } {
    const errorRate = this.est(this.errors, i, measured);
    return this.p.clientTimeout[i >> 1]! > 0
      ? { timeoutShare: this.est(this.late, i, measured), errorRate }
      : { errorRate };
  }
}
