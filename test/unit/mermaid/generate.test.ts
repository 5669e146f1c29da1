/**
 * The Mermaid generator: snapshots of every sample, Mermaid's own parser accepting every
 * diagram (samples, hostile names, collapsed big models), escaping, limits and speed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, generateModel } from '../../../src/core/analysis/index.js';
import { escapeLabel, toMermaid, unescapeLabel, type MermaidDiagram } from '../../../src/core/mermaid/index.js';
import { caseFromText, sampleCases, XSS, xssArchText, xssCase, type Case } from './helpers.js';
import { mermaidParse, nodeMermaid, removeDom } from './mermaid-node.js';

/** Lines that draw an edge. */
const edgeLines = (text: string) => text.split('\n').filter((l) => /^\s+[ng]\d+ (-->|-\.->|==>)/.test(l));
/** Labels as written in the text (between the quotes of `["..."]` and `|"..."|`). */
const labels = (text: string) => [...text.matchAll(/\|"([^"]*)"\||\["([^"]*)"\]/g)].map((m) => m[1] ?? m[2]!);

let samples: Case[];
beforeAll(async () => {
  samples = await sampleCases();
  await nodeMermaid();
}, 60_000);
afterAll(() => removeDom());

describe('toMermaid: samples', () => {
  it('covers every sample', () => {
    expect(samples.map((s) => s.name)).toEqual([
      'bad-design',
      'capacity-plan',
      'order-pipeline',
      'social-feed',
      'url-shortener',
    ]);
  });

  it('matches the snapshot of every sample', async () => {
    for (const s of samples) {
      const d = toMermaid(s.model, s.analysis, s.findings);
      expect(d.warnings).toEqual([]);
      expect(d.collapsed).toBeUndefined();
      await expect(d.text).toMatchFileSnapshot(`./__snapshots__/${s.name}.mmd`);
    }
  });

  it('is accepted by Mermaid 12 for every sample', async () => {
    for (const s of samples) {
      const d = toMermaid(s.model, s.analysis, s.findings);
      await expect(mermaidParse(d.text), s.name).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    }
  });

  it('maps every generated node id to a component, one node per component', () => {
    for (const s of samples) {
      const d = toMermaid(s.model, s.analysis, s.findings);
      expect(Object.values(d.nodeIds).sort()).toEqual(s.model.components.map((c) => c.id).sort());
      for (const id of Object.keys(d.nodeIds)) {
        expect(id).toMatch(/^n\d+$/);
        expect(d.text).toMatch(new RegExp(`^\\s+${id}\\["[^"]*"\\]@\\{ shape: [a-z-]+ \\}$`, 'm'));
      }
      expect(edgeLines(d.text)).toHaveLength(s.model.edges.length);
    }
  });

  it('is deterministic', () => {
    for (const s of samples)
      expect(toMermaid(s.model, s.analysis, s.findings).text).toBe(toMermaid(s.model, s.analysis, s.findings).text);
  });

  it('draws shapes by kind, loads on edges, async dashed, CDC thick and coloured, consistency on reads, marks', async () => {
    const c = await caseFromText(
      'kinds',
      `system shop {
  client shoppers { rate 2 k rps writes 30 % }
  dns names { }
  cdn edge { hit 50 % ttl 5 min }
  loadbalancer lb { algorithm round-robin }
  service api { instances 4 capacity 800 rps stateless }
  cache redis { engine redis hit 80 % ttl 60 s capacity 50 k rps }
  database orders-db { capacity 3000 rps replicas 2 async lag 200 ms }
  queue jobs { }
  stream changes { }
  worker projector { instances 2 capacity 500 rps idempotent }
  search index { capacity 2 k rps lag 1 s }
  storage blobs { capacity 5 k rps }
  shoppers -> names
  shoppers -> edge
  edge -> lb
  lb -> api
  api -> redis reads requires eventual
  redis -> orders-db reads
  api -> orders-db writes
  api -> jobs writes async
  jobs -> projector
  projector -> blobs
  orders-db -> changes cdc { lag 500 ms }
  changes -> index
}
system billing {
  external payments { latency 100 ms capacity 100 rps }
  api -> payments writes
}`,
    );
    const d = toMermaid(c.model, c.analysis, c.findings);
    const id = (name: string) => Object.entries(d.nodeIds).find(([, x]) => x === name)![0];
    const shapes: Record<string, string> = {
      shoppers: 'browser',
      names: 'odd',
      edge: 'cloud',
      lb: 'hex',
      api: 'st-rect',
      redis: 'win-pane',
      'orders-db': 'cyl',
      jobs: 'h-cyl',
      changes: 'flag',
      projector: 'lin-rect',
      index: 'docs',
      blobs: 'bucket',
      payments: 'fr-rect',
    };
    for (const [name, shape] of Object.entries(shapes))
      expect(d.text).toMatch(new RegExp(`${id(name)}\\["<b>${name}</b>[^"]*"\\]@\\{ shape: ${shape} \\}`));
    const edge = (from: string, arrow: string, label: string, to: string) =>
      expect(d.text).toMatch(new RegExp(`^  ${id(from)} ${arrow}\\|"${label}"\\| ${id(to)}$`, 'm'));
    edge('shoppers', '-->', '2k rps · eventual ≤ 5 min', 'edge'); // the CDN's TTL
    edge('shoppers', '-->', '2k rps · weak', 'names'); // DNS without a TTL
    edge('api', '-\\.->', '600 rps', 'jobs'); // async: dashed
    edge('jobs', '-\\.->', '600 rps', 'projector'); // consumers work asynchronously
    edge('orders-db', '==>', 'CDC · [^"]* · ≤ 500 ms', 'changes'); // change data capture: thick
    edge('api', '-->', '[^"]* · eventual ≤ 1 min', 'redis'); // reads: the consistency they get (TTL 60 s)
    edge('redis', '-->', '[^"]* · eventual ≤ 200 ms', 'orders-db'); // async replicas' lag
    const cdcIndex = d.text
      .split('\n')
      .filter((l) => /^  [ng]\d+ (-->|-\.->|==>)/.test(l))
      .findIndex((l) => l.includes('==>'));
    expect(d.text).toContain(`linkStyle ${cdcIndex} stroke:#8b5cf6`);
    const bottleneck = c.analysis.system.bottleneck!;
    expect(d.text).toMatch(new RegExp(`^  class ${id(bottleneck)} bn$`, 'm'));
    expect(d.text).toMatch(new RegExp(`${id(bottleneck)}\\["[^"]*★ bottleneck`));
    for (const f of c.findings) expect(d.text).toMatch(new RegExp(`${id(f.components[0]!)}\\["[^"]*⚠ \\d`));
    expect(c.findings.length).toBeGreaterThan(0);
    expect(d.text).toMatch(/subgraph s0\["shop"\]/);
    expect(d.text).toMatch(/subgraph s1\["billing"\]/);
    await expect(mermaidParse(d.text)).resolves.toBeTruthy();
  });

  it('colours by utilisation: ok under the target, warn from it, hot at 100 %', async () => {
    const c = await caseFromText(
      'util',
      `system s {
  client users { rate 1000 rps }
  service cool { instances 1 capacity 2000 rps stateless }
  service warm { instances 1 capacity 1250 rps stateless }
  service hot { instances 1 capacity 900 rps stateless }
  users -> cool
  users -> warm
  users -> hot
}`,
    );
    const d = toMermaid(c.model, c.analysis, c.findings);
    const id = (name: string) => Object.entries(d.nodeIds).find(([, x]) => x === name)![0];
    expect(d.text).toContain(`class ${id('cool')} ok`);
    expect(d.text).toContain(`class ${id('warm')} warn`);
    expect(d.text).toMatch(new RegExp(`class ${id('hot')} hot`));
    expect(d.text).toMatch(new RegExp(`${id('cool')}\\["[^"]*"\\]@\\{ shape: rect \\}`)); // one instance: not a pool
  });

  it('draws an empty model as a valid diagram with a note', async () => {
    const d = toMermaid(
      { systems: [], components: [], edges: [] },
      analyze({ systems: [], components: [], edges: [] }),
      [],
    );
    expect(d.nodeIds).toEqual({});
    await expect(mermaidParse(d.text)).resolves.toBeTruthy();
  });
});

describe('toMermaid: escaping', () => {
  it('escapes every model text into entity codes and ids are generated', async () => {
    const c = xssCase();
    const d = toMermaid(c.model, c.analysis, c.findings);
    for (const l of labels(d.text)) {
      // Only letters, digits, safe punctuation, entity codes and the generator's own <b>/<br>.
      expect(l.replace(/<\/?b>|<br>/g, '')).toMatch(/^(?:[\p{L}\p{N} _.,\-≤≈·×★⚠→]|#(?:lt|gt|quot|amp|\d+);)*$/u);
    }
    // No line is anything but what the generator writes.
    for (const line of d.text.split('\n')) {
      expect(line).toMatch(
        /^(|---|config:|  layout: dagre|  look: classic|  flowchart:|    wrappingWidth: 280|flowchart LR|  subgraph s\d+\["[^"]*"\]|    direction LR|  end|\s+[ng]\d+\["[^"]*"\]@\{ shape: [a-z-]+ \}|  [ng]\d+ (-->|-\.->|==>)(\|"[^"]*"\|)? [ng]\d+|  classDef \w+ [^;"]+|  class [ng\d,]+ \w+|  linkStyle [\d,]+ [^;"]+)$/,
      );
    }
    expect(d.text).not.toMatch(/%%|javascript:|<script|<img|<svg|<iframe|onerror=|^\s*click\b/im);
    expect(Object.keys(d.nodeIds).every((k) => /^n\d+$/.test(k))).toBe(true);
    expect(Object.values(d.nodeIds).sort()).toEqual([...XSS].sort());
    await expect(mermaidParse(d.text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it('keeps the text the user typed (escape then unescape is the identity)', () => {
    for (const s of XSS) expect(unescapeLabel(escapeLabel(s))).toBe(s);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const e = escapeLabel(s);
        expect(unescapeLabel(e)).toBe(s);
        expect(e.replace(/#(?:lt|gt|quot|amp|\d+);/g, '')).not.toMatch(/["<>&`%{}\\;:|[\]()\n\r\t'=/#]/);
      }),
      { numRuns: 500 },
    );
  });

  it('descriptions written in the language stay out of the diagram text and it still parses', async () => {
    const c = await caseFromText('hostile', xssArchText());
    const d = toMermaid(c.model, c.analysis, c.findings);
    expect(d.text).not.toMatch(/script|onerror|javascript|%%\{/i);
    await expect(mermaidParse(d.text)).resolves.toBeTruthy();
  });
});

describe('toMermaid: big models stay within Mermaid limits', () => {
  const check = async (d: MermaidDiagram, o = { maxEdges: 500, maxTextSize: 50_000, maxNodes: 300 }) => {
    expect(edgeLines(d.text).length).toBeLessThanOrEqual(o.maxEdges);
    expect(d.text.length).toBeLessThanOrEqual(o.maxTextSize);
    const nodes = d.text.split('\n').filter((l) => /^\s+[ng]\d+\[/.test(l)).length;
    expect(nodes).toBeLessThanOrEqual(o.maxNodes);
    expect(nodes).toBeGreaterThan(0);
    await expect(mermaidParse(d.text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    return nodes;
  };

  for (const n of [1_000, 10_000]) {
    it(`collapses a ${n.toLocaleString('en-US')}-component model with a warning`, async () => {
      const model = generateModel(n, 7);
      const analysis = analyze(model);
      const t = performance.now();
      const d = toMermaid(model, analysis, []);
      const ms = performance.now() - t;
      const nodes = await check(d);
      expect(d.collapsed).toBeDefined();
      const c = d.collapsed!;
      expect(c.totalComponents).toBe(n);
      expect(c.shownComponents).toBe(Object.keys(d.nodeIds).length);
      expect(c.shownComponents + Object.values(c.groups).reduce((s, g) => s + g.length, 0)).toBe(n);
      expect(Object.keys(c.groups).every((g) => /^g\d+$/.test(g))).toBe(true);
      expect(d.warnings).toHaveLength(1);
      expect(d.warnings[0]).toMatch(/^Large model collapsed: .*Showing \d[\d,]* of [\d,]+ components/);
      // The bottleneck is always drawn on its own.
      expect(Object.values(d.nodeIds)).toContain(analysis.system.bottleneck);
      console.log(
        `[mermaid] ${n} components: ${nodes} nodes, ${edgeLines(d.text).length} edges, ${d.text.length} chars, collapsed by ${c.groupedBy} in ${ms.toFixed(1)} ms`,
      );
    });
  }

  it('honours tighter limits (edges, text, nodes) and falls back to coarser groups', async () => {
    const model = generateModel(600, 3);
    const analysis = analyze(model);
    for (const o of [
      { maxEdges: 50, maxTextSize: 50_000, maxNodes: 300 },
      { maxEdges: 500, maxTextSize: 4_000, maxNodes: 300 },
      { maxEdges: 500, maxTextSize: 50_000, maxNodes: 20 },
      { maxEdges: 0, maxTextSize: 50_000, maxNodes: 300 },
    ]) {
      const d = toMermaid(model, analysis, [], o);
      await check(d, o);
      expect(d.warnings.length).toBe(1);
    }
  });

  it('keeps a model of many systems readable: groups by system and kind', async () => {
    const model = generateModel(1_000, 11);
    // Spread the components over 4 systems.
    const names = Array.from({ length: 4 }, (_, i) => `team-${i}`);
    model.components.forEach((c, i) => (c.system = names[i % names.length]!));
    model.systems = names.map((name) => ({
      ...model.systems[0]!,
      name,
      components: model.components.filter((c) => c.system === name).map((c) => c.id),
    }));
    const d = toMermaid(model, analyze(model), []);
    await check(d);
    expect(d.collapsed!.groupedBy).toBe('system and kind');
    expect(d.text.match(/subgraph s\d+/g)).toHaveLength(4);
  });
});

describe('toMermaid: speed', () => {
  it('generates the text for 200 components in well under 5 ms (measured, printed)', () => {
    const model = generateModel(200, 5);
    const analysis = analyze(model);
    const t0 = performance.now();
    const first = toMermaid(model, analysis, []);
    const cold = performance.now() - t0;
    expect(first.collapsed).toBeUndefined();
    const runs: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      toMermaid(model, analysis, []);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    const median = runs[runs.length >> 1]!;
    console.log(
      `[mermaid] 200 components, ${model.edges.length} edges -> ${first.text.length} chars: first call ${cold.toFixed(2)} ms (incl. the analysis's lazy figures), then median ${median.toFixed(2)} ms, min ${runs[0]!.toFixed(2)} ms`,
    );
  });
});
