/**
 * A saturated component is an error whichever rule explains it: a sharded store whose hottest
 * shard alone is saturated is hot-shard's finding (overlaps.ts), and that finding is an error
 * (so `archscale check` fails), one finding for the one problem. Above the headroom line but
 * below 100 % it stays a warning.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../../src/core/rules/settings.js';
import { check } from './harness.js';

const SOCIAL = `
system social {
  client users { rate 9 k rps reads 100 % }
  service api { instances 20 capacity 1 k rps stateless }
  database follows { engine postgres capacity 3000 rps replicas 1 async lag 1 s read-from primary shards 8 skew 3 }
  database likes { engine postgres capacity 3000 rps replicas 1 async lag 1 s read-from primary shards 8 skew 2.5 }
  stream clicks { engine kafka partitions 6 skew 3 delivery at-least-once }
  worker counter { instances 6 capacity 400 rps idempotent }

  users -> api
  api -> follows
  api -> likes
  api -> clicks async { share 13.3 % }
  clicks -> counter
}
`;

const CAPACITY_RULES = ['hot-shard', 'overloaded', 'low-headroom', 'queue-backlog'];

async function findings(settings: RuleSettings = DEFAULT_RULE_SETTINGS) {
  const r = await check({ '/w/social.arch': SOCIAL }, settings);
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => CAPACITY_RULES.includes(f.rule));
}

describe('a saturated hottest shard', () => {
  it('is one hot-shard error; a hot shard below 100 % stays a warning', async () => {
    const fs = await findings();
    const follows = fs.filter((f) => f.components[0] === 'follows');
    expect(follows.map((f) => [f.rule, f.severity])).toEqual([['hot-shard', 'error']]);
    expect(follows[0]!.message).toContain('(112.5 %), saturated');
    const likes = fs.filter((f) => f.components[0] === 'likes');
    expect(likes.map((f) => [f.rule, f.severity])).toEqual([['hot-shard', 'warning']]);
    expect(likes[0]!.message).toContain('above the 80 % headroom line');
  });

  it("a hot partition's saturated consumer is an error too", async () => {
    const fs = await findings();
    const clicks = fs.filter((f) => f.components[0] === 'clicks');
    expect(clicks.map((f) => [f.rule, f.severity])).toEqual([['hot-shard', 'error']]);
    expect(clicks[0]!.message).toMatch(/\(1\d\d(\.\d+)? %\)/);
  });

  it('stays an error when hot-shard is configured as a warning or info; off turns it off', async () => {
    const as = (severity: 'warning' | 'info' | 'off') =>
      findings({ ...DEFAULT_RULE_SETTINGS, rules: { 'hot-shard': { severity } } });
    for (const s of ['warning', 'info'] as const) {
      const fs = await as(s);
      expect(fs.find((f) => f.components[0] === 'follows')!.severity).toBe('error');
      expect(fs.find((f) => f.components[0] === 'likes')!.severity).toBe(s);
    }
    expect((await as('off')).filter((f) => f.rule === 'hot-shard')).toEqual([]);
  });
});
