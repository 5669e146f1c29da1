/**
 * Scenario blocks into the model (each step kind, in order) and the language's errors in them:
 * one test per message, each at its place; a broken step is left out of its scenario.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/core/model.js';
import { brief, errors, load } from '../helpers.js';

const HEAD = `system s {
  settings { zones 3 }
  client users { rate 10 k rps }
  service app { instances 6 zones 3 }
  database db { replicas 2 shards 4 }
  cache redis { hit 80 % }
  users -> app
  app -> redis
  redis -> db
`;

async function scenarios(body: string): Promise<{ list: Scenario[]; diagnostics: string[] }> {
  const r = await load(`${HEAD}${body}\n}\n`);
  return {
    list: r.model.systems[0]!.scenarios ?? [],
    diagnostics: r.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code} ${d.message}`),
  };
}

/** Steps without their locations. */
const steps = (s: Scenario) => s.steps.map(({ location: _, ...rest }) => rest);

describe('scenarios in the model', () => {
  it('has every step kind, in order, with the description and locations', async () => {
    const { list, diagnostics } = await scenarios(`  scenario black-friday {
    description "Three times today's traffic"
    load 3 x
    users rate 25 k rps
    fail zone
    fail app zone
    fail app 2
    fail app instances 1
    fail db replica 1
    fail db replicas 2
    fail db shard 1
    fail redis
    app service-time 20 ms
  }
  scenario quiet { load 0.5 x }`);
    expect(diagnostics).toEqual([]);
    expect(list.map((s) => s.name)).toEqual(['black-friday', 'quiet']);
    const bf = list[0]!;
    expect(bf.description).toBe("Three times today's traffic");
    expect(bf.system).toBe('s');
    expect(bf.nameLocation.range.start).toEqual({ line: 9, character: 11 });
    expect(steps(bf)).toEqual([
      { kind: 'load', factor: 3 },
      { kind: 'set', component: 'users', changes: { rateRps: 25000 } },
      { kind: 'fail-zone', count: 1 },
      { kind: 'fail-zone', component: 'app', count: 1 },
      { kind: 'fail', component: 'app', part: 'instances', count: 2 },
      { kind: 'fail', component: 'app', part: 'instances', count: 1 },
      { kind: 'fail', component: 'db', part: 'replicas', count: 1 },
      { kind: 'fail', component: 'db', part: 'replicas', count: 2 },
      { kind: 'fail', component: 'db', part: 'shards', count: 1 },
      { kind: 'fail', component: 'redis', part: 'component', count: 1 },
      { kind: 'set', component: 'app', changes: { serviceTimeMs: 20 } },
    ]);
    expect(bf.steps[1]!.location.range.start).toEqual({ line: 12, character: 4 });
    expect(steps(list[1]!)).toEqual([{ kind: 'load', factor: 0.5 }]);
  });

  it('reads a set step with the declaration code: only the fields written', async () => {
    const { list, diagnostics } = await scenarios(`  scenario s2 {
    app autoscale 6..20
    db replicas 4 sync
    users reads 80 %
    app sessions in redis
  }`);
    expect(diagnostics).toEqual([]);
    expect(steps(list[0]!)).toEqual([
      { kind: 'set', component: 'app', changes: { autoscale: { min: 6, max: 20 } } },
      { kind: 'set', component: 'db', changes: { replicas: 4, replication: 'sync' } },
      { kind: 'set', component: 'users', changes: { readFraction: 0.8 } },
      { kind: 'set', component: 'app', changes: { sessions: { kind: 'store', store: 'redis' } } },
    ]);
  });

  it('checks a step against the component as the steps before it left it', async () => {
    const { list, diagnostics } = await scenarios(`  scenario more { app instances 10\n fail app 8 }`);
    expect(diagnostics).toEqual([]);
    expect(steps(list[0]!)[1]).toEqual({ kind: 'fail', component: 'app', part: 'instances', count: 8 });
  });

  it('leaves the base model alone: no scenario step makes a component unsure', async () => {
    const r = await load(`${HEAD}  scenario x { fail dbb replica 1\n app capacty 3 rps\n fail app 99 }\n}\n`);
    expect(r.model.unsettled ?? []).toEqual([]);
    expect(r.model.components.map((c) => c.id)).toEqual(['users', 'app', 'db', 'redis']);
  });
});

describe('errors in scenarios, each at its place', () => {
  const one = async (body: string) => (await scenarios(`  scenario x {\n${body}\n  }`)).diagnostics;

  it('an unknown component, with a suggestion', async () => {
    expect(await one('fail dbb replica 1')).toEqual([
      "11 error unresolved-reference unknown component 'dbb'; did you mean 'db'? (declare it in this file or import the file that declares it)",
    ]);
  });
  it('a property the kind does not take (the validator wording)', async () => {
    expect(await one('app hit 50 %')).toEqual(["11 error property-not-allowed 'hit' is not a property of a service"]);
  });
  it('a bad unit in a set step, as in a declaration', async () => {
    expect(await one('users rate 25 k')).toEqual([
      '11 error bad-number rate needs a unit: a rate: `rps` or `per second|minute|hour|day|month` (e.g. `600 rps`, `3 million per day`)',
    ]);
  });
  it('failing replicas of a component without any', async () => {
    expect(await one('fail app replica 1')).toEqual(["11 error bad-fail 'app' is a service: it has no replicas"]);
    expect(await one('fail redis replica 1')).toEqual([
      "11 error bad-fail 'redis' has no replicas to fail (it declares no `replicas`)",
    ]);
  });
  it('failing more instances, replicas or shards than it has', async () => {
    expect(await one('fail app 7')).toEqual(["11 error bad-fail 'app' has 6 instances: cannot fail 7"]);
    expect(await one('fail db replica 3')).toEqual(["11 error bad-fail 'db' has 2 replicas: cannot fail 3"]);
    expect(await one('fail db shards 5')).toEqual(["11 error bad-fail 'db' has 4 shards: cannot fail 5"]);
    expect(await one('fail app zone 4')).toEqual(["11 error bad-fail 'app' is spread over 3 zones: cannot fail 4"]);
  });
  it('failing instances of a store, or shards of an unsharded one', async () => {
    expect(await one('fail db 1')).toEqual([
      "11 error bad-fail 'db' is a database: it has no instances to fail (fail a replica, `fail db replica 1`, or all of it, `fail db`)",
    ]);
    expect(await one('fail redis shard 1')).toEqual([
      "11 error bad-fail 'redis' is not sharded (it declares no `shards`)",
    ]);
  });
  it('a bad count', async () => {
    expect(await one('fail app 0')).toEqual(['11 error bad-number fail takes a whole number of at least 1 (got 0)']);
    expect(await one('fail app 2 x')).toEqual(["11 error bad-number fail is a plain count: remove the unit 'x'"]);
  });
  it('load without x, or not above 0', async () => {
    expect(await one('load 3')).toEqual(['11 error bad-unit load needs the unit x: `load 3 x`']);
    expect(await one('load 0 x')).toEqual(['11 error bad-unit load must be greater than 0 (got 0)']);
    expect(await one('load 3 %')).toEqual([
      "11 error bad-unit '%' is a percent unit, but load needs a plain factor (e.g. `1.5` or `1.5 x`)",
    ]);
  });
  it('fail zone when nothing is zoned (a warning)', async () => {
    const r = await load(
      'system t {\n  service a { instances 2 }\n  scenario z {\n    fail zone\n    fail a zone\n  }\n}\n',
    );
    expect(r.diagnostics.map(brief)).toEqual(['4:10 warning unzoned', '5:12 warning unzoned']);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "nothing in system 't' is spread over zones (`zones 3` on a component or in settings): 'fail zone' changes nothing",
      "'a' is not spread over zones (`zones 3`): losing its zone loses all of it",
    ]);
    expect(errors(r)).toEqual([]);
  });
  it('a scenario name used twice in a system', async () => {
    const { diagnostics } = await scenarios('  scenario a { load 2 x }\n  scenario a { load 3 x }');
    expect(diagnostics).toEqual(["11 error duplicate-name scenario 'a' is declared twice in system 's'"]);
  });
  it('a broken step is left out of its scenario; the others stay', async () => {
    const { list } = await scenarios('  scenario x {\n    load 2 x\n    fail app 9\n    fail redis\n  }');
    expect(steps(list[0]!).map((s) => s.kind)).toEqual(['load', 'fail']);
  });
});
