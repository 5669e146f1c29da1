/**
 * The table `archscale analyze` prints: components (the catalogue's table figures), paths,
 * requests and the system summary, aligned, then the scenarios with their verdicts. The JSON output
 * is the core's (core/figures/json.ts).
 */
import type { Analysis } from '../core/analysis/index.js';
import { figuresOn } from '../core/figures/catalogue.js';
import { show } from '../core/figures/show.js';
import type { ScenarioResult } from '../core/scaling/index.js';
import * as words from '../core/wording.js';

// ---------------------------------------------------------------------------------------------
// Table

const DASH = '—';

function rate(x: number | null): string {
  return x === null ? DASH : words.rate(x);
}
function dur(x: number | null, unbounded: boolean): string {
  if (x === null) return unbounded ? '∞' : DASH;
  return words.duration(x);
}
function avail(a: number | null): string {
  return a === null ? DASH : words.availability(a);
}

/** Left-aligned columns; numeric columns (by index) right-aligned. */
function table(header: string[], rows: string[][], right: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatAnalysisTable(a: Analysis): string {
  const out: string[] = [];
  out.push('Components');
  const columns = figuresOn('table');
  const rows = a.components.map((c) => {
    const flags: string[] = [];
    if (c.saturated) flags.push(`SATURATED (+${words.count(c.backlogGrowth.value ?? 0)}/s backlog)`);
    if (a.system.bottleneck === c.id) flags.push('bottleneck');
    if (!c.hasCapacity && c.kind !== 'client') flags.push('no capacity: load only');
    const cons = c.consistency;
    if (cons)
      flags.push(
        `${cons.class}${cons.class === 'eventual' && cons.stalenessMs !== null ? ` ≤ ${words.duration(cons.stalenessMs)}` : ''} (${cons.cap})`,
      );
    const cells = columns.map((f) => {
      const fig = f.get(c);
      if (fig && fig.value !== null) return show(fig);
      return c.saturated && fig?.text.startsWith('unbounded') ? '∞' : DASH;
    });
    return [c.name, c.kind, ...cells, flags.join('; ')];
  });
  out.push(
    ...table(['name', 'kind', ...columns.map((f) => f.column!), 'notes'], rows, new Set(columns.map((_, i) => i + 2))),
  );

  out.push('', `Paths${a.pathsTruncated ? ` (first ${a.paths.length}; more exist)` : ''}`);
  if (a.paths.length === 0) out.push('  (no synchronous request paths from clients)');
  else {
    const prow = a.paths.map((p) => {
      const c = p.consistency;
      const unbounded = p.latency.mean.value === null;
      return [
        p.hops.join(' → '),
        p.traffic,
        p.probability.value === null ? DASH : words.percent(p.probability.value),
        dur(p.latency.mean.value, unbounded),
        dur(p.latency.p95.value, unbounded),
        avail(p.availability.value),
        c
          ? `${c.class}${c.stalenessMs !== null && c.class !== 'strong' ? ` ≤ ${words.duration(c.stalenessMs)}` : c.class === 'eventual' ? ' (unbounded)' : ''} ${c.cap}${c.requirement ? `, requires ${c.requirement}: ${c.satisfied ? 'ok' : 'NOT MET'}` : ''}`
          : DASH,
      ];
    });
    out.push(
      ...table(['path', 'class', 'share', 'mean', 'p95', 'availability', 'consistency'], prow, new Set([2, 3, 4, 5])),
    );
  }

  if (a.requests.length) {
    out.push('', 'Requests (end to end, per client)');
    const rrow = a.requests.map((q) => {
      const unbounded = q.latency.mean.value === null;
      return [
        q.client,
        q.traffic,
        rate(q.rate.value),
        dur(q.latency.mean.value, unbounded),
        dur(q.latency.p95.value, unbounded),
        dur(q.latency.p99.value, unbounded),
        avail(q.availability.value),
        q.timeoutShare.value === null ? DASH : words.percent(q.timeoutShare.value, 2),
        q.errorRate.value === null ? DASH : words.percent(q.errorRate.value, 2),
      ];
    });
    out.push(
      ...table(
        ['client', 'class', 'rate', 'mean', 'p95', 'p99', 'availability', 'over timeout', 'errors'],
        rrow,
        new Set([2, 3, 4, 5, 6, 7, 8]),
      ),
    );
  }

  out.push(...resilienceLines(a), ...poolLines(a), ...scheduleLines(a));

  out.push('', 'System');
  const s = a.system;
  out.push(
    `  max throughput  ${s.maxThroughput.value === null ? `${DASH} (${s.maxThroughput.text})` : `${rate(s.maxThroughput.value)}${s.bottleneck ? ` (bottleneck: ${s.bottleneck})` : ''}`}`,
  );
  out.push(`  client rate     ${rate(s.clientRate.value)}`);
  out.push(`  availability    ${avail(s.availability.value)}`);
  out.push(`  error rate      ${s.errorRate.value === null ? DASH : words.percent(s.errorRate.value, 2)}`);
  out.push(
    `  worst p95       ${s.worstP95.value === null ? s.worstP95.text : s.worstP95.text.replace(/^worst p95: /, '')}`,
  );
  out.push(`  in flight       ${s.concurrency.value === null ? '∞' : words.count(s.concurrency.value)}`);
  const st = s.storage;
  out.push(
    `  storage         ${st.growthPerMonth.value === null ? DASH : `${words.bytes(st.growthPerMonth.value)} per month, ${words.bytes(st.atHorizon.value ?? 0)} over ${words.duration(st.horizonMs)}`}${st.firstFull ? `; ${st.firstFull.component} full in ${words.count(st.firstFull.months)} months` : ''}`,
  );
  if (s.saturated.length) out.push(`  saturated       ${s.saturated.join(', ')}`);
  for (const sys of a.systems) {
    const slo: string[] = [];
    if (sys.meetsLatencySlo !== null) slo.push(`latency SLO ${sys.meetsLatencySlo ? 'met' : 'MISSED'}`);
    if (sys.meetsAvailabilitySlo !== null) slo.push(`availability SLO ${sys.meetsAvailabilitySlo ? 'met' : 'MISSED'}`);
    if (sys.meetsErrorRateSlo !== null)
      slo.push(
        `error-rate SLO ${sys.meetsErrorRateSlo ? 'met' : 'MISSED'} (${words.percent(sys.errorRate.value ?? 0, 2)})`,
      );
    if (slo.length) out.push(`  ${sys.name}: ${slo.join(', ')}`);
  }
  if (a.cycles.length) {
    out.push('', 'Cycles');
    for (const c of a.cycles) out.push(`  ${c.text}`);
  }
  return out.join('\n') + '\n';
}

/** Calls with a timeout, retries or a breaker, at the fixed point (none: no lines). */
function resilienceLines(a: Analysis): string[] {
  const rows: string[][] = [];
  for (const e of a.edges) {
    const r = e.resilience;
    if (!r) continue;
    const pct = (v: number | null) => (v === null ? DASH : words.percent(v, 2));
    rows.push([
      `${e.from} → ${e.to}`,
      pct(r.timeoutShare.value),
      r.callP99.value === null ? '∞' : words.duration(r.callP99.value),
      pct(r.attemptFailure.value),
      e.retryFactor.value === null ? DASH : words.count(e.retryFactor.value),
      rate(r.retryLoad.value),
      rate(r.goodput.value),
      r.worstAmplification.value === null ? DASH : words.times(r.worstAmplification.value),
      [r.breaker ? `breaker ${r.breaker}` : '', r.retryStorm ? 'RETRY STORM' : ''].filter(Boolean).join(', '),
    ]);
  }
  if (!rows.length) return [];
  const head = ['call', 'timed out', 'p99', 'fails', 'attempts', 'retry load', 'goodput', 'worst', 'state'];
  // the state column only when some call has a breaker or a storm
  if (rows.every((r) => r[8] === '')) {
    head.pop();
    for (const r of rows) r.pop();
  }
  return [
    '',
    'Timeouts and retries (at the fixed point: retries load the callee)',
    ...table(head, rows, new Set([1, 2, 3, 4, 5, 6, 7])),
  ];
}

/** Connection pools and bulkheads per caller instance (none: no lines). */
function poolLines(a: Analysis): string[] {
  const rows: string[][] = [];
  for (const e of a.edges) {
    const p = e.connections;
    if (!p) continue;
    const inUse = p.inUse.value;
    rows.push([
      `${e.from} → ${e.to}`,
      p.kind,
      words.count(p.size.value ?? 0),
      inUse === null ? '∞' : words.count(inUse),
      p.kind === 'pool'
        ? `${p.waitProbability.value === null ? DASH : words.percent(p.waitProbability.value, 2)} wait, mean ${p.meanWaitMs.value === null ? '∞' : words.duration(p.meanWaitMs.value)}`
        : `${p.refusal.value === null ? DASH : words.percent(p.refusal.value, 2)} refused`,
      p.exhausted ? 'EXHAUSTED' : '',
    ]);
  }
  if (!rows.length) return [];
  return [
    '',
    'Connection pools (per caller instance)',
    ...table(['call', 'kind', 'size', 'in use', 'wait / refused', ''], rows, new Set([2, 3])),
  ];
}

/** Scheduled jobs: their window and what they send (none: no lines). */
function scheduleLines(a: Analysis): string[] {
  const lines: string[] = [];
  for (const c of a.components) {
    const s = c.schedule;
    if (!s) continue;
    lines.push(
      `  ${c.name}: ${s.dutyCycle.text}; ${rate(s.rateWhileRunning.value)} while running (${rate(s.averageRate.value)} on average); outside the request SLO`,
    );
  }
  return lines.length ? ['', 'Scheduled jobs (loads above are those during their windows)', ...lines] : [];
}

/** The section after the systems in `archscale analyze`: each scenario with its verdict ('' when none). */
export function formatScenarioList(results: readonly ScenarioResult[]): string {
  if (!results.length) return '';
  const name = (r: ScenarioResult) => `${r.scenario.system}/${r.scenario.name}`;
  const width = Math.max(...results.map((r) => name(r).length));
  const out = ['', 'Scenarios (archscale analyze FILE --scenario NAME for the figures)'];
  for (const r of results) out.push(`  ${name(r).padEnd(width)}  ${r.verdict.ok ? '✓' : '✗'} ${r.verdict.text}`);
  return out.join('\n') + '\n';
}
