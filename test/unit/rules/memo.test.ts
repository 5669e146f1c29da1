/**
 * Incremental rules (core/rules/memo.ts): after any change of the model, the analysis or the
 * settings, a RuleMemo gives exactly the findings of a fresh run. The changes are made the way
 * the model builder makes them: the changed component or edge is a new object, the rest are
 * the same objects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, mulberry32, toPlain } from '../../../src/core/analysis/index.js';
import type { Component, Edge, Model } from '../../../src/core/model.js';
import { RuleMemo } from '../../../src/core/rules/memo.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { runRules } from '../../../src/core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../../src/core/rules/settings.js';
import { componentRule, type Rule } from '../../../src/core/rules/types.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { generateArchText } from '../../../bench/generate-text.js';
import { ROOT } from '../helpers.js';

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const NUMBERS: (keyof Component)[] = [
  'capacityRps',
  'serviceTimeMs',
  'instances',
  'rateRps',
  'readFraction',
  'hitRatio',
  'replicas',
  'shards',
  'skew',
  'partitions',
  'ttlMs',
  'lagMs',
  'availability',
  'storagePerNodeBytes',
  'recordBytes',
  'retentionMs',
  'latencyMs',
];
const FRACTIONS = new Set<keyof Component>(['readFraction', 'hitRatio', 'availability']);

/** One change as the model builder would make it; `settings` may be replaced too. */
function mutate(
  rand: Rand,
  model: Model,
  settings: RuleSettings,
): { model: Model; settings: RuleSettings; what: string } {
  const components = model.components.slice();
  const edges = model.edges.slice();
  const systems = model.systems.slice();
  const next = () => ({ model: { systems, components, edges }, settings });
  const r = rand();
  if (r < 0.35 && components.length) {
    const i = Math.floor(rand() * components.length);
    const key = pick(rand, NUMBERS);
    const value = FRACTIONS.has(key)
      ? Math.round(rand() * 100) / 100
      : pick(rand, [0, 1, 2, 3, 5, 8, 50, 400, 1000, 20_000, 1e12]);
    components[i] = { ...components[i]!, [key]: value };
    return { ...next(), what: `${components[i]!.id}.${key} = ${value}` };
  }
  if (r < 0.45 && components.length) {
    const i = Math.floor(rand() * components.length);
    const c = { ...components[i]! };
    const flip = pick(rand, [
      'idempotent',
      'stateful',
      'sessions',
      'engine',
      'delivery',
      'invalidate',
      'algorithm',
    ] as const);
    if (flip === 'idempotent') c.idempotent = !c.idempotent;
    else if (flip === 'stateful') c.stateful = !c.stateful;
    else if (flip === 'sessions') c.sessions = c.sessions ? undefined : { kind: 'local' };
    else if (flip === 'engine') c.engine = c.engine === 'file' ? 'redis' : 'file';
    else if (flip === 'delivery') c.delivery = c.delivery === 'exactly-once' ? 'at-least-once' : 'exactly-once';
    else if (flip === 'invalidate') c.invalidate = c.invalidate === 'on-write' ? undefined : 'on-write';
    else c.algorithm = c.algorithm === 'least-connections' ? 'round-robin' : 'least-connections';
    components[i] = c;
    return { ...next(), what: `${c.id} ${flip}` };
  }
  if (r < 0.55 && edges.length) {
    const i = Math.floor(rand() * edges.length);
    const e: Edge = { ...edges[i]! };
    const change = pick(rand, ['async', 'traffic', 'retries', 'share', 'fanout'] as const);
    if (change === 'async') e.async = !e.async;
    else if (change === 'traffic') e.traffic = pick(rand, ['reads', 'writes', 'all'] as const);
    else if (change === 'retries') e.retries = pick(rand, [0, 1, 3]);
    else if (change === 'share') e.share = pick(rand, [0.1, 0.5, 1]);
    else e.fanout = pick(rand, [1, 4, 20]);
    edges[i] = e;
    return { ...next(), what: `${e.id} ${change}` };
  }
  if (r < 0.62 && edges.length) {
    const [e] = edges.splice(Math.floor(rand() * edges.length), 1);
    return { ...next(), what: `remove ${e!.id}` };
  }
  if (r < 0.7 && edges.length && components.length > 1) {
    const base = pick(rand, edges);
    const to = pick(rand, components).id;
    if (to !== base.from) edges.push({ ...base, id: `${base.from}->${to}#9`, to });
    return { ...next(), what: `add ${base.from} -> ${to}` };
  }
  if (r < 0.75 && components.length > 1) {
    const [c] = components.splice(Math.floor(rand() * components.length), 1);
    return { ...next(), what: `remove ${c!.id}` };
  }
  if (r < 0.8 && systems.length) {
    systems[0] = {
      ...systems[0]!,
      settings: { ...systems[0]!.settings, targetUtilization: pick(rand, [0.5, 0.7, 0.9]) },
    };
    return { ...next(), what: 'system target utilisation' };
  }
  if (r < 0.85) {
    const t = settings.thresholds;
    const s: RuleSettings = { ...settings, thresholds: { ...t, headroomUtilization: pick(rand, [0.6, 0.8, 0.9]) } };
    return { model: { systems, components, edges }, settings: s, what: 'headroom threshold' };
  }
  return { ...next(), what: 'nothing' };
}

async function modelsToEdit(): Promise<{ name: string; model: Model }[]> {
  const out: { name: string; model: Model }[] = [];
  for (const f of readdirSync(join(ROOT, 'samples')).filter((x) => x.endsWith('.arch'))) {
    const path = join(ROOT, 'samples', f);
    const r = await loadTexts({ [path]: readFileSync(path, 'utf8') });
    out.push({ name: `samples/${f}`, model: r.model });
  }
  const fixtures = join(ROOT, 'test/fixtures/rules');
  for (const rule of readdirSync(fixtures)) {
    for (const f of readdirSync(join(fixtures, rule)).filter((x) => x.endsWith('.arch'))) {
      const path = join(fixtures, rule, f);
      const r = await loadTexts({ [path]: readFileSync(path, 'utf8') });
      out.push({ name: `${rule}/${f}`, model: r.model });
    }
  }
  out.push({ name: 'generated 300', model: (await loadTexts({ '/g.arch': generateArchText(300, 3).text })).model });
  return out;
}

describe('RuleMemo gives the findings of a fresh run', () => {
  it('over chains of changes to every sample, every rule fixture and a generated model (and the analysis from the previous one, a fresh analysis)', async () => {
    let kept = 0;
    let steps = 0;
    for (const { name, model: start } of await modelsToEdit()) {
      const rand = mulberry32(name.length * 7919 + 17);
      const memo = new RuleMemo();
      let model = start;
      let settings = DEFAULT_RULE_SETTINGS;
      const history: string[] = [];
      let previous: ReturnType<typeof analyze> | undefined;
      for (let step = 0; step < 25; step++) {
        const analysis = analyze(model);
        // The analysis made from the previous one is the same as a fresh one.
        const fromPrevious = analyze(model, { previous });
        expect(toPlain(fromPrevious), `${name} after ${history.join('; ')}`).toEqual(toPlain(analysis));
        previous = fromPrevious;
        const got = runRules(RULES, model, analysis, settings, memo);
        expect(got, `${name} after ${history.join('; ')}`).toEqual(runRules(RULES, model, analysis, settings));
        if (step > 0) kept += memo.stats.kept;
        steps++;
        const m = mutate(rand, model, settings);
        model = m.model;
        settings = m.settings;
        history.push(m.what);
      }
    }
    expect(steps).toBeGreaterThan(500);
    // It does keep results (else it would pass by recomputing everything).
    expect(kept).toBeGreaterThan(steps * 5);
  }, 60_000); // ~18 s alone; the chains run every rule, scenarios included, hundreds of times

  it('keeps every per-component result when nothing changed, and recomputes only the changed component', async () => {
    const { model } = await loadTexts({ '/g.arch': generateArchText(500, 5).text });
    const memo = new RuleMemo();
    const perComponent = RULES.filter((r) => r.component).length;
    // The first run records nothing (a document opened and never edited pays nothing for it),
    // the second records everything, the third keeps everything.
    memo.run(RULES, model, analyze(model), DEFAULT_RULE_SETTINGS);
    expect(memo.stats).toEqual({ kept: 0, computed: 0 });
    memo.run(RULES, model, analyze(model), DEFAULT_RULE_SETTINGS);
    expect(memo.stats).toEqual({ kept: 0, computed: perComponent * model.components.length });
    memo.run(RULES, model, analyze(model), DEFAULT_RULE_SETTINGS);
    expect(memo.stats).toEqual({ kept: perComponent * model.components.length, computed: 0 });

    // A capacity change: the component itself is recomputed, and whatever read its figures.
    const i = model.components.findIndex((c) => c.capacityRps !== undefined && c.kind === 'database');
    const components = model.components.slice();
    components[i] = { ...components[i]!, capacityRps: 1 };
    const edited = { ...model, components };
    const analysis = analyze(edited);
    const got = memo.run(RULES, edited, analysis, DEFAULT_RULE_SETTINGS);
    expect(got).toEqual(runRules(RULES, edited, analysis));
    expect(memo.stats.computed).toBeGreaterThanOrEqual(perComponent);
    expect(memo.stats.computed).toBeLessThan(perComponent * 20);
  });

  it('a per-component check that reads the model outside the look-ups fails loudly, not silently stale', async () => {
    const { model } = await loadTexts({
      '/m.arch': 'system s {\n  client c { rate 1 rps }\n  service a { capacity 10 rps }\n  c -> a\n}\n',
    });
    const sneaky: Rule = componentRule({
      id: 'sneaky',
      defaultSeverity: 'warning',
      description: 'reads every component',
      concept: 'none',
      component: (ctx, c) =>
        ctx.model.components.length > 1 ? [{ message: `${c.id} has company`, location: c.location }] : [],
    });
    // Without a memo it runs (the whole-model check is allowed to read the model).
    expect(runRules([sneaky], model, analyze(model)).map((f) => f.message)).toEqual(['c has company', 'a has company']);
    const memo = new RuleMemo();
    memo.run([sneaky], model, analyze(model), DEFAULT_RULE_SETTINGS); // the first run records nothing
    const findings = memo.run([sneaky], model, analyze(model), DEFAULT_RULE_SETTINGS);
    expect(findings.map((f) => f.message)).toEqual([
      'rule sneaky failed: a per-component check read ctx.model.components (use the context look-ups) (please report this)',
    ]);
  });

  // Each kind of read, by a probe rule that reads just that figure of another component or an
  // edge: the change alters only that figure, so only that comparison can notice it.
  const PROBE_MODEL = `system s {
  client c { rate 100 rps }
  service a { capacity 1000 rps }
  database d { capacity 500 rps }
  database src { capacity 500 rps }
  search idx { capacity 500 rps lag 1 s }
  queue q { partitions 8 }
  worker w { instances 8 capacity 20 rps }
  c -> a
  a -> d { fanout 3 }
  a -> src writes
  src -> idx cdc { lag 500 ms }
  a -> q async
  q -> w
}
`;
  const probe = (read: (ctx: Parameters<NonNullable<Rule['component']>>[0]) => unknown): Rule =>
    componentRule({
      id: 'probe',
      defaultSeverity: 'info',
      description: 'reports one figure',
      concept: 'none',
      component: (ctx, c) => (c.id === 'c' ? [{ message: JSON.stringify(read(ctx)), location: c.location }] : []),
    });
  const withComponent = (m: Model, id: string, change: Partial<Component>): Model => ({
    ...m,
    components: m.components.map((c) => (c.id === id ? { ...c, ...change } : c)),
  });
  const withEdge = (m: Model, id: string, change: Partial<Edge>): Model => ({
    ...m,
    edges: m.edges.map((e) => (e.id === id ? { ...e, ...change } : e)),
  });
  const cases: [string, Rule, (m: Model) => Model][] = [
    [
      "a caller's end-to-end latency (its callee slowed down)",
      probe((ctx) => ctx.figures('a')?.endToEnd.mean.value),
      (m) => withComponent(m, 'd', { capacityRps: 320 }),
    ],
    [
      'a consistency (its feed lags more)',
      probe((ctx) => ctx.figures('idx')?.consistency?.stalenessMs),
      (m) => withEdge(m, 'src->idx#0', { lagMs: 5000 }),
    ],
    [
      "an edge's figures (made async)",
      probe((ctx) => ctx.edgeFigures('a->d#0')?.sync),
      (m) => withEdge(m, 'a->d#0', { async: true }),
    ],
    [
      "an edge's fan-out tail (its callee slowed down)",
      probe((ctx) => ctx.edgeFigures('a->d#0')?.fanoutTail.inputs.calleeP99),
      (m) => withComponent(m, 'd', { capacityRps: 320 }),
    ],
    [
      "a consumer's service (its queue has fewer partitions)",
      probe((ctx) => ctx.figures('w')?.utilization.value),
      (m) => withComponent(m, 'q', { partitions: 2 }),
    ],
    [
      'a component that appears',
      probe((ctx) => ctx.component('extra')?.kind ?? 'none'),
      (m) => ({ ...m, components: [...m.components, { ...m.components[1]!, id: 'extra', name: 'extra' }] }),
    ],
    [
      'an edge out of a component (a property no figure depends on)',
      probe((ctx) => ctx.outEdges('a').map((e) => e.requires ?? 'none')),
      (m) => withEdge(m, 'a->d#0', { requires: 'strong' }),
    ],
    [
      'the edges into a component',
      probe((ctx) => ctx.inEdges('w').length),
      (m) => ({ ...m, edges: [...m.edges, { ...m.edges.find((e) => e.to === 'w')!, id: 'a->w#0', from: 'a' }] }),
    ],
  ];
  for (const [what, rule, change] of cases) {
    it(`notices a change of ${what}`, async () => {
      const { model } = await loadTexts({ '/p.arch': PROBE_MODEL });
      const memo = new RuleMemo();
      memo.run([rule], model, analyze(model), DEFAULT_RULE_SETTINGS);
      const before = memo.run([rule], model, analyze(model), DEFAULT_RULE_SETTINGS).map((f) => f.message);
      const changed = change(model);
      const after = memo.run([rule], changed, analyze(changed), DEFAULT_RULE_SETTINGS).map((f) => f.message);
      expect(after).toEqual(runRules([rule], changed, analyze(changed)).map((f) => f.message));
      expect(after, 'the change must change the probed figure').not.toEqual(before);
      expect(memo.stats.kept, 'the other components are kept').toBeGreaterThan(0);
    });
  }

  it("analyses from the previous analysis see a change of a component's sources (a queue's partitions limit its consumers)", async () => {
    const { model } = await loadTexts({ '/p.arch': PROBE_MODEL });
    const previous = analyze(model);
    const changed = withComponent(model, 'q', { partitions: 2 });
    const fresh = analyze(changed);
    expect(toPlain(analyze(changed, { previous }))).toEqual(toPlain(fresh));
    expect(fresh.components[fresh.componentIndex['w']!]!.instances.value).toBe(2);
  });
});
