/** A server group's queue (queueing.ts) from a service model, and its response time as a distribution summary. */
import type { ServiceModel } from './component.js';
import { queue, type Queue } from './queueing.js';
import { constant, mixture, UNBOUNDED, type Dist } from './stats.js';

/**
 * The queue of one server group (ms units), or null without capacity. `arrivalPhases` n > 1:
 * the group gets every n-th arrival (round-robin over n instances).
 */
export function queueOf(sm: ServiceModel, lambdaRps: number, servers: number, arrivalPhases = 1): Queue | null {
  if (!sm.hasCapacity || sm.perInstanceRps <= 0) return null;
  return queue(lambdaRps / 1000, sm.serviceMs, servers, { arrivalPhases, serviceCv: sm.serviceCv, batch: sm.batch });
}

/**
 * Response time of a queue plus the fixed latency, as a distribution summary: exact (M/M/c or
 * GI/M/c: S + a wait that is 0 or exponential) with an exponential service time; else by its
 * moments, a mixture of the service alone (1 − C) and the service plus an exponential wait of
 * the Allen–Cunneen mean (C), whose floor is the service time when it is deterministic.
 */
export function queueDist(q: Queue | null, fixedMs: number, zeroCapacityLoaded: boolean): Dist {
  if (zeroCapacityLoaded) return UNBOUNDED;
  if (!q) return constant(fixedMs);
  if (q.saturated) return UNBOUNDED;
  if (q.servers === 0) return constant(fixedMs);
  if (!q.exponentialService) {
    const S = q.serviceTime;
    const varS = q.serviceScv * S * S;
    const floor = fixedMs + (q.serviceScv === 0 ? S : 0);
    const C = q.waitProbability;
    const theta = q.waitRate;
    const served: Dist = { mean: S + fixedMs, variance: varS, floor, unbounded: false };
    if (!(C > 0) || !(theta > 0) || !Number.isFinite(theta)) return served;
    // the wait of those who wait: waitShift + Exp(θ) (the shift is 0 but for M/G/1)
    const waited: Dist = {
      mean: S + q.waitShift + 1 / theta + fixedMs,
      variance: varS + 1 / (theta * theta),
      floor: floor + (q.serviceScv === 0 ? q.waitShift : 0),
      unbounded: false,
    };
    return mixture([
      { p: 1 - C, d: served },
      { p: C, d: waited },
    ]);
  }
  const out: Dist = {
    mean: q.meanResponse + fixedMs,
    variance: q.responseVariance,
    floor: fixedMs,
    unbounded: false,
    exact: {
      lambda: q.lambda,
      serviceMs: q.serviceTime,
      servers: q.servers,
      waitProbability: q.waitProbability,
      fixedMs,
    },
  };
  if (q.method === 'gi-m-c') out.exact!.waitRate = q.waitRate;
  return out;
}
