/**
 * `npm run bench`: times the language pipeline on generated models of 100 to 50,000
 * components and prints the table of DESIGN.md section 8; writes bench/results.json.
 *
 * Phases, measured with Langium's build-phase hooks in one build:
 *   parse     text -> syntax tree (lexer + parser)
 *   link      index exports + scopes + linking + reference index
 *   validate  the language's checks (properties, units, names, imports, edges) and, as in the
 *             editor, the insight: model, analysis and the 22 rules over the whole document
 *   model     syntax tree -> plain model (src/core/model.ts)
 *   analysis  analyze() alone on the plain model; rules: the rules alone on it
 * edit: one line changed, then the document re-parsed, re-linked and re-validated (median of
 * repeated edits), which is what the language server does before publishing diagnostics.
 */
import '../scripts/polyfill-groupby.cjs';
import { writeFileSync, mkdirSync } from 'node:fs';
import { DocumentState, URI } from 'langium';
import { ArchscaleWorkspace, memoryFs } from '../src/language/workspace.js';
import { analyze } from '../src/core/analysis/index.js';
import { RULES } from '../src/core/rules/registry.js';
import { runRules } from '../src/core/rules/runner.js';
import { buildModel } from '../src/language/to-model.js';
import { generateArchText } from './generate-text.js';

interface Row {
  components: number;
  edges: number;
  bytes: number;
  parseMs: number;
  linkMs: number;
  validateMs: number;
  modelMs: number;
  analysisMs: number;
  rulesMs: number;
  /** parse + link + validate (incl. the rules, as the editor runs them) + model + analysis. */
  totalMs: number;
  editMs: number;
  heapMB: number;
  errors: number;
  findings: number;
}

const args = process.argv.slice(2);
// `--sizes=1000,10000` measures only those sizes (e.g. for profiling one size).
const sizesArg = args.find((a) => a.startsWith('--sizes='));
const sizes = sizesArg
  ? sizesArg.slice('--sizes='.length).split(',').map(Number)
  : args.includes('--quick') ? [100, 1000] : [100, 1000, 10_000, 50_000];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(n: number): Promise<Row> {
  const gen = generateArchText(n, 7);
  const path = `/bench/model-${n}.arch`;
  const files: Record<string, string> = { [path]: gen.text };
  const ws = new ArchscaleWorkspace(memoryFs(files));
  const builder = ws.shared.workspace.DocumentBuilder;
  const marks = new Map<DocumentState, number>();
  for (const state of [DocumentState.IndexedReferences, DocumentState.Validated]) {
    builder.onBuildPhase(state, () => {
      if (!marks.has(state)) marks.set(state, performance.now());
    });
  }
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const [doc] = ws.addFiles([path]);
  const t1 = performance.now();
  await builder.build([doc!], { validation: true });
  const t2 = performance.now();
  const model = buildModel([doc!]);
  const t3 = performance.now();
  // The analysis and the rules on their own (validation above already ran them once, through
  // the insight service, as the editor does; these time a fresh run of each).
  const ta = performance.now();
  const analysis = analyze(model);
  const tb = performance.now();
  runRules(RULES, model, analysis);
  const tc = performance.now();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 1e6;
  // Language errors only: the generated loads exceed capacities on purpose, so rules report.
  const ruleIds = new Set(RULES.map((r) => r.id));
  const errors = (doc!.diagnostics ?? []).filter((d) => d.severity === 1 && !ruleIds.has(String(d.code))).length;
  const findings = (doc!.diagnostics ?? []).filter((d) => ruleIds.has(String(d.code))).length;

  // Edits: change one component's capacity, re-build, until diagnostics are fresh.
  const editTimes: number[] = [];
  const lines = gen.text.split('\n');
  const editLine = gen.firstComponentLine + Math.floor(n / 2);
  const reps = n >= 50_000 ? 3 : n >= 10_000 ? 5 : 15;
  const uri = URI.file(path);
  for (let i = 0; i < reps; i++) {
    const edited = [...lines];
    edited[editLine] = edited[editLine]!.replace(/\}$/, `description "edit ${i}" }`);
    files[path] = edited.join('\n');
    const s = performance.now();
    await builder.update([uri], []);
    editTimes.push(performance.now() - s);
    const d = ws.shared.workspace.LangiumDocuments.getDocument(uri)!;
    if (d.state < DocumentState.Validated) throw new Error('edit did not re-validate');
  }

  const linked = marks.get(DocumentState.IndexedReferences) ?? t2;
  const validated = marks.get(DocumentState.Validated) ?? t2;
  return {
    components: n,
    edges: model.edges.length,
    bytes: gen.text.length,
    parseMs: t1 - t0,
    linkMs: linked - t1,
    validateMs: validated - linked,
    modelMs: t3 - t2,
    analysisMs: tb - ta,
    rulesMs: tc - tb,
    totalMs: t3 - t0,
    editMs: median(editTimes),
    heapMB,
    errors,
    findings,
  };
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  // Warm up the parser and JIT on a small model first.
  await measure(200);
  for (const n of sizes) rows.push(await measure(n));
  const header = ['components', 'edges', 'KB', 'parse ms', 'link ms', 'validate+rules ms', 'model ms', 'total ms', 'analysis ms', 'rules ms', 'edit ms', 'heap MB'];
  const table = rows.map((r) => [String(r.components), String(r.edges), fmt(r.bytes / 1000), fmt(r.parseMs), fmt(r.linkMs), fmt(r.validateMs), fmt(r.modelMs), fmt(r.totalMs), fmt(r.analysisMs), fmt(r.rulesMs), fmt(r.editMs), fmt(r.heapMB)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i]!)).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of table) console.log(line(row));
  for (const r of rows) if (r.errors > 0) console.log(`warning: the ${r.components}-component model has ${r.errors} language errors`);
  console.log(`rule findings per model: ${rows.map((r) => `${r.components}: ${r.findings}`).join(', ')}`);
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', JSON.stringify(rows, null, 2) + '\n');
  console.log(`node ${process.version}; results in bench/results.json`);
}

void main();
