import { expectCompletion } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { completionSpot } from '../../../src/language/completion-context.js';
import { lspServices } from './services.js';

const services = lspServices();
const complete = expectCompletion(services);

function labels(text: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    complete({
      text,
      index: 0,
      assert: (list) => resolve(list.items.map((i) => i.label)),
      disposeAfterCheck: true,
    }).catch(reject);
  });
}

describe('completion spot (read from text, robust while typing)', () => {
  const at = (t: string) => completionSpot(t.replace('|', ''), t.indexOf('|'));
  it.each([
    ['system s { |', { where: 'system' }],
    ['|', { where: 'top' }],
    ['system s {\n  service api { |', { where: 'key', owner: 'service' }],
    ['system s {\n  service api { instances 4 |', { where: 'key', owner: 'service' }],
    ['system s {\n  cache c { engine |', { where: 'value', owner: 'cache', key: 'engine' }],
    ['system s {\n  database d { capacity 200 |', { where: 'unit', owner: 'database', key: 'capacity' }],
    ['system s {\n  client c { rate 10 k |', { where: 'unit', owner: 'client', key: 'rate' }],
    ['system s {\n  a -> b { timeout 3 |', { where: 'unit', owner: 'edge', key: 'timeout' }],
    ['system s {\n  slo { |', { where: 'key', owner: 'slo' }],
    ['system s {\n  service a { }\n  |', { where: 'system' }],
    ['system s {\n  // service x {\n  service a { /* { */ |', { where: 'key', owner: 'service' }],
    ['system s {\n  app -> a, b |', { where: 'modifier' }],
    ['system s {\n  app -> a parallel |', { where: 'modifier' }],
    ['system s {\n  app -> db reads requires |', { where: 'requirement' }],
    ['system s {\n  app -> |', { where: 'system' }],
    ['system s {\n  app -> a, |', { where: 'system' }],
    ['system s {\n  app -> a\n  |', { where: 'system' }],
  ])('%j', (text, expected) => {
    expect(at(text)).toEqual(expected);
  });
});

describe('completion items', () => {
  it('offers only the properties of the component kind, with meaning and example', async () => {
    const items = await labels('system s {\n  cache c { <|> }\n}');
    expect(items).toEqual(
      expect.arrayContaining(['engine', 'hit', 'ttl', 'pattern', 'caches', 'invalidate', 'capacity']),
    );
    expect(items).not.toContain('partitions');
    expect(items).not.toContain('rate');
  });

  it('offers the properties while one is half typed (the statement is broken until it is done)', async () => {
    const items = await labels(
      'system s {\n  service api { instances 2 capa<|> }\n  client c { rate 1 rps }\n  c -> api\n}',
    );
    expect(items).toContain('capacity');
    const kinds = await labels('system s {\n  client c { rate 1 rps }\n  serv<|>\n}');
    expect(kinds).toContain('service');
  });

  it('offers enum values after a key', async () => {
    expect(await labels('system s {\n  loadbalancer lb { algorithm <|> }\n}')).toEqual([
      'round-robin',
      'least-connections',
      'ip-hash',
      'sticky',
      'weighted',
      'random',
    ]);
    expect(await labels('system s {\n  cache c { engine <|> }\n}')).toEqual([
      'redis',
      'memcached',
      'file',
      'in-process',
    ]);
    expect(await labels('system s {\n  queue q { delivery <|> }\n}')).toEqual([
      'at-most-once',
      'at-least-once',
      'exactly-once',
    ]);
  });

  it('offers the regions the file already uses after `region`, then examples', async () => {
    expect(
      await labels(
        'system s {\n  settings { region eu-north }\n  service a { region ap-east }\n  service b { region <|> }\n}',
      ),
    ).toEqual(['eu-north', 'ap-east', 'eu-west', 'eu-central', 'us-east', 'us-west', 'ap-southeast']);
    expect(await labels('system s {\n  settings { region <|> }\n}')).toEqual([
      'eu-west',
      'eu-central',
      'us-east',
      'us-west',
      'ap-southeast',
    ]);
  });

  it('offers the units of the property after a number', async () => {
    const rate = await labels('system s {\n  client c { rate 100 <|> }\n}');
    expect(rate).toEqual(expect.arrayContaining(['rps', 'per minute', 'per month', 'k', 'million']));
    expect(rate).not.toContain('ms');
    expect(await labels('system s {\n  cache c { hit 80 <|> }\n}')).toEqual(['%']);
    expect(await labels('system s {\n  database d { storage 2 <|> }\n}')).toEqual(expect.arrayContaining(['GB', 'TB']));
  });

  it("offers issue 16's keys per kind, edge keys, modifiers, requirements and read-from values", async () => {
    const edge = await labels('system s {\n  service a\n  service b\n  a -> b { <|> }\n}');
    expect(edge).toEqual(
      expect.arrayContaining([
        'timeout',
        'retries',
        'budget',
        'jitter',
        'circuit-breaker',
        'fallback',
        'connections',
        'bulkhead',
        'read-from',
      ]),
    );
    expect(edge).not.toContain('max-connections');
    const worker = await labels('system s {\n  worker w { <|> }\n}');
    expect(worker).toEqual(expect.arrayContaining(['schedule', 'every', 'run', 'rate', 'connections', 'region']));
    expect(worker).not.toContain('bulkhead');
    const db = await labels('system s {\n  database d { <|> }\n}');
    expect(db).toEqual(expect.arrayContaining(['max-connections', 'region', 'read-from']));
    expect(db).not.toContain('connections');
    expect(await labels('system s {\n  client c { rate 1 rps <|> }\n}')).toContain('timeout');
    expect(await labels('system s {\n  slo { <|> }\n}')).toEqual(expect.arrayContaining(['timeout', 'error-rate']));
    expect(await labels('system s {\n  settings { <|> }\n}')).toEqual(
      expect.arrayContaining(['region', 'region-latency']),
    );
    expect(await labels('system s {\n  service a\n  service b\n  a -> b { read-from <|> }\n}')).toEqual(['primary']);
    expect(await labels('system s {\n  database d { read-from <|> }\n}')).toEqual([
      'primary',
      'replicas',
      'any',
      'sticky',
    ]);
    expect(await labels('system s {\n  service a\n  service b\n  service c\n  a -> b, c <|>\n}')).toEqual([
      'parallel',
      'optional',
      'async',
      'sync',
      'reads',
      'writes',
      'all',
      'cdc',
      'requires',
    ]);
    expect(await labels('system s {\n  service a\n  database d\n  a -> d reads requires <|>\n}')).toEqual([
      'strong',
      'session',
      'read-your-writes',
      'monotonic',
      'eventual',
    ]);
  });

  it('offers component names in scope for edges', async () => {
    const items = await labels('system s {\n  service api\n  database orders-db\n  api -> <|>\n}');
    expect(items).toEqual(expect.arrayContaining(['api', 'orders-db']));
  });

  it('offers component kinds and snippets in a system body', async () => {
    const items = await labels('system s {\n  <|>\n}');
    expect(items).toEqual(
      expect.arrayContaining([
        'service',
        'database',
        'cache',
        'queue',
        'cached read path',
        'primary with replicas',
        'queue with a worker pool',
      ]),
    );
  });
});
