/**
 * Langium's document builder, with one race closed: a request that waits for a workspace state
 * (find references, highlights, rename: `WorkspaceState.IndexedReferences`) registers its
 * listener while the build is notifying that very phase (the notification yields before each
 * listener, and the builder's state is set only after it). Langium notifies a copy of the
 * listeners taken before, so such a request waited for the next build, forever if none came (seen
 * in the edit storm: find references unanswered after 30 s). Here every listener registered
 * until the notification ends is called.
 */
import {
  DefaultDocumentBuilder,
  interruptAndCheck,
  type DocumentBuildListener,
  type DocumentState,
  type LangiumDocument,
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';

export class ArchscaleDocumentBuilder extends DefaultDocumentBuilder {
  protected override async notifyBuildPhase(
    documents: LangiumDocument[],
    state: DocumentState,
    cancelToken: CancellationToken,
  ): Promise<void> {
    if (documents.length === 0) return;
    const called = new Set<DocumentBuildListener>();
    for (;;) {
      const next = this.buildPhaseListeners.get(state).find((l) => !called.has(l));
      if (!next) return;
      called.add(next);
      await interruptAndCheck(cancelToken);
      await next(documents, cancelToken);
    }
  }
}
