/**
 * Gives every syntax and linking diagnostic a code (`syntax`, `unresolved-reference`) and
 * turns Langium's linking message into one that says what is missing and what is near.
 */
import { DefaultDocumentValidator, type IndexManager, type LangiumCoreServices, type LangiumDocument, type ValidationOptions } from 'langium';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { suggest } from '../core/units.js';

const MAX_SUGGESTIONS = 50;

export class ArchscaleDocumentValidator extends DefaultDocumentValidator {
  private readonly index: IndexManager;

  constructor(services: LangiumCoreServices) {
    super(services);
    this.index = services.shared.workspace.IndexManager;
  }

  /** Diagnostics say they come from archscale (not the language id). */
  protected override getSource(): string {
    return 'archscale';
  }

  override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
    const diagnostics = await super.validateDocument(document, options, cancelToken);
    let suggested = 0;
    let names: string[] | undefined;
    for (const d of diagnostics) {
      const data = d.data as { code?: string; refText?: string } | undefined;
      if (d.code !== undefined || !data?.code) continue;
      if (data.code === 'lexing-error' || data.code === 'parsing-error') {
        d.code = 'syntax';
        if (typeof d.message === "string") d.message = friendlySyntaxMessage(d.message);
      } else if (data.code === 'linking-error') {
        d.code = 'unresolved-reference';
        const ref = data.refText ?? '';
        let hint = '';
        if (suggested++ < MAX_SUGGESTIONS) {
          names ??= this.index.allElements('Component').map((e) => e.name).toArray();
          const near = suggest(ref, names);
          if (near) hint = `; did you mean '${near}'?`;
        }
        d.message = `unknown component '${ref}'${hint} (declare it in this file or import the file that declares it)`;
      }
    }
    return diagnostics;
  }
}

/** Chevrotain's messages name token types; say it in the language's words. */
export function friendlySyntaxMessage(message: string): string {
  return message
    .replace(/Expecting token of type '([^']+)' but found `([^`]*)`\.?/, (_, t: string, f: string) => `expected ${tokenText(t)} but found ${f === '' ? 'the end of the file' : `'${f}'`}`)
    .replace(/Expecting: one of these possible Token sequences:[\s\S]*?but found: '([^']*)'/, (_, f: string) => `unexpected '${f}'`)
    .replace(/Expecting: expecting at least one iteration[\s\S]*?but found: '([^']*)'/, (_, f: string) => `unexpected '${f}'`)
    .replace(/^unexpected character: ->(.)<- at offset: \d+, skipped \d+ characters\.?/, (_, c: string) => `unexpected character '${c}'`);
}

function tokenText(t: string): string {
  if (t === 'ID') return 'a name';
  if (t === 'NUMBER') return 'a number';
  if (t === 'STRING') return 'a quoted string';
  if (t === 'EOF') return 'the end of the file';
  return `'${t}'`;
}
