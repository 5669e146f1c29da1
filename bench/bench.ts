/**
 * `npm run bench`: measures DESIGN.md section 8 (issue #7) and writes bench/results.json.
 * Informative only: it prints each target's verdict and never fails on one.
 *
 *   node --expose-gc out/bench.cjs [--quick] [--sizes=1000,10000] [--edit-all] [--likec4[=1000,10000]]
 *     [--package]
 *   --package: package the .vsix first (scripts/package-vsix.mjs --no-build) to report its size.
 *
 * 1. Full check, on generated models (bench/generate-text.ts; 100 to 50,000 components, ~2 edges
 *    each), with the CLI's services (src/language/workspace.ts) and Langium's build-phase hooks:
 *      parse     text -> syntax tree (lexer + parser)
 *      link      index exports + scopes + linking + reference index
 *      validate  the language's checks and, as in the editor, the insight: plain model, analysis
 *                and the rules over the whole document (src/language/insight.ts)
 *      total     parse + link + validate: the check is complete when the document is Validated
 *    and, as a breakdown of what validate already includes (each re-run alone afterwards, not
 *    added to the total): model (syntax trees -> plain model), analysis, rules.
 *    Memory: heap retained after the check (after a GC, the documents and insight alive) and RSS.
 * 2. Edit (bench/edit-lsp.ts): the language server's own services in process; one capacity
 *    figure changed on a line in the middle of the file, a different value each time; time from
 *    the change to fresh diagnostics and to the inlay hints of ~60 lines around it (median).
 *    Also checks that a second edit arriving mid-build cancels the first one's build.
 * 3. Preview and shell: Mermaid text for 200 nodes; the extension's activation (bench/activation.ts,
 *    in a fresh process with a stub vscode); the .vsix size (when one was packaged).
 * 4. `--likec4`: `likec4 validate --no-layout` on the same model in LikeC4's DSL (bench/likec4.ts).
 */
import '../scripts/polyfill-groupby.cjs';
import { measureSimulation } from './simulation.js';
import { measureSweep } from './scaling.js';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DocumentState } from 'langium';
import { ArchscaleWorkspace, memoryFs } from '../src/language/workspace.js';
import { analyze, generateModel } from '../src/core/analysis/index.js';
import { toMermaid } from '../src/core/mermaid/index.js';
import { RULES } from '../src/core/rules/registry.js';
import { runRules } from '../src/core/rules/runner.js';
import { buildModel } from '../src/language/to-model.js';
import { activationChild, measureActivation, type ActivationResult } from './activation.js';
import { measureEdits, median, type EditResult } from './edit-lsp.js';
import { generateArchText } from './generate-text.js';
import { ensureLikeC4, runLikeC4, type LikeC4Result } from './likec4.js';
import { measurePreview } from './preview.js';
import { formatVerdicts, TARGETS, targetsHeader, verdictOf, type VerdictLine } from './targets.js';

interface Row {
  components: number;
  edges: number;
  bytes: number;
  parseMs: number;
  linkMs: number;
  /** The language's checks plus the insight (model, analysis, rules), as the editor validates. */
  validateMs: number;
  /** parse + link + validate: the full check. */
  totalMs: number;
  /** Breakdown of what validateMs includes, each re-timed alone after the check. */
  breakdown: { modelMs: number; analysisMs: number; rulesMs: number };
  /** Heap still used after the check and a GC (documents and insight alive), and RSS. */
  heapRetainedMB: number;
  rssMB: number;
  errors: number;
  findings: number;
}

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const listArg = (name: string) => {
  const a = flag(name);
  return a?.includes('=')
    ? a
        .slice(a.indexOf('=') + 1)
        .split(',')
        .map(Number)
    : undefined;
};
// `--sizes=1000,10000` measures only those sizes (e.g. for profiling one size).
const sizes = listArg('sizes') ?? (flag('quick') ? [100, 1000] : [100, 1000, 10_000, 50_000]);
// Edits are measured on sizes up to 10,000 (the targets' sizes) unless --edit-all.
const editSizes = sizes.filter((n) => flag('edit-all') || n <= 10_000);

const mb = (bytes: number) => bytes / 1e6;

/**
 * One full check of a generated n-component model in a new workspace. With `measureHeap` the heap
 * is collected before and after to report what the checked document retains; those forced
 * collections also shrink V8's young generation, which slows the next allocations (a language
 * server never forces one), so the timed runs are made without them.
 */
async function measureCheck(n: number, measureHeap = false): Promise<Row> {
  const gen = generateArchText(n, 7);
  const path_ = `/bench/model-${n}.arch`;
  const ws = new ArchscaleWorkspace(memoryFs({ [path_]: gen.text }));
  const builder = ws.shared.workspace.DocumentBuilder;
  const marks = new Map<DocumentState, number>();
  for (const state of [DocumentState.IndexedReferences, DocumentState.Validated]) {
    builder.onBuildPhase(state, () => {
      if (!marks.has(state)) marks.set(state, performance.now());
    });
  }
  if (measureHeap) global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const [doc] = ws.addFiles([path_]);
  const t1 = performance.now();
  await builder.build([doc!], { validation: true });
  const t2 = performance.now();
  if (measureHeap) global.gc?.();
  const heapRetainedMB = mb(process.memoryUsage().heapUsed - heap0);
  const rssMB = mb(process.memoryUsage().rss);

  // Breakdown: validation above already built the model and ran the analysis and the rules once
  // (through the insight, as the editor does); these re-run each alone to show their share.
  const tm = performance.now();
  const model = buildModel([doc!]);
  const ta = performance.now();
  const analysis = analyze(model);
  const tb = performance.now();
  runRules(RULES, model, analysis);
  const tc = performance.now();

  // Language errors only: the generated loads exceed capacities on purpose, so rules report.
  const ruleIds = new Set(RULES.map((r) => r.id));
  const errors = (doc!.diagnostics ?? []).filter((d) => d.severity === 1 && !ruleIds.has(String(d.code))).length;
  const findings = (doc!.diagnostics ?? []).filter((d) => ruleIds.has(String(d.code))).length;
  const linked = marks.get(DocumentState.IndexedReferences) ?? t2;
  const validated = marks.get(DocumentState.Validated) ?? t2;
  return {
    components: n,
    edges: model.edges.length,
    bytes: gen.text.length,
    parseMs: t1 - t0,
    linkMs: linked - t1,
    validateMs: validated - linked,
    totalMs: validated - t0,
    breakdown: { modelMs: ta - tm, analysisMs: tb - ta, rulesMs: tc - tb },
    heapRetainedMB,
    rssMB,
    errors,
    findings,
  };
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i]!)).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)];
}

function mermaidText(): { nodes: number; edges: number; chars: number; firstMs: number; medianMs: number } {
  const model = generateModel(200, 5);
  const analysis = analyze(model);
  const findings = runRules(RULES, model, analysis);
  const t0 = performance.now();
  const first = toMermaid(model, analysis, findings);
  const firstMs = performance.now() - t0;
  const runs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    toMermaid(model, analysis, findings);
    runs.push(performance.now() - t);
  }
  return {
    nodes: Object.keys(first.nodeIds).length,
    edges: model.edges.length,
    chars: first.text.length,
    firstMs,
    medianMs: median(runs),
  };
}

function vsixSize(): { file: string; MB: number; stale: boolean } | undefined {
  // scripts/package-vsix.mjs writes .vscode-test/archscale.vsix (`npm run package`).
  const file = path.join('.vscode-test', 'archscale.vsix');
  if (!existsSync(file)) return undefined;
  const bundle = path.join('out', 'extension.cjs');
  const older = (f: string) => existsSync(f) && statSync(f).mtimeMs > statSync(file).mtimeMs;
  return {
    file,
    MB: mb(statSync(file).size),
    stale: ['out/extension.cjs', 'out/language-server.cjs', 'out/preview.js'].some(older) || !existsSync(bundle),
  };
}

async function main(): Promise<void> {
  if (flag('activation-child')) return activationChild(path.dirname(process.argv[1]!));
  console.log(`DESIGN §8 targets: ${targetsHeader()}`);
  console.log(
    `node ${process.version}, ${process.platform}/${process.arch}${global.gc ? '' : ' (run with --expose-gc for memory figures)'}\n`,
  );

  if (flag('package')) {
    const r = spawnSync(process.execPath, ['scripts/package-vsix.mjs', '--no-build'], { stdio: 'inherit' });
    if (r.status !== 0) console.log('warning: packaging the .vsix failed');
  }

  // 1. Full check. Warm up the parser and JIT on a small model first; then each size is checked
  // three times, each time from text in a new workspace (nothing is reused between runs but the
  // process's compiled code): the first run is a cold start, the median is the steady state.
  await measureCheck(200);
  const rows: Row[] = [];
  const firstRuns = new Map<number, number>();
  for (const n of sizes) {
    const runs: Row[] = [];
    for (let i = 0; i < 3; i++) runs.push(await measureCheck(n));
    firstRuns.set(n, runs[0]!.totalMs);
    const memory = global.gc ? await measureCheck(n, true) : undefined;
    rows.push({
      ...[...runs].sort((a, b) => a.totalMs - b.totalMs)[1]!,
      heapRetainedMB: memory?.heapRetainedMB ?? Number.NaN,
      rssMB: memory?.rssMB ?? Number.NaN,
    });
  }
  console.log(
    'Full check (total = parse + link + validate; validate includes model, analysis and rules via the insight).',
  );
  console.log(
    'Three checks per size, each from text in a new workspace: the columns are the median run; "first run" is the cold start;',
  );
  console.log(
    'the heap a checked document retains, and the process RSS, are measured in a fourth, untimed run (with forced collections).',
  );
  console.log(
    'The breakdown columns re-time those three alone after the check; they are part of validate, not added to total.',
  );
  for (const l of table(
    [
      'components',
      'edges',
      'KB',
      'parse ms',
      'link ms',
      'validate ms',
      'TOTAL ms',
      'first run ms',
      '(model ms)',
      '(analysis ms)',
      '(rules ms)',
      'heap retained MB',
      'RSS MB',
    ],
    rows.map((r) => [
      String(r.components),
      String(r.edges),
      fmt(r.bytes / 1000),
      fmt(r.parseMs),
      fmt(r.linkMs),
      fmt(r.validateMs),
      fmt(r.totalMs),
      fmt(firstRuns.get(r.components)!),
      fmt(r.breakdown.modelMs),
      fmt(r.breakdown.analysisMs),
      fmt(r.breakdown.rulesMs),
      global.gc ? fmt(r.heapRetainedMB) : '-',
      fmt(r.rssMB),
    ]),
  ))
    console.log(l);
  for (const r of rows)
    if (r.errors > 0) console.log(`warning: the ${r.components}-component model has ${r.errors} language errors`);
  console.log(`rule findings per model: ${rows.map((r) => `${r.components}: ${r.findings}`).join(', ')}\n`);

  // 2. Edits, through the language server's services.
  const edits: (EditResult & { components: number })[] = [];
  for (const n of editSizes) {
    const gen = generateArchText(n, 7);
    const reps = n >= 50_000 ? 3 : n >= 10_000 ? 7 : 21;
    // Start from a collected heap, not from the garbage of the checks above (1 GB after 50,000);
    // the untimed first build inside measureEdits grows the young generation back.
    global.gc?.();
    edits.push({ components: n, ...(await measureEdits(gen.text, gen.firstComponentLine, n, reps)) });
    global.gc?.();
  }
  if (edits.length) {
    console.log(
      'One-line edit (a capacity changed mid-file, new value each time) -> fresh diagnostics / inlay hints for ~60 lines, language-server services in process.',
    );
    console.log(
      '(parse+link) is the part of the diagnostics time before validation (which includes model, analysis and rules); medians of the repetitions.',
    );
    for (const l of table(
      [
        'components',
        'line',
        'reps',
        '(parse+link ms)',
        'diagnostics ms (median)',
        'hints ms (median)',
        'hints min..max ms',
        'fresh hints',
        'hints shown',
      ],
      edits.map((e) => [
        String(e.components),
        String(e.line + 1),
        String(e.reps),
        fmt(median(e.linkedMs)),
        fmt(median(e.diagnosticsMs)),
        fmt(median(e.hintsMs)),
        `${fmt(Math.min(...e.hintsMs))}..${fmt(Math.max(...e.hintsMs))}`,
        `${e.freshHints}/${e.reps}`,
        String(e.hintsInRange),
      ]),
    ))
      console.log(l);
    console.log(
      "Stale work: a second edit arrives while the first edit's build validates (its hint request already waiting):",
    );
    for (const e of edits) {
      for (const s of e.stale) {
        console.log(
          `  ${e.components}, ${s.clientCancels ? 'client cancels the stale request (as VS Code does)' : 'client does not cancel it'}: ` +
            `1st build ${s.firstValidated ? 'NOT cancelled (validated)' : 'cancelled'}, 1st request ${s.firstRequest}, ` +
            (s.deadlockMs !== undefined
              ? `DEADLOCK: 2nd edit's hints not back after ${fmt(s.deadlockMs)} ms (until the 1st request was cancelled)`
              : `2nd edit -> hints ${fmt(s.secondMs!)} ms`) +
            `, 2nd hints ${s.hintsForSecond ? 'fresh' : 'STALE'}`,
        );
      }
    }
    console.log('');
  }

  // 3. Preview and shell.
  const mermaid = mermaidText();
  console.log(
    `Mermaid text, ${mermaid.nodes} nodes / ${mermaid.edges} edges (${mermaid.chars} chars): first call ${fmt(mermaid.firstMs)} ms, then median ${fmt(mermaid.medianMs)} ms`,
  );
  const act = measureActivation(process.argv[1]!);
  let activation: ActivationResult | undefined;
  if ('error' in act) console.log(`Activation: not measured: ${act.error}`);
  else {
    activation = act.best;
    const a = act.best;
    console.log(
      `Activation (fresh process, stub vscode): require ${fmt(a.requireMs)} ms + activate() ${fmt(a.activateMs)} ms = ${fmt(a.totalMs)} ms (best of ${act.totalsMs.length}; all: ${act.totalsMs.map(fmt).join(', ')}); ` +
        `bundle ${fmt(a.bundleKB)} KB; language server loaded in process: ${a.serverLoaded ? 'YES' : 'no'}; preview/Mermaid loaded: ${a.previewLoaded ? 'YES' : 'no'}; Mermaid code in the bundle: ${a.mermaidInBundle ? 'YES' : 'no'}`,
    );
    console.log(
      `  activate() returned ${JSON.stringify(a.api)}; processes it asked for afterwards (refused here): ${a.forks.length ? a.forks.map((f) => f.replace(process.cwd() + path.sep, '')).join('; ') : 'none'}${a.required.length ? `; other modules required: ${a.required.join(', ')}` : ''}`,
    );
  }
  const vsix = vsixSize();
  console.log(
    vsix
      ? `.vsix: ${vsix.file} ${fmt(vsix.MB)} MB${vsix.stale ? ' (older than the bundles: `npm run package` or --package to refresh)' : ''}`
      : '.vsix: none packaged (`npm run package`, or run the bench with --package)',
  );
  const preview = await measurePreview();
  if ('skipped' in preview)
    console.log(`Preview overhead over Mermaid's own render: not measured (${preview.skipped}).\n`);
  else
    console.log(
      `Preview, ${preview.nodes} nodes / ${preview.edges} edges in Chromium (out/preview.js): Mermaid's render ${fmt(preview.mermaidMs)} ms, message to finished drawing ${fmt(preview.totalMs)} ms: ` +
        `the webview adds ${fmt(preview.overheadPct)} % (medians of ${preview.runs.length} renders after a first; runs ${preview.runs.map((r) => `${r.ms}/${r.mermaidMs}`).join(', ')})\n`,
    );

  // 4. The simulation.
  const sim = await measureSimulation();
  console.log(
    `Simulation: ${fmt(sim.eventsPerSecond / 1e6)} million events/s on one core (${fmt(sim.nsPerEvent)} ns per event; ${fmt(sim.events / 1e6)} M events in ${fmt(sim.wallMs)} ms); ` +
      `the capacity-plan sample, 60 simulated s x ${sim.capacityPlanReplications} replications: ${fmt(sim.capacityPlanMs)} ms (${fmt(sim.capacityPlanEvents / 1e6)} M events)\n`,
  );

  // 4b. The load sweep (bench/scaling.ts), against the 10,000 check above.
  const sweepBench = sizes.includes(10_000) ? measureSweep(10_000) : undefined;
  if (sweepBench)
    console.log(
      `Load sweep, generated ${sweepBench.components} components, ${sweepBench.points} points: sweep + lens + break points ${fmt(sweepBench.sweepMs)} ms; every client's curves ${fmt(sweepBench.curvesMs)} ms more (${sweepBench.evaluatedPoints} points below saturation evaluated; medians of ${sweepBench.runs})\n`,
    );

  // 5. LikeC4.
  const likec4: (LikeC4Result & {
    archscaleTotalMs: number | undefined;
    ratio: number | undefined;
    cliWallMs?: number;
  })[] = [];
  if (flag('likec4')) {
    const version = ensureLikeC4();
    for (const n of listArg('likec4') ?? [1000]) {
      const r = runLikeC4(n, version);
      const ours = rows.find((x) => x.components === n)?.totalMs ?? (await measureCheck(n)).totalMs;
      const cliWallMs = archscaleCliWall(n);
      likec4.push({
        ...r,
        archscaleTotalMs: ours,
        ratio: r.validateMs !== undefined ? r.validateMs / ours : undefined,
        cliWallMs,
      });
    }
    console.log(
      `LikeC4 ${likec4[0]?.version}: \`likec4 validate --no-layout\` on the same model in LikeC4's DSL vs archscale's full check:`,
    );
    for (const l of table(
      [
        'components',
        'likec4 KB',
        'likec4 validate ms (its log)',
        'likec4 process ms',
        'archscale check ms (in process)',
        'ratio (likec4 / archscale)',
        'archscale CLI process ms',
        'ratio (processes)',
        'likec4 exit',
      ],
      likec4.map((r) => [
        String(r.components),
        fmt(r.bytes / 1000),
        r.validateMs !== undefined ? fmt(r.validateMs) : '?',
        fmt(r.wallMs),
        r.archscaleTotalMs !== undefined ? fmt(r.archscaleTotalMs) : '?',
        r.ratio !== undefined ? `${r.ratio.toFixed(1)}x` : '?',
        r.cliWallMs !== undefined ? fmt(r.cliWallMs) : '?',
        r.cliWallMs !== undefined ? `${(r.wallMs / r.cliWallMs).toFixed(1)}x` : '?',
        String(r.exitCode),
      ]),
    ))
      console.log(l);
    for (const r of likec4) if (r.exitCode !== 0) console.log(`  likec4 on ${r.components}: ${r.tail}`);
    console.log('');
  }

  // Verdicts.
  const total = (n: number) => rows.find((r) => r.components === n)?.totalMs;
  const edit = (n: number) => {
    const e = edits.find((x) => x.components === n);
    return e ? median(e.hintsMs.map((h, i) => Math.max(h, e.diagnosticsMs[i]!))) : undefined;
  };
  const values: Record<string, number | undefined> = {
    'check-10000': total(10_000),
    'check-50000': total(50_000),
    'edit-1000': edit(1000),
    'edit-10000': edit(10_000),
    'sweep-10000': sweepBench && total(10_000) ? (100 * sweepBench.sweepMs) / total(10_000)! : undefined,
    'sweep-curves-10000':
      sweepBench && total(10_000) ? (100 * (sweepBench.sweepMs + sweepBench.curvesMs)) / total(10_000)! : undefined,
    'mermaid-200': mermaid.medianMs,
    'sim-event': sim.nsPerEvent,
    'sim-capacity-plan': sim.capacityPlanMs,
    'preview-overhead': 'skipped' in preview ? undefined : preview.overheadPct,
    activation: activation?.totalMs,
    vsix: vsix?.MB,
  };
  const verdicts: VerdictLine[] = TARGETS.map((t) => ({
    target: t,
    value: values[t.id],
    verdict: verdictOf(t, values[t.id]),
    ...(t.id === 'vsix' && vsix?.stale ? { note: 'the .vsix is older than the bundles' } : {}),
    ...(t.id === 'activation' && activation ? { note: 'extension code only, stub vscode' } : {}),
    ...(t.id.startsWith('check-') && firstRuns.has(Number(t.id.slice(6)))
      ? { note: `median of 3; the first (cold) run took ${fmt(firstRuns.get(Number(t.id.slice(6)))!)} ms` }
      : {}),
  }));
  console.log('Verdicts (informative; the bench never fails on them):');
  for (const l of formatVerdicts(verdicts)) console.log(l);

  mkdirSync('bench', { recursive: true });
  const results = {
    node: process.version,
    date: new Date().toISOString(),
    check: rows.map((r) => ({ ...r, firstRunMs: firstRuns.get(r.components) })),
    edits,
    mermaid,
    simulation: sim,
    sweep: sweepBench,
    preview,
    activation,
    vsix,
    likec4,
    verdicts: verdicts.map((v) => ({
      id: v.target.id,
      limit: v.target.limit,
      unit: v.target.unit,
      value: v.value,
      verdict: v.verdict,
    })),
  };
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nresults in bench/results.json');
}

/** `node out/cli.cjs check` on the generated .arch file: a whole process, like likec4's. */
function archscaleCliWall(n: number): number | undefined {
  const cli = path.join(path.dirname(process.argv[1]!), 'cli.cjs');
  if (!existsSync(cli)) return undefined;
  const dir = path.join(process.env.TMPDIR ?? '/tmp', `archscale-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `model-${n}.arch`);
  writeFileSync(file, generateArchText(n, 7).text);
  const t0 = performance.now();
  spawnSync(process.execPath, [cli, 'check', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return performance.now() - t0;
}

void main();
