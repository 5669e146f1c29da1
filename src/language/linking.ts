/**
 * Linking and the reference index, walking archscale's tree directly (`tree.ts`) instead of
 * Langium's reflective `streamAst`/`streamReferences` with an `await` per node. Each reference is
 * resolved and described by Langium's own `doLink` and `createInfoDescriptions`; only the walk
 * differs. Cancellation is still honoured (checked every 500 references).
 */
import {
  Cancellation,
  DefaultLinker,
  DefaultReferenceDescriptionProvider,
  interruptAndCheck,
  type LangiumDocument,
  type ReferenceDescription,
} from 'langium';
import type { Document } from './generated/ast.js';
import { collectReferences } from './tree.js';

const CHECK_EVERY = 500;

export class ArchscaleLinker extends DefaultLinker {
  override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
    const refs = collectReferences(document.parseResult.value as Document);
    for (let i = 0; i < refs.length; i++) {
      if (i % CHECK_EVERY === 0) await interruptAndCheck(cancelToken);
      this.doLink(refs[i]!, document);
    }
  }
}

export class ArchscaleReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
  override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
    const out: ReferenceDescription[] = [];
    const refs = collectReferences(document.parseResult.value as Document);
    for (let i = 0; i < refs.length; i++) {
      if (i % CHECK_EVERY === 0) await interruptAndCheck(cancelToken);
      const info = refs[i]!;
      if (!info.reference.error) out.push(...this.createInfoDescriptions(info));
    }
    return out;
  }
}
