/**
 * storage-growth: a store whose writes fill at least `storageFullShare` (80 % by default) of its
 * storage within the planning horizon (1 year unless `settings { horizon }` says otherwise).
 * With millions of users, one machine cannot store all the data: this is where sharding comes in.
 */
import { isStore } from '../kinds.js';
import { bytes, count, duration, percent, plural } from '../wording.js';
import { value } from './helpers/figures.js';
import { sizeValue } from './helpers/fix-values.js';
import { at } from './helpers/where.js';
import { componentRule, NO_FINDINGS, type Fix, type RawFinding, type Rule } from './types.js';

export const storageGrowth: Rule = componentRule({
  id: 'storage-growth',
  defaultSeverity: 'warning',
  description: 'A store fills at least 80 % (by default) of its storage within the planning horizon.',
  concept: 'Huge data: one machine cannot hold it all; shard by key before the disk fills',
  component(ctx, c) {
    const { storageFullShare } = ctx.settings.thresholds;
    const out: RawFinding[] = [];
    if (!isStore(c.kind)) return NO_FINDINGS;
    const s = ctx.figures(c.id)?.storage;
    if (!s) return NO_FINDINGS;
    const perMonth = value(s.growthPerMonth);
    const capacity = value(s.capacity);
    const atHorizon = value(s.atHorizon);
    const perNode = c.storagePerNodeBytes;
    if (
      perMonth === null ||
      capacity === null ||
      atHorizon === null ||
      perNode === undefined ||
      !(perMonth > 0) ||
      !(capacity > 0)
    )
      return NO_FINDINGS;
    const horizonMs =
      typeof s.atHorizon.inputs.horizonMs === 'number' ? s.atHorizon.inputs.horizonMs : ctx.analysis.settings.horizonMs;
    const monthSeconds =
      typeof s.growthPerMonth.inputs.monthSeconds === 'number'
        ? s.growthPerMonth.inputs.monthSeconds
        : ctx.analysis.settings.monthSeconds;
    // Data older than the retention is deleted: the analysis's atHorizon is then already what
    // the store holds (at most retention x rate).
    const retention =
      c.retentionMs !== undefined && c.retentionMs > 0 && c.retentionMs < horizonMs ? c.retentionMs : null;
    const held = atHorizon;
    const used = held / capacity;
    if (used < storageFullShare) return NO_FINDINGS;
    const shards = c.shards !== undefined && c.shards >= 1 ? Math.floor(c.shards) : 1;
    const writes = value(s.writeRps) ?? 0;
    const perWrite = value(s.bytesPerWrite);
    const fullMs = (capacity / (perMonth / monthSeconds)) * 1000; // from empty, data spread evenly
    const total = `${bytes(capacity)}${shards > 1 ? ` (${plural(shards, 'shard')} × ${bytes(perNode)})` : ''}`;
    let message = `${c.id} grows by ${bytes(perMonth)} a month (${count(writes)} writes/s${perWrite !== null ? ` × ${bytes(perWrite)}` : ''})`;
    if (retention !== null)
      message += ` and keeps ${duration(retention)} of it: ${bytes(held)}, ${percent(used)} of its ${total}`;
    else if (used >= 1)
      message += `: its ${total} fill up in ${duration(fullMs)}; within a horizon of ${duration(horizonMs)} it would hold ${bytes(held)} (${percent(used)})`;
    else
      message += `: within a horizon of ${duration(horizonMs)} it holds ${bytes(held)}, ${percent(used)} of its ${total}`;
    // Fixes: enough shards, or enough storage per node, to stay below the line at the horizon.
    const needShards = Math.floor(held / (perNode * storageFullShare)) + 1;
    const needPerNode = held / (shards * storageFullShare);
    const literal = sizeValue(needPerNode * 1.0001);
    const fixes: Fix[] = [
      {
        title: `Shard it: shards ${needShards}`,
        operations: [{ op: 'set-property', target: { component: c.id }, key: 'shards', value: String(needShards) }],
        preferred: true,
      },
      {
        title: `More storage per node: storage ${literal}`,
        operations: [{ op: 'set-property', target: { component: c.id }, key: 'storage', value: literal }],
      },
    ];
    message += `: shard it (${plural(needShards, 'shard')}) or give each node ${literal}${retention === null ? ', or keep less (retention)' : ''}`;
    out.push({
      message,
      location: at(c, 'storage'),
      components: [c.id],
      related: c.propertyLocations.record
        ? [{ location: c.propertyLocations.record, message: `${bytes(perWrite ?? 0)} per write` }]
        : [],
      fixes,
    });
    return out;
  },
});
