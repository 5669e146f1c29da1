/**
 * The `archscale/simulate` request: runs the discrete-event simulation of a document's model (the
 * import closure of its root, as analysed for the diagnostics) and answers with its comparison
 * with the analysis, as Markdown.
 *
 * A simulation takes seconds, the edit path must not wait for it: the model and analysis are
 * read under the workspace's read lock (after the edits sent before the request), the lock is
 * released, and the simulation runs in chunks of events with a turn of the event loop between
 * them, so edits, hovers and diagnostics are served while it runs: a chunk is about 8 ms of work,
 * and a message waits for the chunk under way (a hover, whose handling takes a few turns of the
 * event loop, for a few: 30-50 ms instead of 3). Between chunks the cancellation token is checked (then
 * the simulation is cancelled and the answer says `cancelled`), and the progress is sent to the
 * client as `archscale/simulateProgress` notifications when it passed a `progressToken`.
 */
import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { Analysis } from '../core/analysis/types.js';
import type { Model } from '../core/model.js';
import { compareWithAnalysis } from '../core/simulation/compare.js';
import { createSimulation } from '../core/simulation/index.js';
import { comparisonMarkdown } from '../core/simulation/report.js';
import type { InsightService } from '../language/insight.js';
import {
  SIMULATE_PROGRESS,
  SIMULATE_REQUEST,
  SimulateParams,
  type SimulateProgress,
  type SimulateResponse,
} from '../shared/messages.js';
import { documentInsight, documentRequest } from './document-request.js';

/** Simulated seconds and seed when the request names none. */
export const SIMULATE_DEFAULTS = { durationS: 60, seed: 1 } as const;
/** The most events one chunk runs (the longest an edit can wait for the simulation). */
export const MAX_CHUNK_EVENTS = 200_000;
const MIN_CHUNK_EVENTS = 2_000;
/** The wall time a chunk aims at: the chunk's size follows the events per ms measured so far. */
const CHUNK_TARGET_MS = 8;
/** At most one progress notification per this many ms. */
const PROGRESS_EVERY_MS = 50;

const fileName = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

/** The first error of the documents that is not a rule's finding (syntax, units, names, links), as a line. */
function languageError(documents: readonly LangiumDocument[]): string | undefined {
  for (const doc of documents) {
    const { lexerErrors, parserErrors } = doc.parseResult;
    const d = doc.diagnostics?.find((x) => x.severity === 1 && !(x.data as { rule?: string } | undefined)?.rule);
    if (d) return `${fileName(doc.uri.toString())}, line ${d.range.start.line + 1}: ${d.message}`;
    if (lexerErrors.length + parserErrors.length > 0) {
      const line = parserErrors[0]?.token.startLine ?? lexerErrors[0]?.line ?? 0;
      const message = parserErrors[0]?.message ?? lexerErrors[0]?.message ?? 'syntax error';
      return `${fileName(doc.uri.toString())}, line ${line}: ${message}`;
    }
  }
  return undefined;
}

/** What the simulation of `uri` starts from, or why there is none. */
export type SimulationInput = { model: Model; analysis: Analysis; title: string } | { error: string };

/** The model and analysis of the document's root, or why it cannot be simulated. */
export function simulationInput(
  shared: LangiumSharedCoreServices,
  insights: InsightService,
  uri: string,
): SimulationInput {
  const insight = documentInsight(shared, insights, uri);
  if ('error' in insight) return insight;
  const error = languageError(insight.documents);
  if (error || insight.model.unsettled)
    return {
      error: `Fix the errors in the model before simulating it (${error ?? 'a language error leaves some components unsure'}).`,
    };
  if (!insight.model.components.some((c) => c.kind === 'client'))
    return { error: 'The model has no client: nothing sends requests to simulate.' };
  return { model: insight.model, analysis: insight.analysis, title: fileName(insight.root) };
}

export interface RunOptions {
  durationS: number;
  seed: number;
  token?: CancellationToken;
  /** Called after each chunk and once at the end. */
  progress?: (fraction: number, events: number) => void;
  /** The largest chunk (tests make it small). */
  maxChunk?: number;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** Runs the simulation of `input` in chunks, yielding between them; the comparison as Markdown. */
export async function runSimulation(
  input: { model: Model; analysis: Analysis; title: string },
  options: RunOptions,
): Promise<SimulateResponse> {
  const started = performance.now();
  const sim = createSimulation(input.model, { durationS: options.durationS, seed: options.seed });
  const maxChunk = options.maxChunk ?? MAX_CHUNK_EVENTS;
  let chunk = Math.min(20_000, maxChunk);
  let events = 0;
  let cancelled = false;
  // The share done before the last chunk (once stopped, the simulation says 1).
  let fraction = 0;
  for (;;) {
    if (options.token?.isCancellationRequested) {
      sim.cancel();
      cancelled = true;
      break;
    }
    const t = performance.now();
    const done = sim.step(chunk);
    const ms = performance.now() - t;
    // At most `chunk` events ran (step stops early only at the end).
    events += chunk;
    if (done) break;
    fraction = sim.progress();
    // The next chunk: as many events as fit in the target time at the rate just measured.
    const perMs = chunk / Math.max(ms, 0.1);
    chunk = Math.round(Math.min(maxChunk, Math.max(MIN_CHUNK_EVENTS, perMs * CHUNK_TARGET_MS)));
    options.progress?.(fraction, events);
    await yieldToEventLoop();
  }
  const wallMs = Math.round(performance.now() - started);
  const last = sim.result();
  const stopped = cancelled ? 'cancelled' : last.stopped;
  const result = { ...last, stopped, wallMs };
  if (stopped === 'done') fraction = 1;
  options.progress?.(fraction, result.events);
  let markdown: string;
  try {
    markdown = comparisonMarkdown(compareWithAnalysis(input.analysis, result), `Simulation of ${input.title}`);
  } catch (err) {
    // A partial (cancelled) result may have nothing to compare.
    if (stopped === 'done') throw err;
    markdown = `# Simulation of ${input.title}\n\nStopped (${stopped}) before there was anything to compare.\n`;
  }
  return {
    markdown,
    stopped,
    events: result.events,
    wallMs: result.wallMs,
    fraction,
  };
}

/** Registers `archscale/simulate` ({uri, durationS?, seed?, progressToken?} -> SimulateResponse). */
export function registerSimulateRequest(
  connection: Connection,
  shared: LangiumSharedCoreServices,
  insights: InsightService,
): void {
  connection.onRequest(SIMULATE_REQUEST, async (params: unknown, token: CancellationToken) => {
    // Only the read of the model takes the lock; the simulation runs outside it, beside the edits.
    const read = await documentRequest(shared, SIMULATE_REQUEST, SimulateParams, params, (p) => ({
      p,
      input: simulationInput(shared, insights, p.uri),
    }));
    if (read instanceof ResponseError) return read;
    const { p, input } = read;
    if ('error' in input) return { error: input.error } satisfies SimulateResponse;
    const progressToken = p.progressToken;
    let sent = -Infinity;
    const progress = (fraction: number, events: number) => {
      // The first chunk's, then at most one every PROGRESS_EVERY_MS, and the last.
      const now = performance.now();
      if (progressToken === undefined || (now - sent < PROGRESS_EVERY_MS && fraction < 1)) return;
      sent = now;
      void connection.sendNotification(SIMULATE_PROGRESS, {
        token: progressToken,
        fraction,
        events,
      } satisfies SimulateProgress);
    };
    try {
      return await runSimulation(input, {
        durationS: p.durationS ?? SIMULATE_DEFAULTS.durationS,
        seed: p.seed ?? SIMULATE_DEFAULTS.seed,
        token,
        progress,
      });
    } catch (err) {
      return { error: `The simulation failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  });
}
