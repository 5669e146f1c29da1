/**
 * Recovery at the statement (src/language/recovery/): each broken text is one error (two for a
 * brace missing at one end), at its place, with its code and wording; the rest of the file is still
 * read: the components and edges listed are in the model, and no unresolved name is reported.
 */
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../../src/language/workspace.js';
import { recover } from '../../../src/language/recovery/recover.js';
import { lspServices } from '../editor/services.js';

const BASE = [
  'system s {',
  '  client users { rate 100 rps }',
  '  service app { instances 4 capacity 800 rps }',
  '  database db { capacity 1000 rps replicas 1 }',
  '  users -> app',
  '  app -> db',
  '}',
  '',
].join('\n');

interface Case {
  name: string;
  /** The broken text (BASE with one change). */
  text: string;
  /** Each error as `line:column code message-part` (1-based), in order. */
  errors: string[];
  /** Components still in the model. */
  components?: string[];
  /** Edges still in the model. */
  edges?: number;
}

const edit = (from: string, to: string) => {
  if (!BASE.includes(from)) throw new Error(from);
  return BASE.replace(from, to);
};

const CASES: Case[] = [
  {
    name: 'a misspelt property (the issue): loses that property only',
    text: edit('instances 4 capacity 800 rps', 'instances 4 capacity 800 rps capacty 900 rps'),
    errors: ["3:46 unknown-property unknown property 'capacty'; did you mean 'capacity'?"],
    components: ['users', 'app', 'db'],
    edges: 2,
  },
  {
    name: 'a misspelt property right after a number (not read as its unit)',
    text: edit('instances 4 capacity 800 rps', 'instances 4 capacty 800 rps'),
    errors: ["3:29 unknown-property unknown property 'capacty'; did you mean 'capacity'?"],
    components: ['users', 'app', 'db'],
    edges: 2,
  },
  {
    name: 'a misspelt kind still declares the component',
    text: edit('service app', 'servce app'),
    errors: ["3:3 unknown-kind unknown kind of component 'servce'; did you mean 'service'?"],
    components: ['users', 'db'],
  },
  {
    name: 'a misspelt declaration is one error at the first use, not one per use',
    text: edit('database db {', 'database dbb {').replace('app -> db', 'app -> db\n  users -> db'),
    errors: ["6:10 unresolved-reference unknown component 'db'; did you mean 'dbb'?"],
  },
  {
    name: 'a block without its }',
    text: edit('capacity 800 rps }', 'capacity 800 rps'),
    errors: ["3:42 syntax the block of 'app' is not closed: expected '}'"],
    components: ['users', 'app', 'db'],
    edges: 2,
  },
  {
    name: 'a block without its {',
    text: edit(
      'service app { instances 4 capacity 800 rps }',
      'service app\n    instances 4\n    capacity 800 rps\n  }',
    ),
    errors: ["4:5 syntax expected '{' before 'instances'"],
    components: ['users', 'app', 'db'],
    edges: 2,
  },
  {
    name: 'a component line deleted: its properties are one error',
    text: edit('  database db { capacity 1000 rps replicas 1 }', '  database db {\n    capacity 1000 rps\n  }').replace(
      '  database db {\n',
      '',
    ),
    errors: ["4:5 syntax 'capacity' belongs to no component", "7:10 unresolved-reference unknown component 'db'"],
    components: ['users', 'app'],
  },
  {
    name: 'a system-level description without its string',
    text: edit('system s {', 'system s {\n  description x'),
    errors: ["2:15 syntax cannot read this description: unexpected 'x'"],
    components: ['users', 'app', 'db'],
    edges: 2,
  },
  {
    name: 'an incomplete edge',
    text: edit('  app -> db', '  app -> db\n  app ->'),
    errors: ['7:7 syntax cannot read this edge: it ends too soon'],
    edges: 2,
  },
  {
    name: 'a stray character',
    text: edit('  app -> db', '  app -> db @'),
    errors: ["6:13 syntax unexpected character '@'"],
    components: ['users', 'app', 'db'],
    edges: 1,
  },
  {
    name: 'a misspelt system keyword',
    text: edit('system s {', 'sytsem s {'),
    errors: ["1:1 syntax unknown 'sytsem'; did you mean 'system'?"],
    components: ['users', 'app', 'db'],
    edges: 2,
  },
  {
    name: 'a misspelt import keeps its import',
    text: 'improt "other.arch"\n' + BASE,
    errors: ["1:1 syntax unknown 'improt'; did you mean 'import'?"],
    components: ['users', 'app', 'db'],
    edges: 2,
  },
  {
    name: 'a lone CR inside a string: the error after it stays on its line',
    text: edit('system s {', 'system s {\n  description "x\ry"'),
    errors: ['2:15 syntax this string is not closed on its line'],
    components: ['users', 'app', 'db'],
  },
];

describe('recovery: one error at its place, the rest read', () => {
  it.each(CASES)('$name', async (c) => {
    const files: Record<string, string> = { '/w/a.arch': c.text, '/w/other.arch': 'system o {\n  service other\n}\n' };
    const r = await loadTexts(files);
    const errors = r.diagnostics
      .filter((d) => d.severity === 'error' && d.file.endsWith('a.arch'))
      .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
    expect(errors.length, errors.join('\n')).toBe(c.errors.length);
    c.errors.forEach((e, i) => expect(errors[i], errors.join('\n')).toContain(e));
    for (const name of c.components ?? []) expect(r.model.components.map((x) => x.id)).toContain(name);
    if (c.edges !== undefined) expect(r.model.edges.length).toBe(c.edges);
    // Nothing the error alone caused: no finding says a component is unreachable.
    expect(r.diagnostics.filter((d) => d.code === 'unreachable').map((d) => d.message)).toEqual([]);
  });
});

describe('recovery: the cost of a text with many broken statements', () => {
  it('mends each system on its own: 30 misspelt properties in 6 systems, one parse of the whole text', () => {
    const services = lspServices();
    const fast = services.parser.FastParser;
    const systems = Array.from({ length: 6 }, (_, s) =>
      [
        `system s${s} {`,
        `  client users${s} { rate 100 rps }`,
        ...Array.from({ length: 5 }, (_, k) => `  service app${s}x${k} { instances 4 capacty 800 rps }`),
        ...Array.from({ length: 5 }, (_, k) => `  users${s} -> app${s}x${k}`),
        '}',
      ].join('\n'),
    );
    const text = systems.join('\n') + '\n';
    let whole = 0;
    const parsers = {
      fast: new Proxy(fast, {
        get(target, key) {
          if (key === 'attempt')
            return (t: string) => {
              if (t.length >= text.length) whole++;
              return target.attempt(t);
            };
          const v = Reflect.get(target, key) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      }),
      langium: (t: string) => services.parser.LangiumParser.parse(t),
    };
    const r = recover(text, parsers);
    expect(r).toBeDefined();
    expect(r!.recovery.errors.map((e) => `${e.line + 1}:${e.column + 1} ${e.code}`)).toEqual(
      systems.flatMap((_, s) => Array.from({ length: 5 }, (_, k) => `${s * 13 + k + 3}:32 unknown-property`)),
    );
    // every property but the misspelt one is read
    expect(r!.result.parserErrors).toHaveLength(30);
    expect(whole).toBe(1);
  });
});

describe("recovery: a block whose '{' is missing keeps its properties (the model is the intact text's)", () => {
  const INTACT = [
    'system s {',
    '  client users { rate 100 rps }',
    '  service app { instances 4 capacity 800 rps }',
    '  database db {',
    '    capacity 1000 rps',
    '    replicas 1',
    '  }',
    '  users -> app',
    '  app -> db { timeout 100 ms retries 2 }',
    '}',
    '',
  ].join('\n');
  /** The model without where things are written. */
  const plain = (m: unknown) =>
    JSON.parse(
      JSON.stringify(m, (k, v: unknown) => (/location$|Location$|^range$/i.test(k) ? undefined : v)),
    ) as unknown;
  it.each([
    [
      'a component on one line',
      'service app { instances',
      'service app instances',
      "3:15 syntax expected '{' before 'instances'",
    ],
    ['a component over lines', 'database db {\n', 'database db\n', "5:5 syntax expected '{' before 'capacity'"],
    ['an edge on one line', 'app -> db { timeout', 'app -> db timeout', "9:13 syntax expected '{' before 'timeout'"],
  ])('%s', async (_name, from, to, error) => {
    const intact = await loadTexts({ '/w/a.arch': INTACT });
    expect(intact.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = await loadTexts({ '/w/a.arch': INTACT.replace(from, to) });
    const errors = r.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(error);
    expect(plain(r.model.components)).toEqual(plain(intact.model.components));
    expect(plain(r.model.edges)).toEqual(plain(intact.model.edges));
    // and the findings are the intact text's
    const findings = (x: typeof r) =>
      x.diagnostics.filter((d) => d.severity !== 'error').map((d) => `${d.code} ${d.message}`);
    expect(findings(r)).toEqual(findings(intact));
  });
});
