/**
 * The live preview panel: a webview beside the editor drawing the active .arch file as a Mermaid
 * flowchart, updated as the user types.
 *
 *   typing --(debounced)--> archscale/diagram request --> language server (cached insight + the
 *   Mermaid generator) --> DiagramResponse --> postMessage --> webview (Mermaid renders there)
 *
 * The extension host does no diagram work and never waits on Mermaid: the server answers in a few
 * milliseconds and rendering happens in the webview's own process. One panel follows the active
 * .arch editor; a serializer restores it after a reload. Messages are validated with zod on both
 * sides (src/shared/messages.ts).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { uriArgument } from './command-target.js';
import {
  DIAGRAM_REQUEST,
  DiagramResponse,
  FromWebview,
  PreviewState,
  SCALING_REQUEST,
  ScalingResponse,
  ToWebview,
  type ExportFormat,
  type ExportSubject,
} from '../shared/messages.js';
import { previewHtml } from '../shared/preview-html.js';

export const PREVIEW_VIEW_TYPE = 'archscale.preview';
/** Quiet time after the last keystroke before the diagram is asked for again. */
export const PREVIEW_DEBOUNCE_MS = 200;

const EXPORTS: Record<ExportFormat, { ext: string; filter: string }> = {
  svg: { ext: 'svg', filter: 'SVG image' },
  png: { ext: 'png', filter: 'PNG image' },
  md: { ext: 'md', filter: 'Markdown' },
};

const isArch = (d: vscode.TextDocument | undefined): d is vscode.TextDocument => d?.languageId === 'arch';

const baseName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** How long after a reveal the preview taking the focus back counts as the click's own focus (ms). */
const REFOCUS_MS = 1500;

class Preview {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | undefined;
  private last: DiagramResponse | undefined;
  private seq = 0;
  private scalingSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The column of the editor the preview follows (to reveal declarations there). */
  private editorColumn: vscode.ViewColumn | undefined;
  /** The editor a click in the preview last revealed a declaration in, and when. */
  private revealed: { editor: vscode.TextEditor; at: number } | undefined;
  /** The webview's Scaling view is open (then the sweep is asked for with each diagram). */
  private scalingOpen = false;
  /** The scenario the preview draws the model under (undefined: today). */
  private scenario: string | undefined;
  /** The webview's script is running (it said 'ready'). */
  private ready = false;
  /** Open the Scaling view once the webview is ready. */
  private wantScaling = false;
  /** Callers of showScaling waiting for the next charts drawn. */
  private chartsWaiters: Array<(charts: string[]) => void> = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly log: vscode.OutputChannel,
  ) {}

  /** Opens (or reveals) the panel on `uri`. */
  show(uri: vscode.Uri, column: vscode.ViewColumn, preserveFocus: boolean): void {
    const active = vscode.window.activeTextEditor;
    if (active?.document.uri.toString() === uri.toString() && active.viewColumn) this.editorColumn = active.viewColumn;
    if (this.panel) {
      this.panel.reveal(column, preserveFocus);
      this.follow(uri);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      this.title(uri),
      { viewColumn: column, preserveFocus },
      this.options(),
    );
    this.attach(panel, uri);
  }

  /**
   * Opens the preview beside the editor with its Scaling view; resolves with the charts drawn
   * (their kinds, in order) once the webview has drawn them.
   */
  showScaling(uri: vscode.Uri, column: vscode.ViewColumn): Promise<string[]> {
    this.show(uri, column, true);
    const drawn = new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Scaling view drew no charts within 60 s')), 60_000);
      this.chartsWaiters.push((charts) => {
        clearTimeout(timer);
        resolve(charts);
      });
    });
    if (!this.ready) this.wantScaling = true;
    else if (this.scalingOpen) this.refresh(true);
    else this.post({ type: 'showScaling' });
    return drawn;
  }

  /** Takes over a panel restored by VS Code after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const s = PreviewState.safeParse(state);
    const fromState = s.success && s.data.uri ? vscode.Uri.parse(s.data.uri) : undefined;
    const uri =
      fromState ??
      (isArch(vscode.window.activeTextEditor?.document) ? vscode.window.activeTextEditor.document.uri : undefined);
    if (this.panel) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel, uri);
  }

  /** The active editor changed: follow it if it is an .arch file. */
  follow(uri: vscode.Uri): void {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    if (editor?.viewColumn) this.editorColumn = editor.viewColumn;
    if (!this.panel || this.uri?.toString() === uri.toString()) return;
    this.uri = uri;
    this.last = undefined;
    // another document has other scenarios: back to today's model (the picker follows what is drawn)
    this.scenario = undefined;
    this.panel.title = this.title(uri);
    this.refresh();
  }

  /** Some .arch document changed: redraw after a pause in typing. */
  changed(): void {
    if (!this.panel || !this.uri) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), PREVIEW_DEBOUNCE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'out')],
    };
  }

  private title(uri: vscode.Uri | undefined): string {
    return uri ? `Preview ${baseName(uri)}` : 'archscale Preview';
  }

  private attach(panel: vscode.WebviewPanel, uri: vscode.Uri | undefined): void {
    this.panel = panel;
    this.ready = false;
    this.uri = uri;
    this.last = undefined;
    panel.title = this.title(uri);
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'file-icon.svg');
    const webview = panel.webview;
    webview.html = previewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'out', 'preview.js')).toString(),
    });
    this.panelDisposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidChangeViewState((e) => {
        // A click in the preview focuses the preview, and the reveal it asks for may be done
        // before that focus reaches the workbench, which then gives the focus back to the
        // preview (about one click in ten in the e2e test). Hand it to the editor again.
        if (!e.webviewPanel.active) return;
        const r = this.revealed;
        this.revealed = undefined;
        if (r && Date.now() - r.at < REFOCUS_MS) {
          void vscode.window.showTextDocument(r.editor.document, {
            viewColumn: r.editor.viewColumn,
            preserveFocus: false,
            selection: r.editor.selection,
          });
        }
      }),
      panel.onDidDispose(() => {
        clearTimeout(this.timer);
        for (const d of this.panelDisposables.splice(0)) d.dispose();
        if (this.panel === panel) this.panel = undefined;
      }),
    );
  }

  private post(message: ToWebview): void {
    void this.panel?.webview.postMessage(ToWebview.parse(message));
  }

  /** Asks the server for the diagram (and the sweep, while the Scaling view is open) and sends them to the webview. */
  refresh(scalingOnly = false): void {
    const uri = this.uri;
    if (!this.panel || !uri) {
      this.post({ type: 'status', message: 'Open an .arch file to see its diagram.' });
      return;
    }
    const seq = scalingOnly ? this.seq : ++this.seq;
    const scalingSeq = ++this.scalingSeq;
    void (async () => {
      try {
        const client = await this.client();
        if (!client) {
          this.post({ type: 'status', message: 'The archscale language server is not running.' });
          return;
        }
        const params = { uri: uri.toString(), ...(this.scenario !== undefined ? { scenario: this.scenario } : {}) };
        if (this.scalingOpen) void this.refreshScaling(client, scalingSeq, uri, params);
        if (scalingOnly) return;
        const raw = await client.sendRequest(DIAGRAM_REQUEST, params);
        if (seq !== this.seq || uri.toString() !== this.uri?.toString()) return; // a newer request is under way
        const parsed = DiagramResponse.safeParse(raw);
        if (!parsed.success) {
          this.log.appendLine(`[preview] bad ${DIAGRAM_REQUEST} response: ${parsed.error.message}`);
          return;
        }
        if (!parsed.data.error) this.last = parsed.data;
        this.post({ type: 'diagram', seq, title: baseName(uri), diagram: parsed.data });
      } catch (err) {
        this.log.appendLine(`[preview] ${DIAGRAM_REQUEST} failed: ${err instanceof Error ? err.message : String(err)}`);
        if (seq === this.seq)
          this.post({ type: 'status', message: 'The diagram could not be computed (see the archscale output).' });
      }
    })();
  }

  /** The sweep for the Scaling view, sent as its own message (the diagram does not wait for it). */
  private async refreshScaling(
    client: LanguageClient,
    seq: number,
    uri: vscode.Uri,
    params: { uri: string; scenario?: string },
  ): Promise<void> {
    try {
      const raw = await client.sendRequest(SCALING_REQUEST, params);
      if (seq !== this.scalingSeq || uri.toString() !== this.uri?.toString()) return;
      const parsed = ScalingResponse.safeParse(raw);
      if (!parsed.success) {
        this.log.appendLine(`[preview] bad ${SCALING_REQUEST} response: ${parsed.error.message}`);
        return;
      }
      this.post({ type: 'scaling', seq, title: baseName(uri), scaling: parsed.data });
    } catch (err) {
      this.log.appendLine(`[preview] ${SCALING_REQUEST} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async receive(raw: unknown): Promise<void> {
    const m = FromWebview.safeParse(raw);
    if (!m.success) {
      this.log.appendLine(`[preview] ignored a malformed message from the webview: ${m.error.message}`);
      return;
    }
    const msg = m.data;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.scalingOpen = msg.scaling ?? false;
        this.scenario = msg.scenario;
        this.refresh();
        if (this.wantScaling && !this.scalingOpen) this.post({ type: 'showScaling' });
        this.wantScaling = false;
        return;
      case 'chartsDrawn':
        this.log.appendLine(`[preview] drew the scaling charts (${msg.charts.join(', ')}) in ${msg.ms} ms`);
        for (const resolve of this.chartsWaiters.splice(0)) resolve(msg.charts);
        return;
      case 'options': {
        const opened = (msg.scaling ?? false) && !this.scalingOpen;
        const scenarioChanged = msg.scenario !== this.scenario;
        this.scalingOpen = msg.scaling ?? false;
        this.scenario = msg.scenario;
        if (scenarioChanged) this.refresh();
        else if (opened) this.refresh(true);
        return;
      }
      case 'reveal':
        await this.reveal(msg.componentId);
        return;
      case 'export':
        await this.save(msg.format, msg.content, msg.subject ?? 'diagram');
        return;
      case 'rendered':
        this.log.appendLine(
          `[preview] drew ${msg.nodes} nodes in ${msg.ms} ms, ${msg.mermaidMs} ms of it in Mermaid (#${msg.seq})`,
        );
        return;
      case 'renderError':
        this.log.appendLine(`[preview] Mermaid could not draw #${msg.seq}: ${msg.message}`);
        return;
    }
  }

  /** Reveals and selects a component's declaration, in the editor column beside the preview. */
  private async reveal(componentId: string): Promise<void> {
    const loc = this.last?.locations[componentId];
    if (!loc) return;
    const uri = vscode.Uri.parse(loc.uri);
    const range = new vscode.Range(
      loc.range.start.line,
      loc.range.start.character,
      loc.range.end.line,
      loc.range.end.character,
    );
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const column = shown?.viewColumn ?? this.editorColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: column, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    this.revealed = { editor, at: Date.now() };
    // Start of the line first (the view may be scrolled sideways), then the name, centred if off screen.
    editor.revealRange(
      new vscode.Range(range.start.line, 0, range.start.line, 0),
      vscode.TextEditorRevealType.InCenterIfOutsideViewport,
    );
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async save(format: ExportFormat, content: string, subject: ExportSubject): Promise<void> {
    const { ext, filter } = EXPORTS[format];
    const base = this.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const stem = this.uri ? baseName(this.uri).replace(/\.arch$/i, '') : 'diagram';
    const name = subject === 'charts' ? `${stem}-scaling` : stem;
    const defaultUri = base ? vscode.Uri.joinPath(base, this.uri ? '..' : '.', `${name}.${ext}`) : undefined;
    const target = await vscode.window.showSaveDialog({
      ...(defaultUri ? { defaultUri } : {}),
      filters: { [filter]: [ext] },
      saveLabel: `Export ${ext.toUpperCase()}`,
    });
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(content, 'base64') : new TextEncoder().encode(content);
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(
      `archscale: saved the ${subject === 'charts' ? 'scaling charts' : 'diagram'} to ${vscode.workspace.asRelativePath(target)}`,
    );
  }
}

/** Registers the preview's commands, serializer and listeners. */
export function registerPreview(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient | undefined>,
): void {
  const log = vscode.window.createOutputChannel('archscale Preview');
  const preview = new Preview(context, client, log);
  const target = (arg: unknown): vscode.Uri | undefined => {
    // The server's "Open preview" code lens passes the document's URI as a string.
    const given = uriArgument(arg);
    if (given !== undefined) return given ?? undefined;
    const doc = vscode.window.activeTextEditor?.document;
    return isArch(doc) ? doc.uri : undefined;
  };
  const open = (column: vscode.ViewColumn, preserveFocus: boolean) => (arg: unknown) => {
    const uri = target(arg);
    if (!uri) {
      void vscode.window.showWarningMessage('archscale: open an .arch file to preview its diagram.');
      return;
    }
    preview.show(uri, column, preserveFocus);
  };
  context.subscriptions.push(
    log,
    { dispose: () => preview.dispose() },
    vscode.commands.registerCommand('archscale.openPreview', open(vscode.ViewColumn.Active, false)),
    vscode.commands.registerCommand('archscale.openPreviewToSide', open(vscode.ViewColumn.Beside, true)),
    // The preview beside the editor with its Scaling view open; resolves with the charts drawn.
    vscode.commands.registerCommand('archscale.showScaling', (arg: unknown) => {
      const uri = target(arg);
      if (!uri) {
        void vscode.window.showWarningMessage('archscale: open an .arch file to see how it scales.');
        return undefined;
      }
      return preview.showScaling(uri, vscode.ViewColumn.Beside);
    }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => preview.restore(panel, state),
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (isArch(e?.document)) preview.follow(e.document.uri);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isArch(e.document) && e.contentChanges.length > 0) preview.changed();
    }),
  );
}
