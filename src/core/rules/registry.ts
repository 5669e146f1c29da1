/**
 * Every rule, once, in the order they are reported. One file per rule in this folder, named after
 * the rule id, documented in docs/rules/<id>.md. Where two rules could report one problem, which
 * one does is decided in overlaps.ts (its table lists every such pair).
 */
import { autoscaleCeiling } from './autoscale-ceiling.js';
import { cacheWithoutExpiry } from './cache-without-expiry.js';
import { capContradiction } from './cap-contradiction.js';
import { connectionExhaustion } from './connection-exhaustion.js';
import { consistencyRequirement } from './consistency-requirement.js';
import { crossRegionConsistency } from './cross-region-consistency.js';
import { errorRateSlo } from './error-rate-slo.js';
import { failoverCapacity } from './failover-capacity.js';
import { fileCache } from './file-cache.js';
import { heterogeneousPool } from './heterogeneous-pool.js';
import { hotShard } from './hot-shard.js';
import { idleConsumers } from './idle-consumers.js';
import { latencyBudget } from './latency-budget.js';
import { lowHeadroom } from './low-headroom.js';
import { missingCache } from './missing-cache.js';
import { nonIdempotentConsumer } from './non-idempotent-consumer.js';
import { overloaded } from './overloaded.js';
import { queryCache } from './query-cache.js';
import { queueBacklog } from './queue-backlog.js';
import { readYourWrites } from './read-your-writes.js';
import { retryAmplification } from './retry-amplification.js';
import { retryNonIdempotent } from './retry-non-idempotent.js';
import { scalingHeadroom } from './scaling-headroom.js';
import { singleDatabase } from './single-database.js';
import { singlePointOfFailure } from './single-point-of-failure.js';
import { statefulClones } from './stateful-clones.js';
import { storageGrowth } from './storage-growth.js';
import { syncSlowWork } from './sync-slow-work.js';
import { timeoutInversion } from './timeout-inversion.js';
import { timeoutTooShort } from './timeout-too-short.js';
import type { Rule } from './types.js';
import { unreachable } from './unreachable.js';

export const RULES: readonly Rule[] = [
  statefulClones,
  singleDatabase,
  singlePointOfFailure,
  fileCache,
  cacheWithoutExpiry,
  queryCache,
  idleConsumers,
  nonIdempotentConsumer,
  retryNonIdempotent,
  heterogeneousPool,
  unreachable,
  missingCache,
  overloaded,
  lowHeadroom,
  latencyBudget,
  errorRateSlo,
  syncSlowWork,
  queueBacklog,
  readYourWrites,
  consistencyRequirement,
  capContradiction,
  crossRegionConsistency,
  hotShard,
  storageGrowth,
  failoverCapacity,
  autoscaleCeiling,
  scalingHeadroom,
  connectionExhaustion,
  timeoutTooShort,
  timeoutInversion,
  retryAmplification,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
