/**
 * The `archscale/diagram` request: the Mermaid diagram of a document for the live preview,
 * with where each component is declared (click a node) and its figures (hover a node).
 *
 * It reads the cached insight of the document (model, analysis, findings: already computed for
 * the diagnostics), so it costs the Mermaid generation only (a few ms). It runs as a read of the
 * workspace lock: after the edits the client sent before it have been built.
 */
import type { LangiumSharedCoreServices } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { nodeDetails, toMermaid } from '../core/mermaid/index.js';
import type { Finding } from '../core/rules/types.js';
import { scenariosOf } from '../core/scaling/index.js';
import type { ScenarioResult } from '../core/scaling/types.js';
import type { InsightService } from '../language/insight.js';
import {
  DIAGRAM_REQUEST,
  DiagramParams,
  type DiagramResponse,
  type ScenarioInfo,
  type SourceLocation,
} from '../shared/messages.js';
import { documentRequest, previewInsight } from './document-request.js';

function empty(uri: string, error: string): DiagramResponse {
  return { uri, text: '', nodeIds: {}, locations: {}, details: {}, warnings: [], error };
}

/** A scenario and its verdict, for the preview's picker and banner. */
export function scenarioInfo(r: ScenarioResult): ScenarioInfo {
  return {
    name: r.scenario.name,
    system: r.scenario.system,
    ...(r.scenario.description ? { description: r.scenario.description } : {}),
    ok: r.verdict.ok,
    verdict: r.verdict.text,
  };
}

/**
 * The findings to mark on a scenario's diagram: the model's own, and those the rules report under
 * this scenario (core/rules/scenarios.ts words them "in scenario NAME: ..."); not other scenarios'.
 */
function findingsUnder(findings: readonly Finding[], name: string): Finding[] {
  return findings.filter((f) => !f.message.startsWith('in scenario ') || f.message.startsWith(`in scenario ${name}:`));
}

/**
 * The diagram of one document (its import closure, as analysed for the diagnostics); under one of
 * its scenarios when `scenario` names one (that scenario's model and analysis: its loads, failures
 * and colours). An unknown scenario draws today's model with a warning.
 */
export function diagramResponse(
  shared: LangiumSharedCoreServices,
  insights: InsightService,
  uri: string,
  scenario?: string,
): DiagramResponse {
  // While a language error leaves components unsure, the preview keeps its last good diagram too.
  const insight = previewInsight(shared, insights, uri);
  if ('error' in insight) return empty(uri, insight.error);

  const t = performance.now();
  const results = scenariosOf(insight.model, insight.analysis);
  const picked = scenario === undefined ? undefined : results.find((r) => r.scenario.name === scenario);
  const model = picked?.model ?? insight.model;
  const analysis = picked?.analysis ?? insight.analysis;
  const findings = picked ? findingsUnder(insight.findings, picked.scenario.name) : insight.findings;
  const diagram = toMermaid(model, analysis, findings);
  const generate = performance.now() - t;
  const drawn = Object.values(diagram.nodeIds);
  const byId = new Map(model.components.map((c) => [c.id, c]));
  const locations: Record<string, SourceLocation> = {};
  const locate = (id: string | undefined) => {
    const c = id === undefined ? undefined : byId.get(id);
    if (c) locations[c.id] = { uri: c.nameLocation.uri, range: c.nameLocation.range };
  };
  drawn.forEach(locate);
  // A collapsed group reveals its first member.
  for (const members of Object.values(diagram.collapsed?.groups ?? {})) locate(members[0]);
  return {
    uri,
    text: diagram.text,
    nodeIds: diagram.nodeIds,
    ...(diagram.collapsed ? { collapsed: diagram.collapsed } : {}),
    locations,
    details: nodeDetails(model, analysis, findings, drawn),
    warnings:
      scenario !== undefined && !picked
        ? [...diagram.warnings, `No scenario named ${scenario} in this model: showing today's model.`]
        : diagram.warnings,
    timings: { generate: Math.round(generate * 100) / 100 },
    ...(results.length ? { scenarios: results.map(scenarioInfo) } : {}),
    ...(picked ? { scenario: scenarioInfo(picked) } : {}),
  };
}

/** Registers `archscale/diagram` ({uri} -> DiagramResponse) on the connection. */
export function registerDiagramRequest(
  connection: Connection,
  shared: LangiumSharedCoreServices,
  insights: InsightService,
): void {
  connection.onRequest(DIAGRAM_REQUEST, (params: unknown) =>
    documentRequest(shared, DIAGRAM_REQUEST, DiagramParams, params, (p) =>
      diagramResponse(shared, insights, p.uri, p.scenario),
    ),
  );
}
