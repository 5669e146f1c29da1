/**
 * Linking and the indexes, shaped for big files and frequent edits:
 * - linking and the reference index walk archscale's tree directly (`tree.ts`) instead of
 *   Langium's reflective `streamAst`/`streamReferences` with an `await` per node; each reference
 *   is still resolved and described by Langium's own `doLink` and `createInfoDescriptions`, and
 *   linking honours cancellation (checked every 500 references);
 * - the reference index (who refers to what: find references, rename, which files to relink) is
 *   built when first asked for, not on every build, since most edits never ask;
 * - a component's description (what scopes resolve names to) computes its path and source
 *   segments only when read: linking needs just the name and the node.
 */
import {
  AstUtils,
  Cancellation,
  CstUtils,
  DefaultAstNodeDescriptionProvider,
  DefaultIndexManager,
  DefaultLinker,
  DefaultReferenceDescriptionProvider,
  interruptAndCheck,
  type AstNode,
  type AstNodeDescription,
  type CstNode,
  type DocumentSegment,
  type LangiumDocument,
  type ReferenceDescription,
  type Stream,
  type URI,
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
  /** Langium's entry point; `ArchscaleIndexManager` calls `describe` when the index is first needed. */
  override async createDescriptions(document: LangiumDocument): Promise<ReferenceDescription[]> {
    return this.describe(document);
  }

  /** The document's reference descriptions, from a direct walk of its references. */
  describe(document: LangiumDocument): ReferenceDescription[] {
    const out: ReferenceDescription[] = [];
    for (const info of collectReferences(document.parseResult.value as Document)) {
      if (!info.reference.error) out.push(...this.createInfoDescriptions(info));
    }
    return out;
  }
}

/** Langium's index manager, with the reference index built on first use. */
export class ArchscaleIndexManager extends DefaultIndexManager {
  /** Linked documents whose references are not described yet. */
  private readonly pending = new Map<string, LangiumDocument>();

  override async updateReferences(document: LangiumDocument): Promise<void> {
    const uri = document.uri.toString();
    this.referenceIndex.delete(uri);
    this.pending.set(uri, document);
  }

  override removeReferences(uri: URI): void {
    this.pending.delete(uri.toString());
    super.removeReferences(uri);
  }

  private describe(uri: string): void {
    const document = this.pending.get(uri);
    if (!document) return;
    this.pending.delete(uri);
    const provider = this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider;
    this.referenceIndex.set(
      uri,
      provider instanceof ArchscaleReferenceDescriptionProvider ? provider.describe(document) : [],
    );
  }

  override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
    for (const uri of [...this.pending.keys()]) this.describe(uri);
    return super.findAllReferences(targetNode, astNodePath);
  }

  override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
    this.describe(document.uri.toString());
    return super.isAffected(document, changedUris);
  }
}

/**
 * A component's description whose path and source segments are computed when first read (a
 * class with prototype getters: an object literal with getters would carry its own accessors).
 */
class LazyDescription implements AstNodeDescription {
  #path?: string;
  #nameSegment?: DocumentSegment;
  #selectionSegment?: DocumentSegment;

  constructor(
    readonly node: AstNode,
    readonly name: string,
    readonly type: string,
    readonly documentUri: URI,
    private readonly provider: ArchscaleAstNodeDescriptionProvider,
  ) {}

  get path(): string {
    return (this.#path ??= this.provider.pathOf(this.node));
  }

  get nameSegment(): DocumentSegment | undefined {
    return (this.#nameSegment ??= CstUtils.toDocumentSegment(
      this.provider.nameNodeOf(this.node) ?? this.node.$cstNode,
    ));
  }

  get selectionSegment(): DocumentSegment | undefined {
    return (this.#selectionSegment ??= CstUtils.toDocumentSegment(this.node.$cstNode));
  }
}

/** Descriptions whose path and source segments are computed when first read. */
export class ArchscaleAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
  override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
    const doc = document ?? AstUtils.getDocument(node);
    const resolvedName = name ?? this.nameProvider.getName(node);
    if (!resolvedName) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
    return new LazyDescription(node, resolvedName, node.$type, doc.uri, this);
  }

  pathOf(node: AstNode): string {
    return this.astNodeLocator.getAstNodePath(node);
  }

  nameNodeOf(node: AstNode): CstNode | undefined {
    return this.nameProvider.getNameNode(node);
  }
}
