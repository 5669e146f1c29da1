/**
 * Document updates: Langium's, and a closed document that is no file (an untitled editor,
 * `untitled:Untitled-1`) or whose name has no `.arch` (a file opened as arch by hand) is
 * forgotten. Langium keeps a closed document as the workspace's copy of its file, and finds its
 * language by the open document's language id, then by its name: once such a document is closed
 * it finds none, and every later build failed on it (Langium asks the registry for each
 * document), which took the server down. Forgetting it clears its diagnostics and drops it from
 * the analysis.
 */
import { URI, type TextDocument } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';

export class ArchscaleDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
  didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
    const uri = URI.parse(event.document.uri);
    if (uri.scheme !== 'file' || !this.serviceRegistry.hasServices(uri)) this.fireDocumentUpdate([], [uri]);
  }
}
