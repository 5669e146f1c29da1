/**
 * Which known approximations of the analysis a compared figure depends on: the components its
 * subject waits for (itself and, through synchronous edges, everything below it), tagged by what
 * the analysis does not model exactly. docs/analysis.md section 9 states the bound for each tag;
 * the differential tests hold every figure to the tightest bound among its tags (none: the issue's
 * tolerances).
 */
import { buildGraph, READS, WRITES } from '../../../src/core/analysis/graph.js';
import type { Model } from '../../../src/core/model.js';
import type { ComparisonRow } from '../../../src/core/simulation/compare.js';

export type Tag = 'least-connections' | 'least-connections-calls' | 'fanout' | 'failures' | 'quorum';

/** Tags of every component, and what each component waits for (itself included). */
export function tagger(model: Model): (row: ComparisonRow) => Set<Tag> {
  const g = buildGraph(model);
  const own: Set<Tag>[] = g.comps.map(() => new Set<Tag>());
  for (let e = 0; e < g.edges.length; e++) {
    const u = g.from[e]!;
    const v = g.to[e]!;
    const edge = g.edges[e]!;
    const src = g.comps[u]!;
    if (src.kind === 'loadbalancer' && src.algorithm === 'least-connections') {
      let calls = false;
      for (let j = g.outStart[v]!; j < g.outStart[v + 1]!; j++)
        if (g.sync[READS][g.outList[j]!] || g.sync[WRITES][g.outList[j]!]) calls = true;
      own[v]!.add(calls ? 'least-connections-calls' : 'least-connections');
    }
    if (g.fanout[e]! > 1) own[v]!.add('fanout');
    // a retried call, or a timed one (its attempts can time out and fail): lost requests
    if (edge.retries || edge.timeoutMs !== undefined) own[v]!.add('failures');
  }
  g.comps.forEach((c, i) => {
    if (c.availability !== undefined && c.availability < 1) own[i]!.add('failures');
    if (c.quorum) own[i]!.add('quorum');
  });
  const below = (start: number): Set<Tag> => {
    const seen = new Set<number>([start]);
    const stack = [start];
    const tags = new Set<Tag>();
    while (stack.length) {
      const u = stack.pop()!;
      for (const t of own[u]!) tags.add(t);
      for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
        const e = g.outList[j]!;
        const v = g.to[e]!;
        if ((g.sync[READS][e] || g.sync[WRITES][e]) && !seen.has(v)) {
          seen.add(v);
          stack.push(v);
        }
      }
    }
    return tags;
  };
  // loads: failures anywhere upstream change what arrives (lost requests are not passed on)
  const anyFailures = own.some((s) => s.has('failures'));
  return (row) => {
    const i = g.index.get(row.component);
    const tags = i === undefined ? new Set<Tag>() : below(i);
    if ((row.figure === 'throughput' || row.figure === 'utilization') && anyFailures) tags.add('failures');
    return tags;
  };
}
