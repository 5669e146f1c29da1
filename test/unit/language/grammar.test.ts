import fc from 'fast-check';
import { AstUtils } from 'langium';
import { describe, expect, it } from 'vitest';
import { COMPONENT_KINDS } from '../../../src/core/model.js';
import { PROPERTY_SPECS } from '../../../src/core/properties.js';
import { brief, errors, load, loadLanguage, sampleFiles, sys } from '../helpers.js';

describe('grammar: valid models', () => {
  it.each(COMPONENT_KINDS)('declares a %s', async (kind) => {
    const body = kind === 'client' ? `  client x { rate 1 rps }` : `  ${kind} x { }\n  ${kind} y`;
    const r = await load(sys(body));
    expect(r.diagnostics).toEqual([]);
    expect(r.model.components.map((c) => c.kind)).toEqual(kind === 'client' ? ['client'] : [kind, kind]);
  });

  // Every property's documented example is accepted on every owner that allows it.
  // (On an edge `read-from` takes only `primary`; a rate on a service or worker is a scheduled job's.)
  const exampleOn = (key: string, owner: string, example: string): string =>
    key === 'read-from' && owner === 'edge'
      ? 'read-from primary'
      : key === 'rate' && owner !== 'client'
        ? `schedule every 1 h run 5 min ${example}`
        : example;
  const examples = PROPERTY_SPECS.flatMap((s) =>
    s.on.map((owner) => [s.key, owner, exampleOn(s.key, owner, s.example)] as const),
  );
  it.each(examples)('%s on %s: `%s`', async (_key, owner, example) => {
    let text: string;
    if (owner === 'edge') text = sys(`  service a\n  service b\n  a -> b { ${example} }`);
    else if (owner === 'slo' || owner === 'settings') text = sys(`  ${owner} { ${example} }`);
    else
      text = sys(
        `  ${owner} x { ${example}${owner === 'client' && !example.startsWith('rate') ? ' rate 1 rps' : ''} }\n  cache session-store\n  storage blobs`,
      );
    const r = await load(text);
    expect(r.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([]);
  });

  it('accepts comments of every style, semicolons and keyword-like names', async () => {
    const r = await load(`// line comment
# hash comment
/* block
   comment */
system cache {
  description "names may reuse kinds"
  cache cache { hit 80 %; ttl 1 min; }
  service search { instances 2 }
  search storage
  search -> cache reads
  search -> storage
}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.model.edges.map((e) => e.id)).toEqual(['search->cache#0', 'search->storage#0']);
  });

  it('reads edge modifiers, several targets and edge properties', async () => {
    const r = await load(
      sys(`  loadbalancer lb
  service a
  service b
  database d
  stream s2
  lb -> a, b { weight 2 }
  a -> d reads requires strong
  b -> d writes async
  d -> s2 cdc { lag 2 s }
  a -> b { fanout 10 retries 2 timeout 1 s requires read-your-writes }`),
    );
    expect(r.diagnostics).toEqual([]);
    const e = Object.fromEntries(r.model.edges.map((x) => [x.id, x]));
    expect(e['lb->a#0']).toMatchObject({ weight: 2, traffic: 'all', async: false });
    expect(e['lb->b#0']).toMatchObject({ weight: 2 });
    expect(e['lb->b#0']!.location.range.start).toEqual({ line: 6, character: 11 });
    expect(e['a->d#0']).toMatchObject({ traffic: 'reads', requires: 'strong' });
    expect(e['b->d#0']).toMatchObject({ traffic: 'writes', async: true });
    expect(e['d->s2#0']).toMatchObject({ cdc: true, async: true, lagMs: 2000 });
    expect(e['a->b#0']).toMatchObject({ fanout: 10, retries: 2, timeoutMs: 1000, requires: 'read-your-writes' });
  });

  it('reads the full component vocabulary into the model', async () => {
    const r = await load(
      sys(`  cache sess { engine redis }
  storage blobs
  service api { autoscale 2..10 instances 4 capacity 600 rps stateless sessions in sess files in blobs size 2 x idempotent }
  worker w { stateful idempotent no }
  loadbalancer lb { algorithm ip-hash }
  cache c { engine memcached hit 80 % ttl 60 s pattern write-through caches objects invalidate on-write }
  database db { engine postgres model relational replicas 3 semi-sync lag 50 ms read-from replicas shards 8 skew 1.5 quorum n 3 r 2 w 2 storage 2 TB record 1 KB }
  queue q { partitions 6 delivery exactly-once retention 7 days }
  slo { p50 20 ms p95 200 ms p99 1 s availability 99.9 % }
  settings { target-utilization 70 % horizon 2 years }`),
    );
    expect(r.diagnostics).toEqual([]);
    const by = Object.fromEntries(r.model.components.map((c) => [c.id, c]));
    expect(by.api).toMatchObject({
      autoscale: { min: 2, max: 10 },
      instances: 4,
      capacityRps: 600,
      stateful: false,
      sessions: { kind: 'store', store: 'sess' },
      files: { kind: 'store', store: 'blobs' },
      size: 2,
      idempotent: true,
    });
    expect(by.w).toMatchObject({ stateful: true, idempotent: false });
    expect(by.lb).toMatchObject({ algorithm: 'ip-hash' });
    expect(by.c).toMatchObject({
      engine: 'memcached',
      hitRatio: 0.8,
      ttlMs: 60_000,
      pattern: 'write-through',
      caches: 'objects',
      invalidate: 'on-write',
    });
    expect(by.db).toMatchObject({
      engine: 'postgres',
      dataModel: 'relational',
      replicas: 3,
      replication: 'semi-sync',
      lagMs: 50,
      readFrom: 'replicas',
      shards: 8,
      skew: 1.5,
      quorum: { n: 3, r: 2, w: 2 },
      storagePerNodeBytes: 2e12,
      recordBytes: 1000,
    });
    expect(by.q).toMatchObject({ partitions: 6, delivery: 'exactly-once', retentionMs: 604_800_000 });
    const s = r.model.systems[0]!;
    expect(s.slo).toMatchObject({ p50Ms: 20, p95Ms: 200, p99Ms: 1000 });
    expect(s.slo!.availability).toBeCloseTo(0.999, 12);
    expect(s.settings).toMatchObject({ targetUtilization: 0.7, horizonMs: 2 * 31_557_600_000 });
  });

  it('parses every sample without errors', async () => {
    const r = await loadLanguage(sampleFiles());
    expect(
      r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${brief(d)} ${d.message}`),
    ).toEqual([]);
    expect(r.model.systems.length).toBeGreaterThanOrEqual(6);
  });
});

// [name, body inside `system s { ... }` (line 2 onwards), expected `line:col severity code`, message fragment]
const INVALID: [string, string, string, string][] = [
  ['rate without unit', '  client c { rate 100 }', '2:19 error bad-number', 'rate needs a unit'],
  ['unknown unit', '  client c { rate 100 rpz }', '2:23 error bad-unit', "unknown unit 'rpz'; did you mean 'rps'?"],
  [
    'wrong dimension',
    '  service a { capacity 50 ms }',
    '2:27 error bad-unit',
    "'ms' is a time unit, but capacity needs a rate",
  ],
  ['percentage over 100', '  cache c { hit 120 % }', '2:17 error bad-number', 'hit cannot exceed 100 % (got 120 %)'],
  ['negative count', '  service a { instances -3 }', '2:25 error bad-number', 'instances cannot be negative (got -3)'],
  [
    'fractional count',
    '  service a { instances 2.5 }',
    '2:25 error bad-number',
    'instances must be a whole number (got 2.5)',
  ],
  [
    'unit on a count',
    '  queue q { partitions 3 rps }',
    '2:26 error bad-unit',
    "partitions is a plain count: remove the unit 'rps'",
  ],
  [
    'percent without %',
    '  service a { availability 99.9 }',
    '2:28 error bad-number',
    'availability needs a unit: a percentage',
  ],
  [
    'property not allowed',
    '  service a { hit 50 % }',
    '2:15 error property-not-allowed',
    "'hit' is not a property of a service",
  ],
  [
    'unknown enum',
    '  loadbalancer lb { algorithm round-robbin }',
    '2:31 error bad-value',
    "did you mean 'round-robin'?",
  ],
  [
    'closed cache engine',
    '  cache c { engine mysql }',
    '2:20 error bad-value',
    'expected one of: redis, memcached, file, in-process',
  ],
  ['quorum r > n', '  database d { quorum n 3 r 4 w 1 }', '2:29 error bad-number', 'quorum r (4) cannot exceed n (3)'],
  [
    'autoscale reversed',
    '  service a { autoscale 10..2 }',
    '2:25 error bad-value',
    'the maximum (2) is below the minimum (10)',
  ],
  [
    'instances outside autoscale',
    '  service a { autoscale 2..4 instances 9 }',
    '2:40 error contradiction',
    'outside autoscale 2..4',
  ],
  ['missing value', '  service a { capacity }', '2:15 error missing-value', 'capacity needs a number'],
  [
    'duplicate property',
    '  service a { instances 2 instances 3 }',
    '2:27 error duplicate-property',
    "'instances' is set more than once",
  ],
  ['client without rate', '  client c { reads 90 % }', '2:10 error missing-rate', 'needs a request rate'],
  ['mix not 100 %', '  client c { rate 1 rps reads 80 % writes 30 % }', '2:43 error bad-mix', 'add up to 110 %'],
  [
    'stateless with local sessions',
    '  service a { stateless sessions local }',
    '2:34 error contradiction',
    'declared stateless but keeps sessions locally',
  ],
  ['duplicate name', '  service a\n  cache a', '3:9 error duplicate-name', "'a' is already declared (line 2)"],
  ['unresolved reference', '  service a\n  a -> b', '3:8 error unresolved-reference', "unknown component 'b'"],
  [
    'unresolved with suggestion',
    '  service api\n  service web\n  web -> apj',
    '4:10 error unresolved-reference',
    "did you mean 'api'?",
  ],
  [
    'bad requirement',
    '  service a\n  service b\n  a -> b requires strongest',
    '4:19 error bad-value',
    "unknown consistency requirement 'strongest'",
  ],
  [
    'async and sync',
    '  service a\n  service b\n  a -> b async sync',
    '4:16 error contradiction',
    "both 'async' and 'sync'",
  ],
  [
    'cdc from a service',
    '  service a\n  service b\n  a -> b cdc',
    '4:3 error bad-cdc',
    'cdc (change data capture) needs a data store',
  ],
  ['self edge', '  service a\n  a -> a', '3:8 warning self-edge', "'a' calls itself"],
  ['syntax error', '  service a {{', '2:14 error syntax', "unexpected '{'"],
  ['property outside braces', '  service a instances 3', '2:13 error syntax', "expected '{' before 'instances'"],
  ['huge number', '  client c { rate 1e400 rps }', '2:19 error bad-number', 'not a finite number'],
  ['too large', '  client c { rate 99999999999 billion rps }', '2:19 error bad-number', 'too large'],
  [
    'edge property on a component',
    '  service a { fanout 3 }',
    '2:15 error property-not-allowed',
    "'fanout' is not a property of a service",
  ],
  [
    'mistyped next property',
    '  service a { instances 2 capacty 3 }',
    '2:27 error unknown-property',
    "unknown property 'capacty'; did you mean 'capacity'?",
  ],
  ['two slo blocks', '  slo { p95 1 s }\n  slo { p95 2 s }', '3:3 error duplicate-block', 'more than one slo block'],
];

describe('grammar: invalid models get a clear diagnostic at the right place', () => {
  it.each(INVALID)('%s', async (_name, body, expected, message) => {
    const r = await load(sys(body));
    const found = r.diagnostics.map((d) => `${brief(d)} ${d.message}`);
    const hit = r.diagnostics.find((d) => brief(d) === expected && d.message.includes(message));
    expect(hit, `expected "${expected} …${message}…" among:\n${found.join('\n')}`).toBeDefined();
  });

  it('never throws on arbitrary text and reports positions inside the text', async () => {
    const alphabet = fc.constantFrom(
      ...'system service cache database client -> { } , .. % rps ms 10 k -3 1e9 "x" // \n a b reads requires strong import'.split(
        ' ',
      ),
      ' ',
      '\n',
      '{',
      '}',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, { maxLength: 60 }), async (tokens) => {
        const text = tokens.join(' ');
        const r = await load(text);
        const lines = text.split('\n').length;
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines + 1);
        }
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe('linking across files', () => {
  it('resolves imported components and builds one model', async () => {
    const r = await loadLanguage({
      '/w/main.arch': `import "./lib/db.arch"\nsystem app {\n  service api\n  api -> users-db\n}`,
      '/w/lib/db.arch': `system data {\n  database users-db { capacity 1 k rps }\n}`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.model.edges).toMatchObject([{ from: 'api', to: 'users-db', system: 'app' }]);
    const target = r.documents
      .find((d) => d.uri.path === '/w/main.arch')!
      .references.find((x) => x.$refText === 'users-db') as { ref?: import('langium').AstNode };
    expect(target.ref).toBeDefined();
    expect(AstUtils.getDocument(target.ref!).uri.path).toBe('/w/lib/db.arch');
  });

  it('does not see components of files it does not import', async () => {
    const r = await loadLanguage({
      '/w/main.arch': `system app {\n  service api\n  api -> users-db\n}`,
      '/w/db.arch': `system data {\n  database users-db\n}`,
    });
    expect(errors(r).map(brief)).toEqual(['3:10 error unresolved-reference']);
  });

  it('reports a missing import, a self import and a clash with an imported name', async () => {
    const r = await loadLanguage({
      '/w/main.arch': `import "./nope.arch"\nimport "./main.arch"\nimport "./db.arch"\nsystem app {\n  database users-db\n}`,
      '/w/db.arch': `system data {\n  database users-db\n}`,
    });
    expect(
      errors(r)
        .filter((d) => d.file === '/w/main.arch')
        .map((d) => `${brief(d)} ${d.message}`),
    ).toEqual([
      "1:8 error unresolved-import cannot find './nope.arch' (resolved to file:///w/nope.arch)",
      '2:8 error bad-import a file cannot import itself',
      "5:12 error duplicate-name 'users-db' is also declared in the imported file db.arch",
    ]);
  });

  it('loads imports transitively and survives import cycles', async () => {
    const r = await loadLanguage({
      '/w/a.arch': `import "./b.arch"\nsystem a {\n  service x\n  x -> y\n}`,
      '/w/b.arch': `import "./a.arch"\nsystem b {\n  service y\n  y -> x\n}`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.model.edges.map((e) => e.id).sort()).toEqual(['x->y#0', 'y->x#0']);
  });
});

describe('documentation', () => {
  it('the README lists every property, kind and diagnostic code', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('../helpers.js');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const s of PROPERTY_SPECS) expect(readme, s.key).toContain(`| \`${s.key}\` |`);
    for (const k of COMPONENT_KINDS) expect(readme, k).toContain(`\`${k}\``);
    for (const code of [
      'syntax',
      'unresolved-reference',
      'bad-unit',
      'bad-number',
      'duplicate-name',
      'property-not-allowed',
    ])
      expect(readme).toContain(`\`${code}\``);
  });
});
