/**
 * "archscale: Simulate the Model": asks the language server to simulate the active .arch file's
 * model (`archscale/simulate`, run in the server's process in chunks, beside the edits) and opens
 * its comparison with the analysis beside the editor, as a read-only Markdown document
 * (`archscale-simulation:` scheme). A cancellable progress notification shows while it runs;
 * cancelling it cancels the request.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { uriArgument } from './command-target.js';
import { SIMULATE_PROGRESS, SIMULATE_REQUEST, SimulateProgress, SimulateResponse } from '../shared/messages.js';

export const SIMULATION_SCHEME = 'archscale-simulation';
export const DEFAULT_DURATION_S = 60;
export const DEFAULT_SEED = 1;

/** Options a caller (a test, a keybinding's args) may pass; the command asks for nothing. */
export interface SimulateOptions {
  durationS?: number;
  seed?: number;
}

/** What the command resolves to (for tests): the opened document, or why there is none. */
export type SimulateOutcome =
  | { uri: string; stopped: 'done' | 'cancelled' | 'event-cap'; events: number; wallMs: number }
  | { error: string }
  | { cancelled: true };

const baseName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** The comparisons opened so far, by URI (a read-only document's text). */
class SimulationDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This simulation is no longer available: run it again.';
  }

  /** One document per source file: a new run replaces the last one's text. */
  set(source: vscode.Uri, text: string): vscode.Uri {
    const name = baseName(source).replace(/\.arch$/i, '');
    const uri = vscode.Uri.from({
      scheme: SIMULATION_SCHEME,
      path: `/${name} simulation.md`,
      query: source.toString(),
    });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function target(arg: unknown): vscode.Uri | undefined {
  const given = uriArgument(arg);
  if (given !== undefined) return given ?? undefined;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === 'arch') return doc.uri;
  // From a comparison: simulate its model again.
  if (doc?.uri.scheme === SIMULATION_SCHEME && doc.uri.query) return target(doc.uri.query);
  return undefined;
}

function durationSetting(source: vscode.Uri): number {
  const v = vscode.workspace.getConfiguration('archscale', source).get<number>('simulation.durationSeconds');
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_DURATION_S;
}

/** Registers the `archscale.simulate` command and the read-only documents it opens. */
export function registerSimulate(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient | undefined>,
): void {
  const documents = new SimulationDocuments();
  const log = vscode.window.createOutputChannel('archscale Simulation');

  const run = async (arg?: unknown, options?: SimulateOptions): Promise<SimulateOutcome> => {
    const source = target(arg);
    if (!source) {
      void vscode.window.showWarningMessage('archscale: open an .arch file to simulate its model.');
      return { error: 'no .arch file' };
    }
    // From a menu the second argument is the editor's context ({ groupId, ... }): only numbers count.
    const given = (x: unknown, min: number) =>
      typeof x === 'number' && Number.isFinite(x) && x >= min ? x : undefined;
    const durationS = given(options?.durationS, Number.MIN_VALUE) ?? durationSetting(source);
    const seed = Math.trunc(given(options?.seed, 0) ?? DEFAULT_SEED);
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `archscale: simulating ${baseName(source)} (${durationS} s)`,
        cancellable: true,
      },
      async (progress, token): Promise<SimulateOutcome> => {
        const lsp = await client();
        if (!lsp) {
          void vscode.window.showErrorMessage('archscale: the language server is not running.');
          return { error: 'no language server' };
        }
        const progressToken = randomBytes(9).toString('base64url');
        let reported = 0;
        const listener = lsp.onNotification(SIMULATE_PROGRESS, (raw: unknown) => {
          const p = SimulateProgress.safeParse(raw);
          if (!p.success || p.data.token !== progressToken) return;
          const percent = Math.floor(p.data.fraction * 100);
          if (percent <= reported) return;
          progress.report({ increment: percent - reported, message: `${percent} %` });
          reported = percent;
        });
        let raw: unknown;
        try {
          raw = await lsp.sendRequest(
            SIMULATE_REQUEST,
            { uri: source.toString(), durationS, seed, progressToken },
            token,
          );
        } catch (err) {
          if (token.isCancellationRequested) {
            void vscode.window.showInformationMessage('archscale: simulation cancelled.');
            return { cancelled: true };
          }
          const message = err instanceof Error ? err.message : String(err);
          log.appendLine(`[simulate] ${SIMULATE_REQUEST} failed: ${message}`);
          void vscode.window.showErrorMessage(`archscale: the simulation failed: ${message}`);
          return { error: message };
        } finally {
          listener.dispose();
        }
        const parsed = SimulateResponse.safeParse(raw);
        if (!parsed.success) {
          log.appendLine(`[simulate] bad ${SIMULATE_REQUEST} response: ${parsed.error.message}`);
          void vscode.window.showErrorMessage('archscale: the simulation answered with something unexpected.');
          return { error: parsed.error.message };
        }
        const answer = parsed.data;
        if ('error' in answer) {
          void vscode.window.showErrorMessage(`archscale: cannot simulate ${baseName(source)}: ${answer.error}`);
          return { error: answer.error };
        }
        log.appendLine(
          `[simulate] ${baseName(source)}: ${answer.stopped}, ${answer.events} events in ${answer.wallMs} ms`,
        );
        if (answer.stopped === 'cancelled') {
          void vscode.window.showInformationMessage('archscale: simulation cancelled.');
          return { cancelled: true };
        }
        const uri = documents.set(source, answer.markdown);
        let doc = await vscode.workspace.openTextDocument(uri);
        if (doc.languageId !== 'markdown') doc = await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
        await vscode.window.showTextDocument(doc, {
          viewColumn: vscode.ViewColumn.Beside,
          preserveFocus: true,
          preview: false,
        });
        if (answer.stopped === 'event-cap')
          void vscode.window.showWarningMessage(
            `archscale: the simulation stopped early (the event cap was reached ${Math.round((answer.fraction ?? 0) * 100)} % into the run): its figures are partial.`,
          );
        return { uri: uri.toString(), stopped: answer.stopped, events: answer.events, wallMs: answer.wallMs };
      },
    );
  };

  context.subscriptions.push(
    log,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(SIMULATION_SCHEME, documents),
    vscode.commands.registerCommand('archscale.simulate', run),
  );
}
