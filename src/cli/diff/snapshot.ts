/**
 * One side of `archscale diff`: what a set of model files declares and what it computes, as
 * plain data that compares by key. Figures come from the core's public JSON (components, the
 * whole model) and from the analysis's per-system summaries and per-client requests; findings
 * from the rules (keyed by rule and components, not by line, so moving text is no change) and
 * language errors from the load.
 */
import { relative } from 'node:path';
import { analyze } from '../../core/analysis/index.js';
import { analysisToJson, type AnalysisJson, type ComponentJson } from '../../core/figures/json.js';
import type { Component, Edge } from '../../core/model.js';
import { RULES, RULE_IDS } from '../../core/rules/registry.js';
import { runRules } from '../../core/rules/runner.js';
import type { RuleSettings } from '../../core/rules/settings.js';
import { ArchscaleWorkspace, type FileSystemLike } from '../../language/workspace.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface DeclaredComponent {
  id: string;
  kind: string;
  system: string;
  /** Property (in the language's words) -> its value in base units, as written in the model. */
  props: Record<string, unknown>;
}

export interface DeclaredEdge {
  id: string;
  from: string;
  to: string;
  system: string;
  props: Record<string, unknown>;
}

export interface SystemFigures {
  name: string;
  clientRateRps: number | null;
  maxThroughputRps: number | null;
  bottleneck: string | null;
  availability: number | null;
  worstP95Ms: number | null;
  /** SLO verdicts: null without that SLO. */
  meetsLatencySlo: boolean | null;
  meetsAvailabilitySlo: boolean | null;
  storageGrowthPerMonthBytes: number | null;
  /** Saturated components it reaches. */
  saturated: string[];
}

export interface RequestFigures {
  /** `client reads` / `client writes`. */
  key: string;
  client: string;
  traffic: 'reads' | 'writes';
  p95Ms: number | null;
  p99Ms: number | null;
  availability: number | null;
}

export interface Problem {
  /** Rule findings: `rule component[,component…]`; language errors: `code file message`. */
  key: string;
  code: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  /** Whether it is a rule finding (else a language error). */
  rule: boolean;
}

export interface ModelSnapshot {
  label: string;
  files: string[];
  components: Map<string, DeclaredComponent>;
  edges: Map<string, DeclaredEdge>;
  json: AnalysisJson;
  figures: Map<string, ComponentJson>;
  systems: Map<string, SystemFigures>;
  requests: Map<string, RequestFigures>;
  problems: Map<string, Problem>;
}

/** A model field's name in the language (`capacityRps` -> `capacity`). */
const FIELD_WORDS: Record<string, string> = {
  rateRps: 'rate',
  readFraction: 'reads',
  payloadBytes: 'payload',
  capacityRps: 'capacity',
  serviceTimeMs: 'service-time',
  latencyMs: 'latency',
  hitRatio: 'hit',
  ttlMs: 'ttl',
  dataModel: 'model',
  lagMs: 'lag',
  readFrom: 'read-from',
  storagePerNodeBytes: 'storage',
  recordBytes: 'record',
  retentionMs: 'retention',
  timeoutMs: 'timeout',
  stateful: 'stateful',
};
const NOT_PROPERTIES = new Set(['id', 'name', 'kind', 'system', 'location', 'nameLocation', 'propertyLocations']);

export function propertyWord(field: string): string {
  return FIELD_WORDS[field] ?? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function props(x: Component | Edge): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (!NOT_PROPERTIES.has(k) && v !== undefined) out[k] = v;
  return out;
}

const finite = (x: number | null | undefined): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? x : null;

export interface SnapshotInput {
  label: string;
  /** Absolute paths of the model files (roots; their imports are read too). */
  files: string[];
  fs: FileSystemLike;
  /** Files are named relative to this folder in findings. */
  root: string;
  settings: RuleSettings;
}

export async function snapshot(input: SnapshotInput): Promise<ModelSnapshot> {
  const ws = new ArchscaleWorkspace(input.fs);
  ws.services.insight.InsightService.setSettings(input.settings);
  ws.addFiles(input.files);
  const result = await ws.build();
  const model = result.model;
  const analysis = analyze(model);
  const json = analysisToJson(analysis);
  const name = (file: string) => (relative(input.root, file) || file).split('\\').join('/');

  const components = new Map<string, DeclaredComponent>();
  for (const c of model.components) components.set(c.id, { id: c.id, kind: c.kind, system: c.system, props: props(c) });
  const edges = new Map<string, DeclaredEdge>();
  for (const e of model.edges) edges.set(e.id, { id: e.id, from: e.from, to: e.to, system: e.system, props: props(e) });

  const systems = new Map<string, SystemFigures>();
  for (const s of analysis.systems) {
    if (s.name === null) continue;
    systems.set(s.name, {
      name: s.name,
      clientRateRps: finite(s.clientRate.value),
      maxThroughputRps: finite(s.maxThroughput.value),
      bottleneck: s.bottleneck,
      availability: finite(s.availability.value),
      worstP95Ms: finite(s.worstP95.value),
      meetsLatencySlo: s.meetsLatencySlo,
      meetsAvailabilitySlo: s.meetsAvailabilitySlo,
      storageGrowthPerMonthBytes: finite(s.storage.growthPerMonth.value),
      saturated: [...s.saturated],
    });
  }
  const requests = new Map<string, RequestFigures>();
  for (const r of analysis.requests) {
    const key = `${r.client} ${r.traffic}`;
    requests.set(key, {
      key,
      client: r.client,
      traffic: r.traffic,
      p95Ms: finite(r.latency.p95.value),
      p99Ms: finite(r.latency.p99.value),
      availability: finite(r.availability.value),
    });
  }

  const problems = new Map<string, Problem>();
  const add = (p: Omit<Problem, 'key'>, base: string) => {
    let key = base;
    for (let n = 2; problems.has(key); n++) key = `${base} #${n}`;
    problems.set(key, { key, ...p });
  };
  for (const d of result.diagnostics) {
    if (RULE_IDS.includes(d.code)) continue;
    const file = name(d.file);
    add(
      { code: d.code, severity: d.severity, message: d.message, file, line: d.line, rule: false },
      `${d.code} ${file} ${d.message}`,
    );
  }
  const findings = runRules(RULES, model, analysis, input.settings).sort(
    (a, b) => a.rule.localeCompare(b.rule) || a.components.join().localeCompare(b.components.join()),
  );
  for (const f of findings) {
    const file = f.location.uri.startsWith('file://') ? name(decodeURIComponent(new URL(f.location.uri).pathname)) : '';
    add(
      {
        code: f.rule,
        severity: f.severity,
        message: f.message,
        file,
        line: f.location.range.start.line + 1,
        rule: true,
      },
      `${f.rule} ${f.components.join(',')}`,
    );
  }

  return {
    label: input.label,
    files: input.files.map(name),
    components,
    edges,
    json,
    figures: new Map(json.components.map((c) => [c.name, c])),
    systems,
    requests,
    problems,
  };
}
