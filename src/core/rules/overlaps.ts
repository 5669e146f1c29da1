/**
 * Which rule reports a problem that two rules could both see (see the table in registry.ts):
 * the decisions the rules read to stay out of each other's way.
 */
import type { ComponentAnalysis } from '../analysis/types.js';
import type { RuleContext } from './types.js';
import { value } from './helpers/figures.js';
import { capDesign } from './helpers/phrases.js';
import { cdcFed } from './helpers/reach.js';

/**
 * Whether `hot-shard` owns this component's utilisation finding: a sharded store whose skew is at
 * least the threshold, whose busiest node is at or above the headroom line while the mean shard
 * is below it (the skew, not the total load, is the problem).
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

/** Whether cap-contradiction owns this stale hop (a store answering from replicas by design). */
export function apByDesign(ctx: RuleContext, id: string): boolean {
  const c = ctx.component(id);
  if (!c || cdcFed(ctx, id)) return false;
  return capDesign(c)?.cap === 'AP' && ctx.figures(id)?.consistency?.cap === 'AP';
}
