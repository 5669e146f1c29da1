/** A call written read-from primary shows what its reads get (the leader), not the store's replicas. */
import { describe, expect, it } from 'vitest';
import { edgeHint, edgeHover, leaderReads } from '../../../src/core/present.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { analyze } from '../../../src/core/analysis/index.js';

const TEXT = `system profiles {
  client users { rate 1 k rps reads 90 % }
  service api { instances 4 capacity 1 k rps stateless }
  database db { capacity 5 k rps replicas 2 async lag 1 s }
  users -> api
  api -> db writes
  api -> db reads requires read-your-writes { read-from primary }
}
`;

describe('read-from primary on the surfaces', () => {
  it("the edge's hint and hover say strong (the leader), the store stays eventual", async () => {
    const r = await loadTexts({ '/w/a.arch': TEXT });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const a = analyze(r.model);
    const me = r.model.edges.find((e) => e.readFrom === 'primary')!;
    const ea = a.edges.find((e) => e.id === me.id)!;
    const db = a.components[a.componentIndex['db']!]!;
    expect(db.consistency!.class).toBe('eventual');
    const leader = leaderReads(a, me);
    expect(leader?.class).toBe('strong');
    expect(edgeHint(ea, me, db, undefined, leader)).toContain('strong');
    expect(edgeHint(ea, me, db)).toContain('eventual');
    expect(edgeHover(ea, me, db, leader)).toMatch(
      /reads from the leader \(read-from primary\): the path gets \*\*strong/,
    );
  });
});
