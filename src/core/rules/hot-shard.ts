/**
 * hot-shard: a sharded store (or a partitioned stream) whose key skew makes its hottest shard
 * busy — saturated or above the headroom line — while the mean shard is not: the load is there to
 * be spread, the keys do not spread it (partitioning with consistent hashing spreads requests
 * uniformly only while no key is hot).
 */
import { isBroker, KINDS } from '../kinds.js';
import type { Component } from '../model.js';
import { count, percent, plural, possessive, rate, times } from '../wording.js';
import { loadTotal, perInstance, value } from './helpers/figures.js';
import { instancesOps } from './helpers/fix-values.js';
import { targetOf } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import { hotShardOwns } from './overlaps.js';
import { componentRule, type Fix, type FixOperation, type RawFinding, type Rule, type RuleContext } from './types.js';

const REKEY = 're-key (a better-spread or salted key, consistent hashing) or split the hot keys';

function storeFinding(ctx: RuleContext, c: Component): RawFinding | undefined {
  if ((c.shards ?? 1) < 2 || (c.skew ?? 1) < ctx.settings.thresholds.hotShardSkew) return undefined;
  const f = ctx.figures(c.id);
  if (!f?.store || !hotShardOwns(ctx, f)) return undefined;
  const st = f.store;
  const util = value(f.utilization)!;
  const mean = util / st.skew;
  const onReplica = st.replica !== null && (value(st.replica.load) ?? 0) > (value(st.primary.load) ?? 0);
  const nodeLoad = value((onReplica ? st.replica! : st.primary).load) ?? 0;
  const state = f.saturated
    ? `saturated, its backlog growing by ${count(value(f.backlogGrowth) ?? 0)} requests/s`
    : `above the ${percent(ctx.settings.thresholds.headroomUtilization)} headroom line`;
  const sn = value(st.shardsNeeded);
  const fixes: Fix[] = [];
  let more = '';
  if (sn !== null && sn > st.shards) {
    fixes.push({
      title: `More shards: shards ${sn}`,
      operations: [{ op: 'set-property', target: { component: c.id }, key: 'shards', value: String(sn) }],
      preferred: true,
    });
    more = `, or use ${plural(sn, 'shard')} to keep the hottest below ${percent(targetOf(ctx, f))}`;
  }
  return {
    // a saturated shard is an error (its backlog grows without bound), as overloaded would say
    ...(f.saturated ? { minSeverity: 'error' as const } : {}),
    message:
      `${possessive(c.id)} hottest shard carries ${times(st.skew)} the mean: its busiest node (${onReplica ? 'a replica' : 'the primary'}) takes ${rate(nodeLoad)} (${percent(util)}), ${state}, ` +
      `while the mean shard runs at ${percent(mean)} over ${plural(st.shards, 'shard')}: ${REKEY}${more}`,
    location: at(c, 'skew'),
    components: [c.id],
    related: c.propertyLocations.shards
      ? [{ location: c.propertyLocations.shards, message: plural(st.shards, 'shard') }]
      : [],
    fixes,
  };
}

/**
 * A partitioned stream or queue with skew: at most one consumer per partition, so the consumer
 * holding the hottest partition carries λ/P × (skew + its other partitions) while the pool's mean
 * utilisation looks fine. (The analysis spreads broker load evenly; the skew is applied here.)
 */
function brokerFindings(ctx: RuleContext, b: Component): RawFinding[] {
  const { hotShardSkew, headroomUtilization } = ctx.settings.thresholds;
  const skew = b.skew ?? 1;
  const P = b.partitions ?? 0;
  if (skew < hotShardSkew || P < 2) return [];
  const out: RawFinding[] = [];
  for (const e of ctx.outEdges(b.id)) {
    const c = ctx.component(e.to);
    const f = ctx.figures(e.to);
    if (!c || !f || !f.hasCapacity || f.store) continue;
    // only consumers fed by this broker alone (their load is this broker's)
    if (ctx.inEdges(c.id).some((x) => x.from !== b.id)) continue;
    const lambda = loadTotal(f) ?? 0;
    const per = perInstance(f);
    const C = value(f.instances) ?? 0;
    if (!(lambda > 0) || per === null || !(per > 0) || C < 1) continue;
    const meanUtil = lambda / (C * per);
    const held = Math.ceil(P / C);
    const hottest = (lambda / P) * (skew + held - 1);
    const hotUtil = hottest / per;
    if (hotUtil < headroomUtilization || meanUtil >= headroomUtilization) continue;
    // One partition per consumer, with enough partitions that the hottest stays at the target.
    const target = targetOf(ctx, f);
    const parts = Math.max(P, Math.ceil((skew * lambda) / (target * per) - 1e-9));
    const ops: FixOperation[] = [];
    if (parts > P)
      ops.push({ op: 'set-property', target: { component: b.id }, key: 'partitions', value: String(parts) });
    const declared = c.instances ?? c.autoscale?.min ?? 1;
    if (declared !== parts && KINDS[c.kind].runsCode) ops.push(...instancesOps(c, parts));
    const fixes: Fix[] =
      ops.length && parts > 0
        ? [{ title: `${plural(parts, 'partition')}, one consumer each`, operations: ops, preferred: true }]
        : [];
    out.push({
      // the consumer holding the hot partition at or above 100 % falls behind without bound
      ...(hotUtil >= 1 ? { minSeverity: 'error' as const } : {}),
      message:
        `${possessive(b.id)} hottest partition carries ${times(skew)} the mean: the ${c.id} consumer holding it takes ${rate(hottest)} of ${rate(per)} (${percent(hotUtil)}), ` +
        `while the pool's mean is ${percent(meanUtil)} (${plural(P, 'partition')}, ${count(C)} consuming): ${REKEY}, or use ${plural(parts, 'partition')} with one consumer each`,
      location: at(b, 'skew'),
      components: [b.id, c.id],
      related: [{ location: at(c, 'instances', 'capacity'), message: `${c.id}: ${rate(per)} per consumer` }],
      fixes,
    });
  }
  return out;
}

export const hotShard: Rule = componentRule({
  id: 'hot-shard',
  defaultSeverity: 'warning',
  description:
    "A sharded store's (or partitioned stream's) key skew makes its hottest shard busy while the mean shard is not.",
  concept: 'Partitioning / sharding: consistent hashing distributes requests uniformly; a hot key defeats it',
  component(ctx, c) {
    const out: RawFinding[] = [];
    if (isBroker(c.kind)) out.push(...brokerFindings(ctx, c));
    else {
      const f = storeFinding(ctx, c);
      if (f) out.push(f);
    }
    return out;
  },
});
