/**
 * Scenarios in the CLI: `analyze` lists each with its verdict; `analyze --scenario NAME` prints the
 * scenario's model as analyze prints a model (table or JSON), its changes, verdict and findings; an
 * unknown name is a usage error suggesting the nearest; a name two systems use needs SYSTEM/NAME.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.js';
import { run } from './run.js';

const PLAN = `system flight-search {
  slo { p95 200 ms availability 99.9 % }
  settings { target-utilization 70 % }
  client users { rate 10 k rps reads 100 % }
  service app { instances 20 capacity 857 rps service-time 1.167 ms }
  database flights-db { capacity 4000 rps service-time 2 ms replicas 4 async read-from replicas }
  users -> app
  app -> flights-db reads
  scenario black-friday { load 3 x }
  scenario one-down { fail app 1 }
}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archscale-scenario-'));
  writeFileSync(join(dir, 'plan.arch'), PLAN);
  writeFileSync(
    join(dir, 'two.arch'),
    `system a {
  client ua { rate 100 rps }
  service sa { capacity 200 rps }
  ua -> sa
  scenario peak { load 3 x }
}
system b {
  client ub { rate 100 rps }
  service sb { capacity 1000 rps }
  ub -> sb
  scenario peak { load 3 x }
}
`,
  );
  writeFileSync(
    join(dir, 'none.arch'),
    'system s {\n  client users { rate 50 rps }\n  service app { service-time 10 ms }\n  users -> app\n}\n',
  );
});

describe('scenarios in archscale analyze', () => {
  it('lists every scenario with its verdict after the systems', async () => {
    const r = await run(['analyze', 'plan.arch'], dir);
    expect(r.code).toBe(0);
    const list = r.out.slice(r.out.indexOf('\nScenarios'));
    // 3 × 10k rps over 20 × 857 rps: 175 %; over 4 replicas of 4,000 rps: 188 %
    expect(list).toMatch(/^ {2}flight-search\/black-friday {2}✗ breaks: flights-db at 188 %, app at 175 %$/m);
    // 10k rps over 19 instances: 61 %, within the SLO
    expect(list).toMatch(/^ {2}flight-search\/one-down {6}✓ holds: p95 [\d.]+ ms, availability [\d.]+ %$/m);
    // a model without scenarios has no such section
    expect((await run(['analyze', 'none.arch'], dir)).out).not.toContain('Scenarios');
  });

  it("prints a scenario's figures, its changes and verdict, and its findings", async () => {
    const r = await run(['analyze', 'plan.arch', '--scenario', 'black-friday'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Scenario black-friday \(system flight-search\)\n {2}changes {2}every client's rate 3×\n {2}verdict {2}breaks: flights-db at 188 %, app at 175 %\n\nComponents\n/,
    );
    expect(r.out).toMatch(/^app +service +30k rps .* 175 % .*SATURATED/m);
    const findings = r.out.slice(r.out.indexOf('\nFindings in this scenario'));
    expect(findings).toMatch(
      /^ {2}plan\.arch:5:11 error overloaded app receives 30k rps against a capacity of 17\.1k rps/m,
    );
    const calm = await run(['analyze', 'plan.arch', '--scenario', 'one-down'], dir);
    expect(calm.out).toMatch(/^app +service +10k rps +0 rps +10k rps +16\.3k rps +61\.4 %/m);
  });

  it("prints a scenario's JSON as analyze --json prints a model's", async () => {
    const r = await run(['analyze', 'plan.arch', '--scenario', 'one-down', '--json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { components: { name: string; capacityRps: number; utilization: number }[] };
    const app = j.components.find((c) => c.name === 'app')!;
    expect(app.capacityRps).toBeCloseTo(19 * 857, 6);
    expect(app.utilization).toBeCloseTo(10_000 / (19 * 857), 9);
    const base = JSON.parse((await run(['analyze', 'plan.arch', '--json'], dir)).out) as typeof j;
    expect(Object.keys(j)).toEqual(Object.keys(base));
  });

  it('suggests the nearest name for an unknown scenario, and exits 2', async () => {
    const r = await run(['analyze', 'plan.arch', '--scenario', 'blak-friday'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "no scenario 'blak-friday' in the model; did you mean 'black-friday'? (scenarios: black-friday, one-down)",
    );
    expect(r.out).toBe('');
    expect((await run(['analyze', 'none.arch', '--scenario', 'peak'], dir)).err).toContain(
      "the model declares no scenario (looked for 'peak')",
    );
  });

  it('asks for SYSTEM/NAME when two systems declare the name', async () => {
    const r = await run(['analyze', 'two.arch', '--scenario', 'peak'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("scenario 'peak' is declared in 2 systems: write a/peak or b/peak");
    const b = await run(['analyze', 'two.arch', '--scenario', 'b/peak'], dir);
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/^Scenario peak \(system b\)\n {2}changes {2}every client's rate 3×\n {2}verdict {2}holds/);
    expect(b.out).toMatch(/^sb +service +300 rps/m);
  });

  it('reads --scenario', () => {
    expect(parseCommandLine(['analyze', 'a.arch', '--scenario', 'black-friday', '--json'])).toEqual({
      command: 'analyze',
      paths: ['a.arch'],
      format: 'json',
      scenario: 'black-friday',
    });
    expect(() => parseCommandLine(['analyze', 'a.arch', '--scenario'])).toThrow(
      '--scenario takes the name of a scenario',
    );
    expect(() => parseCommandLine(['analyze', 'a.arch', '--scenario='])).toThrow(
      '--scenario takes the name of a scenario',
    );
  });
});
