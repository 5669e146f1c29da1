/** Quick fixes: the fixes a rule attached to a diagnostic, rendered as workspace edits. */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command } from 'vscode-languageserver';
import type { Fix } from '../core/rules/types.js';
import { FixError, renderFix } from '../language/fixes.js';
import type { ArchscaleLspServices } from './archscale-lsp-module.js';

interface FindingData {
  rule: string;
  fixes: Fix[];
}

function isFindingData(x: unknown): x is FindingData {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as FindingData).rule === 'string' &&
    Array.isArray((x as FindingData).fixes)
  );
}

export class ArchscaleCodeActionProvider implements CodeActionProvider {
  constructor(private readonly services: ArchscaleLspServices) {}

  getCodeActions(
    document: LangiumDocument,
    params: CodeActionParams,
  ): MaybePromise<Array<Command | CodeAction> | undefined> {
    const insight = this.services.insight.InsightService;
    const docs = this.services.shared.workspace.LangiumDocuments;
    const actions: CodeAction[] = [];
    const insights = insight.forDocument(document.uri.toString());
    const locate = {
      edgeLocation: (id: string) => {
        for (const i of insights) {
          const e = i.model.edges.find((x) => x.id === id);
          if (e) return e.location;
        }
        return undefined;
      },
    };
    const fixDocs = {
      byUri: (u: string) => docs.all.find((d) => d.uri.toString() === u),
      all: () => insights.flatMap((i) => i.documents),
    };
    for (const diagnostic of params.context.diagnostics) {
      if (!isFindingData(diagnostic.data)) continue;
      for (const fix of diagnostic.data.fixes) {
        try {
          const changes = renderFix(fix, fixDocs, locate);
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.preferred ?? false,
            edit: { changes },
          });
        } catch (e) {
          if (!(e instanceof FixError)) throw e;
        }
      }
    }
    return actions;
  }
}
