/**
 * The messages of the live preview, defined once and validated with zod on every side:
 *   server  --archscale/diagram (LSP request)-->  extension  --postMessage-->  webview
 *   webview --postMessage (reveal, export...)-->  extension
 * Imported by the server, the extension and the webview; imports nothing but zod.
 */
import { z } from 'zod';

/** The custom LSP request: the diagram of one document. */
export const DIAGRAM_REQUEST = 'archscale/diagram';

export const DiagramParams = z.object({
  uri: z.string().min(1),
  /** Draw the model under this scenario of its systems (its loads, failures and colours); absent: today. */
  scenario: z.string().min(1).max(200).optional(),
});
export type DiagramParams = z.infer<typeof DiagramParams>;

const Position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
export const SourceLocation = z.object({ uri: z.string().min(1), range: z.object({ start: Position, end: Position }) });
export type SourceLocation = z.infer<typeof SourceLocation>;

const Severity = z.enum(['error', 'warning', 'info', 'hint']);

/** What a tooltip shows for one component (plain text only). */
export const NodeDetails = z.object({
  name: z.string(),
  kind: z.string(),
  system: z.string(),
  description: z.string().optional(),
  rows: z.array(z.tuple([z.string(), z.string()])),
  findings: z.array(z.object({ rule: z.string(), severity: Severity, message: z.string() })),
  bottleneck: z.boolean(),
});
export type NodeDetails = z.infer<typeof NodeDetails>;

export const CollapseInfo = z.object({
  groupedBy: z.enum(['system and kind', 'system', 'model']),
  totalComponents: z.number().int().min(0),
  shownComponents: z.number().int().min(0),
  groups: z.record(z.string().regex(/^g\d+$/), z.array(z.string())),
  totalEdges: z.number().int().min(0),
  drawnEdges: z.number().int().min(0),
});

/** One scenario of the model, with its verdict (for the picker and the banner). */
export const ScenarioInfo = z.object({
  name: z.string(),
  system: z.string(),
  description: z.string().optional(),
  /** The scenario holds: nothing saturates, the SLO is met. */
  ok: z.boolean(),
  /** "holds: p95 142 ms, availability 99.95 %" or "breaks: app at 134 %". */
  verdict: z.string(),
});
export type ScenarioInfo = z.infer<typeof ScenarioInfo>;

/** The answer to archscale/diagram. With `error` (the model does not parse), `text` may be empty. */
export const DiagramResponse = z.object({
  uri: z.string(),
  /** Mermaid flowchart text; every model text in it is entity-escaped, ids are generated. */
  text: z.string(),
  /** Mermaid node id (n0, n1...) -> component id. */
  nodeIds: z.record(z.string().regex(/^n\d+$/), z.string()),
  collapsed: CollapseInfo.optional(),
  /** Component id -> where its name is declared. */
  locations: z.record(z.string(), SourceLocation),
  /** Component id -> tooltip content. */
  details: z.record(z.string(), NodeDetails),
  warnings: z.array(z.string()),
  /** Why there is no (new) diagram: e.g. a syntax error; the preview keeps the last good one. */
  error: z.string().optional(),
  /** Server-side timings, ms. */
  timings: z.object({ generate: z.number() }).optional(),
  /** The model's scenarios, for the preview's picker (absent or empty: none). */
  scenarios: z.array(ScenarioInfo).optional(),
  /** The scenario drawn (absent: today's model). */
  scenario: ScenarioInfo.optional(),
});
export type DiagramResponse = z.infer<typeof DiagramResponse>;

export const ExportFormat = z.enum(['svg', 'png', 'md']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** What an export holds: the diagram (default) or the Scaling view's charts. */
export const ExportSubject = z.enum(['diagram', 'charts']);
export type ExportSubject = z.infer<typeof ExportSubject>;

/** Zoom and scroll of the diagram, kept across re-renders and restarts. */
export const ViewState = z.object({ scale: z.number().positive().max(64), x: z.number(), y: z.number() });
export type ViewState = z.infer<typeof ViewState>;

export const Direction = z.enum(['LR', 'TB']);
export type Direction = z.infer<typeof Direction>;

/** What the webview keeps with vscode.setState (the serializer gets it back after a reload). */
export const PreviewState = z.object({
  uri: z.string().optional(),
  view: ViewState.optional(),
  direction: Direction.optional(),
  /** The Scaling view is open beside the diagram. */
  scaling: z.boolean().optional(),
  /** The scenario picked (absent: today). */
  scenario: z.string().optional(),
});
export type PreviewState = z.infer<typeof PreviewState>;

// ---- the Scaling view: archscale/scaling ------------------------------------------------------

/** The custom LSP request: the load sweep and growth of one document's model (or under a scenario). */
export const SCALING_REQUEST = 'archscale/scaling';
export const ScalingParams = DiagramParams;
export type ScalingParams = z.infer<typeof ScalingParams>;

const Traffic = z.enum(['reads', 'writes']);
const SloTarget = z.enum(['p50', 'p95', 'p99', 'availability']);
const RequestKey = z.object({ client: z.string(), traffic: Traffic });
/** JSON has no Infinity: an unbounded value (saturated) travels as null. */
const Unbounded = z.number().nullable();

/** A client request class's p50/p95/p99 (ms) against the multipliers; null: unbounded. */
export const WireClientCurve = RequestKey.extend({
  system: z.string(),
  p50: z.array(Unbounded),
  p95: z.array(Unbounded),
  p99: z.array(Unbounded),
});
export const WireComponentCurve = z.object({
  component: z.string(),
  system: z.string(),
  utilization: z.array(Unbounded),
  saturatesAt: z.number().nullable(),
  saturatesAtMax: z.number().nullable(),
  autoscaleMaxAt: z.number().nullable(),
});
export const WireBreakPoint = z.object({
  multiplier: z.number(),
  kind: z.enum(['saturates', 'slo', 'autoscale-max']),
  system: z.string(),
  component: z.string().optional(),
  request: RequestKey.optional(),
  target: SloTarget.optional(),
  text: z.string(),
});
const Bottleneck = z.object({ component: z.string(), multiplier: z.number() });

/** core/scaling's Sweep as JSON, with only the components the charts draw (see charts/wire.ts). */
export const WireSweep = z.object({
  multipliers: z.array(z.number()),
  clients: z.array(WireClientCurve),
  components: z.array(WireComponentCurve),
  breaks: z.array(WireBreakPoint),
  bottlenecks: z.object({ fixed: z.array(Bottleneck), autoscaled: z.array(Bottleneck) }),
  systems: z.array(
    z.object({
      system: z.string(),
      firstSaturation: WireBreakPoint.nullable(),
      sloHoldsTo: z.partialRecord(SloTarget, z.number().nullable()),
      slo: z.partialRecord(SloTarget, z.number()),
      lens: z.string(),
    }),
  ),
  targetUtilization: z.number(),
  /** Per system, the components saturating within the sweep that were left out (not drawn). */
  leftOut: z.record(z.string(), z.number().int().min(0)),
});
export type WireSweep = z.infer<typeof WireSweep>;

export const WireGrowth = z.object({
  horizonMonths: z.number(),
  rates: z.record(z.string(), z.number()),
  events: z.array(
    z.object({
      kind: z.enum(['saturates', 'slo', 'autoscale-max', 'storage-full']),
      month: z.number(),
      system: z.string(),
      component: z.string().optional(),
      request: RequestKey.optional(),
      target: SloTarget.optional(),
      text: z.string(),
    }),
  ),
  timeline: z.object({
    months: z.array(z.number()),
    clients: z.array(WireClientCurve),
    components: z.array(z.object({ component: z.string(), utilization: z.array(Unbounded) })),
  }),
});
export type WireGrowth = z.infer<typeof WireGrowth>;

/** The answer to archscale/scaling. `sweep` null with `error` when the model cannot be swept. */
export const ScalingResponse = z.object({
  uri: z.string(),
  /** The scenario swept (absent: today's model). */
  scenario: z.string().optional(),
  sweep: WireSweep.nullable(),
  /** Null without a growth rate. */
  growth: WireGrowth.nullable(),
  /** What the view should say beside the charts (e.g. response times left out of a very large model). */
  notes: z.array(z.string()).optional(),
  /** Why there is nothing (new) to chart: a syntax error, no clients; the view keeps the last charts. */
  error: z.string().optional(),
  timings: z.object({ sweep: z.number() }).optional(),
});
export type ScalingResponse = z.infer<typeof ScalingResponse>;

/** Extension -> webview. */
export const ToWebview = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('diagram'),
    /** Increases with every diagram sent; the webview draws only the newest. */
    seq: z.number().int().min(0),
    /** The document's file name, for export file names and the title. */
    title: z.string(),
    diagram: DiagramResponse,
  }),
  /** A line to show while there is no diagram yet (e.g. "Starting the language server..."). */
  z.object({ type: z.literal('status'), message: z.string() }),
  /** Open the Scaling view (the command archscale.showScaling). */
  z.object({ type: z.literal('showScaling') }),
  /** The Scaling view's data (sent while the view is open). */
  z.object({ type: z.literal('scaling'), seq: z.number().int().min(0), title: z.string(), scaling: ScalingResponse }),
]);
export type ToWebview = z.infer<typeof ToWebview>;

/** Webview -> extension. */
export const FromWebview = z.discriminatedUnion('type', [
  /** The script is running: send the current diagram (with the Scaling view and scenario it restored). */
  z.object({
    type: z.literal('ready'),
    scaling: z.boolean().optional(),
    scenario: z.string().min(1).max(200).optional(),
  }),
  /** A node was clicked. */
  z.object({ type: z.literal('reveal'), componentId: z.string().min(1) }),
  /** An export: SVG markup, a PNG as base64 (no data: prefix), or Markdown; of the diagram or the charts. */
  z.object({
    type: z.literal('export'),
    format: ExportFormat,
    content: z.string().min(1).max(200_000_000),
    subject: ExportSubject.optional(),
  }),
  /** The Scaling view was opened or closed, or a scenario picked (absent: today): send what they need. */
  z.object({
    type: z.literal('options'),
    scaling: z.boolean().optional(),
    scenario: z.string().min(1).max(200).optional(),
  }),
  /** A diagram was drawn (for logs and tests). */
  z.object({
    type: z.literal('rendered'),
    seq: z.number().int(),
    /** From the start of drawing to the new diagram on screen, ms. */
    ms: z.number().min(0),
    /** Of which inside mermaid.render, ms. */
    mermaidMs: z.number().min(0),
    nodes: z.number().int().min(0),
  }),
  /** The Scaling view drew its charts (for logs and tests): which, in order. */
  z.object({
    type: z.literal('chartsDrawn'),
    charts: z.array(z.string()).max(100),
    ms: z.number().min(0),
  }),
  /** Mermaid could not draw a diagram (the last good one stays). */
  z.object({ type: z.literal('renderError'), seq: z.number().int(), message: z.string() }),
]);
export type FromWebview = z.infer<typeof FromWebview>;

/** A Mermaid text as a Markdown fenced block (GitHub, GitLab and most viewers draw it). */
export function toMarkdown(text: string): string {
  const fence = text.includes('```') ? '~~~~' : '```';
  return `${fence}mermaid\n${text.endsWith('\n') ? text : `${text}\n`}${fence}\n`;
}

/**
 * The custom LSP request: simulate the model of one document (its root's import closure) and
 * compare the simulation with the analysis. Runs in the server off the edit path, cancellable
 * with the request's cancellation (`$/cancelRequest`).
 */
export const SIMULATE_REQUEST = 'archscale/simulate';
/** Server -> client notification while a simulation runs, for the request that named `token`. */
export const SIMULATE_PROGRESS = 'archscale/simulateProgress';

export const SimulateParams = z.object({
  uri: z.string().min(1),
  /** Simulated seconds (default 60). */
  durationS: z.number().positive().max(86_400).optional(),
  /** The simulation's seed (default 1): the same seed gives the same figures. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  /** When given, the server sends SIMULATE_PROGRESS notifications with this token. */
  progressToken: z.string().min(1).max(200).optional(),
});
export type SimulateParams = z.infer<typeof SimulateParams>;

export const SimulateProgress = z.object({
  token: z.string(),
  /** Share of the run done, 0..1. */
  fraction: z.number().min(0).max(1),
  /** Events run so far (at most this many). */
  events: z.number().min(0),
});
export type SimulateProgress = z.infer<typeof SimulateProgress>;

export const SimulateStopped = z.enum(['done', 'cancelled', 'event-cap']);
export type SimulateStopped = z.infer<typeof SimulateStopped>;

/** The answer to archscale/simulate: the comparison, or why the model cannot be simulated. */
export const SimulateResponse = z.union([
  z.object({
    /** The comparison with the analysis (a table per component, client and edge), Markdown. */
    markdown: z.string(),
    stopped: SimulateStopped,
    events: z.number().min(0),
    wallMs: z.number().min(0),
    /** Share of the run done when it stopped (1 when done). */
    fraction: z.number().min(0).max(1).optional(),
  }),
  /** A language error in the model, no client, or the simulation failed. */
  z.object({ error: z.string() }),
]);
export type SimulateResponse = z.infer<typeof SimulateResponse>;
