/**
 * The extension shell: starts the language server in its own process and restarts it on
 * request. It does no language work itself; activation returns before the server is up.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerGettingStarted } from './getting-started.js';
import { extendMarkdownIt, type MarkdownIt } from './markdown.js';
import { registerPreview } from './preview.js';
import { registerSimulate } from './simulate.js';

let client: LanguageClient | undefined;

/** What the extension exposes to other extensions and to its tests. */
export interface ArchscaleApi {
  /** Resolves when the language server has started. */
  ready: () => Promise<void>;
  /** VS Code's Markdown preview: ```arch blocks drawn as the model's diagram and figures. */
  extendMarkdownIt: (md: MarkdownIt) => MarkdownIt;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('out/language-server.cjs');
  // A bigger young generation: a parse allocates a whole new syntax tree that survives, so with
  // the default 16 MB semi-spaces V8 spends half of a big rebuild in scavenges (`npm run bench`
  // uses the same flag).
  const execArgv = ['--max-semi-space-size=64'];
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'arch' }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.arch'),
      configurationSection: 'archscale',
    },
  };
  return new LanguageClient('archscale', 'archscale', serverOptions, clientOptions);
}

export function activate(context: vscode.ExtensionContext): ArchscaleApi {
  client = createClient(context);
  let started = client.start();
  context.subscriptions.push(
    // Code lenses (the bottleneck) and the preview (click a node) reveal a declaration.
    vscode.commands.registerCommand(
      'archscale.reveal',
      async (
        uri: string,
        range: { start: { line: number; character: number }; end: { line: number; character: number } },
      ) => {
        const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
        const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preserveFocus: false });
        editor.selection = new vscode.Selection(r.start, r.end);
        editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      },
    ),
    vscode.commands.registerCommand('archscale.restartServer', async () => {
      await client?.stop();
      client = createClient(context);
      started = client.start();
      await started;
    }),
  );
  registerGettingStarted(context);
  // The live diagram: asks the server (archscale/diagram) once it is up; Mermaid runs in the webview.
  const running = () =>
    started.then(
      () => client,
      () => undefined,
    );
  registerPreview(context, running);
  // The simulation runs in the server (archscale/simulate); its comparison opens beside the editor.
  registerSimulate(context, running);
  return { ready: () => started, extendMarkdownIt: (md) => extendMarkdownIt(md, context) };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
