/**
 * The edit loop as the language server runs it, in process and without a connection: the
 * server's own services (`createArchscaleServices`, as src/server/main.ts creates them), the
 * document held in Langium's TextDocuments, a change delivered through the
 * DocumentUpdateHandler (what `textDocument/didChange` calls: a workspace-lock write that
 * cancels the previous build, then DocumentBuilder.update), and the inlay hints asked for through
 * Langium's own request handler (`createServerRequestHandler`, as `textDocument/inlayHint` is
 * registered), which runs ArchscaleInlayHintProvider once the document is validated.
 *
 * Measured per edit, from the moment the change arrives:
 *   diagnostics  the document reaches Validated (the server publishes diagnostics right then)
 *   hints        the inlay-hint request for ~60 lines around the edit returns
 * The request is sent once the server has taken the change in (DocumentBuilder.onUpdate), as
 * VS Code sends it after didChange; sending it earlier could read the previous build.
 */
import { Cancellation, DocumentState, EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import { createServerRequestHandler } from 'langium/lsp';
import type { InlayHint, InlayHintParams } from 'vscode-languageserver';

const { CancellationTokenSource } = Cancellation;
import { createArchscaleServices, FIGURE_REQUEST_STATES } from '../src/server/archscale-lsp-module.js';
import { capacityForRep, componentNameOf, findCapacityLine, withCapacity } from './edit-line.js';

export interface EditResult {
  /** 0-based line edited, and the component on it. */
  line: number;
  component: string;
  reps: number;
  diagnosticsMs: number[];
  /** Of diagnosticsMs: change -> parsed and linked (the rest is validation, insight included). */
  linkedMs: number[];
  hintsMs: number[];
  /** Repetitions whose hint on the edited line showed the new figures (should be all). */
  freshHints: number;
  hintsInRange: number;
  /** Two edits in quick succession (with and without the client cancelling the stale request). */
  stale: StaleResult[];
}

export interface StaleResult {
  /** Did the bench cancel the first hint request when sending the second edit (as VS Code does)? */
  clientCancels: boolean;
  /** Was the first edit's build validated (it should have been cancelled)? */
  firstValidated: boolean;
  /** What became of the first hint request (when deadlocked: its state at the timeout). */
  firstRequest: 'answered' | 'cancelled' | 'pending';
  /** Second edit -> its hints; undefined when it deadlocked. */
  secondMs: number | undefined;
  /** Set when the second edit's hints did not come within this many ms (a deadlock). */
  deadlockMs: number | undefined;
  /** The second edit's hint on the edited line shows the new figures. */
  hintsForSecond: boolean;
}

type HintHandler = (
  params: InlayHintParams,
  token: Cancellation.CancellationToken,
) => Promise<InlayHint[] | null | unknown>;

/**
 * `hintsRequiredState`: the state Langium's request handler waits for before it takes the read
 * lock: the server's (`FIGURE_REQUEST_STATES`, Validated) unless a test asks for another.
 */
export async function measureEdits(
  text: string,
  firstComponentLine: number,
  n: number,
  reps: number,
  hintsRequiredState: DocumentState = FIGURE_REQUEST_STATES.InlayHintProvider,
): Promise<EditResult> {
  const { shared, Archscale } = createArchscaleServices({ ...EmptyFileSystem });
  const uri = URI.file(`/bench/edit-${n}.arch`);
  const key = uri.toString();
  const builder = shared.workspace.DocumentBuilder;
  const textDocuments = shared.workspace.TextDocuments!;
  const updates = shared.lsp.DocumentUpdateHandler!;
  const hintHandler = createServerRequestHandler(
    (services, document, params: InlayHintParams, token) =>
      services.lsp?.InlayHintProvider?.getInlayHints(document, params, token),
    shared,
    hintsRequiredState,
  ) as HintHandler;

  // Start the workspace (no folders): resolves WorkspaceManager.ready, as `initialized` does.
  await shared.workspace.WorkspaceManager.initialized({});
  // didOpen: the text document is known, and the server builds it.
  let textDoc = TextDocument.create(key, 'arch', 1, text);
  textDocuments.set(textDoc);
  shared.workspace.LangiumDocuments.addDocument(shared.workspace.LangiumDocumentFactory.fromTextDocument(textDoc, uri));
  await shared.workspace.WorkspaceLock.write((token) =>
    builder.build([shared.workspace.LangiumDocuments.getDocument(uri)!], { validation: true }, token),
  );

  // The component edited: near the middle, with a capacity, receiving load (its hint changes).
  const lines = text.split('\n');
  const insight = Archscale.insight.InsightService.forDocument(key)[0];
  const loaded = (i: number) => {
    const name = componentNameOf(lines[i]!);
    const ci = name === undefined ? undefined : insight?.analysis.componentIndex[name];
    return ci !== undefined && (insight!.analysis.components[ci]!.load.total.value ?? 0) > 0;
  };
  const line = findCapacityLine(lines, firstComponentLine + Math.floor(n / 2), insight ? loaded : undefined);
  if (line < 0) throw new Error('no component with a capacity to edit');
  const component = componentNameOf(lines[line]!)!;
  const range = { start: { line: Math.max(0, line - 30), character: 0 }, end: { line: line + 30, character: 0 } };

  const validatedAt = new Map<number, number>();
  const linkedAt = new Map<number, number>();
  builder.onDocumentPhase(DocumentState.IndexedReferences, (doc: LangiumDocument) => {
    if (doc.uri.toString() === key) linkedAt.set(doc.textDocument.version, performance.now());
  });
  builder.onDocumentPhase(DocumentState.Validated, (doc: LangiumDocument) => {
    if (doc.uri.toString() === key) validatedAt.set(doc.textDocument.version, performance.now());
  });

  /**
   * Delivers the change; resolves with the hint request's answer and the times. Like VS Code, a
   * hint request still pending when the document changes is cancelled ($/cancelRequest): without
   * that, the server deadlocks (see `stale` below).
   */
  let pending: InstanceType<typeof CancellationTokenSource> | undefined;
  const edit = (newLine: string, cancelPending = true) => {
    if (cancelPending) pending?.cancel();
    const version = textDoc.version + 1;
    textDoc = TextDocument.update(
      textDoc,
      [{ range: { start: { line, character: 0 }, end: { line, character: lines[line]!.length } }, text: newLine }],
      version,
    );
    lines[line] = newLine;
    const t0 = performance.now();
    const source = new CancellationTokenSource();
    pending = source;
    const hints = new Promise<{ hints: InlayHint[] | undefined; at: number }>((resolve, reject) => {
      const sub = builder.onUpdate(() => {
        sub.dispose();
        hintHandler({ textDocument: { uri: key }, range }, source.token).then(
          (r) => resolve({ hints: Array.isArray(r) ? (r as InlayHint[]) : undefined, at: performance.now() }),
          reject,
        );
      });
    });
    // textDocument/didChange: the text documents take the change, then the update handler.
    textDocuments.set(textDoc);
    updates.didChangeContent!({ document: textDoc });
    return { version, t0, hints, source };
  };

  const hintOnLine = (hints: InlayHint[] | undefined) => {
    const h = hints?.find((x) => x.position.line === line);
    return h === undefined ? undefined : typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
  };

  const diagnosticsMs: number[] = [];
  const linkedMs: number[] = [];
  const hintsMs: number[] = [];
  let freshHints = 0;
  let hintsInRange = 0;
  // The hint on the line before any edit (this also runs the provider once).
  let previous = hintOnLine(
    (await hintHandler({ textDocument: { uri: key }, range }, new CancellationTokenSource().token)) as
      InlayHint[] | undefined,
  );
  for (let i = 0; i < reps; i++) {
    const { version, t0, hints } = edit(withCapacity(lines[line]!, capacityForRep(i)));
    const h = await hints;
    const v = validatedAt.get(version);
    if (v === undefined) throw new Error(`edit ${i}: the document was not validated at version ${version}`);
    diagnosticsMs.push(v - t0);
    linkedMs.push((linkedAt.get(version) ?? v) - t0);
    hintsMs.push(h.at - t0);
    hintsInRange = h.hints?.length ?? 0;
    const label = hintOnLine(h.hints);
    // Fresh: the hint on the edited line changed with the capacity (utilisation = load / capacity).
    if (label !== undefined && label !== previous) freshHints++;
    previous = label;
  }

  // Stale work: a second edit arrives while the first one's build validates (right after its
  // linking phase, when the first hint request is already waiting for validation). The first
  // build must be cancelled (never validated) and the second edit's hints must be fresh. Run
  // twice: with the pending request cancelled as VS Code does, and without (another client, or
  // a slow $/cancelRequest): a deadlock shows there as a timeout.
  let k = reps;
  const quickEdits = async (cancelPending: boolean): Promise<StaleResult> => {
    const before = hintOnLine(
      (await hintHandler({ textDocument: { uri: key }, range }, new CancellationTokenSource().token)) as
        InlayHint[] | undefined,
    );
    const first = edit(withCapacity(lines[line]!, capacityForRep(k++)));
    let firstAnswer: 'answered' | 'cancelled' | 'pending' = 'pending';
    void first.hints.then(
      (r) => (firstAnswer = r.hints ? 'answered' : 'cancelled'),
      () => (firstAnswer = 'cancelled'),
    );
    let second: ReturnType<typeof edit> | undefined;
    const started = new Promise<void>((resolve) => {
      const sub = builder.onDocumentPhase(DocumentState.IndexedReferences, (doc) => {
        if (doc.uri.toString() !== key || doc.textDocument.version !== first.version) return;
        sub.dispose();
        setTimeout(() => {
          second = edit(withCapacity(lines[line]!, capacityForRep(k++)), cancelPending);
          resolve();
        }, 0);
      });
    });
    await started;
    const limit = Math.min(15_000, Math.max(5000, 5 * median(hintsMs)));
    let timedOut = false;
    let firstAtTimeout: typeof firstAnswer | undefined;
    const h2 = await Promise.race([second!.hints, new Promise<undefined>((r) => setTimeout(r, limit))]);
    let answer = h2;
    if (!h2) {
      // Deadlocked: the first request holds the read lock while the second build waits for it.
      timedOut = true;
      firstAtTimeout = firstAnswer;
      first.source.cancel();
      answer = await second!.hints;
    }
    await builder.waitUntil(DocumentState.Validated, uri);
    // The first request settles once the second build is validated (answered or cancelled); give
    // it a moment (it may resolve a tick after the second one), never forever.
    if (!timedOut)
      await Promise.race([
        first.hints.then(
          () => undefined,
          () => undefined,
        ),
        new Promise((r) => setTimeout(r, 5000)),
      ]);
    const label = hintOnLine(answer?.hints);
    return {
      clientCancels: cancelPending,
      firstValidated: validatedAt.has(first.version),
      firstRequest: firstAtTimeout ?? firstAnswer,
      secondMs: timedOut ? undefined : answer!.at - second!.t0,
      deadlockMs: timedOut ? limit : undefined,
      hintsForSecond: label !== undefined && label !== before,
    };
  };
  const stale = [await quickEdits(true), await quickEdits(false)];
  return { line, component, reps, diagnosticsMs, linkedMs, hintsMs, freshHints, hintsInRange, stale };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
