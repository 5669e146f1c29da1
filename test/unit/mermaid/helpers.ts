/** Models for the Mermaid tests: every sample (as the editor analyses it) and a hostile model. */
import { basename } from 'node:path';
import { analyze } from '../../../src/core/analysis/index.js';
import type { Analysis } from '../../../src/core/analysis/types.js';
import {
  DEFAULT_MONTH_SECONDS,
  type Component,
  type ComponentKind,
  type Edge,
  type Model,
  type SourceLocation,
} from '../../../src/core/model.js';
import { RULE_IDS, RULES } from '../../../src/core/rules/registry.js';
import { runRules } from '../../../src/core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS } from '../../../src/core/rules/settings.js';
import type { Finding } from '../../../src/core/rules/types.js';
import { ArchscaleWorkspace, loadTexts, memoryFs } from '../../../src/language/workspace.js';
import { sampleFiles } from '../helpers.js';

export interface Case {
  name: string;
  model: Model;
  analysis: Analysis;
  findings: Finding[];
}

/** Each sample that no other sample imports, analysed with its imports (like the editor does). */
export async function sampleCases(): Promise<Case[]> {
  const files = sampleFiles();
  const ws = new ArchscaleWorkspace(memoryFs(files));
  ws.addFiles(Object.keys(files).sort());
  await ws.build();
  const insight = ws.services.insight.InsightService;
  const cases: Case[] = [];
  for (const doc of ws.shared.workspace.LangiumDocuments.all
    .toArray()
    .sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()))) {
    const uri = doc.uri.toString();
    if (!insight.rootsOf(uri).includes(uri)) continue; // imported by another sample
    const i = insight.forRoot(uri)!;
    cases.push({ name: basename(doc.uri.path, '.arch'), model: i.model, analysis: i.analysis, findings: i.findings });
  }
  return cases;
}

export async function caseFromText(name: string, text: string): Promise<Case> {
  const r = await loadTexts({ [`/w/${name}.arch`]: text });
  const errors = r.diagnostics.filter((d) => d.severity === 'error' && !RULE_IDS.includes(d.code));
  if (errors.length) throw new Error(`${name}: ${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  const analysis = analyze(r.model);
  return { name, model: r.model, analysis, findings: runRules(RULES, r.model, analysis, DEFAULT_RULE_SETTINGS) };
}

/**
 * Texts that try to break out of a label: HTML and script, event handlers, javascript: URLs,
 * Mermaid `click` lines, directives, front matter, entity codes, quotes, markdown strings...
 */
export const XSS: readonly string[] = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"></svg>',
  '<iframe src="javascript:window.__pwned=1"></iframe>',
  '<a href="javascript:window.__pwned=1">click me</a>',
  'javascript:window.__pwned=1',
  '"]\n  click n0 call alert(1)\n  n9["',
  '"] ; click n1 href "javascript:window.__pwned=1" ; x["',
  '%%{init: {"securityLevel": "loose", "startOnLoad": true}}%%',
  '%%{init: {"themeCSS": "* { background: url(http://evil.invalid/x.png) }"}}%%',
  '---\nconfig:\n  securityLevel: loose\n---',
  '`**markdown** <img src=x onerror=window.__pwned=1>`',
  '"double" \'single\' `back`',
  '#lt;script#gt; #35; #quot; #amp;',
  '&lt;b&gt;entities&lt;/b&gt; &#60;',
  'a;b;c|d|e',
  '[brackets] (parens) {braces} ((circle)) >flag] {{hex}}',
  'back\\slash \\n \\" ',
  'n0 --> n1 -.-> n2 ==> n3',
  'style n0 fill:#f00;',
  'classDef evil fill:#f00;',
  'end',
  'subgraph evil',
  '<style>* { display: none }</style>',
  '<b>bold</b> <i>italic</i> <br/> <u>u</u>',
  'RTL \u202e override and zero\u200bwidth',
  'emoji 🚀 and ünïcödé ≤ 1 min',
  'http://evil.invalid/beacon.png',
  '<img src="http://evil.invalid/beacon.png">',
  '<math><mi xlink:href="javascript:window.__pwned=1">x</mi></math>',
];

const LOC: SourceLocation = {
  uri: 'memory:///xss.arch',
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
};
const KINDS: ComponentKind[] = [
  'client',
  'loadbalancer',
  'service',
  'cache',
  'database',
  'queue',
  'worker',
  'search',
  'storage',
  'external',
  'cdn',
  'dns',
  'stream',
];

/** A plain model (no parser in the way) whose names, systems and descriptions are the corpus. */
export function xssCase(): Case {
  const systems = [XSS[0]!, XSS[8]!, 'plain'];
  const components: Component[] = XSS.map((text, i) => ({
    id: text,
    name: text,
    kind: i === 0 ? 'client' : KINDS[i % KINDS.length]!,
    system: systems[i % systems.length]!,
    description: XSS[(i + 1) % XSS.length]!,
    location: LOC,
    nameLocation: LOC,
    propertyLocations: {},
    ...(i === 0 ? { rateRps: 1000, readFraction: 0.8 } : { capacityRps: 500 + 100 * i, instances: 2 }),
  }));
  const edges: Edge[] = [];
  for (let i = 1; i < components.length; i++) {
    const from = components[Math.floor((i - 1) / 2)]!.id;
    edges.push({
      id: `${from}->${components[i]!.id}#0`,
      from,
      to: components[i]!.id,
      system: components[i]!.system,
      location: LOC,
      propertyLocations: {},
      async: i % 5 === 0,
      cdc: i % 7 === 0,
      traffic: 'all',
      description: XSS[i]!,
    });
  }
  const model: Model = {
    systems: systems.map((name) => ({
      name,
      description: XSS[3]!,
      location: LOC,
      nameLocation: LOC,
      settings: { monthSeconds: DEFAULT_MONTH_SECONDS },
      components: components.filter((c) => c.system === name).map((c) => c.id),
    })),
    components,
    edges,
  };
  const analysis = analyze(model);
  return { name: 'xss', model, analysis, findings: runRules(RULES, model, analysis, DEFAULT_RULE_SETTINGS) };
}

/** The same corpus where the language allows free text: descriptions (names must be identifiers). */
export function xssArchText(): string {
  const q = (s: string) => JSON.stringify(s.replace(/\n/g, ' '));
  const lines = [
    'system hostile {',
    `  description ${q(XSS[0]!)}`,
    '  client users { rate 100 rps reads 90 % }',
    '  loadbalancer lb { capacity 10 k rps }',
  ];
  XSS.forEach((s, i) => lines.push(`  service svc${i} { instances 2 capacity 200 rps stateless description ${q(s)} }`));
  XSS.forEach((_, i) => lines.push(`  lb -> svc${i}`));
  lines.push('  users -> lb', '}');
  return lines.join('\n') + '\n';
}
