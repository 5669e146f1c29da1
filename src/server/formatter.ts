/** Document formatting over LSP: the whole document through src/language/format.ts. */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
  DocumentFormattingParams,
  DocumentOnTypeFormattingOptions,
  DocumentRangeFormattingParams,
  TextEdit,
} from 'vscode-languageserver';
import { formatText } from '../language/format.js';

export class ArchscaleFormatter implements Formatter {
  formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): MaybePromise<TextEdit[]> {
    const text = document.textDocument.getText();
    const formatted = formatText(text);
    if (formatted === text) return [];
    return [
      {
        range: { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) },
        newText: formatted,
      },
    ];
  }

  /** A range formats the whole document: layout depends on the braces around it. */
  formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): MaybePromise<TextEdit[]> {
    return this.formatDocument(document, { textDocument: params.textDocument, options: params.options });
  }

  formatDocumentOnType(): MaybePromise<TextEdit[]> {
    return [];
  }

  get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
    return undefined;
  }
}
