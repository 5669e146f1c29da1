/**
 * Which rule reports a problem that two rules could both see: the one table of those decisions,
 * and the tests the rules read to stay out of each other's way.
 *
 * | problem                                                     | could be reported by                       | reported by                                                                                             | decided by                         |
 * |-------------------------------------------------------------|--------------------------------------------|---------------------------------------------------------------------------------------------------------|------------------------------------|
 * | a saturated consumer pool fed only by queues or streams     | overloaded, queue-backlog                  | queue-backlog (at the broker, with its consumers and partitions)                                        | `queueBacklogOwns`                 |
 * | a sharded store whose hottest shard alone is busy           | overloaded, low-headroom, hot-shard        | hot-shard (the skew, not the total load, is the problem); an error when that shard is saturated         | `hotShardOwns`                     |
 * | a component at or above 100 % / at the headroom line        | overloaded, low-headroom                   | overloaded from saturation up, low-headroom from the headroom line to below 100 %                       | the rules' ranges                  |
 * | a system that saturates below the scaling-headroom multiplier | scaling-headroom, overloaded, low-headroom | overloaded from 100 %, low-headroom from the headroom line, scaling-headroom below the line (saturates under the threshold × today's load); an autoscaled pool whose maximum carries the threshold: the autoscaler's (autoscale-ceiling) | the rules' ranges (scaling-headroom) |
 * | a latency SLO target missed as the load grows               | scaling-headroom, latency-budget           | latency-budget when missed today; scaling-headroom when it holds today and is missed below the threshold | scaling-headroom                   |
 * | a hot partition's consumer while the pool's mean is fine    | hot-shard, overloaded, low-headroom        | hot-shard (the pool's mean is below the headroom line, so the others are silent); an error at ≥ 100 %   | hot-shard's broker check           |
 * | strong reads from a store that is AP by design              | consistency-requirement, cap-contradiction | cap-contradiction (a CAP choice of the store, not a stale cache, index or CDC feed)                     | `capContradictionOwns`             |
 * | a stale serving hop on a path with a requirement            | consistency-requirement, read-your-writes  | `requires strong` / `monotonic` / `eventual`: consistency-requirement; `requires read-your-writes` / `session`: read-your-writes | `staleReadOwner`                   |
 * | a client's writes reaching a strong store it reads, async   | read-your-writes, consistency-requirement  | read-your-writes, only while the store itself is strong (a stale store is reported as stale)            | read-your-writes                   |
 * | a request class unbounded because something is saturated   | latency-budget, overloaded                 | overloaded; latency-budget only when the SLO is missed even without load                                | latency-budget                     |
 * | requests failing because something they wait for is saturated | error-rate-slo, timeout-too-short, overloaded | overloaded; error-rate-slo is silent while a request class of the system is unbounded, timeout-too-short on a saturated callee unless its own retries saturate it (a storm) | error-rate-slo, timeout-too-short |
 * | slow work a request waits for                               | sync-slow-work, overloaded, low-headroom   | sync-slow-work for the work itself at no load; queueing near saturation is overloaded's / low-headroom's | sync-slow-work                     |
 * | a retried write into a queue or stream                      | retry-non-idempotent, non-idempotent-consumer | non-idempotent-consumer (queues and streams are not judged for idempotence)                          | `KINDS.judgedForIdempotence`       |
 * | the only database, one node, serving reads and writes       | single-database, single-point-of-failure   | both: one machine caps the system's capacity, and its failure stops every request (two problems)        | —                                  |
 * | a cache without expiry on a path that requires eventual     | cache-without-expiry, consistency-requirement | both: one at the cache, one at the requirement it breaks                                             | —                                  |
 * | a read-heavy database above its target utilisation          | missing-cache, overloaded, low-headroom    | both: the capacity rules size it, missing-cache takes the reads off it                                  | —                                  |
 * | a pool or store whose survivors saturate after one loss     | failover-capacity, overloaded, low-headroom | overloaded when saturated already; failover-capacity when only the loss saturates it (low-headroom may also warn: headroom and redundancy are two problems) | failover-capacity                  |
 * | an SLO missed                                               | failover-capacity, latency-budget          | latency-budget when missed today; failover-capacity only when it holds today and one loss breaks it     | failover-capacity                  |
 * | an autoscaled pool a scenario needs more of than its maximum | autoscale-ceiling, overloaded (in the scenario) | both: overloaded when the scenario saturates today's instances, autoscale-ceiling when even the maximum is short at the target | —                                  |
 * | growth outrunning an autoscale maximum                      | autoscale-ceiling, scaling-headroom        | autoscale-ceiling for the month growth needs more than the maximum; scaling-headroom for today's load multiplier | —                                  |
 * | a finding under a scenario                                  | the rule under the scenario, the same rule in the model | the model's finding; the scenario reports only what the model does not (same rule, component, place) | `scenarioFindings` (scenarios.ts)  |
 *
 * (A saturated component is an error whichever rule reports it: overloaded and queue-backlog are
 * errors by default, hot-shard raises its saturated findings to one with `minSeverity`.)
 */
import type { ComponentAnalysis } from '../analysis/types.js';
import type { ConsistencyRequirement } from '../model.js';
import { value } from './helpers/figures.js';
import { capDesign } from './helpers/phrases.js';
import { cdcFed, consumerOnly } from './helpers/reach.js';
import type { RuleContext } from './types.js';

/**
 * Whether queue-backlog owns a saturated component's finding (not overloaded): every input comes
 * out of a queue or stream, so it is a consumer pool, reported at its broker.
 */
export function queueBacklogOwns(ctx: RuleContext, id: string): boolean {
  return consumerOnly(ctx, id);
}

/**
 * Whether hot-shard owns this component's utilisation finding (not overloaded nor low-headroom):
 * a sharded store whose skew is at least the threshold, whose busiest node is at or above the
 * headroom line while the mean shard is below it (the skew, not the total load, is the problem).
 */
export function hotShardOwns(ctx: RuleContext, f: ComponentAnalysis): boolean {
  const st = f.store;
  if (!st || st.shards < 2) return false;
  const { hotShardSkew, headroomUtilization } = ctx.settings.thresholds;
  if (st.skew < hotShardSkew) return false;
  const util = value(f.utilization);
  if (util === null || util < headroomUtilization) return false;
  return util / st.skew < headroomUtilization;
}

/**
 * Whether cap-contradiction owns this stale hop of a path requiring strong reads (not
 * consistency-requirement): a store answering from its replicas by design (AP in the analysis and
 * by its own replication), not stale because change data capture feeds it.
 */
export function capContradictionOwns(ctx: RuleContext, id: string): boolean {
  const c = ctx.component(id);
  if (!c || cdcFed(ctx, id)) return false;
  return capDesign(c)?.cap === 'AP' && ctx.figures(id)?.consistency?.cap === 'AP';
}

/**
 * Which rule reports the stale serving hops of a read path, by the path's requirement: a user's
 * own writes (`read-your-writes`, `session`) are read-your-writes's; `strong`, `monotonic` and
 * `eventual` are consistency-requirement's.
 */
export function staleReadOwner(requirement: ConsistencyRequirement): 'consistency-requirement' | 'read-your-writes' {
  return requirement === 'read-your-writes' || requirement === 'session'
    ? 'read-your-writes'
    : 'consistency-requirement';
}
