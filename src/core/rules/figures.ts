/** Rules that read the analysis's figures (loads, utilisation, latency, consistency, storage). */
import { capContradiction } from './cap-contradiction.js';
import { consistencyRequirement } from './consistency-requirement.js';
import { hotShard } from './hot-shard.js';
import { latencyBudget } from './latency-budget.js';
import { lowHeadroom } from './low-headroom.js';
import { missingCache } from './missing-cache.js';
import { overloaded } from './overloaded.js';
import { queueBacklog } from './queue-backlog.js';
import { readYourWrites } from './read-your-writes.js';
import { storageGrowth } from './storage-growth.js';
import { syncSlowWork } from './sync-slow-work.js';
import type { Rule } from './types.js';

export const FIGURE_RULES: readonly Rule[] = [
  missingCache,
  overloaded,
  lowHeadroom,
  latencyBudget,
  syncSlowWork,
  queueBacklog,
  readYourWrites,
  consistencyRequirement,
  capContradiction,
  hotShard,
  storageGrowth,
];
