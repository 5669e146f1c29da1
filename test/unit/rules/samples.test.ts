/**
 * The samples as a reviewer reads them: the good designs get no findings at all, and the
 * deliberately bad one gets each finding a reviewer would point at (rule and component).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sampleFiles } from '../helpers.js';
import { check } from './harness.js';

describe('findings on the samples', () => {
  // Each sample is its own workspace (names are unique per file and its imports, not across samples).
  const GOOD: Record<string, string[]> = {
    'capacity-plan.arch': [],
    'url-shortener.arch': [],
    'social-feed.arch': ['shared/identity.arch'],
    'order-pipeline.arch': [],
  };
  it.each(Object.entries(GOOD))('the good design %s gets no findings', async (name, imports) => {
    const all = sampleFiles();
    const files = Object.fromEntries(
      [name, ...imports].map((f) => [join(ROOT, 'samples', f), all[join(ROOT, 'samples', f)]!]),
    );
    const r = await check(files);
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.rule} ${f.components[0]}: ${f.message}`)).toEqual([]);
  });

  it('the bad design gets the findings a reviewer would expect', async () => {
    const path = join(ROOT, 'samples/bad-design.arch');
    const r = await check({ [path]: readFileSync(path, 'utf8') });
    expect(r.errors).toEqual([]);
    const got = new Set(r.findings.map((f) => `${f.rule} ${f.components[0]}`));
    const expected = [
      'stateful-clones web',
      'heterogeneous-pool lb',
      'overloaded web',
      'overloaded main-db',
      'single-database main-db',
      'single-point-of-failure main-db',
      'missing-cache main-db',
      'file-cache page-cache',
      'cache-without-expiry page-cache',
      'query-cache page-cache',
      'sync-slow-work reports',
      'queue-backlog emails',
      'idle-consumers mailer',
      'non-idempotent-consumer mailer',
      'retry-non-idempotent smtp',
      'cap-contradiction hot-db',
      'unreachable orphan',
      'latency-budget browsers',
      'storage-growth main-db',
      'low-headroom lb',
      'hot-shard hot-db',
      'consistency-requirement page-cache',
      'read-your-writes hot-db',
      // resilience (issue 16): mailer's 200 ms timeout below smtp's 300 ms, lb's 2 s hop timeout above
      // the SLO's 1 s end to end, retries at two layers into main-db (3 × 3), 5 pools of 100
      // against main-db's 200 connections, strong reads across regions (error-rate-slo is silent
      // while a component of the system is saturated: overloaded says it)
      'timeout-too-short mailer',
      'timeout-inversion lb',
      'retry-amplification main-db',
      'connection-exhaustion main-db',
      'cross-region-consistency main-db',
    ];
    expect([...got].filter((g) => expected.includes(g)).sort()).toEqual([...expected].sort());
  });
});
