/**
 * How figures read in the editor: inlay-hint labels, hover markdown and code-lens titles (the
 * analysis's figures, and the scaling answers: a system's break points, a scenario's verdict, a
 * component's growth month and N+1). Pure formatting; the language server places them.
 */
import type {
  Analysis,
  ComponentAnalysis,
  Consistency,
  EdgeAnalysis,
  Figure,
  RequestAnalysis,
  SystemSummary,
} from './analysis/types.js';
import type { Component, Edge, Slo } from './model.js';
import type { Finding } from './rules/types.js';
import { stepText } from './scaling/scenario.js';
import type { Failover, Growth, GrowthEvent, ScenarioResult, SystemScaling } from './scaling/types.js';
import { figuresOn, isShown } from './figures/catalogue.js';
import { show, showConsistency } from './figures/show.js';
import { count, duration, fraction, percent } from './wording.js';

export interface HintOptions {
  load: boolean;
  utilization: boolean;
  consistency: boolean;
}

/** How a hint reads whose figures are from before a language error (see `Insight.before`). */
export const BEFORE_ERROR_HINT = ' · as before the error';
/** The line a hover starts with when its figures are from before a language error. */
export const BEFORE_ERROR_HOVER =
  '*Figures as they were before the error: the file has a language error that leaves this component unsure.*';

export const DEFAULT_HINT_OPTIONS: HintOptions = { load: true, utilization: true, consistency: true };

/** `≈ 9.6k rps · 48 % · eventual ≤ 60 s` after a component. */
export function componentHint(c: ComponentAnalysis, o: HintOptions = DEFAULT_HINT_OPTIONS): string | undefined {
  const parts: string[] = [];
  for (const f of figuresOn('hint'))
    if (o[f.hint!.option] && isShown(f, c)) parts.push(f.hint!.format(show(f.get(c)), c));
  if (o.consistency && c.consistency) parts.push(showConsistency(c.consistency));
  return parts.length ? parts.join(' · ') : undefined;
}

/** `10k rps · p95 11.5 ms` after a client. */
export function clientHint(
  c: ComponentAnalysis,
  a: Analysis,
  o: HintOptions = DEFAULT_HINT_OPTIONS,
): string | undefined {
  const parts: string[] = [];
  if (o.load && c.load.total.value !== null) parts.push(show(c.load.total));
  const worst = a.requests
    .filter((r) => r.client === c.id)
    .sort((x, y) => (y.latency.p95.value ?? Infinity) - (x.latency.p95.value ?? Infinity))[0];
  if (worst)
    parts.push(worst.latency.p95.value === null ? 'p95 unbounded (saturated)' : `p95 ${show(worst.latency.p95)}`);
  // with an end-to-end timeout, the worst error rate of its requests (unavailability + timeouts + refusals)
  const failing = a.requests
    .filter((r) => r.client === c.id && r.timeoutShare.value !== null && r.errorRate.value !== null)
    .sort((x, y) => y.errorRate.value! - x.errorRate.value!)[0];
  if (failing) parts.push(`errors ${percent(failing.errorRate.value!, 2)}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** A client's hover rows for its requests: per class, the share over the end-to-end timeout and the error rate. */
export function requestRows(requests: readonly RequestAnalysis[]): string {
  let md = '';
  for (const r of requests) {
    md += row(`${r.traffic}: over the timeout`, r.timeoutShare);
    md += row(`${r.traffic}: error rate`, r.errorRate);
  }
  return md;
}

/** `≈ 2k rps · eventual ≤ 200 ms` after an edge (the consistency of what reads over it get). */
export function edgeHint(
  e: EdgeAnalysis,
  edge: Edge,
  target: ComponentAnalysis | undefined,
  o: HintOptions = DEFAULT_HINT_OPTIONS,
  leader?: Consistency | null,
): string | undefined {
  const parts: string[] = [];
  if (o.load && e.load.total.value !== null) parts.push(`≈ ${show(e.load.total)}${e.sync ? '' : ' async'}`);
  const carriesReads = edge.traffic !== 'writes' && (e.load.reads.value ?? 0) > 0;
  const reads = (edge.readFrom === 'primary' && leader) || target?.consistency;
  if (o.consistency && carriesReads && reads) parts.push(showConsistency(reads));
  return parts.length ? parts.join(' · ') : undefined;
}

/** A table row; figures that do not exist (value null) are left out of hovers. */
function row(name: string, f: Figure | null | undefined): string {
  if (!f || f.value === null) return '';
  return `| ${name} | ${show(f)} | ${escapeMd(f.text)} |\n`;
}

function escapeMd(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\*/g, '\\*').replace(/_/g, '\\_').replace(/</g, '&lt;');
}

/** What a component's hover says about scaling beyond its figures (absent parts are left out). */
export interface ComponentScaling {
  /** N+1: one instance, replica, node or zone lost (null: not redundant). */
  failover?: Failover | null;
  /** The growth events of this component within the horizon, by month. */
  growth?: readonly GrowthEvent[];
  /** The system's growth rate per month (fraction), for the heading. */
  growthPerMonth?: number;
}

/** The hover's scaling lines: growth month by month, N+1 ('' when there is nothing to say). */
export function componentScalingLines(s: ComponentScaling | undefined): string {
  if (!s) return '';
  const lines: string[] = [];
  if (s.growth?.length) {
    const rate = s.growthPerMonth !== undefined ? ` (${percent(s.growthPerMonth)} per month)` : '';
    lines.push(`**Growth${rate}:** ${s.growth.map((e) => escapeMd(e.text)).join('; ')}`);
  }
  if (s.failover)
    lines.push(
      `**N+1 ${s.failover.carries && s.failover.sloHolds !== false ? '✓' : '✗'}:** ${escapeMd(s.failover.text)}`,
    );
  return lines.length ? `\n${lines.join('\n\n')}\n` : '';
}

/** Hover markdown for a component: its figures with their derivations and the findings on it. */
export function componentHover(
  c: ComponentAnalysis,
  decl: Component | undefined,
  findings: readonly Finding[],
  docLink: (rule: string) => string,
  scaling?: ComponentScaling,
  requests: readonly RequestAnalysis[] = [],
): string {
  let md = `**${escapeMd(c.name)}** · ${c.kind}${decl?.description ? ` — ${escapeMd(decl.description)}` : ''}\n\n`;
  md += '| figure | value | how |\n|---|---|---|\n';
  for (const f of figuresOn('hover')) if (isShown(f, c)) md += row(f.label, f.get(c));
  md += requestRows(requests);
  if (c.consistency)
    md += `\n**Reads here:** ${showConsistency(c.consistency)} (${c.consistency.cap}) — ${escapeMd(c.consistency.text)}\n`;
  if (c.notes.length) md += `\n${c.notes.map((n) => `- ${escapeMd(n)}`).join('\n')}\n`;
  md += componentScalingLines(scaling);
  if (findings.length) {
    md += `\n**Findings**\n\n${findings.map((f) => `- [${f.rule}](${docLink(f.rule)}): ${escapeMd(f.message)}`).join('\n')}\n`;
  }
  return md;
}

/**
 * What the reads of a call written `read-from primary` get: the consistency of a read path through
 * it (the analysis's paths decide it, consistency.ts `leaderConsistency`); null when none is listed.
 */
export function leaderReads(a: Analysis, edge: Edge): Consistency | null {
  if (edge.readFrom !== 'primary') return null;
  return a.paths.find((p) => p.traffic === 'reads' && p.consistency && p.edges.includes(edge.id))?.consistency ?? null;
}

export function edgeHover(
  e: EdgeAnalysis,
  edge: Edge,
  target: ComponentAnalysis | undefined,
  leader?: Consistency | null,
): string {
  let md = `**${escapeMd(edge.from)} → ${escapeMd(edge.to)}** · ${edge.cdc ? 'change data capture' : e.sync ? 'synchronous call' : 'asynchronous'}${edge.traffic !== 'all' ? `, ${edge.traffic} only` : ''}\n\n`;
  md += '| figure | value | how |\n|---|---|---|\n';
  md += row('load', e.load.total);
  if ((e.load.reads.value ?? 0) > 0 && (e.load.writes.value ?? 0) > 0)
    md += row('reads', e.load.reads) + row('writes', e.load.writes);
  if (edge.retries) md += row('attempts per call', e.retryFactor);
  if (edge.fanout && edge.fanout > 1) md += row('slow fan-out', e.fanoutTail);
  md += resilienceRows(e, edge);
  const pool = e.connections;
  if (pool) {
    md += row(pool.kind === 'bulkhead' ? 'bulkhead' : 'connection pool', pool.size);
    md += row('connections in use', pool.inUse) || `| connections in use | ∞ | ${escapeMd(pool.inUse.text)} |\n`;
    md += row('waits for a connection', pool.waitProbability) + row('mean wait', pool.meanWaitMs);
    md += row('refused', pool.refusal);
    if (pool.exhausted && pool.kind === 'pool' && pool.meanWaitMs.value === null)
      md += `| mean wait | ∞ | ${escapeMd(pool.meanWaitMs.text)} |\n`;
  }
  if (edge.requires) md += `\nRequires **${edge.requires}** consistency.`;
  if (edge.readFrom === 'primary' && leader && edge.traffic !== 'writes')
    md += `\nThis call reads from the leader (read-from primary): the path gets **${showConsistency(leader)}** (${leader.cap}): ${escapeMd(leader.text)}\n`;
  else if (target?.consistency && edge.traffic !== 'writes')
    md += `\nReads get **${showConsistency(target.consistency)}** (${target.consistency.cap}): ${escapeMd(target.consistency.text)}\n`;
  return md;
}

/** An edge's timeout, retry and breaker figures (none: no rows). */
function resilienceRows(e: EdgeAnalysis, edge: Edge): string {
  const r = e.resilience;
  if (!r) return '';
  let md = '';
  if (edge.timeoutMs !== undefined) md += row('timed out', r.timeoutShare) + row('call time p99', r.callP99);
  md += row('attempt fails', r.attemptFailure) + row('goodput', r.goodput);
  if (edge.retries) md += row('retry load', r.retryLoad) + row('worst amplification', r.worstAmplification);
  if (r.breaker)
    md += `| circuit breaker | ${r.breaker} | ${r.breaker === 'open' ? escapeMd(r.goodput.text) : `${show(r.attemptFailure)} of attempts fail, below its threshold`} |\n`;
  if (r.retryStorm) md += `\n**Retry storm:** ${escapeMd(r.retryLoad.text)}\n`;
  return md;
}

export interface SystemVerdict {
  throughput: string;
  slo?: string;
}

/** Code-lens titles for a system: max throughput and bottleneck; SLO verdict. */
export function systemLenses(s: SystemSummary, slo: Slo | undefined): SystemVerdict {
  const throughput = s.bottleneck
    ? `max ${show(s.maxThroughput)} · bottleneck ${s.bottleneck}${s.saturated.length ? ` · saturated: ${s.saturated.join(', ')}` : ''}`
    : `${show(s.clientRate)} offered · no component with a capacity`;
  if (!slo) return { throughput };
  const parts: string[] = [];
  if (slo.p95Ms !== undefined) {
    const ok = s.meetsLatencySlo;
    parts.push(
      `p95 ${ok === null ? '?' : ok ? '✓' : '✗'} ${show(s.worstP95)} ${ok ? '≤' : '>'} ${duration(slo.p95Ms)}`,
    );
  }
  if (slo.availability !== undefined) {
    const ok = s.meetsAvailabilitySlo;
    parts.push(
      `availability ${ok === null ? '?' : ok ? '✓' : '✗'} ${show(s.availability)} ${ok ? '≥' : '<'} ${fraction(slo.availability)}`,
    );
  }
  if (slo.errorRate !== undefined) {
    const ok = s.meetsErrorRateSlo;
    parts.push(
      // worded to the target's precision: 0.01 % against 0.5 % (the figure's own wording read 0 %)
      `error rate ${ok === null ? '?' : ok ? '✓' : '✗'} ${s.errorRate.value === null ? show(s.errorRate) : percent(s.errorRate.value, 2)} ${ok ? '≤' : '>'} ${percent(slo.errorRate, 2)}`,
    );
  }
  return { throughput, slo: parts.length ? `SLO: ${parts.join(' · ')}` : undefined };
}

/** The code lens on a system: where it breaks as load grows ("breaks at 1.71× (app) · p95 SLO holds to 1.6×"). */
export function scalingLens(s: SystemScaling): string {
  return s.lens;
}

/**
 * The code lens on a system whose clients grow: the first thing to break and when, or that
 * nothing does within the horizon ("at 8 % per month: app saturates after 7 months (58.3 % today)").
 */
export function systemGrowthLens(g: Growth, system: string, rates: readonly number[]): string {
  const lo = Math.min(...rates);
  const hi = Math.max(...rates);
  const at = lo === hi ? `at ${percent(lo)} per month` : `at ${percent(lo)} to ${percent(hi)} per month`;
  const first = g.events.find((e) => e.system === system);
  return first ? `${at}: ${first.text}` : `${at}: nothing breaks within ${count(g.horizonMonths)} months`;
}

/** The code lens on a scenario: its verdict ("✓ holds: p95 142 ms, availability 99.95 %"). */
export function scenarioLens(r: ScenarioResult): string {
  return `${r.verdict.ok ? '✓' : '✗'} ${r.verdict.text}`;
}

/**
 * Hover markdown for a scenario: what it changes, its verdict, its system's summary under it, and
 * the components it saturates (with their utilisation today).
 */
export function scenarioHover(r: ScenarioResult, today: Analysis): string {
  const s = r.scenario;
  let md = `**scenario ${escapeMd(s.name)}** · system ${escapeMd(s.system)}${s.description ? ` — ${escapeMd(s.description)}` : ''}\n\n`;
  if (s.steps.length) md += `${s.steps.map((x) => escapeMd(stepText(x))).join('; ')}\n\n`;
  md += `${scenarioLens(r)}\n`;
  const summary = r.analysis.systems.find((x) => x.name === s.system);
  if (summary) {
    const v = systemLenses(summary, r.model.systems.find((x) => x.name === s.system)?.slo);
    md += `\n${escapeMd(v.throughput)}${v.slo ? `\n\n${escapeMd(v.slo)}` : ''}\n`;
  }
  if (r.verdict.saturated.length) {
    md += '\n| saturated | utilisation | today |\n|---|---|---|\n';
    const util = (a: Analysis, id: string) => {
      const i = a.componentIndex[id];
      const u = i === undefined ? null : a.components[i]!.utilization.value;
      return u === null ? '—' : percent(u);
    };
    for (const id of r.verdict.saturated) md += `| ${escapeMd(id)} | ${util(r.analysis, id)} | ${util(today, id)} |\n`;
  }
  return md;
}
