/**
 * cross-region-consistency: a read that must be served by the leader (or a synchronously replicated
 * store) crosses regions on every request, and the crossing uses a large share of the p95 SLO.
 * The notes' cheat matrix: sub-200 ms global reads at scale are at odds with strong consistency.
 *
 * A store's nodes (primary and replicas) are in the store's region (its `region`, else its
 * system's): a replica in another region is written as a store of its own there. So a strong read
 * (the path is strong: reads from the primary, `read-from primary` on the call, synchronous
 * replicas, a strict quorum or a consensus engine) whose path into the store crosses regions pays
 * the region latency on each read (the analysis adds it to the call: regions.ts). The rule reports
 * a read path that requires strong, session or read-your-writes reads and gets them strong, when
 * the region latency it pays up to that store is at least SHARE of its system's p95 SLO.
 */
import { callRegionLatency } from '../analysis/regions.js';
import type { SystemDecl } from '../model.js';
import { duration, percent, possessive } from '../wording.js';
import { edgesById } from './helpers/figures.js';
import { requirementLocation } from './helpers/where.js';
import type { RawFinding, Rule } from './types.js';

/** The share of the p95 SLO a strong read's region crossings may take before it is reported. */
export const CROSS_REGION_SLO_SHARE = 0.25;

export const crossRegionConsistency: Rule = {
  id: 'cross-region-consistency',
  defaultSeverity: 'warning',
  description:
    'A strong (or read-your-writes, session) read crosses regions to its leader on every request, using a large share of the p95 SLO.',
  concept: 'Strong consistency vs latency: sub-200 ms global reads at scale are at odds with strong consistency',
  check(ctx) {
    const out = new Map<string, RawFinding>();
    const systems = new Map<string, SystemDecl>(ctx.model.systems.map((s) => [s.name, s]));
    const edges = edgesById(ctx);
    for (const p of ctx.analysis.paths) {
      const pc = p.consistency;
      if (p.traffic !== 'reads' || !pc || pc.class !== 'strong' || !pc.requirement) continue;
      if (pc.requirement !== 'strong' && pc.requirement !== 'session' && pc.requirement !== 'read-your-writes')
        continue;
      const client = ctx.component(p.from);
      const p95 = client ? systems.get(client.system)?.slo?.p95Ms : undefined;
      if (!client || p95 === undefined || !(p95 > 0)) continue;
      const store = pc.servingHops[pc.servingHops.length - 1]!;
      const end = p.hops.indexOf(store);
      let total = 0;
      const crossings: string[] = [];
      let entry: string | undefined;
      for (let h = 0; h < end; h++) {
        const a = ctx.component(p.hops[h]!);
        const b = ctx.component(p.hops[h + 1]!);
        if (!a || !b) continue;
        const x = callRegionLatency(a, b, systems);
        if (!x || !(x.ms > 0)) continue;
        total += x.ms;
        crossings.push(`${a.id} (${x.from}) -> ${b.id} (${x.to}) +${duration(x.ms)}`);
        entry ??= p.edges[h];
      }
      if (total < CROSS_REGION_SLO_SHARE * p95) continue;
      const requiring = p.edges.map((id) => edges.get(id)).find((e) => e?.requires === pc.requirement);
      const at = requiring ?? edges.get(entry ?? '');
      if (!at) continue;
      const key = `${at.id}:${store}`;
      if (out.has(key)) continue;
      out.set(key, {
        message:
          `${possessive(p.from)} reads require ${pc.requirement} reads from ${store}, served strong by its leader in another region: ` +
          `${crossings.join(', ')} = ${duration(total)} on every read, ${percent(total / p95, 0)} of the ${duration(p95)} p95 SLO. ` +
          `Sub-200 ms global reads at scale are at odds with strong consistency: read a replica in the readers' region (eventual, or monotonic with read-from sticky) where stale data is acceptable, or keep the data in the readers' region`,
        location: requiring ? requirementLocation(requiring) : at.location,
        components: [store, p.from],
        related: [{ location: ctx.component(store)!.nameLocation, message: `${store} serves the strong reads` }],
      });
    }
    return [...out.values()];
  },
};
