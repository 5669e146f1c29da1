/** Rules that read the model's shape (kinds, properties, edges). */
import { cacheWithoutExpiry } from './cache-without-expiry.js';
import { fileCache } from './file-cache.js';
import { heterogeneousPool } from './heterogeneous-pool.js';
import { idleConsumers } from './idle-consumers.js';
import { nonIdempotentConsumer } from './non-idempotent-consumer.js';
import { queryCache } from './query-cache.js';
import { retryNonIdempotent } from './retry-non-idempotent.js';
import { singleDatabase } from './single-database.js';
import { singlePointOfFailure } from './single-point-of-failure.js';
import { statefulClones } from './stateful-clones.js';
import type { Rule } from './types.js';
import { unreachable } from './unreachable.js';

export const STRUCTURAL_RULES: readonly Rule[] = [
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
];
