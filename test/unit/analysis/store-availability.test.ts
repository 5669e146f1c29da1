/**
 * A store's write availability is computed once (store-availability.ts) and read by both the
 * analysis (the store's own availability, the write requests and paths through it) and the
 * cap-contradiction rule: a synchronous write needs the primary and every replica up, a
 * semi-synchronous one the primary and at least one replica, an asynchronous one the primary.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../../src/core/analysis/index.js';
import { writeAvailability } from '../../../src/core/analysis/store-availability.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { runRules } from '../../../src/core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS } from '../../../src/core/rules/settings.js';
import type { Finding } from '../../../src/core/rules/types.js';
import { availability } from '../../../src/core/wording.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { byId } from './helpers.js';

async function checked(text: string): Promise<{ a: Analysis; findings: Finding[] }> {
  const r = await loadTexts({ '/w/pay.arch': text });
  expect(r.diagnostics.filter((d) => d.severity === 'error' && !RULES.some((x) => x.id === d.code))).toEqual([]);
  const a = analyze(r.model);
  return { a, findings: runRules(RULES, r.model, a, DEFAULT_RULE_SETTINGS) };
}

const pay = (replicas: string, slo = '98 %') => `
system pay {
  slo { availability ${slo} }
  client users { rate 100 rps reads 50 % }
  service api { instances 2 capacity 1 k rps stateless }
  database ledger { engine postgres capacity 3000 rps replicas ${replicas} availability 99 % }

  users -> api
  api -> ledger
}
`;

describe('writeAvailability', () => {
  it('sync: a^(R+1); semi-sync: a·(1 − (1 − a)^R); async or none: a; quorum: P(≥ W of N)', () => {
    expect(writeAvailability(0.99, { replicas: 2, replication: 'sync', quorum: null })).toBeCloseTo(0.970299, 12);
    expect(writeAvailability(0.99, { replicas: 2, replication: 'semi-sync', quorum: null })).toBeCloseTo(
      0.99 * (1 - 0.01 * 0.01),
      12,
    );
    expect(writeAvailability(0.99, { replicas: 2, replication: 'async', quorum: null })).toBe(0.99);
    expect(writeAvailability(0.99, { replicas: 0, replication: 'sync', quorum: null })).toBe(0.99);
    // 2 of 3: a³ + 3a²(1 − a)
    expect(writeAvailability(0.9, { replicas: 0, replication: 'async', quorum: { n: 3, r: 2, w: 2 } })).toBeCloseTo(
      0.729 + 3 * 0.81 * 0.1,
      12,
    );
  });
});

describe('the analysis and cap-contradiction give a store one write availability', () => {
  it('sync replicas at 99 %: writes 97.03 % in the store, the write path and the rule', async () => {
    const { a, findings } = await checked(pay('2 sync'));
    const writes = a.requests.find((q) => q.client === 'users' && q.traffic === 'writes')!;
    const path = a.paths.find((p) => p.traffic === 'writes')!;
    expect(writes.availability.value).toBeCloseTo(0.970299, 12);
    expect(path.availability.value).toBeCloseTo(0.970299, 12);
    const ledger = byId(a, 'ledger').availability;
    expect(ledger.text).toContain('writes 97.03 %');
    expect(ledger.formula).toContain('a^(R + 1)');
    // reads from any of the 2 replicas: 1 − 0.01²; the system is rate-weighted over both classes
    const reads = a.requests.find((q) => q.client === 'users' && q.traffic === 'reads')!;
    expect(reads.availability.value).toBeCloseTo(0.9999, 12);
    const sys = a.systems[0]!;
    expect(sys.availability.value).toBeCloseTo(0.5 * 0.9999 + 0.5 * 0.970299, 12);
    expect(sys.meetsAvailabilitySlo).toBe(true);
    const cap = findings.filter((f) => f.rule === 'cap-contradiction');
    expect(cap).toHaveLength(1);
    // the rule's number is the analysis's, and it says the SLO is met only on average
    expect(cap[0]!.message).toContain(`writes ${availability(writes.availability.value!)}`);
    expect(cap[0]!.message).toContain(`pay's requests as a whole reach ${availability(sys.availability.value!)}`);
  });

  it('semi-sync replicas read from the primary: the primary and one replica', async () => {
    const { a } = await checked(pay('2 semi-sync read-from primary'));
    const writes = a.requests.find((q) => q.traffic === 'writes')!;
    expect(writes.availability.value).toBeCloseTo(0.99 * (1 - 0.0001), 12);
    expect(byId(a, 'ledger').availability.formula).toContain('a · (1 − (1 − a)^R)');
  });

  it('async replicas: the primary alone; sync writes that miss the SLO on average too', async () => {
    const { a } = await checked(pay('2 async lag 1 s'));
    expect(a.requests.find((q) => q.traffic === 'writes')!.availability.value).toBeCloseTo(0.99, 12);
    const { a: strict, findings } = await checked(pay('2 sync', '99 %'));
    expect(strict.systems[0]!.meetsAvailabilitySlo).toBe(false);
    const cap = findings.find((f) => f.rule === 'cap-contradiction')!;
    expect(cap.message).toContain('writes 97.03 %');
    expect(cap.message).not.toContain('as a whole');
  });
});
