/**
 * How a comparison of the analysis with the simulation reads: a plain-text table for a terminal
 * and Markdown for the editor, the same rows and words in both.
 */
import * as words from '../wording.js';
import {
  ABSOLUTE_FIGURES,
  RESILIENCE_TOLERANCE,
  toleranceOf,
  type AnyFigure,
  type Comparison,
  type ComparisonRow,
  type Verdict,
} from './compare.js';
import type { Estimate } from './index.js';

const HEADER = ['subject', 'figure', 'analysis', 'simulation (95 % interval)', 'difference', 'verdict'];

function value(figure: AnyFigure, x: number): string {
  switch (figure) {
    case 'throughput':
      return words.rate(x);
    case 'utilization':
      return words.percent(x);
    case 'success':
    case 'timeoutShare':
    case 'errorRate':
    case 'waitProbability':
    case 'refusal':
      return words.percent(x, 2);
    case 'retries':
      return words.rate(x);
    default:
      return words.duration(x);
  }
}

function estimate(figure: AnyFigure, e: Estimate): string {
  const mid = value(figure, e.value);
  return e.n > 1 && Number.isFinite(e.low) && Number.isFinite(e.high)
    ? `${mid} (${value(figure, e.low)} – ${value(figure, e.high)})`
    : mid;
}

function difference(r: ComparisonRow<AnyFigure>): string {
  if (!Number.isFinite(r.difference)) return '—';
  const digits = ABSOLUTE_FIGURES.has(r.figure) ? 3 : 1;
  // what rounds to zero has no sign ("0 %", not "−0 %")
  if (Math.abs(r.difference) < 0.5 * 10 ** -(digits + 2)) return words.percent(0, digits);
  return `${r.difference >= 0 ? '+' : '−'}${words.percent(Math.abs(r.difference), digits)}`;
}

const VERDICT_WORDS: Record<Verdict, string> = {
  agrees: 'inside the interval',
  close: 'outside the interval, within tolerance',
  differs: 'DIFFERS',
};

function verdict(r: ComparisonRow<AnyFigure>): string {
  if (r.verdict !== 'differs') return r.verdict === 'agrees' ? 'ok' : 'close';
  const tol = ABSOLUTE_FIGURES.has(r.figure)
    ? words.percent(toleranceOf(r.figure), 2)
    : words.percent(toleranceOf(r.figure), 0);
  return `DIFFERS (beyond ±${tol})`;
}

function label(r: ComparisonRow<AnyFigure>): string {
  return r.traffic === 'total' || r.subject === 'request' ? r.figure : `${r.figure} (${r.traffic})`;
}

function cells(r: ComparisonRow<AnyFigure>): string[] {
  return [r.name, label(r), value(r.figure, r.analytic), estimate(r.figure, r.simulated), difference(r), verdict(r)];
}

/** One line about the run and the verdicts. */
export function comparisonSummary(c: Comparison): string {
  const s = c.sim;
  const stopped =
    s.stopped === 'done'
      ? ''
      : s.stopped === 'cancelled'
        ? ' (cancelled: partial)'
        : ' (stopped at the event cap: partial)';
  const sat = s.components.filter((x) => x.saturated).map((x) => x.id);
  return (
    `Simulated ${words.duration(s.durationS * 1000)} × ${words.plural(s.replications, 'replication')}, seed ${s.seed}, ` +
    `${words.count(s.events)} events${s.wallMs !== undefined ? ` in ${words.duration(s.wallMs)}` : ''}${stopped}. ` +
    `${words.plural(c.rows.length + (c.resilience?.length ?? 0), 'figure')} compared: ${c.counts.agrees} inside the simulation's 95 % interval, ` +
    `${c.counts.close} within tolerance, ${c.counts.differs} differ.` +
    (sat.length ? ` Saturated in the simulation: ${words.list(sat)}.` : '')
  );
}

function align(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = new Set([2, 4]);
  const line = (cs: string[]) =>
    cs
      .map((x, i) => (right.has(i) ? x.padStart(widths[i]!) : x.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The terminal table: every compared figure, grouped by subject. */
export function comparisonText(c: Comparison): string {
  const out: string[] = [comparisonSummary(c), ''];
  for (const [title, subject] of [
    ['Requests (end to end, per client and class)', 'request'],
    ['Components (response includes their synchronous calls)', 'component'],
    ['Edges', 'edge'],
  ] as const) {
    const rows = allRows(c).filter((r) => r.subject === subject);
    if (!rows.length) continue;
    out.push(title, ...align(HEADER, rows.map(cells)), '');
  }
  if (c.skipped.length)
    out.push(`Not compared: ${c.skipped.map((s) => `${s.name} ${s.figure} (${s.why})`).join('; ')}`, '');
  out.push(legend(c));
  return out.join('\n') + '\n';
}

function legend(c: Comparison): string {
  const t = RESILIENCE_TOLERANCE;
  const pts = (x: number) => words.plural(x * 100, 'point');
  return (
    `Difference: (analysis − simulation) / simulation (for success, in points). ` +
    `Verdicts: ok = ${VERDICT_WORDS.agrees}; close = ${VERDICT_WORDS.close} (throughput and utilisation ±2 %, ` +
    `mean ±5 %, percentiles ±10 %, success ±0.05 points); DIFFERS = neither.` +
    (c.resilience?.length
      ? ` Timeout share ±${pts(t.timeoutShare)}, retries ±${words.percent(t.retries, 0)}, error rate ` +
        `±${pts(t.errorRate)}, P(wait) ±${pts(t.waitProbability)}, P(refused) ±${pts(t.refusal)} (the shares' differences in points).`
      : '')
  );
}

/** The base rows and the resilience rows (a comparison made before issue 16 has none). */
function allRows(c: Comparison): ComparisonRow<AnyFigure>[] {
  return [...c.rows, ...(c.resilience ?? [])];
}

// what Markdown would read as its own in a table cell (`|`, emphasis, code, links, HTML); a `>` inside a
// line is no quote, so edge ids keep their arrow (`a->b#0`)
const md = (s: string) => s.replace(/[|\\`*_[\]<]/g, (ch) => `\\${ch}`);

/** The same comparison as Markdown, for the editor. */
export function comparisonMarkdown(c: Comparison, title = 'Simulation'): string {
  const out: string[] = [`# ${md(title)}`, '', md(comparisonSummary(c)), ''];
  for (const [heading, subject] of [
    ['Requests (end to end)', 'request'],
    ['Components (response includes their synchronous calls)', 'component'],
    ['Edges', 'edge'],
  ] as const) {
    const rows = allRows(c).filter((r) => r.subject === subject);
    if (!rows.length) continue;
    out.push(
      `## ${heading}`,
      '',
      `| ${HEADER.join(' | ')} |`,
      `|${HEADER.map((_, i) => (i === 2 || i === 4 ? ' ---: ' : ' --- ')).join('|')}|`,
    );
    for (const r of rows) out.push(`| ${cells(r).map(md).join(' | ')} |`);
    out.push('');
  }
  if (c.skipped.length)
    out.push(`Not compared: ${md(c.skipped.map((s) => `${s.name} ${s.figure} (${s.why})`).join('; '))}`, '');
  out.push(md(legend(c)), '');
  return out.join('\n');
}
