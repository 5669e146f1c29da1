/**
 * The `archscale/diagram` request: the Mermaid diagram of a document for the live preview,
 * with where each component is declared (click a node) and its figures (hover a node).
 *
 * It reads the cached insight of the document (model, analysis, findings: already computed for
 * the diagnostics), so it costs the Mermaid generation only (a few ms). It runs as a read of the
 * workspace lock: after the edits the client sent before it have been built.
 */
import { DocumentState, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
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

function empty(uri: string, error: string): DiagramResponse {
  return { uri, text: '', nodeIds: {}, locations: {}, details: {}, warnings: [], error };
}

/** The first syntax error of the documents, as `file:line: message`. */
export function syntaxError(documents: readonly LangiumDocument[]): string | undefined {
  for (const doc of documents) {
    const { lexerErrors, parserErrors } = doc.parseResult;
    if (lexerErrors.length === 0 && parserErrors.length === 0) continue;
    const count = lexerErrors.length + parserErrors.length;
    const file = doc.uri.path.split('/').pop() ?? doc.uri.toString();
    const d = doc.diagnostics?.find(
      (x) =>
        x.code === 'syntax' ||
        (x.data as { code?: string } | undefined)?.code === 'parsing-error' ||
        (x.data as { code?: string } | undefined)?.code === 'lexing-error',
    );
    const line = d ? d.range.start.line + 1 : (parserErrors[0]?.token.startLine ?? lexerErrors[0]?.line ?? 0);
    const message = d?.message ?? parserErrors[0]?.message ?? lexerErrors[0]?.message ?? 'syntax error';
    return `${count === 1 ? 'A syntax error' : `${count} syntax errors`} in ${file}, first on line ${line}: ${message}`;
  }
  return undefined;
}

/** The first language error of the documents (one that leaves components unsure), as a line. */
export function languageError(documents: readonly LangiumDocument[]): string {
  for (const doc of documents) {
    const d = doc.diagnostics?.find((x) => x.severity === 1 && x.source === 'archscale' && !x.data?.rule);
    if (!d) continue;
    const file = doc.uri.path.split('/').pop() ?? doc.uri.toString();
    return `An error in ${file}, line ${d.range.start.line + 1}: ${d.message}`;
  }
  return 'An error in the model leaves some components unsure.';
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
  const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(uri));
  if (!document) return empty(uri, 'The language server has not loaded this file.');
  const insight = insights.forDocument(document.uri.toString())[0];
  if (!insight) return empty(uri, 'No model for this file yet.');
  // While a language error leaves components unsure, the preview keeps its last good diagram too.
  const error = syntaxError(insight.documents) ?? (insight.before ? languageError(insight.documents) : undefined);
  if (error) return empty(uri, error);

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
  connection.onRequest(DIAGRAM_REQUEST, async (params: unknown) => {
    const p = DiagramParams.safeParse(params);
    if (!p.success)
      return new ResponseError(
        ErrorCodes.InvalidParams,
        `${DIAGRAM_REQUEST}: ${p.error.issues.map((i) => i.message).join('; ')}`,
      );
    await shared.workspace.WorkspaceManager.ready;
    // Wait for the document's build: a diagram from a model whose edges are not linked yet is wrong.
    const uri = URI.parse(p.data.uri);
    if (shared.workspace.LangiumDocuments.hasDocument(uri))
      await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri);
    // A normal-priority read waits for pending builds (the edits sent before this request).
    return shared.workspace.WorkspaceLock.read(() => diagramResponse(shared, insights, p.data.uri, p.data.scenario));
  });
}
