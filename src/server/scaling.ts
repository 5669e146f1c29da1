/**
 * The `archscale/scaling` request: the load sweep (and growth timeline) of a document's model, or
 * of one of its scenarios, for the preview's Scaling view. Reads the cached insight (as
 * archscale/diagram does) and the sweep cached per analysis (core/scaling `sweepOf`: the code
 * lens computed most of it already); sends only what the charts draw (charts/wire.ts).
 */
import type { LangiumSharedCoreServices } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { growthOf, scenariosOf, sweepOf } from '../core/scaling/index.js';
import { count } from '../core/wording.js';
import type { InsightService } from '../language/insight.js';
import { SCALING_REQUEST, ScalingParams, type ScalingResponse } from '../shared/messages.js';
import { growthToWire, sweepToWire } from '../charts/wire.js';
import { documentRequest, previewInsight } from './document-request.js';

/**
 * Above this many components the response-time curves are left out: the sweep solves them per
 * request class and point (about 7 s for 10,000 components, 1 s for 2,000), which would hold up the server while
 * the user types. Utilisation and break points are closed form and always sent.
 */
export const LATENCY_CHART_LIMIT = 1_000;

const empty = (uri: string, error: string, scenario?: string): ScalingResponse => ({
  uri,
  sweep: null,
  growth: null,
  error,
  ...(scenario !== undefined ? { scenario } : {}),
});

/** The sweep of one document's model (its import closure), or under the scenario named. */
export function scalingResponse(
  shared: LangiumSharedCoreServices,
  insights: InsightService,
  uri: string,
  scenario?: string,
): ScalingResponse {
  const insight = previewInsight(shared, insights, uri);
  if ('error' in insight) return empty(uri, insight.error);
  const picked =
    scenario === undefined
      ? undefined
      : scenariosOf(insight.model, insight.analysis).find((r) => r.scenario.name === scenario);
  if (scenario !== undefined && !picked) return empty(uri, `No scenario named ${scenario} in this model.`);
  const model = picked?.model ?? insight.model;
  const analysis = picked?.analysis ?? insight.analysis;
  if (!model.components.some((c) => c.kind === 'client'))
    return empty(uri, 'No client sends load in this model: there is nothing to sweep.', picked?.scenario.name);
  const t = performance.now();
  const latency = model.components.length <= LATENCY_CHART_LIMIT;
  const sweep = sweepToWire(sweepOf(model, analysis), { latency });
  const g = growthOf(model, analysis);
  return {
    uri,
    ...(picked ? { scenario: picked.scenario.name } : {}),
    sweep,
    growth: g ? growthToWire(g) : null,
    ...(latency
      ? {}
      : {
          notes: [
            `Response times are not charted for a model of ${count(model.components.length)} components (over ${count(LATENCY_CHART_LIMIT)}): archscale sweep --format svg draws them.`,
          ],
        }),
    timings: { sweep: Math.round((performance.now() - t) * 100) / 100 },
  };
}

/** Registers `archscale/scaling` ({uri, scenario?} -> ScalingResponse) on the connection. */
export function registerScalingRequest(
  connection: Connection,
  shared: LangiumSharedCoreServices,
  insights: InsightService,
): void {
  connection.onRequest(SCALING_REQUEST, (params: unknown) =>
    documentRequest(shared, SCALING_REQUEST, ScalingParams, params, (p) =>
      scalingResponse(shared, insights, p.uri, p.scenario),
    ),
  );
}
