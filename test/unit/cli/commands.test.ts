import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { ROOT } from '../helpers.js';

const require = createRequire(import.meta.url);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archscale-cmd-'));
  writeFileSync(join(dir, 'bad.arch'), 'system s {\n  client c { rate 10 }\n  service b\n  c -> nope\n}\n');
  // A finding in a file without language errors (while a file has errors, findings wait).
  writeFileSync(join(dir, 'lonely.arch'), 'system l {\n  client u { rate 1 rps }\n  service b2\n}\n');
  writeFileSync(
    join(dir, 'bank.arch'),
    '// PDQ bank: M/M/4\nsystem bank {\n  client customers { rate 0.35 per minute }\n  service tellers { capacity 0.4 per minute service-time 10 min }\n  customers -> tellers\n}\n',
  );
});

describe('archscale check --format sarif', () => {
  it('emits SARIF 2.1.0 that validates against the schema', async () => {
    const r = await run(['check', '--format', 'sarif', 'bad.arch', 'lonely.arch'], dir);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.out) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const Ajv = require('ajv') as new (o: object) => {
      addMetaSchema(s: object): void;
      validate(s: object, d: unknown): boolean;
      errors: unknown;
    };
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    ) as object;
    const valid = ajv.validate(schema, sarif);
    expect(ajv.errors).toBeNull();
    expect(valid).toBe(true);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]!.results;
    expect(
      results.map((x) => [
        x.ruleId,
        x.level,
        x.locations[0]!.physicalLocation.artifactLocation.uri,
        x.locations[0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ['bad-number', 'error', 'bad.arch', 2],
      ['unresolved-reference', 'error', 'bad.arch', 4],
      ['unreachable', 'warning', 'lonely.arch', 3],
    ]);
    const unreachable = results.find((x) => x.ruleId === 'unreachable') as { ruleIndex?: number } | undefined;
    expect(unreachable?.ruleIndex).toBe(RULES.findIndex((x) => x.id === 'unreachable'));
  });

  it('describes every rule in the SARIF driver', async () => {
    const r = await run(['check', '--format=sarif', 'bank.arch'], dir);
    const sarif = JSON.parse(r.out) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
    expect(sarif.runs[0]!.tool.driver.rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
  });

  it('rejects an unknown format', async () => {
    expect(await run(['check', '--format', 'xml', 'bad.arch'], dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--format takes text, json or sarif (got 'xml')"),
    });
  });
});

describe('archscale rules', () => {
  it('lists every rule with id, severity and description', async () => {
    const r = await run(['rules', '--json'], dir);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { id: string; severity: string; description: string }[];
    expect(list.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
    const text = await run(['rules'], dir);
    for (const rule of RULES) expect(text.out).toContain(rule.id);
  });
});

describe('archscale.json settings', () => {
  it('reports bad settings clearly and exits 2', async () => {
    const d = mkdtempSync(join(tmpdir(), 'archscale-cfg-'));
    writeFileSync(join(d, 'm.arch'), 'system s {\n  service a\n}\n');
    writeFileSync(join(d, 'archscale.json'), JSON.stringify({ rules: { 'no-such-rule': { severity: 'error' } } }));
    expect(await run(['check', 'm.arch'], d)).toMatchObject({
      code: 2,
      err: expect.stringContaining("rules.no-such-rule: unknown rule 'no-such-rule'"),
    });
    writeFileSync(join(d, 'archscale.json'), JSON.stringify({ thresholds: { headroomUtilization: 3 } }));
    expect(await run(['check', 'm.arch'], d)).toMatchObject({
      code: 2,
      err: expect.stringContaining('thresholds.headroomUtilization'),
    });
    writeFileSync(join(d, 'archscale.json'), JSON.stringify({ rules: {}, colour: 'blue' }));
    expect(await run(['check', 'm.arch'], d)).toMatchObject({
      code: 2,
      err: expect.stringContaining("unknown setting 'colour'"),
    });
    writeFileSync(join(d, 'archscale.json'), '{ not json');
    expect(await run(['check', 'm.arch'], d)).toMatchObject({
      code: 2,
      err: expect.stringContaining('archscale.json: not valid JSON'),
    });
    expect(await run(['check', '--config', 'missing.json', 'm.arch'], d)).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such config file: missing.json'),
    });
  });

  it('turns a rule off from the config file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'archscale-cfg-'));
    const sample = readFileSync(join(ROOT, 'samples/bad-design.arch'), 'utf8');
    writeFileSync(join(d, 'bad.arch'), sample);
    const before = await run(['check', '--json', 'bad.arch'], d);
    const codes = new Set((JSON.parse(before.out) as { code: string }[]).map((x) => x.code));
    const some = RULES.find((x) => codes.has(x.id));
    expect(some, 'bad-design.arch triggers at least one rule').toBeDefined();
    writeFileSync(join(d, 'archscale.json'), JSON.stringify({ rules: { [some!.id]: { severity: 'off' } } }));
    const after = await run(['check', '--json', 'bad.arch'], d);
    expect((JSON.parse(after.out) as { code: string }[]).map((x) => x.code)).not.toContain(some!.id);
  });
});

describe('archscale analyze', () => {
  it('prints a table and JSON with the documented shape (PDQ bank)', async () => {
    const text = await run(['analyze', 'bank.arch'], dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('tellers');
    const r = await run(['analyze', 'bank.arch', '--json'], dir);
    const json = JSON.parse(r.out) as {
      components: {
        name: string;
        kind: string;
        load: { total: number };
        capacityRps: number;
        utilization: number;
        latency: { meanMs: number; p95Ms: number };
        concurrency: number;
      }[];
      paths: { from: string; to: string; hops: string[] }[];
      system: { maxThroughputRps: number; bottleneck: string };
    };
    const tellers = json.components.find((c) => c.name === 'tellers')!;
    expect(tellers.kind).toBe('service');
    expect(tellers.utilization).toBeCloseTo(0.875, 6);
    expect(tellers.latency.meanMs / 60_000).toBeCloseTo(24.7572, 3);
    expect(tellers.concurrency).toBeCloseTo(8.665, 3);
    expect(json.system.bottleneck).toBe('tellers');
    expect(json.system.maxThroughputRps * 60).toBeCloseTo(0.4, 6);
    expect(json.paths[0]).toMatchObject({ from: 'customers', to: 'tellers', hops: ['customers', 'tellers'] });
  });

  it('takes exactly one file', async () => {
    expect(await run(['analyze'], dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('analyze takes exactly one file'),
    });
  });

  it('analyses every sample without errors', async () => {
    for (const name of [
      'capacity-plan.arch',
      'url-shortener.arch',
      'social-feed.arch',
      'order-pipeline.arch',
      'bad-design.arch',
    ]) {
      const r = await run(['analyze', join(ROOT, 'samples', name), '--json'], ROOT);
      expect(r.code, `${name}: ${r.err}`).toBe(0);
      const json = JSON.parse(r.out) as { components: unknown[] };
      expect(json.components.length).toBeGreaterThan(3);
      expect(r.out).not.toMatch(/NaN|Infinity/);
    }
  });
});
