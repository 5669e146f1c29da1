/**
 * Scenarios run: each scenario's model (scenario.ts) analysed in full, and its verdict against
 * its system's SLO: what saturates, whether the latency and availability targets hold, and the
 * line a code lens shows ("holds: p95 142 ms, availability 99.95 %" / "breaks: app at 134 %").
 * One computation per analysis (`scenariosOf`), shared by the editor, the CLI, the rules and the
 * preview.
 */
import { analyze } from '../analysis/index.js';
import type { Analysis, AnalyzeOptions, SystemSummary } from '../analysis/types.js';
import type { Model, Scenario, Slo } from '../model.js';
import { duration, fraction, percent } from '../wording.js';
import { applyScenario } from './scenario.js';
import type { ScenarioResult, ScenarioVerdict } from './types.js';

const LATENCY_TARGETS = [
  { key: 'p95', slo: 'p95Ms' },
  { key: 'p99', slo: 'p99Ms' },
  { key: 'p50', slo: 'p50Ms' },
] as const;

/** A latency target of an SLO that a system's requests miss (the worst request). */
export interface LatencyMiss {
  key: 'p50' | 'p95' | 'p99';
  got: number;
  want: number;
}

/**
 * The latency targets of an SLO missed by a system's requests in an analysis (an unbounded
 * request misses every target), worst first per target; null without a latency target.
 */
export function latencyMisses(
  model: Model,
  analysis: Analysis,
  system: string,
  slo: Slo | undefined,
): LatencyMiss[] | null {
  if (!slo || (slo.p50Ms === undefined && slo.p95Ms === undefined && slo.p99Ms === undefined)) return null;
  const clients = new Set(model.components.filter((c) => c.kind === 'client' && c.system === system).map((c) => c.id));
  const out: LatencyMiss[] = [];
  for (const t of LATENCY_TARGETS) {
    const want = slo[t.slo];
    if (want === undefined) continue;
    let worst = -Infinity;
    for (const q of analysis.requests) {
      if (!clients.has(q.client)) continue;
      const got = q.latency[t.key].value ?? Infinity;
      if (got > worst) worst = got;
    }
    if (worst > want) out.push({ key: t.key, got: worst, want });
  }
  return out;
}

function summaryOf(analysis: Analysis, system: string): SystemSummary | undefined {
  return analysis.systems.find((s) => s.name === system);
}

/**
 * Without an availability target, a scenario still breaks on availability when its system loses
 * a nine: its unavailability at least this many times today's (`fail app` on the only path: 0 %).
 */
export const LOST_NINE = 10;

/**
 * The verdict of a system in an analysis (a scenario's): saturation, SLO, and its lens line.
 * `today` is the unchanged model's analysis: against it a system without an availability target
 * is judged (LOST_NINE) and its availability is worded beside today's.
 */
export function verdictOf(model: Model, analysis: Analysis, system: string, today?: Analysis): ScenarioVerdict {
  const slo = model.systems.find((s) => s.name === system)?.slo;
  const summary = summaryOf(analysis, system);
  const utilisation = (id: string) => {
    const i = analysis.componentIndex[id];
    const u = i === undefined ? null : analysis.components[i]!.utilization.value;
    return u ?? Infinity;
  };
  const saturated = [...(summary?.saturated ?? [])].sort((a, b) => utilisation(b) - utilisation(a));
  const misses = latencyMisses(model, analysis, system, slo);
  const meetsLatencySlo = misses === null ? null : misses.length === 0;
  const meetsAvailabilitySlo = summary?.meetsAvailabilitySlo ?? null;
  const avail = summary?.availability.value ?? null;
  const availToday = today ? (summaryOf(today, system)?.availability.value ?? null) : null;
  const lostNine =
    slo?.availability === undefined &&
    avail !== null &&
    availToday !== null &&
    avail < availToday &&
    1 - avail >= LOST_NINE * (1 - availToday);
  const ok = saturated.length === 0 && meetsLatencySlo !== false && meetsAvailabilitySlo !== false && !lostNine;
  const todaySuffix =
    avail !== null && availToday !== null && fraction(avail) !== fraction(availToday)
      ? ` (today ${fraction(availToday)})`
      : '';
  let text: string;
  if (saturated.length) {
    const named = saturated.slice(0, 2).map((id) => `${id} at ${percent(utilisation(id), 0)}`);
    if (saturated.length > 2) named.push(`${saturated.length - 2} more`);
    text = `breaks: ${named.join(', ')}`;
  } else if (misses?.length) {
    text = `breaks: ${misses.map((m) => `${m.key} ${duration(m.got)} > ${duration(m.want)}`).join(', ')}`;
  } else if (meetsAvailabilitySlo === false && avail !== null && slo?.availability !== undefined) {
    text = `breaks: availability ${fraction(avail)} < ${fraction(slo.availability)}`;
  } else if (lostNine) {
    text = `breaks: availability ${fraction(avail!)}${todaySuffix}`;
  } else {
    const parts: string[] = [];
    const p95 = summary?.worstP95.value ?? null;
    if (p95 !== null) parts.push(`p95 ${duration(p95)}`);
    if (avail !== null) parts.push(`availability ${fraction(avail)}${todaySuffix}`);
    text = parts.length ? `holds: ${parts.join(', ')}` : 'holds';
  }
  return { ok, saturated, meetsLatencySlo, meetsAvailabilitySlo, text };
}

/**
 * One scenario applied to a copy of the model and analysed in full (with the base analysis's
 * settings), with its verdict. `options.previous` defaults to the base analysis: the components a
 * scenario leaves alone under an unchanged load keep their service models.
 */
export function runScenario(
  model: Model,
  analysis: Analysis,
  scenario: Scenario,
  options: AnalyzeOptions = {},
): ScenarioResult {
  const changed = applyScenario(model, scenario);
  const result = analyze(changed, {
    maxPaths: analysis.settings.maxPaths,
    ...options,
    previous: options.previous ?? analysis,
  });
  return { scenario, model: changed, analysis: result, verdict: verdictOf(changed, result, scenario.system, analysis) };
}

/** Every scenario a model declares, in order of its systems and their declarations. */
export function scenariosIn(model: Model): Scenario[] {
  const out: Scenario[] = [];
  for (const s of model.systems) if (s.scenarios) out.push(...s.scenarios);
  return out;
}

const RESULTS = new WeakMap<Analysis, ScenarioResult[]>();
/**
 * Each scenario's last analysis, by system and name, passed as `previous` to the next run of it
 * (after an edit, nearly every component keeps its service model under the scenario's load).
 */
let lastRuns = new Map<string, Analysis>();

/** Every scenario of the model, run once per analysis (cached: editor, CLI, rules and preview share it). */
export function scenariosOf(model: Model, analysis: Analysis): ScenarioResult[] {
  const hit = RESULTS.get(analysis);
  if (hit) return hit;
  const scenarios = scenariosIn(model);
  const runs = new Map<string, Analysis>();
  const out = scenarios.map((s) => {
    const key = `${s.system}\u0000${s.name}`;
    const r = runScenario(model, analysis, s, { previous: lastRuns.get(key) ?? analysis });
    runs.set(key, r.analysis);
    return r;
  });
  if (scenarios.length) lastRuns = runs;
  RESULTS.set(analysis, out);
  return out;
}

/** One scenario's result by its system and name (from `scenariosOf`), or undefined. */
export function scenarioResult(
  model: Model,
  analysis: Analysis,
  name: string,
  system?: string,
): ScenarioResult | undefined {
  return scenariosOf(model, analysis).find(
    (r) => r.scenario.name === name && (system === undefined || r.scenario.system === system),
  );
}
