/**
 * Documents are re-parsed incrementally when they change: Langium's document factory, except
 * that an edited text first goes to the fast parser's `reparse`, which re-parses only the members
 * the edit touched and keeps the rest of the old tree (moved into place). When it cannot
 * guarantee the same tree as a full parse it declines, and the text is parsed whole as before.
 * `update` is Langium 4.4's own, step for step, but for that first try (Langium gives the old
 * parse result to no narrower hook).
 */
import { DefaultLangiumDocumentFactory, DocumentState, type AstNode, type LangiumDocument } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { ArchscaleAddedServices } from './archscale-module.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class ArchscaleDocumentFactory extends DefaultLangiumDocumentFactory {
  override async update<T extends AstNode = AstNode>(
    document: Mutable<LangiumDocument<T>>,
    cancellationToken: CancellationToken,
  ): Promise<LangiumDocument<T>> {
    const old = document.parseResult;
    const oldText = old.value.$cstNode?.root.fullText;
    const textDocument = this.textDocuments?.get(document.uri.toString());
    const text = await this.getUpdatedText(document, textDocument, cancellationToken);
    if (textDocument) {
      Object.defineProperty(document, 'textDocument', { value: textDocument });
    } else {
      Object.defineProperty(document, 'textDocument', { get: this.createTextDocumentGetter(document.uri, text) });
    }
    if (oldText !== text) {
      const services = this.serviceRegistry.getServices(document.uri) as {
        parser: Partial<ArchscaleAddedServices['parser']>;
      };
      const incremental = services.parser.FastParser?.reparse(old, text);
      document.parseResult = (incremental ??
        (await this.parseAsync(document.uri, text, cancellationToken))) as typeof old;
      (document.parseResult.value as Mutable<AstNode>).$document = document;
    }
    document.state = DocumentState.Parsed;
    return document;
  }
}
